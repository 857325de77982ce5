"""A province's list of commune tiers (threshold groups) from a CSV file, all or nothing.

One row per commune and period, with a header row:

    unit_code,tier,valid_from,valid_to,source
    03061,remote,01/08/2008,30/06/2025,"Quyết định … liệt kê xã miền núi …"

- ``unit_code``: the commune's official code (leading zeros may be missing: 3061 is 03061);
- ``tier``: ``city_ward`` (ward of a centrally-run city), ``other``, or ``remote`` (mountain, island,
  especially difficult); empty for a đặc khu, which is always ``remote``;
- ``valid_from``, ``valid_to``: dd/mm/yyyy or yyyy-mm-dd; ``valid_to`` empty while still in force;
- ``source``: the decision that lists the commune in this group.

The code names the commune in force on ``valid_from`` (codes are reused after the 2025 reform), and
the period must lie within the commune's own. ``parse_tiers`` returns every problem with its row and
column, or the rows; ``import_tiers`` saves them in one transaction. A row equal to what is stored
changes nothing, so loading the same file twice is harmless.
"""

import csv
import datetime
import io
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from core.problems import Problem

from .models import Kind, Level, Tier, Unit, UnitTier, UnitVersion

COLUMNS = ("unit_code", "tier", "valid_from", "valid_to", "source")


def problem(message, row=None, column=None, columns=COLUMNS) -> Problem:
    """A problem in a CSV list, its column named by heading (unit_code, tier, …) and by letter."""
    return Problem(message, row, "ABCDEFGHIJ"[columns.index(column)] if column else None, column or "")


@dataclass(frozen=True)
class TierRow:
    row: int
    unit: Unit
    tier: str
    valid_from: datetime.date
    valid_to: datetime.date | None
    source: str


@dataclass
class TierResult:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list = field(default_factory=list)


def parse_date(text):
    text = text.strip()
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


def read_rows(text: str, columns) -> tuple[list[tuple[int, dict]], list[Problem]]:
    """[(row number, {column: stripped text})] of a CSV list with the header ``columns``, and the
    problems of its shape (header, extra cells). Empty rows are skipped."""
    lines = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    if not lines:
        return [], [problem(_("Tệp trống: cần dòng tiêu đề %(h)s.") % {"h": ",".join(columns)})]
    header = [h.strip().lower() for h in lines[0]]
    if header[:len(columns)] != list(columns):
        return [], [problem(_("Dòng tiêu đề phải là %(h)s, không phải %(got)s.")
                            % {"h": ",".join(columns), "got": ",".join(lines[0])}, 1)]
    raw, problems = [], []
    for number, cells in enumerate(lines[1:], start=2):
        if not any(c.strip() for c in cells):
            continue
        if len(cells) > len(columns) and any(c.strip() for c in cells[len(columns):]):
            problems.append(problem(_("có %(n)s cột, chỉ dùng %(k)s cột %(h)s.")
                                    % {"n": len(cells), "k": len(columns), "h": ",".join(columns)}, number))
            continue
        raw.append((number, dict(zip(columns, (c.strip() for c in cells + [""] * len(columns))))))
    return raw, problems


def read_period(number, r, problems, problem, no_start, no_source):
    """(valid_from, valid_to) of a row of a CSV list, its dates and its source checked; each problem is
    appended to ``problems`` (``problem`` places it in the list's columns)."""
    dates = {}
    for column in ("valid_from", "valid_to"):
        if not r[column]:
            if column == "valid_from":
                problems.append(problem(no_start, number, column))
            dates[column] = None
            continue
        try:
            dates[column] = parse_date(r[column])
        except ValueError:
            problems.append(problem(_("“%(v)s” không phải ngày (dd/mm/yyyy hoặc yyyy-mm-dd).")
                                    % {"v": r[column]}, number, column))
    start, end = dates.get("valid_from"), dates.get("valid_to")
    if start and end and end < start:
        problems.append(problem(_("ngày kết thúc %(end)s trước ngày bắt đầu %(start)s.")
                                % {"end": _fmt(end), "start": _fmt(start)}, number, "valid_to"))
    if not r["source"]:
        problems.append(problem(no_source, number, "source"))
    elif len(r["source"]) > 400:
        problems.append(problem(_("căn cứ dài quá 400 ký tự."), number, "source"))
    return start, end


