"""Seeds 001 (Ninh Thuận 2017) and 003 (Lạng Sơn 2022) recreated from the app's data (tests/planning/seed_plans.py,
independent of load_demo): every line the seed gives is read back, in order, from the printed PDF (pdftotext)
and from the Word document (python-docx), and what the documents print beyond it is only the layout's own words
(the national motto, the heading the app names where the seed prints none; the PDF's page numbers, read apart):
nothing invented.

Read back with whitespace and dashes left out of the comparison: pdftotext joins a line ending in "-" to the
next without it ("Lao động -⏎Thương binh" reads "Lao động Thương binh") and the PDF breaks lines inside long
numbers ("25/2014/⏎TT-BLĐTBXH"). The date line follows NĐ 30/2020's zero rule ("tháng 3", where seed 001
writes "tháng 03", which the rule does not ask for); seed 003's number and day are blank for the clerk.
"""

import datetime as dt
import io
import re

import pytest
from django.core.management import call_command
from docx import Document

from assessments.deadlines import of_round
from planning import documents, services
from planning.models import Entry
from reports.models import Target
from tests import factories
from tests.pdf import first_page_words, heading_columns_apart, pdf_text, pdf_text_without_page_numbers
from tests.planning.seed_plans import DATA, province_of, seed_plan, seed_text
from tests.printed import pdf_pages

pytestmark = pytest.mark.django_db
MOTTO = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
# seed 001's date line, as NĐ 30/2020 writes it
AS_PRINTED = {"Ninh Thuận, ngày 22 tháng 03 năm 2017": "Ninh Thuận, ngày 22 tháng 3 năm 2017"}


def norm(text: str) -> str:
    return re.sub(r"[\s\-–]", "", text.replace("**", ""))


def seed_lines(key):
    """The seed's lines as it gives them (rules of dashes, blank lines and its markdown's ** left out), split at
    "KẾ HOẠCH": the heading above it, the document from it on."""
    lines = [AS_PRINTED.get(" ".join(line.split()), " ".join(line.split()))
             for line in seed_text(key).replace("**", "").splitlines()]
    lines = [line for line in lines if norm(line)]
    at = lines.index("KẾ HOẠCH")
    return lines[:at], lines[at:]


def in_order(lines, text):
    """Find each line in ``text`` after the one before; return what lies between them (and after the last)."""
    missing, gaps, at = [], [], 0
    for line in lines:
        found = text.find(norm(line), at)
        if found < 0:
            missing.append(line)
            continue
        gaps.append(text[at:found])
        at = found + len(norm(line))
    gaps.append(text[at:])
    return missing, "".join(gaps)


def the_heading_the_app_names(plan):
    return [line for body in (plan.parent_body, plan.issuer_body) for line in body.splitlines()]


def check_document(key, plan, text):
    heading, body = seed_lines(key)
    start = text.find(norm("KẾ HOẠCH"))
    assert start > 0, "the document kind is printed under its heading"
    top, rest = text[:start], text[start:]
    # the document, from KẾ HOẠCH to the signer: every line of the seed, in the seed's order
    missing, between = in_order(body, rest)
    assert not missing, f"seed {key}: lines not read back: {missing}"
    assert between == "", f"seed {key}: printed beyond the seed: {between[:300]!r}"
    # the heading: the seed's lines, and beyond them only the motto and the body the app names
    extra = [] if key == "001" else MOTTO + the_heading_the_app_names(plan)
    for line in heading + extra:
        assert norm(line) in top, f"seed {key}: heading line not read back: {line!r}"
        top = top.replace(norm(line), "", 1)
    assert top == "", f"seed {key}: heading printed beyond the seed: {top!r}"


def docx_lines(data: bytes) -> list[str]:
    """The .docx's paragraphs in document order, a table's cells left to right."""
    doc = Document(io.BytesIO(data))
    out = []
    for block in doc.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            out.append("".join(t.text or "" for t in block.iter() if t.tag.endswith("}t")))
        elif tag == "tbl":
            for cell in block.iter():
                if cell.tag.endswith("}tc"):
                    out.extend("".join(t.text or "" for t in p.iter() if t.tag.endswith("}t"))
                               for p in cell.iter() if p.tag.endswith("}p"))
    return out


