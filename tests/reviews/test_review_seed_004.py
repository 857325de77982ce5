"""Seed 004 recreated: a Kon Tum district's plan for the 2015–2020 review (tổng kết) of the child programmes,
whose part II.3 reviews building child-friendly communes; communes report to the district by 10/11/2020, the
district to the provincial department (Sở Lao động - Thương binh và Xã hội) by 25/11/2020; signed by Pờ Ly Hảo,
Phó Chủ tịch, for the district People's Committee (TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH).

The seed names neither its district nor its number and date (its text says only "huyện"; the signer, Pờ Ly
Hảo, and the offices it lists do not name one either: README, "Period reviews"), so the real district cannot be
told from it. The test stands it in a real Kon Tum district of the shipped units data: Huyện Ia H' Drai and its
three communes, read from communes/data/pre_reform_units.json.gz (vietnam-provinces 0.6.0), not typed here;
the number is left blank, as the record would; everything else is the seed's. The review's documents are read
back: the PDF (NĐ 30 report: pdftotext, one page kept as PNG for a look), the Word copy (python-docx, with the
PDF's two charts as pictures) and the Excel copy (openpyxl)."""

import datetime
import io
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse
from docx import Document as WordDocument
from openpyxl import load_workbook
from PIL import Image

from accounts.models import Notification
from communes.models import Kind, Level
from communes.sources import pre_reform_rows
from reviews import services as reviews
from tests.excel_formulas import PLANTED, assert_user_text_is_text
from tests.factories import CommuneOfficerFactory, DistrictOfficerFactory, ProvincialStaffFactory, RoundFactory
from tests.factories import recorded_assessment as assess
from tests.pdf import pdf_text

pytestmark = pytest.mark.django_db
TITLE = ("Tổng kết đánh giá kết quả thực hiện Chương trình bảo vệ trẻ em và Chương trình hành động vì trẻ em "
         "trên địa bàn huyện")
BASIS = ("Thực hiện Kế hoạch số 3461/KH-BCĐ ngày 14/9/2020 của Ban Chỉ đạo Chương trình hành động vì trẻ em tỉnh "
         "Kon Tum; Công văn số 1493/SLĐTBXH-BVCSTE&BDG ngày 16/9/2020 của Sở Lao động - Thương binh và Xã hội")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "reviews"


SEED_004 = Path(__file__).parent / "seeds" / "004_kon_tum_district_2020.txt"  # the seed's text, as given
STAND_IN = "618"  # Huyện Ia H' Drai in the units data


def units_data(code):
    """The district of ``code``, its province and its communes as the shipped pre-reform data gives them."""
    rows = pre_reform_rows()
    district = next(r for r in rows if r.level == Level.DISTRICT and r.code == code)
    province = next(r for r in rows if r.level == Level.PROVINCE and r.code == district.parent_code)
    return province, district, [r for r in rows if r.level == Level.COMMUNE and r.parent_code == code]


def test_the_seed_names_no_district_and_the_stand_in_is_a_real_kon_tum_district():
    province, district, communes = units_data(STAND_IN)
    assert (province.name, district.name) == ("Tỉnh Kon Tum", "Huyện Ia H' Drai")
    assert [(c.code, c.name) for c in communes] == [("23535", "Xã Ia Đal"), ("23537", "Xã Ia Dom"),
                                                    ("23538", "Xã Ia Tơi")]
    # the seed's own text: "huyện" everywhere, never the name of one of Kon Tum's ten districts
    text = SEED_004.read_text(encoding="utf-8")
    assert "Pờ Ly Hảo" in text and "25 tháng 11 năm 2020" in text
    kon_tum = [r.name.split(" ", 1)[1] for r in pre_reform_rows()
               if r.level == Level.DISTRICT and r.parent_code == province.code]
    assert len(kon_tum) == 10 and not [name for name in kon_tum if name in text]


@pytest.fixture
def kon_tum(make_unit, standards):
    end = datetime.date(2025, 6, 30)
    p, d, cs = units_data(STAND_IN)
    province = make_unit(p.name, p.code, Level.PROVINCE, Kind(p.kind), valid_to=end)
    district = make_unit(d.name, d.code, Level.DISTRICT, Kind(d.kind), province, valid_to=end)
    communes = [make_unit(c.name, c.code, Level.COMMUNE, Kind(c.kind), district, valid_to=end) for c in cs]
    std = standards["06/QĐ-TTg"]
    for year in (2019, 2020):
        r = RoundFactory(province=province, year=year, standard=std)
        assess(r, communes[0], "recognised")
        if year == 2020:  # Ia Dom loses its recognition: criterion 4 at 0
            assess(r, communes[1], "not_recognised", points={4: 0})
        else:
            assess(r, communes[1], "recognised")
    return province, district, communes


