"""The plan as printed: its outline (parts, numbered items, bullets), the NĐ 30/2020 PDF (WeasyPrint, as the
other documents: templates/documents/base.html) and the Word document (python-docx) an office edits before
signing. Both print the same paragraphs (``outline``), so what the PDF says the .docx says.
"""

import io
from dataclasses import dataclass

from django.utils.translation import gettext as _

from core.formatting import nd30_date, nd30_month

ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV")
BLANK = "\u00a0" * 8  # room for the clerk to write the number or the day by hand
SOURCE_MAX = 300  # assessments.Round.<key>_source, reports.Target.source


def lines(text) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def roman(n: int) -> str:
    return ROMAN[n - 1] if 0 < n <= len(ROMAN) else str(n)


# --- names ------------------------------------------------------------------------------------

def issuer_in_text(plan) -> str:
    """The issuing body inside a sentence, from the heading's lines (one source): "Ủy ban nhân dân tỉnh Ninh
    Thuận"; an office adds its unit: "Sở Lao động - Thương binh và Xã hội tỉnh Lạng Sơn"."""
    from assessments.documents import committee, in_text, office_names
    from core.names import body_in_text

    body = body_in_text(plan.issuer_body, [committee(plan.unit)] + office_names())
    if body.startswith(("Sở ", "Phòng ")):
        body = f"{body} {in_text(plan.unit)}"
    return body


def day_text(plan) -> str:
    """"ngày 22/3/2017"; "tháng 3/2022" for a draft that has its month only; "" for neither."""
    if plan.issued_on:
        return _("ngày %(d)s") % {"d": f"{plan.issued_on.day}/{plan.issued_on.month}/{plan.issued_on.year}"}
    if plan.issued_month:
        return _("tháng %(m)s/%(y)s") % {"m": plan.issued_month, "y": plan.year}
    return ""


def citation(plan) -> str:
    """How another record names the plan: "Kế hoạch số 965/KH-UBND ngày 22/3/2017 của Ủy ban nhân dân tỉnh
    Ninh Thuận" (the source of its targets and of a round's deadlines)."""
    day = day_text(plan)
    return " ".join(filter(None, [_("Kế hoạch số %(n)s") % {"n": plan.number_text}, day,
                                  _("của %(b)s") % {"b": issuer_in_text(plan)}]))


def date_line(plan) -> str:
    """The heading's date (NĐ 30/2020), with blanks where the draft has none: "ngày 22 tháng 3 năm 2017",
    "ngày ⎵ tháng 3 năm 2022"."""
    if plan.issued_on:
        return nd30_date(plan.issued_on)
    month = nd30_month(plan.issued_month) if plan.issued_month else BLANK
    return f"ngày {BLANK} tháng {month} năm {plan.year}"


# --- the outline ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Paragraph:
    text: str
    bold: bool = False
    heading: bool = False  # a part's heading (I. MỤC ĐÍCH YÊU CẦU)


def _entry_paragraphs(entry, number) -> list[Paragraph]:
    body = lines(entry.text)
    if entry.depth == 1:
        if entry.heading:
            return [Paragraph(f"{number}. {entry.heading}", bold=True)] + [Paragraph(t) for t in body]
        return [Paragraph(f"{number}. {t}" if i == 0 else t) for i, t in enumerate(body)]
    if entry.depth == 2:
        first = [entry.heading] if entry.heading else []
        return [Paragraph(f"- {t}" if i == 0 else t) for i, t in enumerate(first + body)]
    return ([Paragraph(entry.heading, bold=True)] if entry.heading else []) + [Paragraph(t) for t in body]


def parts(plan):
    """[(part, label "I", [(entry, label "1" or "", [Paragraph])])] in order: one query for the parts, one for
    the entries."""
    from planning.models import Entry

    entries = {}
    for e in Entry.objects.filter(part__plan=plan).select_related("sector", "target").order_by("part", "position"):
        entries.setdefault(e.part_id, []).append(e)
    out = []
    for index, part in enumerate(plan.parts.order_by("position"), start=1):
        number, rows = 0, []
        for e in entries.get(part.pk, []):
            if e.depth == 1:
                number += 1
            rows.append((e, str(number) if number else "", _entry_paragraphs(e, number)))
        out.append((part, roman(index), rows))
    return out


