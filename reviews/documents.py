"""A review part as a document: PDF (NĐ 30/2020 report, WeasyPrint), Word (python-docx) and Excel (core.excel).

The three carry the same context (``context``): the letterhead of the part's unit, the figures drafted by
reviews.drafting (the reports' selectors), the texts the unit wrote and, on the unit's own part, how its
communes reported. The Word copy is for an office to edit before signing; it shows the PDF's charts as
pictures (the same SVG of reports.charts, rasterised by core.svg); the Excel copy holds the figures as tables.
"""

from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl import Workbook

from assessments.documents import BLANK, ascii_slug, committee, committee_heading, in_text, office_for, signature
from communes.models import Level
from core import excel
from core.formatting import BLANK_DATE, nd30_date
from core.names import bare_name
from core.pdf import render_pdf
from core.svg import png
from reviews import drafting, selectors

TEXT_SECTIONS = (("results", _("Kết quả đạt được")), ("shortcomings", _("Tồn tại, hạn chế và nguyên nhân")),
                 ("lessons", _("Bài học kinh nghiệm")), ("proposals", _("Đề xuất, kiến nghị cho giai đoạn tới")))
YEAR_HEADER = (_("Năm"), _("Số đơn vị cấp xã"), _("Đăng ký"), _("Tự đánh giá"), _("Được công nhận"),
               _("Công nhận mới"), _("Giữ chuẩn"), _("Không được công nhận lại"), _("Tỷ lệ đạt chuẩn (%)"),
               _("Chỉ tiêu (%)"), _("Đạt chỉ tiêu"))


def _met(row):
    return {True: _("Đạt"), False: _("Chưa đạt"), None: _("Không có chỉ tiêu")}[row.met]


NO_ROUND = "—"


def year_cells(row):
    """A year's cells; a year the record holds no round of shows its units and dashes (no figures, not zeros)."""
    if not row.has_round:
        return [row.year, row.units, *[NO_ROUND] * 7, drafting.percent(row.target), _("Chưa có dữ liệu")]
    return [row.year, row.units, row.registered, row.assessed, row.recognised, row.newly, row.kept, row.lost,
            drafting.percent(row.share), drafting.percent(row.target), _met(row)]


def _day(part):
    """The day whose names the document prints: the day it was sent, else the part's deadline."""
    return part.submitted_on or part.due


def context(part, user):
    round_, unit = part.round, part.unit
    day = _day(part)
    draft = drafting.draft(part, user)
    if part.is_units_own:
        above = round_.unit.parent
        if above is not None:
            office = office_for(above, day)
            addressee = f"{office.name} {in_text(above)}"
        else:
            addressee = office_for(unit, day).ministry
        authority, title = signature(round_.signer_title, collective="Ủy ban nhân dân")
        signer_name = round_.signer_name
    elif part.is_middle:  # a district's part of a province's round: to the province's office, as seed 004's
        office = office_for(round_.unit, day)
        addressee = f"{office.name} {in_text(round_.unit)}"
        authority, title = signature("Chủ tịch", collective="Ủy ban nhân dân")
        signer_name = ""
    else:
        receiver = part.above.unit if part.above_id else round_.unit  # the commune's district, or the province
        addressee = committee(receiver)
        office = office_for(receiver, day)
        addressee += f" (qua {office.name} {in_text(receiver)})"
        authority, title = signature("Chủ tịch", collective="Ủy ban nhân dân")
        signer_name = ""
    kind = round_.get_kind_display()
    plan = _("Kế hoạch số %(n)s") % {"n": round_.number} if round_.number else _("Kế hoạch")
    if round_.issued_on:
        plan += _(" ngày %(d)s") % {"d": round_.issued_on.strftime("%d/%m/%Y")}
    if part.is_units_own:  # the unit answers the plans above it (the basis its own plan cites), or its own plan
        opening = (_("%(basis)s, Ủy ban nhân dân %(unit)s báo cáo %(kind)s giai đoạn %(span)s như sau:")
                   % {"basis": round_.basis.strip().rstrip(".;"), "unit": in_text(unit), "kind": kind.lower(),
                      "span": round_.span} if round_.basis.strip() else None)
    else:
        opening = None
    summary = round_.title if round_.span in round_.title else f"{round_.title}, giai đoạn {round_.span}"
    level = _("xã") if unit.level == Level.COMMUNE else in_text(unit).split(" ")[0]
    return {
        "part": part, "round": round_, "draft": draft, "parent_body": "", "issuer": committee_heading(unit),
        "number": f"{BLANK}/BC-UBND", "place": bare_name(unit.name), "date": part.submitted_on, "kind": _("Báo cáo"),
        "summary": f"{kind} {summary[:1].lower()}{summary[1:]}" if not summary.lower().startswith(kind.lower())
        else summary,
        "addressee": addressee, "area": in_text(unit), "level": level,
        "opening": opening or _("Thực hiện %(plan)s của %(issuer)s về %(title)s, Ủy ban nhân dân %(unit)s báo cáo "
                                "như sau:") % {"plan": plan, "issuer": committee(round_.unit),
                                               "title": round_.title[:1].lower() + round_.title[1:],
                                               "unit": in_text(unit)},
        "texts": [(label, getattr(part, name)) for name, label in TEXT_SECTIONS],
        "year_header": YEAR_HEADER, "year_rows": [year_cells(r) for r in draft["rows"]],
        "communes": selectors.communes_side_by_side(part, user), "below": selectors.below_label(part),
        "recipients": [addressee, _("Lưu: VT")], "signer_authority": authority, "signer_title": title,
        "signer_name": signer_name,
        "chart_share": drafting.chart_share(draft["rows"], serif=True, chart_id="pdf-review-share"),
        "chart_criteria": drafting.chart_criteria(draft["criteria"], serif=True, chart_id="pdf-review-criteria"),
    }


