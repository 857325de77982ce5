"""Units as they were: names, kinds and parents by period from a CSV file per resolution, all or nothing.

The unit lists we import are snapshots (the pre-reform one is vietnam-provinces 0.6.0, as of mid-2025),
so a unit carries its last name for its whole period: "Thị xã Sa Pa" from 2008. A change list says what
a unit was before a resolution changed it. One row per unit and period, with a header row:

    level,code,valid_from,valid_to,name,parent_code,source
    district,088,2008-08-01,2019-12-31,Huyện Sa Pa,10,"Nghị quyết 767/NQ-UBTVQH14 …"

- ``level``: ``province``, ``district`` or ``commune``; ``code``: the unit's official code (leading zeros
  may be missing);
- ``valid_from``, ``valid_to``: the period the row describes (dd/mm/yyyy or yyyy-mm-dd);
- ``name``: the full name then, with its prefix ("Thị trấn Sa Pa"): the kind is read from the prefix;
- ``parent_code``: the code of the unit above it then (empty: the unit's own parent); it may name a unit
  created by an earlier row of the file;
- ``source``: the resolution, its date and day in force, and what of the row is not confirmed;
- ``successor_code`` (an optional eighth column): the unit of the same level this one went into when the
  row's period ended it (in force the day after ``valid_to``), only where a source says so. The row then
  ends the unit on ``valid_to`` (a unit of the snapshot that a merger ended earlier: Xã Tân An, 2019),
  and its pages and ``import_units --links`` name the successor; left empty, the successor shows as not
  confirmed.

The code names the unit in force on ``valid_from``, and the period must lie within the unit's own: the
row becomes a ``UnitVersion``. A code with no unit at all in the period is a unit that ended before the
snapshot (Huyện Yên Dũng, merged into the city of Bắc Giang in 2024): the row creates it, with an end
date. ``parse_changes`` returns every problem with its row and column, or the rows; ``import_changes``
saves them in one transaction; a row equal to what is stored changes nothing.
"""

import datetime
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from .models import Level, Unit, UnitTier, UnitVersion
from .services import units_create, units_update
from .sources import CODE_WIDTH, pad, parse_name
from .tiers import _fmt, _overlap, overlaps, read_period, read_rows, save_periods
from .tiers import problem as _problem

SHIPPED = Path(__file__).resolve().parents[1] / "fixtures" / "unit_changes"
COLUMNS = ("level", "code", "valid_from", "valid_to", "name", "parent_code", "source")
WITH_SUCCESSOR = COLUMNS + ("successor_code",)
ABOVE = {Level.DISTRICT: Level.PROVINCE, Level.COMMUNE: Level.DISTRICT}


def problem(message, row=None, column=None):
    return _problem(message, row, column, WITH_SUCCESSOR)


def _rows(text):
    """The file's raw rows and shape problems: seven columns, or eight with ``successor_code``."""
    first = text.lstrip("\ufeff").split("\n", 1)[0]
    columns = WITH_SUCCESSOR if "successor_code" in first.lower() else COLUMNS
    raw, problems = read_rows(text, columns)
    for _number, r in raw:
        r.setdefault("successor_code", "")
    return raw, problems


@dataclass
class ChangeRow:
    row: int
    level: str
    code: str
    valid_from: datetime.date
    valid_to: datetime.date | None
    name: str
    kind: str
    parent_code: str
    source: str
    successor_code: str = ""  # the unit it went into on the day after valid_to, where a source says so
    unit: Unit | None = None  # None: a unit that ended before the snapshot, created by the import
    parent: "Unit | ChangeRow | None" = None
    successor: Unit | None = None


@dataclass
class ChangeResult:
    rows: int = 0
    units_created: int = 0
    units_ended: int = 0  # units of the snapshot a row ended earlier (merged into another)
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list = field(default_factory=list)


def _covers(start, end, day_from, day_to):
    """Does the period start–end (end None: open) hold the whole of day_from–day_to?"""
    return start <= day_from and (end is None or (day_to is not None and day_to <= end))


def _period_text(start, end):
    return f"{_fmt(start)}–{_fmt(end)}"