def _code_key(code):
    code = code.strip()
    return code.zfill(5) if code.isdigit() else code


def _fmt(day):
    return day.strftime("%d/%m/%Y") if day else "—"


def parse_tiers(text: str) -> tuple[list[TierRow], list[Problem]]:
    """The file's rows, checked against the units in the database and their kinds of each period (four queries)."""
    raw, problems = read_rows(text, COLUMNS)

    codes = {_code_key(r["unit_code"]) for _n, r in raw if r["unit_code"]}
    units = {}
    for unit in Unit.objects.filter(level=Level.COMMUNE, code__in=codes).order_by("valid_from"):
        units.setdefault(unit.code, []).append(unit)
    versions = {}  # the units' names and kinds of other periods (a ward may have been a xã then)
    for v in UnitVersion.objects.filter(unit__level=Level.COMMUNE, unit__code__in=codes).order_by("valid_from"):
        versions.setdefault(v.unit_id, []).append(v)

    parsed = []
    for number, r in raw:
        bad = len(problems)
        start, end = read_period(number, r, problems, problem, _("thiếu ngày bắt đầu áp dụng."),
                                 _("thiếu căn cứ: văn bản liệt kê đơn vị vào nhóm này."))
        unit = None
        if not r["unit_code"]:
            problems.append(problem(_("thiếu mã đơn vị."), number, "unit_code"))
        elif start:
            candidates = units.get(_code_key(r["unit_code"]), [])
            unit = next((u for u in candidates if u.valid_from <= start
                         and (u.valid_to is None or start <= u.valid_to)), None)
            if unit is None:
                known = "; ".join(f"{u.name} ({_fmt(u.valid_from)}–{_fmt(u.valid_to)})" for u in candidates)
                problems.append(problem(
                    _("không có đơn vị cấp xã mã %(code)s còn hiệu lực ngày %(day)s%(known)s.")
                    % {"code": r["unit_code"], "day": _fmt(start),
                       "known": (" (" + _("có: ") + known + ")") if known else ""}, number, "unit_code"))
            elif unit.valid_to and (end is None or end > unit.valid_to):
                problems.append(problem(_("%(name)s hết hiệu lực ngày %(day)s: ngày kết thúc áp dụng phải "
                                          "từ ngày đó trở về trước.")
                                        % {"name": unit.name, "day": _fmt(unit.valid_to)}, number, "valid_to"))
        tier = r["tier"].lower()
        if unit is not None and unit.kind == Kind.SPECIAL_ZONE:
            if tier in ("", Tier.REMOTE):
                tier = Tier.REMOTE
            else:
                problems.append(problem(_("%(name)s là đặc khu (hải đảo): thuộc nhóm %(remote)s, không phải "
                                          "“%(v)s”.") % {"name": unit.name, "remote": Tier.REMOTE,
                                                        "v": r["tier"]}, number, "tier"))
        elif tier not in Tier.values:
            problems.append(problem(_("nhóm “%(v)s” không hợp lệ: chỉ %(known)s.")
                                    % {"v": r["tier"], "known": ", ".join(Tier.values)}, number, "tier"))
        elif unit is not None and tier in (Tier.CITY_WARD, Tier.REMOTE):
            message = kind_refusal(tier, unit, versions.get(unit.pk, []), start, end)
            if message:
                problems.append(problem(message, number, "tier"))
        if len(problems) == bad:
            parsed.append(TierRow(number, unit, tier, start, end, r["source"]))

    problems.extend(overlaps(parsed, UnitTier, _stored_tier))
    return parsed, problems


def kinds_during(unit, versions, start, end) -> list[tuple[str, str, datetime.date, datetime.date | None]]:
    """[(kind, name, from, to)] of ``unit`` over start–end (end None: open): its versions where they apply
    (``versions`` in order of start), its own row elsewhere."""
    out, day = [], start
    for v in versions:
        if day is None or (end is not None and v.valid_from > end):
            break
        if v.valid_to is not None and v.valid_to < day:
            continue
        if v.valid_from > day:
            out.append((unit.kind, unit.name, day, v.valid_from - datetime.timedelta(days=1)))
        last = v.valid_to if end is None else min(v.valid_to or end, end)
        out.append((v.kind, v.name, max(v.valid_from, day), last))
        day = None if last is None or last == end else last + datetime.timedelta(days=1)
    if day is not None:
        out.append((unit.kind, unit.name, day, end))
    return out


