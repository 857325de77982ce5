"""Reads over administrative units that the rest of the code may rely on.

Nothing outside this app should assume districts exist: the recognising unit of a commune is
its parent, whatever level that is (the district before the 2025 reform, the province after).
"""

from .models import Level, Unit


def province_of(unit: Unit) -> Unit:
    """The province the unit belongs to (the unit itself for a province)."""
    if unit.level == Level.PROVINCE:
        return unit
    return Unit.objects.get(pk=unit.province_id)


def recognising_unit(commune: Unit) -> Unit:
    """The unit that recognises a commune: its parent (district before the reform, province after)."""
    if commune.level != Level.COMMUNE:
        raise ValueError(f"{commune} is not a commune-level unit")
    return commune.parent


def communes_under(unit: Unit):
    """Commune-level units in the unit's subtree (of the unit's own period), parents joined."""
    return Unit.objects.within(unit).communes().select_related("parent")