def _read(number, r, problems):
    """A row's own cells, checked; None when one is wrong."""
    bad = len(problems)
    level = r["level"].lower()
    if level not in CODE_WIDTH:
        problems.append(problem(_("cấp “%(v)s” không hợp lệ: chỉ %(known)s.")
                                % {"v": r["level"], "known": ", ".join(CODE_WIDTH)}, number, "level"))
    code = ""
    if not r["code"].isdigit():
        problems.append(problem(_("mã “%(v)s” không phải số.") % {"v": r["code"]}, number, "code"))
    elif level in CODE_WIDTH:
        code = pad(level, r["code"])
    start, end = read_period(number, r, problems, problem, _("thiếu ngày bắt đầu."),
                             _("thiếu căn cứ: nghị quyết thay đổi đơn vị."))
    kind, name = "", r["name"]
    if not name:
        problems.append(problem(_("thiếu tên đơn vị."), number, "name"))
    elif level in CODE_WIDTH:
        try:
            kind, name = parse_name(level, name)
        except ValueError:
            problems.append(problem(_("“%(v)s” không bắt đầu bằng loại đơn vị của cấp này (Tỉnh, Huyện, Xã, …).")
                                    % {"v": name}, number, "name"))
    if r["successor_code"] and not r["successor_code"].isdigit():
        problems.append(problem(_("mã “%(v)s” không phải số.") % {"v": r["successor_code"]}, number,
                                "successor_code"))
    elif r["successor_code"] and not r["valid_to"]:
        problems.append(problem(_("đơn vị nhập vào đơn vị khác cần ngày kết thúc."), number, "valid_to"))
    if level == Level.PROVINCE and r["parent_code"]:
        problems.append(problem(_("cấp tỉnh không có đơn vị cấp trên."), number, "parent_code"))
    elif r["parent_code"] and not r["parent_code"].isdigit():
        problems.append(problem(_("mã “%(v)s” không phải số.") % {"v": r["parent_code"]}, number, "parent_code"))
    if len(problems) > bad:
        return None
    parent_code = pad(ABOVE[level], r["parent_code"]) if r["parent_code"] else ""
    successor_code = pad(level, r["successor_code"]) if r["successor_code"] else ""
    return ChangeRow(number, level, code, start, end, name, kind, parent_code, r["source"], successor_code)


def read_changes(paths) -> list[ChangeRow]:
    """The rows of change lists as written, without the database (communes/data/build_tiers.py reads
    the kinds of their time from them); a row with a problem is left out (import_unit_changes says why)."""
    rows = []
    for path in paths:
        raw, problems = _rows(Path(path).read_text(encoding="utf-8-sig"))
        rows += [row for row in (_read(n, r, problems) for n, r in raw) if row is not None]
    return rows


def _find(candidates, start, end):
    return next((c for c in candidates if _covers(c.valid_from, c.valid_to, start, end or start)), None)


def parse_changes(text: str) -> tuple[list[ChangeRow], list]:
    """The file's rows, checked against the units in the database (two queries)."""
    raw, problems = _rows(text)
    rows = [row for row in (_read(n, r, problems) for n, r in raw) if row is not None]
    wanted = ({(r.level, r.code) for r in rows} | {(ABOVE[r.level], r.parent_code) for r in rows if r.parent_code}
              | {(r.level, r.successor_code) for r in rows if r.successor_code})
    known: dict[tuple, list] = {}
    lookup = Q(pk__in=[])
    for level in {lv for lv, _c in wanted}:
        lookup |= Q(level=level, code__in=[c for lv, c in wanted if lv == level])
    for unit in Unit.objects.filter(lookup).select_related("parent").order_by("valid_from"):
        known.setdefault((unit.level, unit.code), []).append(unit)
    created: dict[tuple, list] = {}  # units this file creates, as rows (parents of later rows)
    for r in rows:
        candidates = known.get((r.level, r.code), [])
        r.unit = _find(candidates, r.valid_from, r.valid_to)
        if r.unit is None:
            overlapping = [u for u in candidates if _overlap(u.valid_from, u.valid_to, r.valid_from, r.valid_to)]
            if overlapping:
                u = overlapping[0]
                problems.append(problem(
                    _("%(name)s (mã %(code)s) có hiệu lực %(period)s: thời gian của dòng phải nằm trong đó.")
                    % {"name": u.name, "code": r.code, "period": _period_text(u.valid_from, u.valid_to)},
                    r.row, "valid_to"))
                continue
            if r.valid_to is None:
                problems.append(problem(
                    _("không có đơn vị %(level)s mã %(code)s ngày %(day)s: một đơn vị đã giải thể cần ngày kết "
                      "thúc.") % {"level": Level(r.level).label.lower(), "code": r.code, "day": _fmt(r.valid_from)},
                    r.row, "valid_to"))
                continue
            if r.level != Level.PROVINCE and not r.parent_code:
                problems.append(problem(_("đơn vị đã giải thể cần mã đơn vị cấp trên."), r.row, "parent_code"))
                continue
            created.setdefault((r.level, r.code), []).append(r)
        if r.parent_code:
            key = (ABOVE[r.level], r.parent_code)
            r.parent = (_find(known.get(key, []), r.valid_from, r.valid_to)
                        or _find(created.get(key, []), r.valid_from, r.valid_to))
            if r.parent is None:
                problems.append(problem(
                    _("không có đơn vị %(level)s mã %(code)s suốt %(period)s.")
                    % {"level": Level(key[0]).label.lower(), "code": r.parent_code,
                       "period": _period_text(r.valid_from, r.valid_to)}, r.row, "parent_code"))
        elif r.unit is not None:
            r.parent = r.unit.parent
        if r.successor_code:
            _check_successor(r, known, problems)
    problems.extend(overlaps([r for r in rows if r.unit is not None], UnitVersion, _stored_version, problem))
    problems.extend(_ends_too_early(rows))
    return rows, sorted(problems, key=lambda p: (p.row or 0, p.column or ""))


