"""Write administrative units into the database in bulk, idempotently.

A unit is identified by (level, code, valid_from): codes are reused after the 2025 reform, so a
row of one period never matches a unit of another. Existing units get their name, kind, parent and
end date refreshed; their tier is left alone (an administrator may have changed it).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from django.db import transaction

from .models import Level, Unit
from .services import unit_path, units_create, units_update
from .sources import UnitRow

BATCH = 500


@dataclass
class ImportResult:
    provinces: int = 0
    districts: int = 0
    communes: int = 0
    created: int = 0
    updated: int = 0


def _chunks(items, size=BATCH):
    for start in range(0, len(items), size):
        yield items[start:start + size]


@transaction.atomic
def import_units(rows: Iterable[UnitRow], *, valid_from: date, valid_to: date | None,
                 progress: Callable[[int, int], None] | None = None) -> ImportResult:
    """Create or refresh every unit in ``rows`` (parents listed before their children)."""
    rows = list(rows)
    result = ImportResult()
    done, total = 0, len(rows)
    saved: dict[str, Unit] = {}  # code → unit of the level just processed (the parents of the next)
    for level, counter in ((Level.PROVINCE, "provinces"), (Level.DISTRICT, "districts"),
                           (Level.COMMUNE, "communes")):
        level_rows = [r for r in rows if r.level == level]
        setattr(result, counter, len(level_rows))
        if not level_rows:
            continue
        parents, saved = saved, {}
        existing = {u.code: u for u in Unit.objects.filter(level=level, valid_from=valid_from)}
        for chunk in _chunks(level_rows):
            created, updated = _save_chunk(chunk, existing, parents, valid_from, valid_to)
            result.created += len(created)
            result.updated += len(updated)
            saved.update((r.code, existing[r.code]) for r in chunk if r.code in existing)
            saved.update((u.code, u) for u in created)
            done += len(chunk)
            if progress:
                progress(done, total)
    return result


def _save_chunk(chunk, existing, parents, valid_from, valid_to):
    to_create, to_update = [], []
    for row in chunk:
        parent = parents[row.parent_code] if row.parent_code else None
        unit = existing.get(row.code)
        if unit is None:
            to_create.append(Unit(level=row.level, code=row.code, name=row.name, kind=row.kind,
                                  parent=parent, tier=row.tier, valid_from=valid_from,
                                  valid_to=valid_to))
            continue
        before = (unit.name, unit.kind, unit.parent_id, unit.valid_to)
        unit.name, unit.kind, unit.parent, unit.valid_to = row.name, row.kind, parent, valid_to
        # a parent that moved earlier in this import moved this unit's path with it (units_update);
        # a path off the rule (written by hand) is repaired as a move
        if ((unit.name, unit.kind, unit.parent_id, unit.valid_to) != before
                or unit.path != unit_path(parent=parent, pk=unit.pk)):
            to_update.append(unit)
    units_create(to_create)  # paths by the rule in communes.services
    units_update(to_update, ["name", "kind", "parent", "valid_to"])  # a moved unit's subtree follows
    return to_create, to_update