@pytest.fixture
def seed(kon_tum):
    province, district, communes = kon_tum
    office = DistrictOfficerFactory(unit=district)
    officers = [CommuneOfficerFactory(unit=c) for c in communes]
    staff = ProvincialStaffFactory(unit=province)
    r = reviews.review_round_open(by=office, kind="final", year_from=2015, year_to=2020, title=TITLE, basis=BASIS,
                                  commune_due=datetime.date(2020, 11, 10), unit_due=datetime.date(2020, 11, 25),
                                  signer_name="Pờ Ly Hảo", signer_title="Phó Chủ tịch")
    return r, office, officers, staff, district, communes


def _write_and_send(part, by, on):
    part = reviews.part_save(by=by, part_id=part.pk, seen_version=part.version,
                             results=f"{part.unit} tổ chức đăng ký, đánh giá hằng năm.",
                             shortcomings="Nguồn lực còn hạn chế.", lessons=PLANTED[0], proposals="Tăng kinh phí.")
    return reviews.part_submit(by=by, part_id=part.pk, seen_version=part.version, on=on)


def test_seed_004_is_a_review_round_with_its_two_deadlines(seed, client):
    r, office, officers, staff, district, communes = seed
    assert (r.kind, r.year_from, r.year_to, r.commune_due, r.unit_due) == (
        "final", 2015, 2020, datetime.date(2020, 11, 10), datetime.date(2020, 11, 25))
    assert sorted(r.parts.values_list("unit__code", flat=True)) == ["23535", "23537", "23538", "618"]
    for officer in officers:  # each commune is told its deadline
        assert "10/11/2020" in Notification.objects.get(recipient=officer).subject
    assert "25/11/2020" in Notification.objects.get(recipient=office).subject
    client.force_login(office)
    html = " ".join(client.get(reverse("reviews:round", args=[r.pk])).content.decode().split())
    assert "chậm nhất ngày <strong>10/11/2020</strong>" in html and "chậm nhất ngày <strong>25/11/2020</strong>" in html
    assert "3461/KH-BCĐ" in html


