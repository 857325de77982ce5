"""Pure report arithmetic over plain data: shares, targets, gaps, the place in a date line.

Nothing here touches the database; the selectors load rows and call these.
"""

import math
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

HUNDRED = Decimal(100)


def share(part: int, whole: int) -> Decimal | None:
    """part / whole as a percentage with two decimals (None when there is nothing to divide by)."""
    if not whole:
        return None
    return (Decimal(part) * HUNDRED / Decimal(whole)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class PlanTarget:
    """A target as plain data: ``unit_id`` None is the national programme."""

    unit_id: int | None
    year: int
    percent: Decimal
    source: str = ""
    year_from: int | None = None
    percent_max: Decimal | None = None


def target_for(year: int, chain: Iterable[int | None], targets: Iterable[PlanTarget]) -> PlanTarget | None:
    """The target that applies to a unit in ``year``.

    ``chain`` lists the unit, then its ancestors, then None (the national programme). The first
    owner in the chain with a target whose year is ``year`` or later wins, and of its targets the
    nearest year: "80% by 2020" applies to 2018, 2019 and 2020; from 2021 the next one applies.
    """
    by_owner: dict[int | None, list[PlanTarget]] = {}
    for t in targets:
        if t.year >= year and (t.year_from is None or t.year_from <= year):
            by_owner.setdefault(t.unit_id, []).append(t)
    for owner in chain:
        if owner in by_owner:
            return min(by_owner[owner], key=lambda t: t.year)
    return None


def gap_to_target(recognised: int, units: int, target_percent: Decimal | None):
    """(percentage points still missing, units still to recognise); None, None without a target."""
    if target_percent is None or not units:
        return None, None
    points = max(Decimal(target_percent) - share(recognised, units), Decimal(0))
    needed = max(math.ceil(Decimal(target_percent) * units / HUNDRED) - recognised, 0)
    return points.quantize(Decimal("0.01")), needed