def _check_successor(r, known, problems):
    """The unit ``r`` went into: of its level, in force on the day after ``r.valid_to``, not itself."""
    day = r.valid_to + datetime.timedelta(days=1)
    r.successor = _find(known.get((r.level, r.successor_code), []), day, day)
    if r.successor is None:
        problems.append(problem(
            _("không có đơn vị %(level)s mã %(code)s ngày %(day)s để nhận đơn vị này.")
            % {"level": Level(r.level).label.lower(), "code": r.successor_code, "day": _fmt(day)},
            r.row, "successor_code"))
    elif r.unit is not None and r.successor.pk == r.unit.pk:
        problems.append(problem(_("đơn vị không thể nhập vào chính nó."), r.row, "successor_code"))


def _ends_too_early(rows):
    """A row that ends a unit of the snapshot before the snapshot's end: nothing of the unit (another period
    of the file, a stored name or tier) may lie after the end (one query each for the stored ones)."""
    ending = {r.unit.pk: r for r in rows if r.successor_code and r.unit is not None
              and (r.unit.valid_to is None or r.unit.valid_to > r.valid_to)}
    if not ending:
        return []
    found = []
    later = [(r.unit.pk, r.valid_from, r.row) for r in rows if r.unit is not None and r.unit.pk in ending]
    stored = [(v.unit_id, v.valid_from, None) for v in UnitVersion.objects.filter(unit_id__in=ending)]
    stored += [(t.unit_id, t.valid_from, None) for t in UnitTier.objects.filter(unit_id__in=ending)]
    for unit_id, start, _row in later + stored:
        r = ending[unit_id]
        if start > r.valid_to:
            found.append(problem(
                _("%(name)s (mã %(code)s) kết thúc ngày %(end)s nhưng còn tên hoặc nhóm ngưỡng từ %(day)s: sửa "
                  "các giai đoạn sau ngày kết thúc trước.") % {"name": r.unit.name, "code": r.code,
                                                                "end": _fmt(r.valid_to), "day": _fmt(start)},
                r.row, "valid_to"))
    return found


def _stored_version(v):
    return _("thời gian chồng lên “%(v)s” đã lưu (%(period)s).") % {
        "v": v.name, "period": _period_text(v.valid_from, v.valid_to)}


@transaction.atomic
def import_changes(text: str) -> ChangeResult:
    """Save every row of the file, or nothing when any row has a problem."""
    rows, problems = parse_changes(text)
    result = ChangeResult(rows=len(rows), problems=problems)
    if problems:
        return result
    made = {}  # id(row) → the unit it created
    for level in (Level.PROVINCE, Level.DISTRICT, Level.COMMUNE):  # parents first
        new = [r for r in rows if r.unit is None and r.level == level]
        units = units_create([Unit(level=r.level, code=r.code, name=r.name, kind=r.kind,
                                   parent=made.get(id(r.parent), r.parent), valid_from=r.valid_from,
                                   valid_to=r.valid_to) for r in new])
        for r, unit in zip(new, units):
            made[id(r)] = r.unit = unit
        result.units_created += len(units)

    def values(r):
        parent = made.get(id(r.parent), r.parent)
        return {"valid_to": r.valid_to, "name": r.name, "kind": r.kind, "parent_id": parent.pk if parent else None,
                "source": r.source, "successor_id": r.successor.pk if r.successor else None}

    save_periods(UnitVersion, rows, values, result)
    result.units_ended = _end_units(rows)
    return result


def _end_units(rows) -> int:
    """End on its row's ``valid_to`` each unit a row says went into another, with the tiers that ran past
    that day (a tier cannot outlive its commune; one starting later was refused by parse_changes)."""
    ended = [r for r in rows if r.successor is not None and (r.unit.valid_to is None or r.unit.valid_to > r.valid_to)]
    for r in ended:
        UnitTier.objects.filter(unit=r.unit).filter(Q(valid_to__isnull=True) | Q(valid_to__gt=r.valid_to)).update(
            valid_to=r.valid_to)
        r.unit.valid_to = r.valid_to
    units_update([r.unit for r in ended], ["valid_to"])
    return len(ended)
