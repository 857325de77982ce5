"""Exports of a plan: the plan and schedule (PDF, Excel) and the consolidated findings (PDF, Excel).

One ``*_rows`` generator per table yields the header, then the data, from the selectors; the Excel
writer and the PDF template both print those rows, so the two files always agree.
"""

from django.utils.translation import gettext as _
from openpyxl import Workbook

from communes.models import REFORM_DATE, Level
from core import excel
from core.formatting import BLANK_DATE, nd30_date
from core.pdf import render_pdf
from inspections import rules, selectors


def _num(value):
    if value is None:
        return None
    return int(value) if value == int(value) else float(value)


def _parent_label(unit, plan, named=None):
    """The unit above a commune as the plan writes it (PlanUnit.parent_name), else as the data has it."""
    scoped = (named or {}).get(unit.pk)
    if unit.level == Level.COMMUNE:
        if scoped is not None and scoped.parent_name:
            return scoped.parent_name
        return unit.parent.name if unit.parent_id and unit.parent_id != plan.issuer_id else ""
    return scoped.label if scoped is not None else unit.name


def _label(unit, named=None):
    scoped = (named or {}).get(unit.pk)
    return scoped.label if scoped is not None else unit.name


def _named(plan):
    return {s.unit_id: s for s in plan.scope.select_related("unit")}


def _upper_label(plan):
    """The column of the unit above a commune: the district before 01/7/2025; after it there is none."""
    two_tier = selectors.plan_day(plan).isoformat() >= REFORM_DATE
    return _("Đơn vị cấp trên") if two_tier else _("Đơn vị cấp huyện")


# --- rows ----------------------------------------------------------------------------------

def schedule_rows(plan, visits=None):
    yield [_("TT"), _upper_label(plan), _("Đơn vị được kiểm tra"), _("Ngày"), _("Buổi"),
           _("Bắt đầu"), _("Tổ kiểm tra"), _("Ghi chú")]
    named = _named(plan)
    for i, v in enumerate(visits if visits is not None else selectors.visits(plan), start=1):
        name = _label(v.unit, named)
        place = name if v.unit.level == Level.COMMUNE else _("Làm việc tại %(u)s") % {"u": name}
        yield [i, _parent_label(v.unit, plan, named), place, v.date,
               _("Sáng") if v.session == "morning" else _("Chiều"),
               rules.SESSION_START[v.session].strftime("%H:%M"),
               str(v.subteam) if v.subteam else _("Cả đoàn"), v.notes]


def findings_rows(plan, unit_findings=None):
    yield [_("Đơn vị"), _upper_label(plan), _("Tiêu chí"), _("Tên tiêu chí"), _("Ngành kiểm tra"),
           _("Điểm tối đa"), _("Tự đánh giá"), _("Thẩm định"), _("Kiểm tra lại"), _("Chênh lệch"),
           _("Ghi nhận"), _("Nhận xét")]
    for uf in unit_findings if unit_findings is not None else selectors.findings(plan):
        for r in uf.rows:
            mark = "" if not r.recorded else (_("Có chênh lệch") if r.flagged else _("Khớp"))
            yield [uf.name, uf.parent_name, r.criterion.number, r.criterion.name,
                   r.sector.name, r.criterion.max_points, _num(r.self_points), _num(r.appraised_points),
                   _num(r.rechecked_points), _num(r.difference) if r.recorded else None,
                   mark or _("Chưa kiểm tra"), r.note]


def conclusion_rows(unit_findings):
    yield [_("Đơn vị"), _("Kết luận"), _("Kiến nghị")]
    for uf in unit_findings:
        c = uf.conclusion
        yield [uf.name, c.conclusions if c else _("(chưa có)"), c.recommendations if c else ""]


def follow_up_rows(plan):
    yield [_("TT"), _("Đơn vị"), _("Việc cần làm"), _("Chịu trách nhiệm"), _("Hạn"), _("Tình trạng"),
           _("Ngày hoàn thành")]
    for i, f in enumerate(plan.follow_ups.select_related("unit"), start=1):
        yield [i, f.unit.name if f.unit else _("Chung"), f.action, f.owner, f.due_on,
               f.get_status_display(), f.done_on]


# --- Excel ---------------------------------------------------------------------------------