def filename(part, ext):
    return f"bao-cao-{ascii_slug(part.round.get_kind_display())}-{part.round.span}-{part.unit.code}.{ext}"


def part_pdf(part, user) -> bytes:
    return render_pdf("documents/reviews/part.html", context(part, user))


# --- Word -----------------------------------------------------------------------------------------

def part_docx(part, user) -> bytes:
    from docx import Document as WordDocument
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    c = context(part, user)
    doc = WordDocument()
    section = doc.sections[0]  # A4 portrait, NĐ 30/2020 margins
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    style = doc.styles["Normal"]
    style.font.name, style.font.size = "Times New Roman", Pt(13)
    style.paragraph_format.space_after, style.paragraph_format.space_before = Pt(6), Pt(0)

    def para(text, *, bold=False, italic=False, center=False, right=False, size=None, cell=None, indent=True):
        """A paragraph of the body, or of a table's ``cell`` (its first, empty one is used first)."""
        if cell is not None and len(cell.paragraphs) == 1 and not cell.paragraphs[0].text:
            p = cell.paragraphs[0]
        else:
            p = cell.add_paragraph() if cell is not None else doc.add_paragraph()
        run = p.add_run(text)
        run.bold, run.italic = bold, italic
        if size:
            run.font.size = Pt(size)
        if cell is not None:
            p.paragraph_format.space_after = Pt(0)
        if center:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif right:
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        elif cell is None:
            p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            if indent:
                p.paragraph_format.first_line_indent = Mm(10)
        return p

    def two_columns(left_mm, right_mm):
        t = doc.add_table(rows=1, cols=2)
        t.autofit = False
        for column, cell, width in zip(t.columns, t.rows[0].cells, (Mm(left_mm), Mm(right_mm))):
            column.width = cell.width = width  # the grid (LibreOffice reads it) and the cell (Word reads it)
        return t.rows[0].cells

    left, right = two_columns(68, 97)  # the issuing body about two fifths, the motto the rest (165 mm of text)
    for line in c["issuer"].split("\n"):
        para(line, bold=True, center=True, size=12.5, cell=left)
    para(_("Số: %(n)s") % {"n": c["number"]}, center=True, cell=left)
    para("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, center=True, size=12, cell=right)
    para("Độc lập - Tự do - Hạnh phúc", bold=True, center=True, size=13.5, cell=right)
    para(f"{c['place']}, {nd30_date(c['date']) if c['date'] else BLANK_DATE}", italic=True, center=True, cell=right)
    para(str(c["kind"]).upper(), bold=True, center=True, size=14).paragraph_format.space_before = Pt(12)
    para(c["summary"], bold=True, center=True, size=14)
    para(_("Kính gửi: %(a)s.") % {"a": c["addressee"]}, center=True)
    para(c["opening"])

    def table(header, rows):
        t = doc.add_table(rows=1, cols=len(header))
        t.style = "Table Grid"
        for i, h in enumerate(header):
            para(str(h), bold=True, center=True, size=10, cell=t.rows[0].cells[i])
        for row in rows:
            cells = t.add_row().cells
            for i, v in enumerate(row):
                number = isinstance(v, (int, float)) or (isinstance(v, str) and v.endswith("%"))
                para("" if v is None else str(v), size=10, right=number, cell=cells[i])
        return t

    for heading, body in _sections(c):
        para(heading, bold=True, indent=False)
        for kind, value in body:
            if kind == "p":
                para(value)
            elif kind == "chart":  # the PDF's chart, as a picture the width of the text
                svg, caption = value
                doc.add_picture(BytesIO(png(svg)), width=Mm(165))
                doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
                para(caption, italic=True, center=True, size=12)
            else:
                table(*value)
    para(_("Trên đây là báo cáo %(k)s của Ủy ban nhân dân %(u)s./.") % {"k": c["round"].get_kind_display().lower(),
                                                                        "u": c["area"]})
    left, right = two_columns(80, 85)
    para(_("Nơi nhận:"), bold=True, italic=True, size=12, cell=left)
    for i, r in enumerate(c["recipients"]):
        para(f"- {r}{'.' if i == len(c['recipients']) - 1 else ';'}", cell=left, size=11)
    for line in [*c["signer_authority"].split("\n"), c["signer_title"]]:
        if line:
            para(line, bold=True, center=True, cell=right)
    para("\n\n\n" + (c["signer_name"] or ""), bold=True, center=True, cell=right)
    out = BytesIO()
    doc.save(out)
    return out.getvalue()


CAPTIONS = (_("Biểu đồ 1. Tỷ lệ đơn vị đạt chuẩn so với chỉ tiêu qua các năm"),
            _("Biểu đồ 2. Tiêu chí đạt 0 điểm nhiều nhất trong giai đoạn"))


def _sections(c):
    """The body as (heading, [("p", text) | ("table", (header, rows))]): the Word copy's order, as the PDF's."""
    d = c["draft"]
    texts = dict((str(label), text) for label, text in c["texts"])
    first = [("p", _("1. Số liệu từng năm (đăng ký, đánh giá, công nhận, giữ chuẩn và không được công nhận lại, so "
                     "với chỉ tiêu của năm):")), ("table", (c["year_header"], c["year_rows"]))]
    if len(d["rows"]) > 1:  # as the PDF: a line needs two years
        first.append(("chart", (c["chart_share"], CAPTIONS[0])))
    first.append(("p", _("2. Tiêu chí chưa đạt (0 điểm) nhiều nhất và ngành phụ trách:")))
    if d["criteria"]:
        first.append(("table", ((_("Tiêu chí"), _("Nội dung"), _("Ngành phụ trách"), _("Lượt đơn vị 0 điểm"),
                                 _("Không được công nhận chỉ vì tiêu chí này"), _("Năm")),
                                [(f"TC{e['number']} ({e['standard']})", e["name"], e["sector"], e["zeros"],
                                  e["blocks"], ", ".join(map(str, e["years"]))) for e in d["criteria"]])))
        first.append(("p", d["by_sector"]))
        if c["chart_criteria"]:
            first.append(("chart", (c["chart_criteria"], CAPTIONS[1])))
    else:
        first.append(("p", _("Không có tiêu chí nào đạt 0 điểm trong giai đoạn.")))
    holders = ", ".join(f"{h['name']} ({h['run']} năm)" for h in d["holders"])
    first.append(("p", _("3. Đơn vị đạt chuẩn liên tục đến năm %(y)s: %(h)s.") % {
        "y": c["round"].year_to, "h": holders or _("không có đơn vị nào đạt chuẩn từ 03 năm liên tục")}))
    reform = d["reform"] or [_("Giai đoạn không qua mốc sắp xếp đơn vị hành chính ngày 01/7/2025.")]
    first.append(("p", _("4. Thay đổi do sắp xếp đơn vị hành chính năm 2025: ") + " ".join(map(str, reform))))
    if c["communes"]:
        first.append(("p", _("5. Báo cáo của %(level)s:") % {"level": c["below"]}))
        first.append(("table", ((_("Đơn vị"), _("Trạng thái"), _("Ngày gửi"), _("Đúng hạn")),
                                [(p.unit.name, p.get_status_display(),
                                  p.submitted_on.strftime("%d/%m/%Y") if p.submitted_on else "",
                                  _("Trễ hạn") if p.late else (_("Đúng hạn") if p.submitted_on else ""))
                                 for p in c["communes"]])))
    first.append(("p", texts[str(TEXT_SECTIONS[0][1])] or "…"))
    sections = [(_("I. ĐÁNH GIÁ VIỆC XÂY DỰNG XÃ, PHƯỜNG, THỊ TRẤN PHÙ HỢP VỚI TRẺ EM"), first)]
    for numeral, (name, label) in zip(("II", "III", "IV"), TEXT_SECTIONS[1:]):
        sections.append((f"{numeral}. {str(label).upper()}", [("p", texts[str(label)] or "…")]))
    return sections


# --- Excel ----------------------------------------------------------------------------------------

def part_xlsx(part, user) -> bytes:
    c = context(part, user)
    d = c["draft"]
    wb = Workbook(write_only=True)
    place_date = f"{c['place']}, {nd30_date(c['date']) if c['date'] else BLANK_DATE}"
    head = excel.Letterhead("", c["issuer"].replace("\n", " "), place_date)
    title = f"{str(c['kind']).upper()}\n{c['summary']}"
    years = excel.Document(wb, _("Số liệu từng năm"), letterhead=head, title=title,
                           subtitle=_("Xây dựng xã, phường, thị trấn phù hợp với trẻ em: số liệu từng năm"),
                           columns=[(str(h), 10 if i else 8) for i, h in enumerate(c["year_header"])])
    for row in d["rows"]:
        years.append([row.year, row.units, row.registered, row.assessed, row.recognised, row.newly, row.kept,
                      row.lost, row.share, row.target, _met(row)] if row.has_round else year_cells(row))
    years.finish()
    crit = excel.Document(wb, _("Tiêu chí chưa đạt"), letterhead=head, title=title,
                          subtitle=_("Tiêu chí đạt 0 điểm nhiều nhất và ngành phụ trách"),
                          columns=[(_("Tiêu chí"), 14), (_("Nội dung"), 40), (_("Ngành phụ trách"), 20),
                                   (_("Lượt đơn vị 0 điểm"), 10), (_("Không được công nhận chỉ vì tiêu chí này"), 14),
                                   (_("Năm"), 14)])
    for e in d["criteria"]:
        crit.append([f"TC{e['number']} ({e['standard']})", e["name"], e["sector"], e["zeros"], e["blocks"],
                     ", ".join(map(str, e["years"]))])
    crit.finish()
    held = excel.Document(wb, _("Đạt chuẩn liên tục"), letterhead=head, title=title,
                          subtitle=_("Đơn vị đạt chuẩn liên tục đến năm %(y)s") % {"y": part.round.year_to},
                          columns=[(_("Mã"), 10), (_("Đơn vị"), 34), (_("Thuộc"), 28), (_("Số năm liên tục"), 12)])
    for h in d["holders"]:
        held.append([h["code"], h["name"], h["parent"] or "", h["run"]])
    held.finish()
    texts = excel.Document(wb, _("Nội dung báo cáo"), letterhead=head, title=title, subtitle="",
                           columns=[(_("Phần"), 26), (_("Nội dung"), 90)])
    for label, text in c["texts"]:
        texts.append([str(label), text])
    for line in d["reform"]:
        texts.append([_("Thay đổi do sắp xếp năm 2025"), str(line)])
    texts.finish()
    return excel.workbook_bytes(wb)