@pytest.fixture
def plans(standards):
    return {key: seed_plan(key) for key in ("001", "003")}


def annex_lines(plan):
    """What the app prints after the plan, on a page of its own: the targets it computes from the record (seed
    003's "11/11 các huyện, thành phố … đều triển khai"), said to be the system's figures, not the plan's words."""
    rows = documents.computed(plan)
    if not rows:
        return []
    return ["PHỤ LỤC", str(documents.ANNEX_TITLE), documents.annex_note(plan), *[r.text for r in rows]]


def split_annex(data: bytes, plan):
    """(the plan's pages, the annex's page) of the PDF; the annex page is the last one when there is one."""
    from pypdf import PdfReader, PdfWriter

    if not annex_lines(plan):
        return data, b""
    reader, parts = PdfReader(io.BytesIO(data)), []
    for pages in (reader.pages[:-1], reader.pages[-1:]):
        writer, out = PdfWriter(), io.BytesIO()
        for page in pages:
            writer.add_page(page)
        writer.write(out)
        parts.append(out.getvalue())
    return parts


@pytest.mark.parametrize("key", ["001", "003"])
def test_the_seed_reads_back_from_the_pdf_and_nothing_else(plans, key):
    data = documents.plan_pdf(plans[key])
    pdf_pages(data, f"ke-hoach-nam-{key}")  # its pages kept as images to look at (test-artifacts/print/<database>/)
    body, annex = split_annex(data, plans[key])
    check_document(key, plans[key], norm(pdf_text_without_page_numbers(body)))
    heading_columns_apart(first_page_words(data))
    if key == "003":  # after it, on its own page, only the computed annex (seed 001 sets no districts target)
        assert norm(pdf_text(annex)) == norm("".join(annex_lines(plans[key])))
    else:
        assert annex == b"" and annex_lines(plans[key]) == []


@pytest.mark.parametrize("key", ["001", "003"])
def test_the_seed_reads_back_from_the_word_document_and_nothing_else(plans, key):
    lines = docx_lines(documents.plan_docx(plans[key]))
    annex = annex_lines(plans[key])
    if annex:
        assert [line for line in lines[-len(annex) - 1:] if line] == annex  # the page break's empty paragraph
        lines = lines[:-len(annex) - 1]
    check_document(key, plans[key], norm(" ".join(lines)))
    assert lines[lines.index("KẾ HOẠCH") + 1] == DATA[key]["title"]


def test_seed_003s_districts_target_is_computed_from_the_record_beside_the_plans(plans, standards):
    """"11/11 các huyện, thành phố … đều triển khai" is a target of 100% of districts taking part; the app counts
    the districts with a commune registered or assessed in 2022 (the reports' summary) and prints it beside."""
    from assessments.models import Registration
    from communes.models import Kind, Level
    from reports.scope import UNIT_READER, Scope
    from reports.selectors import summary
    from tests.factories import recorded_assessment

    plan = plans["003"]
    target = Target.objects.get(unit=plan.unit, kind="districts")
    assert (target.percent_label, target.year, target.plan_entry.part.plan) == ("100%", 2022, plan)
    [row] = documents.computed(plan)
    assert "chưa có dữ liệu" in row.text  # no round of 2022 on record yet: no figure, not 0%

    end = dt.date(2025, 6, 30)
    make = factories.UnitFactory
    van_lang = make(name="Huyện Văn Lãng", code="182", level=Level.DISTRICT, kind=Kind.RURAL_DISTRICT,
                    parent=plan.unit, valid_to=end)
    cao_loc = make(name="Huyện Cao Lộc", code="183", level=Level.DISTRICT, kind=Kind.RURAL_DISTRICT,
                   parent=plan.unit, valid_to=end)
    na_sam = make(name="Thị trấn Na Sầm", code="06124", level=Level.COMMUNE, kind=Kind.TOWNSHIP, parent=van_lang,
                  valid_to=end)
    make(name="Xã Thụy Hùng", code="06127", level=Level.COMMUNE, kind=Kind.COMMUNE, parent=van_lang, valid_to=end)
    dong_dang = make(name="Thị trấn Đồng Đăng", code="06259", level=Level.COMMUNE, kind=Kind.TOWNSHIP,
                     parent=cao_loc, valid_to=end)
    r = factories.RoundFactory(province=plan.unit, year=2022, standard=standards["06/QĐ-TTg"])
    Registration.objects.create(round=r, commune=na_sam, registered_on=dt.date(2022, 3, 1))
    [row] = documents.computed(plan)
    assert (row.districts, row.taking_part, row.missing, row.met) == (2, 1, ("Huyện Cao Lộc",), False)
    assert row.text == ("Năm 2022: chỉ tiêu 100% huyện, thành phố tham gia; theo dữ liệu 1/2 huyện, thành phố có xã "
                        "đăng ký hoặc tự đánh giá (50%): chưa đạt. Chưa tham gia: Huyện Cao Lộc.")
    # the same rows as the reports' summary of Lạng Sơn 2022 (one source of figures)
    rows = summary(Scope(user=UNIT_READER, year=2022, unit=plan.unit))["rows"]
    assert [(x.label, x.registered, x.assessed) for x in rows] == [("Huyện Văn Lãng", 1, 0), ("Huyện Cao Lộc", 0, 0)]

    recorded_assessment(r, dong_dang, "recognised")  # assessed without registering: it takes part all the same
    [row] = documents.computed(plan)
    assert (row.taking_part, row.share, row.met, row.missing) == (2, 100, True, ())
    text = " ".join(pdf_text(split_annex(documents.plan_pdf(plan), plan)[1]).split())
    assert "CHỈ TIÊU HUYỆN THAM GIA" in text and "theo dữ liệu 2/2 huyện, thành phố" in text and "(100%): đạt." in text
    assert row.text in docx_lines(documents.plan_docx(plan))