WIDTHS = {"TT": 5, "Ngày": 12, "Hạn": 12, "Buổi": 8, "Bắt đầu": 9, "Tiêu chí": 8, "Điểm tối đa": 9,
          "Tự đánh giá": 9, "Thẩm định": 9, "Kiểm tra lại": 9, "Chênh lệch": 9, "Ghi nhận": 13}


def _sheet(wb, sheet_title, letterhead, title, subtitle, rows, widths=None):
    """A sheet printed as a document (core.excel.Document): the letterhead, the title, then ``rows``
    (the header first)."""
    rows = iter(rows)
    header = next(rows)
    columns = [(name, (widths or {}).get(i) or WIDTHS.get(name, 18 if len(name) < 14 else 24))
               for i, name in enumerate(header)]
    sheet = excel.Document(wb, sheet_title, letterhead=letterhead, title=title, subtitle=subtitle, columns=columns)
    for row in rows:
        sheet.append(row)
    sheet.finish()
    return sheet


def annex_line(plan) -> str:
    """The line under an annex's title naming the plan it goes with (NĐ 30/2020), and the days of the visits."""
    day = "%d/%m/%Y"
    issued = _(" ngày %(d)s") % {"d": plan.issued_on.strftime(day)} if plan.issued_on else ""
    return _("(Kèm theo Kế hoạch số %(n)s%(issued)s của %(issuer)s; thời gian kiểm tra từ %(start)s đến "
             "%(end)s)") % {"n": plan.number_text, "issued": issued, "issuer": issuer_in_text(plan),
                            "start": plan.window_start.strftime(day), "end": plan.window_end.strftime(day)}


def schedule_xlsx(plan) -> bytes:
    wb = Workbook(write_only=True)
    place_date = f"{plan.place}, {nd30_date(plan.issued_on) if plan.issued_on else BLANK_DATE}"
    _sheet(wb, _("Lịch kiểm tra"), excel.Letterhead(plan.parent_body, plan.issuer_body, place_date),
           _("PHỤ LỤC\nLỊCH KIỂM TRA\n%(title)s") % {"title": plan.title}, annex_line(plan), schedule_rows(plan),
           {1: 22, 2: 26, 7: 40})
    return excel.workbook_bytes(wb)


def findings_xlsx(plan, units=None) -> bytes:
    """``units``: the visited units to include (default all; a covered district sees its own)."""
    unit_findings = selectors.findings(plan, units)
    progress = selectors.progress(plan, unit_findings)
    wb = Workbook(write_only=True)
    head = _findings_heading(plan)
    letterhead = excel.Letterhead(head["parent_body"], head["issuer"], f"{plan.place}, {BLANK_DATE}")
    subtitle = f"{head['summary']}: {plan.title}"
    _sheet(wb, _("Kết quả tiêu chí"), letterhead, _("KẾT QUẢ KIỂM TRA LẠI TỪNG TIÊU CHÍ"), subtitle,
           findings_rows(plan, unit_findings), {0: 18, 1: 16, 3: 32, 4: 18, 11: 30})
    _sheet(wb, _("Kết luận"), letterhead, _("KẾT LUẬN VÀ KIẾN NGHỊ"), subtitle, conclusion_rows(unit_findings),
           {0: 22, 1: 60, 2: 60})
    _sheet(wb, _("Việc sau kiểm tra"), letterhead, _("VIỆC CẦN LÀM SAU KIỂM TRA"), subtitle, follow_up_rows(plan),
           {1: 22, 2: 50, 3: 28})
    missing = [[_("Hạn báo cáo tổng hợp"), progress.due]] + [[_("Còn thiếu"), m] for m in progress.missing]
    _sheet(wb, _("Còn thiếu"), letterhead, _("KẾT QUẢ CÒN THIẾU"), subtitle,
           iter([[_("Mục"), _("Nội dung")]] + missing), {0: 24, 1: 90})
    return excel.workbook_bytes(wb)


# --- PDF -----------------------------------------------------------------------------------

def signer_authority(plan) -> str:
    """The authority above the signer's title: a committee's plan is signed for the committee, so
    "TM. ỦY BAN NHÂN DÂN" stands above "KT. CHỦ TỊCH" (NĐ 30/2020, Phụ lục I)."""
    authority = plan.signer_authority.strip()
    if plan.is_committees and not authority.upper().startswith("TM."):
        authority = "\n".join(filter(None, ["TM. ỦY BAN NHÂN DÂN", authority]))
    return authority


