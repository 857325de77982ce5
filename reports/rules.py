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
    """The target of ``year`` for a unit, or None ("chưa có chỉ tiêu").

    A target belongs to its year: "80% by 2020" is the target of 2020, never of 2018 or 2019 (a 2024
    target recorded with the 2023 report is not the 2022 or 2023 target), unless the plan states the
    years it covers (``year_from``: "3–5% newly recognised each year, 2017–2020"). ``chain`` lists the
    unit, then its ancestors, then None (the national programme); the first owner in the chain with a
    target of that year wins.
    """
    by_owner: dict[int | None, list[PlanTarget]] = {}
    for t in targets:
        if (t.year_from or t.year) <= year <= t.year:
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
