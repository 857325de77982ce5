"""The report workbook (openpyxl, write-only: rows stream to disk, memory stays flat) and the PDF.

One workbook per report: a sheet per view (summary, criteria, trend, holders) and the raw scores,
each with the official title block, a frozen header row, an auto-filter, number and percent
formats and column widths. Numbers come from reports.selectors, the same as on the pages.
"""

from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from assessments.models import Assessment
from communes.models import Tier
from core import excel
from core.formatting import BLANK_DATE
from core.pdf import render_pdf
from criteria.rules import reward_day, reward_for
from reports import documents, selectors

PERCENT = "0.00%"
INTEGER = "#,##0"
POINTS = "#,##0.##"
STATUS_LABELS = dict(Assessment.Status.choices)
TIER_LABELS = dict(Tier.choices)
HEADER_ROW = excel.HEADER_ROW  # rows 1–6 hold the title block


def _document(wb, title, heading, columns, *, subtitle=""):
    """A sheet of the report printed as a document (core.excel.Document); columns: [(header, width,
    number_format or None)]. Wide sheets keep their first two columns in view."""
    return excel.Document(wb, title, letterhead=excel.Letterhead(heading["parent_body"], heading["issuer"],
                                                                 heading["place_date"]),
                          title=heading["title"], subtitle=subtitle, columns=columns,
                          freeze_column=3 if len(columns) > 6 else 1)


def _fraction(percent):
    """28.57 → 0.2857, shown by Excel as 28,57% with the percent format."""
    return None if percent is None else float(Decimal(percent) / 100)


def _heading(scope, title, today):
    head = documents.letterhead(scope, today)
    return {"parent_body": head["parent_body"], "issuer": head["issuer"].replace("\n", " "),
            "place_date": f"{head['place']}, {BLANK_DATE}",
            "title": title, "former": head.get("former", ""), "note": head.get("note", "")}


SUMMARY_COLUMNS = [
    ("STT", 6, INTEGER), ("Đơn vị", 32, None), ("Số đơn vị cấp xã", 11, INTEGER), ("Đăng ký xây dựng", 11, INTEGER),
    ("Đã tự đánh giá", 11, INTEGER), ("Đã nộp hồ sơ", 11, INTEGER), ("Được công nhận", 11, INTEGER),
    ("Tỷ lệ đạt chuẩn", 11, PERCENT), ("Công nhận mới", 11, INTEGER), ("Không được công nhận lại", 12, INTEGER),
    ("Chỉ tiêu", 10, PERCENT), ("Còn thiếu so với chỉ tiêu", 12, PERCENT),
    ("Số đơn vị cần công nhận thêm", 13, INTEGER), ("Quá hạn", 10, INTEGER),
]


def summary_values(index, row):
    return [index, row.label, row.units, row.registered, row.assessed, row.submitted, row.recognised,
            _fraction(row.share), row.newly, row.lost, _fraction(row.target_percent), _fraction(row.gap),
            row.needed, row.overdue]


CRITERIA_COLUMNS = [
    ("Tiêu chí", 8, INTEGER), ("Tên tiêu chí", 50, None), ("Điểm tối đa", 10, INTEGER),
    ("Số hồ sơ", 10, INTEGER), ("Số đơn vị 0 điểm", 11, INTEGER), ("Điểm bình quân", 11, POINTS),
    ("Tỷ lệ so với điểm tối đa", 12, PERCENT), ("Số đơn vị không được công nhận chỉ vì tiêu chí này", 16, INTEGER),
]


def criteria_values(row):
    return [row["number"], row["name"] + (" (chưa xác nhận)" if row["provisional"] else ""), row["max_points"],
            row["scored"], row["zeros"], float(row["average"]) if row["average"] is not None else None,
            _fraction(row["average_share"]), row["blocks"]]


HOLDER_COLUMNS = [("STT", 6, INTEGER), ("Mã đơn vị", 11, None), ("Tên đơn vị", 30, None),
                  ("Đơn vị cấp trên", 28, None), ("Số năm liên tục đạt chuẩn", 12, INTEGER),
                  ("Đề nghị khen thưởng", 34, None)]


def holder_values(index, h, year, province=""):
    """A row of the holders' sheet; the reward is the one of the list's period and province
    (criteria.rules.REWARDS)."""
    reward = reward_for(h["run"], reward_day(year), province)
    years = 5 if h["run"] >= 5 else 3
    return [index, h["code"], h["name"], h["parent"], h["run"],
            _("%(name)s (%(n)s năm liên tục)") % {"name": reward.name[:1].upper() + reward.name[1:], "n": years}]


def raw_columns(numbers):
    return ([("Mã đơn vị", 10, None), ("Tên đơn vị", 26, None), ("Đơn vị cấp trên", 24, None),
             ("Nhóm ngưỡng", 38, None), ("Bộ tiêu chuẩn", 14, None)]
            + [(f"TC{n}", 7, POINTS) for n in numbers]
            + [("Tổng điểm tự đánh giá", 11, POINTS), ("Tổng điểm sau thẩm định", 11, POINTS),
               ("Số tiêu chí 0 điểm", 9, INTEGER), ("Đạt chuẩn", 9, None), ("Trạng thái", 22, None)])