def issuer_in_text(plan) -> str:
    """The plan's issuer inside a sentence, read from the body its heading prints (one source): "Ủy ban nhân
    dân tỉnh Lào Cai", "Sở Lao động - Thương binh và Xã hội" for "SỞ LAO ĐỘNG - THƯƠNG BINH\nVÀ XÃ HỘI"."""
    from assessments.documents import committee, office_names
    from core.names import body_in_text

    return body_in_text(plan.issuer_body, [committee(plan.issuer)] + office_names())


def _letterhead(plan, **extra):
    return {"parent_body": plan.parent_body, "issuer": plan.issuer_body, "number": plan.number_text,
            "place": plan.place, "date": plan.issued_on, "signer_authority": signer_authority(plan),
            "signer_title": plan.signer_title, "signer_name": plan.signer_name,
            "recipients": plan.recipients, "issuer_in_text": issuer_in_text(plan), **extra}


def _short_body(body):
    """The plan's issuing body as the parent body of its team, in the lines the plan prints it, a committee
    shortened to one line: "UBND TỈNH LÀO CAI"; "SỞ LAO ĐỘNG - THƯƠNG BINH\nVÀ XÃ HỘI" keeps its two lines."""
    lines = [" ".join(line.split()).upper() for line in body.splitlines() if line.strip()]
    text = "\n".join(lines)
    for words in ("ỦY BAN NHÂN DÂN", "UỶ BAN NHÂN DÂN"):
        text = text.replace(words + "\n", "UBND ").replace(words, "UBND")
    return text


def _findings_heading(plan):
    """The team's report is headed by the team under the plan's issuer (PDF and workbook alike)."""
    return {"parent_body": _short_body(plan.issuer_body), "issuer": _("Đoàn kiểm tra liên ngành"),
            "summary": _("Kết quả kiểm tra theo %(plan)s") % {"plan": _("Kế hoạch số %(n)s") % {"n": plan.number_text}}}


def plan_pdf(plan) -> bytes:
    doc = selectors.plan_document(plan)
    rows = list(schedule_rows(plan, doc["visits"]))
    return render_pdf("inspections/documents/plan.html", {
        **_letterhead(plan, kind=_("Kế hoạch"), summary=plan.title), **doc,
        "schedule_header": rows[0], "schedule_rows": rows[1:]})


def schedule_pdf(plan) -> bytes:
    rows = list(schedule_rows(plan))
    return render_pdf("inspections/documents/schedule.html", {
        **_letterhead(plan, kind=_("Lịch kiểm tra"), summary=plan.title),
        "plan": plan, "annex_line": annex_line(plan), "header": rows[0], "rows": rows[1:]})


def findings_pdf(plan, units=None) -> bytes:
    unit_findings = selectors.findings(plan, units)
    shown = {uf.unit.pk for uf in unit_findings}
    visits = [v for v in selectors.visits(plan) if v.unit_id in shown]  # the days the team worked there
    team = selectors.team(plan)
    head = team["head"]
    return render_pdf("inspections/documents/findings.html", {
        **_findings_heading(plan), "number": plan.report_number, "place": plan.place,
        "date": None,  # the report's day is the team's to write: never the day it happens to be printed
        "kind": _("Báo cáo"),
        "recipients": [_("UBND tỉnh"), _("Các sở, ngành thành viên Đoàn kiểm tra"),
                       _("Các đơn vị được kiểm tra"), _("Lưu: VT")],
        "signer_authority": _("TM. Đoàn kiểm tra"), "signer_title": _("Trưởng đoàn"),
        "signer_name": head.name if head else "",
        "plan": plan, "team": team, "unit_findings": unit_findings,
        # a unit with nothing entered is one line of its own list, not an empty checklist
        "entered": [uf for uf in unit_findings if uf.recorded_count or uf.conclusion],
        "not_entered": [uf for uf in unit_findings if not (uf.recorded_count or uf.conclusion)],
        "progress": selectors.progress(plan, unit_findings),
        "follow_ups": list(plan.follow_ups.select_related("unit")),
        "visits": visits, "visit_days": sorted({v.date for v in visits})})