def test_each_part_is_printed_under_its_numeral_with_its_items(plans):
    text = " ".join(pdf_text(documents.plan_pdf(plans["003"])).split())
    assert "I. MỤC ĐÍCH, YÊU CẦU 1. Mục đích - 11/11 các huyện, thành phố" in text
    assert "III. KINH PHÍ THỰC HIỆN Nguồn kinh phí thực hiện Kế hoạch: Theo Quyết định số 8668/QĐ-SLĐTBXH" in text
    assert "4. Chế độ báo cáo Phòng Lao động – Thương binh và Xã hội Thành phố" in text
    assert "Số: /KH-SLĐTBXH" in text and "Lạng Sơn, ngày tháng 3 năm 2022" in text
    text = " ".join(pdf_text(documents.plan_pdf(plans["001"])).split())
    assert "Số: 965/KH-UBND" in text and "Ninh Thuận, ngày 22 tháng 3 năm 2017" in text
    assert "VI. CHẾ ĐỘ BÁO CÁO 1. Ủy ban nhân dân các huyện, thành phố báo cáo" in text


def test_seed_003s_heading_is_the_office_the_app_names_for_2022(plans):
    plan = plans["003"]
    assert (plan.parent_body, plan.issuer_body) == ("UBND TỈNH LẠNG SƠN", "SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI")
    assert documents.proposed(plan.unit, "office", 2022)["symbol"] == "KH-SLĐTBXH"  # the seed's own symbol
    assert documents.citation(plan) == ("Kế hoạch số …/KH-SLĐTBXH tháng 3/2022 của Sở Lao động - Thương binh và "
                                        "Xã hội tỉnh Lạng Sơn")


def test_the_plans_are_the_source_of_the_targets_without_duplicating_them(standards):
    province_of("001"), province_of("003")
    call_command("load_plan_targets", stdout=io.StringIO())
    before = Target.objects.count()
    plans = {key: seed_plan(key) for key in ("001", "003")}
    # the targets load_plan_targets recorded are the plans' own; seed 003's districts target is new (it loads none)
    assert Target.objects.count() == before + 1 and Target.objects.filter(kind="districts").count() == 1
    ninh_thuan = {(t.kind, t.year): t for t in Target.objects.filter(unit=plans["001"].unit)}
    assert ninh_thuan[("new", 2020)].percent_label == "3–5%"
    assert ninh_thuan[("new", 2020)].year_from == 2017
    assert ninh_thuan[("recognised", 2020)].percent_label == "80%"
    assert {t.source for t in ninh_thuan.values()} == {
        "Kế hoạch số 965/KH-UBND ngày 22/3/2017 của Ủy ban nhân dân tỉnh Ninh Thuận"}
    lang_son = Target.objects.get(unit=plans["003"].unit, kind="recognised")
    assert (lang_son.percent_label, lang_son.year, lang_son.plan_entry.part.plan) == ("95%", 2022, plans["003"])