def raw_values(row, numbers):
    def num(value):
        if value is None:
            return None
        value = Decimal(value)
        return int(value) if value == value.to_integral_value() else float(value)

    return ([row["commune__code"], row["commune__name"], row["commune__parent__name"],
             str(TIER_LABELS.get(row["tier"], row["tier"])), row["round__standard__code"]]
            + [num(row[f"c{n}"]) for n in numbers]
            + [num(row["self_total"]), num(row["final_total"]), row["zero_criteria"],
               _("Có") if row["meets_standard"] else _("Không"), str(STATUS_LABELS.get(row["status"], row["status"]))])


def write_workbook(scope, path, *, progress=None, today=None):
    """The report workbook of the scope, written to ``path``; progress(done, total) while it streams."""
    today = today or timezone.localdate()
    heading = _heading(scope, "", today)
    area = heading["former"] or (str(scope.unit) if scope.unit is not None else _("toàn quốc"))
    subtitle = " ".join(filter(None, [_("Phạm vi: %(area)s · Năm %(y)s · Số liệu ngày %(d)s.") % {
        "area": area, "y": scope.year, "d": today.strftime("%d/%m/%Y")}, heading["note"]]))
    wb = Workbook(write_only=True)

    summary = selectors.summary(scope, today=today)
    sheet = _document(wb, _("Tổng hợp"), {**heading, "title": _(
        "TỔNG HỢP KẾT QUẢ ĐÁNH GIÁ, CÔNG NHẬN XÃ, PHƯỜNG, THỊ TRẤN PHÙ HỢP VỚI TRẺ EM NĂM %(y)s")
        % {"y": scope.year}}, SUMMARY_COLUMNS, subtitle=" ".join(filter(None, [subtitle, str(summary["counts_rule"])])))
    for i, row in enumerate(summary["rows"], 1):
        sheet.append(summary_values(i, row))
    totals = summary_values(None, summary["total"])
    totals[1] = _("Tổng cộng")
    sheet.append(totals, bold=True)
    sheet.finish()

    analysis = selectors.criteria_analysis(scope)
    sheet = _document(wb, _("Tiêu chí"), {**heading, "title": _(
        "PHÂN TÍCH KẾT QUẢ THEO TIÊU CHÍ NĂM %(y)s") % {"y": scope.year}}, CRITERIA_COLUMNS,
        subtitle=_("Trên %(n)s hồ sơ đã nộp; %(z)s hồ sơ có tiêu chí 0 điểm, %(b)s hồ sơ đủ điểm nhưng không "
                   "được công nhận chỉ vì có tiêu chí 0 điểm") % {"n": analysis["dossiers"], "z": analysis["with_zero"],
                                                                  "b": analysis["blocked"]})
    for row in analysis["rows"]:
        sheet.append(criteria_values(row))
    sheet.finish()

    trend = selectors.trend(scope)
    columns = [("Đơn vị", 26, None)] + [(str(y), 14, PERCENT) for y in trend["years"]]
    sheet = _document(wb, _("Xu hướng"), {**heading, "title": _(
        "TỶ LỆ XÃ, PHƯỜNG, THỊ TRẤN ĐẠT CHUẨN PHÙ HỢP VỚI TRẺ EM QUA CÁC NĂM")}, columns, subtitle=subtitle)
    sheet.append([_("Bộ tiêu chuẩn")] + [", ".join(trend["standards"][y]) for y in trend["years"]])
    sheet.append([_("Chỉ tiêu")] + [_fraction(t["percent"]) for t in trend["targets"]])
    sheet.append([_("Toàn địa bàn")] + [_fraction(p["share"]) for p in trend["total"]], bold=True)
    for line in trend["lines"]:
        sheet.append([line["label"]] + [_fraction(p["share"]) for p in line["points"]])
    sheet.finish()

    sheet = _document(wb, _("Khen thưởng"), {**heading, "title": _(
        "ĐƠN VỊ ĐẠT CHUẨN NHIỀU NĂM LIÊN TỤC ĐẾN NĂM %(y)s") % {"y": scope.year}}, HOLDER_COLUMNS,
        subtitle=subtitle)
    province = scope.province_code()
    for i, h in enumerate(selectors.holders(scope), 1):
        sheet.append(holder_values(i, h, scope.year, province))
    sheet.finish()

    numbers = selectors.raw_score_columns(scope)
    total = selectors.raw_scores_count(scope)
    sheet = _document(wb, _("Điểm chi tiết"), {**heading, "title": _(
        "ĐIỂM CHI TIẾT TỪNG TIÊU CHÍ CỦA CÁC XÃ, PHƯỜNG, THỊ TRẤN NĂM %(y)s") % {"y": scope.year}},
        raw_columns(numbers), subtitle=_("Điểm sau thẩm định (điểm tự đánh giá nếu chưa thẩm định). ") + subtitle)
    for done, row in enumerate(selectors.raw_scores(scope, numbers), 1):
        sheet.append_plain(raw_values(row, numbers))
        if progress and done % 2000 == 0:
            progress(done, total)
    sheet.finish()
    wb.save(path)
    if progress:
        progress(total, total)
    return path


def write_pdf(scope, path, *, params=None, today=None):
    params = params or {}
    context = documents.report_context(scope, number=params.get("number", ""),
                                       signer_name=params.get("signer_name", ""),
                                       signer_title=params.get("signer_title", ""), today=today)
    with open(path, "wb") as f:
        f.write(render_pdf(documents.document_template(scope), context))
    return path