def test_seed_004_walked_through_and_printed(seed, client):
    r, office, officers, staff, district, communes = seed
    parts = {p.unit_id: p for p in r.parts.all()}
    _write_and_send(parts[communes[0].pk], officers[0], datetime.date(2020, 11, 9))   # on time
    _write_and_send(parts[communes[1].pk], officers[1], datetime.date(2020, 11, 12))  # late
    own = _write_and_send(parts[district.pk], office, datetime.date(2020, 11, 24))
    assert Notification.objects.filter(recipient=staff, key__startswith=f"review-part:{own.pk}:submit").exists()

    client.force_login(staff)  # the province reads the district's review
    pdf = client.get(reverse("reviews:part_pdf", args=[own.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf" and "no-store" in pdf["Cache-Control"]
    text = pdf_text(pdf.content)
    for expected in ("ỦY BAN NHÂN DÂN HUYỆN IA H' DRAI", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                     "Ia H' Drai, ngày 24 tháng 11 năm 2020", "BÁO CÁO", "giai đoạn 2015-2020",
                     "Kính gửi: Sở Lao động - Thương binh và Xã hội tỉnh Kon Tum",
                     "I. ĐÁNH GIÁ VIỆC XÂY DỰNG XÃ, PHƯỜNG, THỊ TRẤN PHÙ HỢP VỚI TRẺ EM",
                     "II. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN", "III. BÀI HỌC KINH NGHIỆM",
                     "IV. ĐỀ XUẤT, KIẾN NGHỊ CHO GIAI ĐOẠN TỚI", "Xã Ia Đal Đã gửi 09/11/2020 Đúng hạn",
                     "Xã Ia Dom Đã gửi 12/11/2020 Trễ hạn", "Xã Ia Tơi Đang soạn",
                     "TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH PHÓ CHỦ TỊCH", "Pờ Ly Hảo", "Nơi nhận:"):
        assert expected in text, expected
    # the year rows: 2019 two recognised of three, 2020 Ia Đal kept and Ia Dom lost (criterion 4 at 0)
    assert "2019 3 0 2 2 2 0 0 66,67%" in text and "2020 3 0 2 1 0 1 1 33,33%" in text
    assert "2015 3 — — — — — — — — Chưa có dữ liệu" in text  # no round of 2015 on record: no figures, not zeros
    assert "Thực hiện Kế hoạch số 3461/KH-BCĐ ngày 14/9/2020" in text
    assert "TC4" in text and "Theo ngành phụ trách: Công an 1 lượt (TC4)." in text
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "seed-004-district.pdf").write_bytes(pdf.content)
    subprocess.run(["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "2", str(ARTIFACTS / "seed-004-district.pdf"),
                    str(ARTIFACTS / "seed-004-district")], check=True)

    word = client.get(reverse("reviews:part_docx", args=[own.pk]))
    assert word.status_code == 200 and "attachment" in word["Content-Disposition"]
    (ARTIFACTS / "seed-004-district.docx").write_bytes(word.content)
    doc = WordDocument(io.BytesIO(word.content))
    paragraphs = [p.text for p in doc.paragraphs]
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert "BÁO CÁO" in paragraphs and "Kính gửi: Sở Lao động - Thương binh và Xã hội tỉnh Kon Tum." in paragraphs
    assert "IV. ĐỀ XUẤT, KIẾN NGHỊ CHO GIAI ĐOẠN TỚI" in paragraphs and "Tăng kinh phí." in paragraphs
    assert "Pờ Ly Hảo" in " ".join(cells) and "Trễ hạn" in cells and "66,67%" in cells and "Chưa có dữ liệu" in cells
    # the PDF's two charts, as pictures drawn from the same SVG, under their captions
    assert len(doc.inline_shapes) == 2 and all(round(s.width.mm) == 165 for s in doc.inline_shapes)
    assert "Biểu đồ 1. Tỷ lệ đơn vị đạt chuẩn so với chỉ tiêu qua các năm" in paragraphs
    assert "Biểu đồ 2. Tiêu chí đạt 0 điểm nhiều nhất trong giai đoạn" in paragraphs
    images = [doc.part.related_parts[shape._inline.graphic.graphicData.pic.blipFill.blip.embed]
              for shape in doc.inline_shapes]
    assert [image.content_type for image in images] == ["image/png", "image/png"]
    colours = []
    for image in images:
        picture = Image.open(io.BytesIO(image.blob))
        assert picture.format == "PNG" and picture.width == 1600 and picture.height > 200
        colours.append({c for _n, c in picture.convert("RGB").getcolors(1 << 22)})
        assert len(colours[-1]) > 20  # drawn, not blank
    assert (0x10, 0x2A, 0x43) in colours[0]  # the share's navy line (reports.charts.NAVY)
    assert (0xC8, 0x10, 0x2E) in colours[1]  # the criterion's red bar (reports.charts.RED)

    sheet = client.get(reverse("reviews:part_xlsx", args=[own.pk]))
    assert sheet.status_code == 200
    wb = load_workbook(io.BytesIO(sheet.content))
    assert wb.sheetnames == ["Số liệu từng năm", "Tiêu chí chưa đạt", "Đạt chuẩn liên tục", "Nội dung báo cáo"]
    years = [[c.value for c in row] for row in wb["Số liệu từng năm"].iter_rows(min_row=8)]
    assert years[-1][:8] == [2020, 3, 0, 2, 1, 0, 1, 1]
    assert_user_text_is_text(sheet.content, [PLANTED[0]])  # what a user typed stays text


def test_a_communes_part_prints_to_the_district(seed, client):
    r, office, officers, staff, district, communes = seed
    part = _write_and_send(r.parts.get(unit=communes[0]), officers[0], datetime.date(2020, 11, 9))
    client.force_login(officers[0])
    text = pdf_text(client.get(reverse("reviews:part_pdf", args=[part.pk])).content)
    assert "ỦY BAN NHÂN DÂN XÃ IA ĐAL" in text
    assert ("Kính gửi: Ủy ban nhân dân huyện Ia H' Drai (qua Phòng Lao động - Thương binh và Xã hội huyện "
            "Ia H' Drai)") in text
    assert "TM. ỦY BAN NHÂN DÂN CHỦ TỊCH" in text
