"""Creating and moving administrative units: the one place that writes ``Unit.path`` (and
``Unit.search_name``, the name as the lists' search box folds it, written with the name).

A unit's path is the primary keys from its province down to itself ("/3/41/977/"), so
``path__startswith=unit.path`` selects the unit and its whole subtree with one prefix test. The
path is derived, never typed: ``unit_path`` is the rule, ``units_create``/``unit_create`` apply it
to new units and ``unit_move`` rewrites a moved unit's subtree. The database refuses an empty or
malformed path (constraint ``unit_path_shape``), so a prefix test can never match the whole country.
"""

from collections.abc import Sequence
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext as _

from core.text import folded

from .models import Unit

# The primary key stands last in a path, so a new row needs one before its path is known. Between
# the INSERT and the UPDATE that writes the real path (one transaction, never seen by anyone else)
# it holds this placeholder: the right depth under its parent, and no unit has primary key 0.
_PENDING_PK = 0


def unit_path(*, parent: Unit | None, pk: int) -> str:
    """The path rule: the parent's path (the root "/" for a province) followed by the unit's own key."""
    return f"{parent.path if parent is not None else '/'}{pk}/"


@transaction.atomic
def units_create(units: Sequence[Unit]) -> list[Unit]:
    """Insert new units in bulk, each with its path; their parents must be saved already (create a
    level at a time, provinces first). Returns the units, saved. The importer creates through it."""
    units = list(units)
    if not units:
        return units
    for unit in units:
        if unit.pk is not None:
            raise ValueError(f"units_create takes new units only, not {unit!r} (pk {unit.pk})")
        if unit.parent is not None and not unit.parent.path:
            raise ValueError(f"the parent of {unit.code} is not saved yet")
        unit.path = unit_path(parent=unit.parent, pk=_PENDING_PK)
        unit.search_name = folded(unit.name)
    Unit.objects.bulk_create(units)
    if any(u.pk is None for u in units):  # a backend that cannot return new primary keys
        for unit in units:
            unit.pk = Unit.objects.values_list("pk", flat=True).get(
                level=unit.level, code=unit.code, valid_from=unit.valid_from)
    for unit in units:
        unit.path = unit_path(parent=unit.parent, pk=unit.pk)
    Unit.objects.bulk_update(units, ["path"])
    return units


@transaction.atomic
def unit_create(*, code: str, name: str, level: str, kind: str, valid_from: date, parent: Unit | None = None,
                valid_to: date | None = None) -> Unit:
    """Create one unit under ``parent`` (None for a province), with its path."""
    unit = Unit(code=code, name=name, level=level, kind=kind, parent=parent,
                valid_from=valid_from, valid_to=valid_to)
    unit.path = unit_path(parent=parent, pk=_PENDING_PK)
    unit.full_clean()
    return units_create([unit])[0]


@transaction.atomic
def units_update(units: Sequence[Unit], fields: Sequence[str]) -> None:
    """Save ``fields`` of existing units in bulk (as ``bulk_update``). Where ``parent`` is among them,
    a unit that changed parent gets its path by the rule, and every unit under it follows (one UPDATE
    per moved unit). ``units`` as read from the database, with their new values set; parents current."""
    units, fields = list(units), list(fields)
    if "path" in fields or "search_name" in fields:
        raise ValueError("the path follows the parent and the search name the name: update those")
    if "name" in fields:  # the lists' search box reads the folded name
        for unit in units:
            unit.search_name = folded(unit.name)
        fields.append("search_name")
    if "parent" in fields:
        for unit in units:
            new = unit_path(parent=unit.parent, pk=unit.pk)
            if new != unit.path:
                if unit.parent is not None and unit.parent.path.startswith(unit.path):
                    raise ValidationError(
                        _("Không thể chuyển một đơn vị vào chính nó hoặc đơn vị cấp dưới của nó."))
                _subtree_moved(old=unit.path, new=new)
                unit.path = new
    if units and fields:
        Unit.objects.bulk_update(units, fields)


@transaction.atomic
def unit_move(*, unit: Unit, parent: Unit | None) -> Unit:
    """Put ``unit`` under ``parent`` (None: make it a root); its own and its subtree's paths follow."""
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    unit.parent = Unit.objects.get(pk=parent.pk) if parent is not None else None
    units_update([unit], ["parent"])
    return unit


def _subtree_moved(*, old: str, new: str) -> int:
    """Rewrite the paths of every unit under ``old`` (itself included) to start with ``new``: one UPDATE."""
    if not old:
        raise ValueError("a unit without a path: nothing to move")
    return Unit.objects.filter(path__startswith=old).update(
        path=Concat(Value(new), Substr("path", len(old) + 1)))
