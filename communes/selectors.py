"""Reads over administrative units that the rest of the code may rely on.

Nothing outside this app should assume districts exist: the recognising unit of a commune is
its parent, whatever level that is (the district before the 2025 reform, the province after).
"""

from django.db.models import Exists, OuterRef, Q

from .models import Level, Unit, UnitTier, year_bounds


def recognising_unit(commune: Unit) -> Unit:
    """The unit that recognises a commune: its parent (district before the reform, province after)."""
    if commune.level != Level.COMMUNE:
        raise ValueError(f"{commune} is not a commune-level unit")
    return commune.parent


def communes_in_year(unit: Unit, year: int):
    """Commune-level units of the unit's subtree that existed at some point of ``year``."""
    first, last = year_bounds(year)
    return (Unit.objects.within(unit).communes().filter(valid_from__lte=last)
            .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=first)))


def communes_without_tier(unit: Unit, year: int) -> list[Unit]:
    """The communes of ``communes_in_year`` with no tier in force in ``year`` (one query), by code."""
    has_tier = UnitTier.objects.in_year(year).filter(unit_id=OuterRef("pk"))
    return list(communes_in_year(unit, year).filter(~Exists(has_tier)).select_related("parent")
                .order_by("parent__code", "code"))


def tier_in_year(commune: Unit, year: int) -> str | None:
    """The commune's tier in force in ``year`` (the latest if it changed that year), or None."""
    return (UnitTier.objects.in_year(year).filter(unit=commune).order_by("-valid_from")
            .values_list("tier", flat=True).first())