def test_a_rounds_deadlines_come_from_the_plan_with_their_source(plans, standards):
    ninh_thuan, lang_son = plans["001"], plans["003"]
    staff = factories.ProvincialStaffFactory(unit=ninh_thuan.unit)
    r2018 = factories.RoundFactory(province=ninh_thuan.unit, year=2018, standard=standards["34/2014/QĐ-TTg"],
                                   opened_by=staff)
    r = services.plan_apply_deadlines(by=staff, plan_id=ninh_thuan.pk, round_id=r2018.pk)
    assert (r.district_report_due, r.report_due) == (dt.date(2018, 11, 30), dt.date(2018, 12, 10))
    assert r.deadlines_source == "Kế hoạch số 965/KH-UBND ngày 22/3/2017 của Ủy ban nhân dân tỉnh Ninh Thuận"
    assert r.district_report_source.startswith(
        "Kế hoạch số 965/KH-UBND ngày 22/3/2017 của Ủy ban nhân dân tỉnh Ninh Thuận, mục VI.1: “")
    assert "gửi Sở Lao động - Thương binh và Xã hội trước ngày 30 tháng 11 hàng năm" in r.district_report_source
    assert "mục VI.2" in r.report_source and "trước ngày 10 tháng 12 hàng năm" in r.report_source
    shown = {d.key: d.source for d in of_round(r)}
    assert shown["district_report"] == r.district_report_source
    assert r.plan_link.plan == ninh_thuan

    staff = factories.ProvincialStaffFactory(unit=lang_son.unit)
    r2022 = factories.RoundFactory(province=lang_son.unit, year=2022, standard=standards["06/QĐ-TTg"],
                                   opened_by=staff)
    r = services.plan_apply_deadlines(by=staff, plan_id=lang_son.pk, round_id=r2022.pk)
    assert (r.submission_due, r.district_report_due) == (dt.date(2022, 11, 15), dt.date(2022, 11, 30))
    assert "mục IV.3" in r.submission_source and "trước ngày 15/11/2022" in r.submission_source
    assert "mục IV.4" in r.district_report_source and "trước ngày 30/11/2022" in r.district_report_source
    assert len(r.district_report_source) <= 300 and "…" in r.district_report_source  # cut around its day


def test_the_entries_say_what_they_set(plans):
    entries = Entry.objects.filter(part__plan=plans["001"])
    assert {e.sector.code for e in entries.filter(kind="task", sector__isnull=False)} == {
        "labour", "health", "justice", "education", "police", "culture"}
    assert entries.filter(kind="training").count() == 1 and entries.filter(kind="communication").count() == 1
    assert entries.filter(kind="funding").count() == 2
    lang_son = Entry.objects.filter(part__plan=plans["003"])
    assert [(e.level, e.due_on, e.deadline) for e in lang_son.exclude(deadline="").order_by("position")] == [
        ("commune", dt.date(2022, 11, 15), "submission"), ("district", dt.date(2022, 11, 30), "district_report")]


def test_the_word_document_keeps_the_nd30_page_and_heading(plans):
    doc = Document(io.BytesIO(documents.plan_docx(plans["003"])))
    page = doc.sections[0]
    assert [round(x.mm) for x in (page.page_width, page.page_height, page.left_margin, page.right_margin,
                                  page.top_margin, page.bottom_margin)] == [210, 297, 30, 15, 20, 20]
    assert (doc.styles["Normal"].font.name, doc.styles["Normal"].font.size.pt) == ("Times New Roman", 14)
    heading, signature = doc.tables
    assert [round(c.width.mm) for c in heading.columns] == [70, 95]  # the motto fits on its line
    assert [p.text for p in heading.cell(0, 0).paragraphs] == [
        "UBND TỈNH LẠNG SƠN", "SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI", "-------", "Số: " + "\u00a0" * 8 + "/KH-SLĐTBXH"]
    assert heading.cell(0, 1).paragraphs[0].runs[0].bold
    assert [p.text for p in signature.cell(0, 1).paragraphs][::2] == ["KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC", "Đàm Văn Chính"]
