"""Reads over administrative units that the rest of the code may rely on.

Nothing outside this app should assume districts exist: the recognising unit of a commune is
its parent as it was on the day in question, whatever level that is (the district before the 2025
reform, the province after): ``recognising_unit`` / ``recognising_units`` say it, and everything asks them.
"""

import copy
import datetime

from django.db.models import Exists, OuterRef, Q

from .models import Level, Unit, UnitTier, UnitVersion, year_bounds


def succeeded_paths(unit: Unit) -> list[str]:
    """The paths of the units ``unit`` succeeded in the 2025 reform (its ``UnitLink`` predecessors: the new
    Bắc Ninh's are the former Bắc Giang and Bắc Ninh), one query; none for a unit the reform did not form.
    Their records are its history: it reads them (accounts.permissions.read_paths), it acts on none."""
    return list(Unit.objects.filter(successor_links__successor=unit).order_by("path").values_list("path", flat=True))


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


def _read_only(self, *args, **kwargs):
    raise TypeError("a unit as of a day is for reading: save the unit itself")


def _as_of(unit: Unit, version: UnitVersion | None) -> Unit:
    """A copy of ``unit`` with the name, kind and parent of ``version`` (the unit itself without one)."""
    named = copy.copy(unit)
    named._state = copy.copy(unit._state)
    named._state.fields_cache = dict(unit._state.fields_cache)
    named.save = named.delete = _read_only.__get__(named)
    if version is not None:
        named.name, named.kind, named.parent_id = version.name, version.kind, version.parent_id
        named._state.fields_cache.pop("parent", None)
        if version.parent_id is not None:
            named._state.fields_cache["parent"] = version.parent
    return named


def units_on(units, day: datetime.date, *, parents: bool = True) -> dict[int, Unit]:
    """{pk: the unit as it was on ``day``}: name, kind and parent (itself as on ``day``) from the unit's
    version in force that day (``UnitVersion``, loaded by ``import_unit_changes``), else the unit's own.

    The copies are for reading (documents, pages, reports): saving one raises. One query for the
    versions of the units and of their parents, one more only for parents not loaded with the units
    (``select_related("parent")`` avoids it). ``parents=False``: the names and kinds only, one query.
    Every page that names a unit for a year calls this.
    """
    units = [u for u in units if u is not None]
    if not units:
        return {}
    if not parents:
        found = {v.unit_id: v for v in UnitVersion.objects.on(day).filter(unit_id__in={u.pk for u in units})}
        return {u.pk: _as_of(u, found.get(u.pk)) for u in units}
    ids = {u.pk for u in units}
    moved = UnitVersion.objects.on(day).filter(unit_id__in=ids, parent__isnull=False).values("parent_id")
    versions = {v.unit_id: v for v in UnitVersion.objects.on(day).filter(
        Q(unit_id__in=ids | {u.parent_id for u in units if u.parent_id}) | Q(unit_id__in=moved))
        .select_related("parent")}
    parents = {}
    for u in units:
        v = versions.get(u.pk)
        if v is not None and v.parent_id is not None:
            parents[v.parent_id] = v.parent
        elif v is None and u.parent_id is not None and Unit.parent.is_cached(u):
            parents[u.parent_id] = u.parent
    missing = {u.parent_id for u in units if u.pk not in versions and u.parent_id and u.parent_id not in parents}
    parents.update(Unit.objects.in_bulk(missing) if missing else {})
    named_parents = {pk: _as_of(p, versions.get(pk)) for pk, p in parents.items()}
    result = {}
    for u in units:
        named = _as_of(u, versions.get(u.pk))
        if named.parent_id is not None:
            named._state.fields_cache["parent"] = named_parents[named.parent_id]
        result[u.pk] = named
    return result


def unit_on(unit: Unit, day: datetime.date) -> Unit:
    """The unit as it was on ``day`` (name, kind, parent): see ``units_on``."""
    return units_on([unit], day)[unit.pk]


def names_on(pairs) -> dict[tuple[int, datetime.date], str]:
    """{(unit id, day): the unit's name that day} for (unit, day) pairs, days of several years alike: one
    query, where ``units_on`` takes one day (a unit's history lists its name of each year)."""
    pairs = list(pairs)
    versions = {}
    for v in UnitVersion.objects.filter(unit_id__in={u.pk for u, _day in pairs}):
        versions.setdefault(v.unit_id, []).append(v)
    return {(u.pk, day): next((v.name for v in versions.get(u.pk, []) if v.valid_from <= day
                               and (v.valid_to is None or day <= v.valid_to)), u.name) for u, day in pairs}


def recognising_units(communes, day: datetime.date) -> dict[int, Unit | None]:
    """{commune pk: the unit that recognises it on ``day``}: the commune's parent as it was that day (its
    ``UnitVersion`` then, else its own row), named as then. Before 1/7/2025 that is a district (Huyện Yên
    Dũng for Thị trấn Tân An until 31/12/2024, Thành phố Bắc Giang after), from the reform the province.
    The one rule for "the recognising unit of a commune in a year": pages, documents and checks ask it.
    Costs what ``units_on`` costs: one query with ``select_related("parent")``."""
    communes = [c for c in communes if c is not None]
    for c in communes:
        if c.level != Level.COMMUNE:
            raise ValueError(f"{c} is not a commune-level unit")
    return {pk: then.parent if then.parent_id else None for pk, then in units_on(communes, day).items()}


def recognising_unit(commune: Unit, day: datetime.date) -> Unit | None:
    """The unit that recognises ``commune`` on ``day``: see ``recognising_units``."""
    return recognising_units([commune], day)[commune.pk]
