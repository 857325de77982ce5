"""Write administrative units into the database in bulk, idempotently.

A unit is identified by (level, code, valid_from): codes are reused after the 2025 reform, so a
row of one period never matches a unit of another. Existing units get their name, kind, parent and
end date refreshed. Tiers are not in the unit lists: ``import_tiers`` loads them (``UnitTier``).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction

from .models import Level, Unit, UnitLink, UnitVersion
from .services import unit_path, units_create, units_update
from .sources import CURRENT_PERIOD, LINKS_SOURCE, PRE_REFORM_PERIOD, LinkRow, UnitRow

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
    # units a change list ended before the snapshot's end (merged into another: UnitVersion.successor) stay
    # ended: the snapshot lists them for its whole period (Xã Tân An of Yên Dũng until 2025, merged in 2020)
    ended = dict(UnitVersion.objects.filter(successor__isnull=False, unit__valid_from=valid_from)
                 .values_list("unit_id", "valid_to"))
    for level, counter in ((Level.PROVINCE, "provinces"), (Level.DISTRICT, "districts"),
                           (Level.COMMUNE, "communes")):
        level_rows = [r for r in rows if r.level == level]
        setattr(result, counter, len(level_rows))
        if not level_rows:
            continue
        parents, saved = saved, {}
        existing = {u.code: u for u in Unit.objects.filter(level=level, valid_from=valid_from)}
        for chunk in _chunks(level_rows):
            created, updated = _save_chunk(chunk, existing, parents, valid_from, valid_to, ended)
            result.created += len(created)
            result.updated += len(updated)
            saved.update((r.code, existing[r.code]) for r in chunk if r.code in existing)
            saved.update((u.code, u) for u in created)
            done += len(chunk)
            if progress:
                progress(done, total)
    return result


def _save_chunk(chunk, existing, parents, valid_from, valid_to, ended):
    to_create, to_update = [], []
    for row in chunk:
        parent = parents[row.parent_code] if row.parent_code else None
        unit = existing.get(row.code)
        if unit is None:
            to_create.append(Unit(level=row.level, code=row.code, name=row.name, kind=row.kind,
                                  parent=parent, valid_from=valid_from,
                                  valid_to=valid_to))
            continue
        end = ended.get(unit.pk)
        end = end if end is not None and (valid_to is None or end < valid_to) else valid_to
        before = (unit.name, unit.kind, unit.parent_id, unit.valid_to)
        unit.name, unit.kind, unit.parent, unit.valid_to = row.name, row.kind, parent, end
        # a parent that moved earlier in this import moved this unit's path with it (units_update);
        # a path off the rule (written by hand) is repaired as a move
        if ((unit.name, unit.kind, unit.parent_id, unit.valid_to) != before
                or unit.path != unit_path(parent=parent, pk=unit.pk)):
            to_update.append(unit)
    units_create(to_create)  # paths by the rule in communes.services
    units_update(to_update, ["name", "kind", "parent", "valid_to"])  # a moved unit's subtree follows
    return to_create, to_update


@dataclass
class LinkResult:
    links: int = 0  # rows in the mapping
    created: int = 0
    updated: int = 0
    deleted: int = 0
    unmatched_predecessors: list[str] = field(default_factory=list)  # "level code" not in our units
    unmatched_successors: list[str] = field(default_factory=list)
    # former communes no link leads from (their history is counted nowhere after the reform):
    # "code name (district, province)"
    without_successor: list[str] = field(default_factory=list)


@transaction.atomic
def import_links(rows: Iterable[LinkRow], *, source: str = LINKS_SOURCE) -> LinkResult:
    """Link every pre-reform unit to its successor(s), matching our units by level and official code
    in each period. Idempotent: a second run finds every link in place and changes nothing; a link of
    the same source that the mapping no longer has is removed."""
    rows = list(rows)
    result = LinkResult(links=len(rows))
    levels = {r.level for r in rows}
    old = {(u.level, u.code): u.pk for u in Unit.objects.filter(
        level__in=levels, valid_from=PRE_REFORM_PERIOD[0]).only("pk", "level", "code")}
    new = {(u.level, u.code): u.pk for u in Unit.objects.filter(
        level__in=levels, valid_from=CURRENT_PERIOD[0]).only("pk", "level", "code")}
    wanted = {}
    for r in rows:
        pred, succ = old.get((r.level, r.legacy_code)), new.get((r.level, r.new_code))
        if pred is None:
            result.unmatched_predecessors.append(f"{r.level} {r.legacy_code}")
        if succ is None:
            result.unmatched_successors.append(f"{r.level} {r.new_code}")
        if pred is not None and succ is not None:
            wanted[pred, succ] = r.is_default
    result.unmatched_predecessors = sorted(set(result.unmatched_predecessors))
    result.unmatched_successors = sorted(set(result.unmatched_successors))
    existing = {(link.predecessor_id, link.successor_id): link
                for link in UnitLink.objects.filter(source=source)}
    stale = [link.pk for key, link in existing.items() if key not in wanted]
    to_update = [link for key, link in existing.items()
                 if key in wanted and link.is_default != wanted[key]]
    for link in to_update:
        link.is_default = wanted[link.predecessor_id, link.successor_id]
    result.deleted = UnitLink.objects.filter(pk__in=stale).delete()[0] if stale else 0
    # defaults off first, so the one-default constraint holds between the statements
    UnitLink.objects.bulk_update([link for link in to_update if not link.is_default], ["is_default"])
    UnitLink.objects.bulk_update([link for link in to_update if link.is_default], ["is_default"])
    to_create = [UnitLink(predecessor_id=p, successor_id=s, is_default=d, source=source)
                 for (p, s), d in wanted.items() if (p, s) not in existing]
    UnitLink.objects.bulk_create(to_create, batch_size=BATCH)
    result.created, result.updated = len(to_create), len(to_update)
    result.without_successor = former_communes_without_successor()
    return result


def former_communes_without_successor() -> list[str]:
    """Pre-reform communes that no link (of any source) leads from, in code order (one query), but those a
    change list says went into another commune before the reform (``UnitVersion.successor``, with its source).
    A commune that ended before 30/6/2025 (created by a change list, its successor not confirmed) says when:
    "07312 Xã Đại Hóa (Huyện Tân Yên, Tỉnh Bắc Giang), kết thúc 31/12/2024"."""
    # three plain reads and a set difference, not an anti-join: in CI's PostgreSQL test database, after 814 other
    # tests, the anti-join made `import_units --links` take 10 s instead of 0.6 s (a nested loop over the former
    # communes and their links is the likely plan); with this it took 0.8 s there
    formers = Unit.objects.filter(level=Level.COMMUNE, valid_from=PRE_REFORM_PERIOD[0])
    followed = set(UnitLink.objects.values_list("predecessor_id", flat=True)) | set(
        UnitVersion.objects.filter(successor__isnull=False).values_list("unit_id", flat=True))
    orphan_ids = set(formers.values_list("pk", flat=True)) - followed
    orphans = formers.filter(pk__in=orphan_ids).select_related("parent__parent").order_by("code")
    return [f"{u.code} {u.name} ({u.parent.name}, {u.parent.parent.name})"
            + (f", kết thúc {u.valid_to:%d/%m/%Y}" if u.valid_to and u.valid_to < PRE_REFORM_PERIOD[1] else "")
            for u in orphans]