def outline(plan) -> list[Paragraph]:
    """The body from the first part to the closing paragraph, as the PDF and the .docx print it."""
    out = []
    for part, label, rows in parts(plan):
        out.append(Paragraph(f"{label}. {part.heading}", bold=True, heading=True))
        for _entry, _number, paragraphs in rows:
            out.extend(paragraphs)
    return out


def _quoted(words: str, room: int) -> str:
    """``words`` cut to ``room`` characters around the day they set ("trước ngày …"), each cut marked "…"."""
    if len(words) <= room:
        return words
    at = words.find("trước ngày")
    start = 0 if at < 0 else max(0, min(at - room // 3, len(words) - room + 1))
    end = start + room - (1 if start else 0) - 1
    return ("…" if start else "") + words[start:end].strip() + ("…" if end < len(words) else "")


def deadline_rows(plan, year) -> list[tuple[str, object, str]]:
    """(round deadline key, day in ``year``, source) for each entry that sets one of a round's deadlines: the
    source names the plan, the part and item, and the entry's words (cut to the round's field)."""
    out = []
    for _part, label, rows in parts(plan):
        for entry, number, paragraphs in rows:
            if not entry.deadline:
                continue
            where = f"{citation(plan)}, " + _("mục %(m)s") % {"m": f"{label}.{number}" if number else label}
            words = " ".join(p.text for p in paragraphs)
            words = _quoted(words, SOURCE_MAX - len(where) - 4)
            out.append((entry.deadline, entry.due_in(year), f"{where}: “{words}”"))
    return out


def context(plan) -> dict:
    """templates/documents/base.html's context, and the plan's body."""
    number = plan.number.strip()
    return {
        "plan": plan, "annex_title": ANNEX_TITLE, "annex_note": annex_note(plan),
        "parent_body": plan.parent_body, "issuer": plan.issuer_body,
        "number": f"{number or BLANK}/{plan.symbol.strip()}", "place": plan.place, "date_text": date_line(plan),
        "kind": _("KẾ HOẠCH"), "summary": plan.title, "basis": lines(plan.basis), "outline": outline(plan),
        "closing": lines(plan.closing),
        "recipients": [r.lstrip("- ").rstrip(";.").strip() for r in lines(plan.recipients)],
        "signer_authority": plan.signer_authority, "signer_title": plan.signer_title,
        "signer_name": plan.signer_name, "computed": computed(plan),
    }


ANNEX_TITLE = _("CHỈ TIÊU HUYỆN THAM GIA: KẾ HOẠCH VÀ SỐ LIỆU TRÊN HỆ THỐNG")


def computed(plan) -> list:
    """The plan's targets the app computes from the record (planning.selectors): printed as an annex after the
    signature, apart from the plan's own words."""
    from planning.selectors import districts_taking_part

    return districts_taking_part(plan)


def annex_note(plan) -> str:
    return _("(Kèm theo %(c)s; số liệu lập từ dữ liệu của hệ thống, không phải lời văn của kế hoạch)") % {
        "c": citation(plan)}


def plan_pdf(plan) -> bytes:
    from core.pdf import render_pdf

    return render_pdf("documents/planning/plan.html", context(plan))


# --- the Word document ------------------------------------------------------------------------

FONT = "Times New Roman"


def plan_docx(plan) -> bytes:
    """The same document as a .docx (A4, NĐ 30 margins, Times New Roman 13–14 pt), for the office to edit."""
    from docx import Document
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    ctx = context(plan)
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(14)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    normal.paragraph_format.space_after = Pt(6)

    def para(container, text="", *, bold=False, italic=False, size=None, align=None, indent=False, upper=False):
        # a table cell starts with one empty paragraph: its first line goes there
        first = getattr(container, "paragraphs", None) if container is not doc else None
        p = first[0] if first and len(first) == 1 and not first[0].text and not first[0].runs else \
            container.add_paragraph()
        if align is not None:
            p.alignment = align
        if indent:
            p.paragraph_format.first_line_indent = Mm(10)
        for i, line in enumerate(text.split("\n")):
            if i:
                p.add_run().add_break()
            run = p.add_run(line.upper() if upper else line)
            run.bold, run.italic = bold, italic
            if size:
                run.font.size = Pt(size)
        return p

    center = WD_ALIGN_PARAGRAPH.CENTER
    def two_columns(left_mm, right_mm):
        """A borderless table of two columns of fixed widths (the heading, the signature)."""
        table = doc.add_table(rows=1, cols=2)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        for column, cell, width in zip(table.columns, table.rows[0].cells, (Mm(left_mm), Mm(right_mm))):
            column.width = cell.width = width
        return table.rows[0].cells

    left, right = two_columns(70, 95)  # 43/57 of the 165 mm between the margins, as the PDF's heading
    if ctx["parent_body"]:
        para(left, ctx["parent_body"], size=13, align=center, upper=True)
    para(left, ctx["issuer"], bold=True, size=13, align=center, upper=True)
    para(left, "-------", align=center, size=13)
    para(left, "Số: " + ctx["number"], size=13, align=center)
    para(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, size=12, align=center)
    para(right, "Độc lập - Tự do - Hạnh phúc", bold=True, size=13, align=center)
    para(right, "---------------", align=center, size=13)
    para(right, f"{ctx['place']}, {ctx['date_text']}", italic=True, size=13, align=center)
    for p in left.paragraphs + right.paragraphs:
        p.paragraph_format.space_after = Pt(0)

    para(doc, ctx["kind"], bold=True, align=center).paragraph_format.space_before = Pt(12)
    para(doc, ctx["summary"], bold=True, align=center)
    just = WD_ALIGN_PARAGRAPH.JUSTIFY
    for text in ctx["basis"]:
        para(doc, text, indent=True, align=just)
    for p in ctx["outline"]:
        para(doc, p.text, bold=p.bold, indent=True, align=just)
    for text in ctx["closing"]:
        para(doc, text, indent=True, align=just)

    to, signer = two_columns(82, 83)
    if ctx["recipients"]:
        para(to, "Nơi nhận:", bold=True, italic=True, size=12)
        last = len(ctx["recipients"]) - 1
        for i, r in enumerate(ctx["recipients"]):
            para(to, f"- {r}{'.' if i == last else ';'}", size=11).paragraph_format.space_after = Pt(0)
    title = "\n".join(filter(None, [ctx["signer_authority"], ctx["signer_title"]]))
    if title:
        para(signer, title, bold=True, align=center, upper=True)
    para(signer, "\n\n\n", align=center)
    if ctx["signer_name"]:
        para(signer, ctx["signer_name"], bold=True, align=center)

    if ctx["computed"]:  # the annex: on a page of its own, as the PDF's
        from docx.enum.text import WD_BREAK

        para(doc).add_run().add_break(WD_BREAK.PAGE)
        para(doc, "PHỤ LỤC", bold=True, align=center)
        para(doc, ANNEX_TITLE, bold=True, align=center)
        para(doc, annex_note(plan), italic=True, align=center, size=13)
        for row in ctx["computed"]:
            para(doc, row.text, indent=True, align=just)

    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


# --- what a new plan proposes ---------------------------------------------------------------------

def proposed(unit, issued_by: str, year: int) -> dict:
    """The heading, symbol, place and signer a new plan starts with, named as on a day of its year (today, or
    1 January of a year gone or to come): the committee ("ỦY BAN NHÂN DÂN / TỈNH …", KH-UBND, signed for the
    committee by a vice-chair) or the child-affairs office of that day ("SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI"
    before 01/3/2025, "SỞ Y TẾ" after; KH-SLĐTBXH; signed for its head). Each is edited on the plan's page."""
    import datetime

    from django.utils import timezone

    from assessments.documents import committee_heading, office_for
    from core.names import bare_name

    today = timezone.localdate()
    day = today if today.year == year else datetime.date(year, 1, 1)
    place = bare_name(unit.name)
    if issued_by == "office":
        office = office_for(unit, day)
        return {"parent_body": f"UBND {unit.name.upper()}", "issuer_body": office.name.upper(),
                "symbol": f"KH-{office.symbol}", "place": place, "signer_authority": f"KT. {office.head.upper()}",
                "signer_title": f"PHÓ {office.head.upper()}"}
    return {"parent_body": "", "issuer_body": committee_heading(unit), "symbol": "KH-UBND", "place": place,
            "signer_authority": "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH", "signer_title": "PHÓ CHỦ TỊCH"}