def kind_refusal(tier, unit, versions, start, end) -> str:
    """Why the unit cannot be in ``tier`` over start–end, judged by its kind then ("" if it can): the
    city-ward group is for wards only; the 800-point group of QĐ 06 ("xã, thị trấn thuộc miền núi, hải
    đảo; xã đặc biệt khó khăn") never has a ward."""
    spans = kinds_during(unit, versions, start, end)
    for kind, name, first, last in spans:
        if (kind == Kind.WARD) == (tier == Tier.CITY_WARD):
            continue
        when = "" if len(spans) == 1 else f" ({_fmt(first)}–{_fmt(last)})"
        if tier == Tier.CITY_WARD:
            return _("%(name)s%(when)s không phải phường: nhóm %(v)s chỉ dành cho phường thuộc thành phố trực "
                     "thuộc Trung ương.") % {"name": name, "when": when, "v": tier}
        return _("%(name)s%(when)s là phường: nhóm %(v)s (xã, thị trấn thuộc miền núi, hải đảo; xã đặc biệt khó "
                 "khăn) không có phường.") % {"name": name, "when": when, "v": tier}
    return ""


def _overlap(a_start, a_end, b_start, b_end):
    return a_start <= (b_end or datetime.date.max) and b_start <= (a_end or datetime.date.max)


def overlaps(rows, model, stored_message, problem=problem):
    """Periods of one unit must not overlap, in the file or with the stored periods (rows of ``model``) the
    file does not restate; ``stored_message(stored)`` says which stored period a row runs into."""
    problems, seen = [], {}
    for r in rows:
        for other in seen.get(r.unit.pk, []):
            if _overlap(r.valid_from, r.valid_to, other.valid_from, other.valid_to):
                problems.append(problem(_("thời gian áp dụng chồng lên dòng %(o)s (cùng đơn vị %(name)s).")
                                        % {"o": other.row, "name": r.unit.name}, r.row, "valid_from"))
        seen.setdefault(r.unit.pk, []).append(r)
    if not rows:
        return problems
    in_file = {(r.unit.pk, r.valid_from) for r in rows}
    for t in model.objects.filter(unit_id__in=list(seen)).select_related("unit"):
        if (t.unit_id, t.valid_from) in in_file:
            continue
        for r in seen[t.unit_id]:
            if _overlap(r.valid_from, r.valid_to, t.valid_from, t.valid_to):
                problems.append(problem(stored_message(t), r.row, "valid_from"))
    return problems


def _stored_tier(t):
    return (_("thời gian áp dụng chồng lên nhóm đã lưu của %(name)s (%(tier)s, %(start)s–%(end)s): hãy đặt ngày "
              "kết thúc cho nhóm cũ trong tệp.")
            % {"name": t.unit.name, "tier": t.tier, "start": _fmt(t.valid_from), "end": _fmt(t.valid_to)})


@transaction.atomic
def import_tiers(text: str) -> TierResult:
    """Save every row of the file, or nothing when any row has a problem."""
    rows, problems = parse_tiers(text)
    result = TierResult(rows=len(rows), problems=problems)
    if problems:
        return result
    save_periods(UnitTier, rows, lambda r: {"tier": r.tier, "valid_to": r.valid_to, "source": r.source}, result)
    return result


def save_periods(model, rows, values, result):
    """One ``model`` row (unit, valid_from, …) per file row: created, updated where ``values(row)`` ({field:
    value}) differ from the stored one, else left alone; the counts go on ``result``."""
    stored = {(t.unit_id, t.valid_from): t for t in model.objects.filter(unit_id__in={r.unit.pk for r in rows})}
    to_create, to_update, fields = [], [], []
    for r in rows:
        wanted = values(r)
        fields = list(wanted)
        t = stored.get((r.unit.pk, r.valid_from))
        if t is None:
            to_create.append(model(unit=r.unit, valid_from=r.valid_from, **wanted))
        elif any(getattr(t, f) != v for f, v in wanted.items()):
            for f, v in wanted.items():
                setattr(t, f, v)
            to_update.append(t)
    model.objects.bulk_create(to_create, batch_size=500)
    model.objects.bulk_update(to_update, fields, batch_size=500)
    result.created, result.updated = len(to_create), len(to_update)
    result.unchanged = len(rows) - result.created - result.updated
