"""The report workbook's cells, written plainly (openpyxl write-only, no styles), from plain data.

Both the floor (data from one SQL statement per sheet) and the naive baseline (data from per-unit
ORM loops) write through ``write``; ``read`` loads any workbook's data rows back (below the title
block and header row) so the three workbooks can be compared cell by cell.
"""

from decimal import Decimal

from openpyxl import Workbook, load_workbook

from assessments.models import Assessment
from communes.models import Tier
from criteria.rules import reward_day, reward_for
from reports.rules import share

FIRST_DATA_ROW = 8  # rows 1–6: the title block, row 7: the header row
STATUS = dict(Assessment.Status.choices)
TIERS = dict(Tier.choices)


def reward(run, year):
    """The holders sheet's last cell: the reward of criteria.rules.REWARDS for the year's list, as the
    whole country reads it (the bench's workbook is national)."""
    r = reward_for(run, reward_day(year))
    return f"{r.name[:1].upper()}{r.name[1:]} ({5 if run >= 5 else 3} năm liên tục)"


def number(value):
    """A number as the workbook holds it: an int when whole, else a float."""
    if value is None:
        return None
    value = Decimal(str(value))
    return int(value) if value == value.to_integral_value() else float(value)


def fraction(part, whole):
    s = share(part, whole)
    return None if s is None else float(s / 100)


def _summary_row(index, label, c):
    units, registered, assessed, submitted, recognised, newly, lost, _previously, overdue = c
    return [index, label, units, registered, assessed, submitted, recognised, fraction(recognised, units),
            newly, lost, None, None, None, overdue]


def write(path, *, names, summary, analysis, trend, holders, raw):
    """summary {group: counters}; analysis as floor.criteria; trend {(year, group): (units, recognised)};
    holders [(code, name, parent, run)]; raw (numbers, rows of (code, name, parent, tier, standard,
    [points], self total, final total, zeros, meets, status)). Returns the number of data rows."""
    wb = Workbook(write_only=True)
    written = 0

    def sheet(title, rows):
        nonlocal written
        ws = wb.create_sheet(title)
        for _ in range(FIRST_DATA_ROW - 1):  # the title block and the header row: not what this measures
            ws.append([])
        for row in rows:
            ws.append(row)
            written += 1

    units = names["units"]
    rows, total = [], [0] * 9
    for i, pk in enumerate(sorted(summary, key=lambda pk: (units[pk][0], pk)), 1):
        rows.append(_summary_row(i, units[pk][1], summary[pk]))
        total = [t + v for t, v in zip(total, summary[pk])]
    rows.append(_summary_row(None, "Tổng cộng", total))
    sheet("summary", rows)

    rows = []
    for pk, (scored, zeros, average, average_share, blocks) in sorted(analysis["rows"].items(),
                                                                      key=lambda kv: names["criteria"][kv[0]][0]):
        n, name, maximum, provisional = names["criteria"][pk]
        rows.append([n, name + (" (chưa xác nhận)" if provisional else ""), maximum, scored, zeros,
                     float(average) if average is not None else None,
                     float(average_share / 100) if average_share is not None else None, blocks])
    sheet("criteria", rows)

    years = sorted({y for y, _g in trend})
    groups = sorted({g for _y, g in trend}, key=lambda g: (units[g][0], g))
    point = lambda y, g: trend.get((y, g), (0, 0))  # noqa: E731
    rows = [["Bộ tiêu chuẩn"] + [names["standards"][y] for y in years], ["Chỉ tiêu"] + [None] * len(years),
            ["Toàn địa bàn"] + [fraction(sum(point(y, g)[1] for g in groups), sum(point(y, g)[0] for g in groups))
                                for y in years]]
    rows += [[units[g][1]] + [fraction(point(y, g)[1], point(y, g)[0]) for y in years] for g in groups]
    sheet("trend", rows)

    year = max(names["standards"])
    sheet("holders", ([i, code, name, parent, run, reward(run, year)]
                      for i, (code, name, parent, run) in enumerate(holders, 1)))

    _numbers, raw_rows = raw
    sheet("raw", ([code, name, parent, str(TIERS.get(tier, tier)), standard] + [number(p) for p in points]
                  + [number(self_total), number(final_total), zeros, "Có" if meets else "Không",
                     str(STATUS.get(status, status))]
                  for code, name, parent, tier, standard, points, self_total, final_total, zeros, meets, status
                  in raw_rows))
    wb.save(path)
    return written


def _canonical(value):
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, (int, float, Decimal)):
        return round(float(value), 4)
    return str(value)


def read(path):
    """[[row values]] per sheet, data rows only, numbers rounded to 4 places, trailing blanks dropped."""
    wb = load_workbook(path, read_only=True)
    sheets = []
    for ws in wb.worksheets:
        rows = []
        for row in ws.iter_rows(min_row=FIRST_DATA_ROW, values_only=True):
            values = [_canonical(v) for v in row]
            while values and values[-1] is None:
                values.pop()
            rows.append(values)
        while rows and not rows[-1]:
            rows.pop()
        sheets.append(rows)
    wb.close()
    return sheets


def first_difference(a, b):
    """Where two workbooks' data differ: (sheet, row, left, right), or None when equal."""
    if len(a) != len(b):
        return ("sheets", None, len(a), len(b))
    for s, (rows_a, rows_b) in enumerate(zip(a, b)):
        for r in range(max(len(rows_a), len(rows_b))):
            left = rows_a[r] if r < len(rows_a) else None
            right = rows_b[r] if r < len(rows_b) else None
            if left != right:
                return (s, r + FIRST_DATA_ROW, left, right)
    return None
