"""The workbook and the PDF read back: their numbers match the selectors (and so the pages) and the
hand-computed fixture. Set REPORTS_KEEP=/some/dir to keep the files for a look (pdftoppm)."""

import datetime
import os
import shutil

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from reports import exports
from reports.scope import Scope
from tests.printed import printed_pages, words

TODAY = datetime.date(2025, 1, 15)


def _keep(path):
    target = os.environ.get("REPORTS_KEEP")
    if target:
        os.makedirs(target, exist_ok=True)
        shutil.copy(path, target)


def _pdf_text(path):
    return " ".join("".join(p.extract_text() for p in PdfReader(path).pages).split())


def _header_and_rows(ws):
    rows = list(ws.iter_rows(values_only=True))
    header = rows[exports.HEADER_ROW - 1]
    return header, rows[exports.HEADER_ROW:]


@pytest.fixture
def workbook(world, cast, tmp_path):
    path = tmp_path / "tong-hop-ninh-thuan.xlsx"
    seen = []
    exports.write_workbook(Scope(cast.provincial, 2024, world.nt), path, today=TODAY,
                           progress=lambda done, total: seen.append((done, total)))
    _keep(path)
    return load_workbook(path), seen


def test_workbook_has_a_sheet_per_view(workbook):
    wb, seen = workbook
    assert wb.sheetnames == ["Tổng hợp", "Tiêu chí", "Xu hướng", "Khen thưởng", "Điểm chi tiết"]
    assert seen[-1] == (6, 6)  # six assessments in Ninh Thuận in 2024


def test_summary_sheet_numbers(workbook):
    ws = workbook[0]["Tổng hợp"]
    assert ws["A1"].value == "UBND TỈNH NINH THUẬN"
    assert ws["A2"].value == "SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI" and ws["A2"].font.b
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in [c.value for c in ws[1]]
    assert ws["A4"].value.endswith("NĂM 2024")
    assert ws.freeze_panes == "C8"
    assert ws.auto_filter.ref == "A7:N10"
    header, rows = _header_and_rows(ws)
    assert header[:3] == ("STT", "Đơn vị", "Số đơn vị cấp xã")
    bac_ai, ninh_son, total = rows
    assert bac_ai[1:] == ("Huyện Bác Ái", 2, 1, 2, 2, 0, 0.0, 0, 0, None, None, None, 2)  # no 2024 target
    assert ninh_son[1:] == ("Huyện Ninh Sơn", 5, 4, 4, 3, 2, 0.4, 1, 1, 0.6, 0.2, 1, 2)
    assert total[1:7] == ("Tổng cộng", 7, 5, 6, 5, 2)
    assert round(total[7], 4) == 0.2857 and (total[10], total[11], total[12]) == (None, None, None)
    assert ws.cell(exports.HEADER_ROW + 1, 8).number_format == "0.00%"


def test_criteria_sheet_numbers(workbook):
    _header, rows = _header_and_rows(workbook[0]["Tiêu chí"])
    by_number = {r[0]: r for r in rows}
    assert by_number[6][2:] == (125, 5, 1, 95, 0.76, 1)
    assert by_number[13][2:4] == (75, 5) and round(by_number[13][6], 4) == 0.9333
    assert by_number[9][5] == 45


def test_trend_sheet_numbers(workbook):
    header, rows = _header_and_rows(workbook[0]["Xu hướng"])
    assert header == ("Đơn vị", "2023", "2024")
    by_label = {r[0]: r[1:] for r in rows}
    assert by_label["Bộ tiêu chuẩn"] == ("06/QĐ-TTg", "06/QĐ-TTg")
    assert by_label["Chỉ tiêu"] == (None, None)  # the national 65% is 2025's target, not 2023's or 2024's
    assert [round(v, 4) for v in by_label["Toàn địa bàn"]] == [0.4286, 0.2857]
    assert by_label["Huyện Bác Ái"] == (0.5, 0.0)


def test_raw_scores_sheet(workbook):
    header, rows = _header_and_rows(workbook[0]["Điểm chi tiết"])
    assert header[:6] == ("Mã đơn vị", "Tên đơn vị", "Đơn vị cấp trên", "Nhóm ngưỡng", "Bộ tiêu chuẩn", "TC1")
    assert header[-5:] == ("Tổng điểm tự đánh giá", "Tổng điểm sau thẩm định", "Số tiêu chí 0 điểm", "Đạt chuẩn",
                           "Trạng thái")
    assert [r[0] for r in rows] == ["22783", "22786", "22810", "22813", "22816", "22819"]
    luong_son = {h: v for h, v in zip(header, rows[4])}
    assert (luong_son["TC1"], luong_son["TC9"], luong_son["TC13"]) == (50, 25, 50)
    assert (luong_son["Tổng điểm tự đánh giá"], luong_son["Tổng điểm sau thẩm định"]) == (925, 900)
    assert (luong_son["Đạt chuẩn"], luong_son["Trạng thái"]) == ("Có", "Được công nhận")
    quang_son = {h: v for h, v in zip(header, rows[5])}
    assert (quang_son["TC2"], quang_son["TC3"], quang_son["Trạng thái"]) == (0, None, "Đang chấm điểm")
    assert {h: v for h, v in zip(header, rows[1])}["Nhóm ngưỡng"] == "Miền núi, hải đảo, đặc biệt khó khăn"


def test_the_workbook_prints_a_page_per_sheet_with_its_letterhead_title_and_every_column(world, cast, tmp_path):
    """Through LibreOffice (tests/printed.py; pages kept under test-artifacts/print/): A4, each sheet one page
    wide, headed by the letterhead and its title, the header row's long labels in full (they wrap in a row
    as high as they need, not across the borders: issue 22)."""
    path = tmp_path / "tong-hop.xlsx"
    exports.write_workbook(Scope(cast.provincial, 2024, world.nt), path, today=TODAY)
    pages = [words(p) for p in printed_pages(path.read_bytes(), "bao-cao-tong-hop")]
    assert len(pages) == 5
    titles = ("TỔNG HỢP KẾT QUẢ ĐÁNH GIÁ, CÔNG NHẬN XÃ, PHƯỜNG, THỊ TRẤN PHÙ HỢP VỚI TRẺ EM NĂM 2024",
              "PHÂN TÍCH KẾT QUẢ THEO TIÊU CHÍ NĂM 2024", "TỶ LỆ XÃ, PHƯỜNG, THỊ TRẤN ĐẠT CHUẨN PHÙ HỢP VỚI TRẺ EM",
              "ĐƠN VỊ ĐẠT CHUẨN NHIỀU NĂM LIÊN TỤC ĐẾN NĂM 2024", "ĐIỂM CHI TIẾT TỪNG TIÊU CHÍ")
    last_headers = ("Quá hạn", "vì tiêu chí này", "2024", "Đề nghị khen thưởng", "Trạng thái")
    for number, (page, title, last) in enumerate(zip(pages, titles, last_headers), 1):
        above_title = page[:page.index(title)]
        for line in ("UBND TỈNH NINH THUẬN", "SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI",
                     "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                     "Ninh Thuận, ngày …… tháng …… năm 20……"):
            assert line in above_title, (number, line, above_title)
        assert last in page and f"Trang {number}/5" in page
    assert "Tổng cộng 7 5 6 5 2 28.57% 1 1 4" in pages[0]
    assert "(chưa xác nhận)" in pages[1] and "thể thấp còi" in pages[1]  # long names wrap, nothing is cut


def test_district_workbook_holds_only_the_district(world, cast, tmp_path):
    path = tmp_path / "ninh-son.xlsx"
    exports.write_workbook(Scope(cast.district, 2024, world.ninh_son), path, today=TODAY)
    wb = load_workbook(path)
    # UBND huyện heads its own report: no parent body, so it stands level with the motto's first line
    assert wb["Tổng hợp"]["A1"].value == "ỦY BAN NHÂN DÂN HUYỆN NINH SƠN" and wb["Tổng hợp"]["A1"].font.b
    assert wb["Tổng hợp"]["A2"].value is None
    _h, rows = _header_and_rows(wb["Điểm chi tiết"])
    assert [r[0] for r in rows] == ["22810", "22813", "22816", "22819"]


def test_provincial_pdf(world, cast, tmp_path):
    path = tmp_path / "bao-cao-ninh-thuan.pdf"
    exports.write_pdf(Scope(cast.provincial, 2024, world.nt), path, today=TODAY,
                      params={"number": "125/BC-SLĐTBXH", "signer_name": "Nguyễn Văn An"})
    _keep(path)
    text = _pdf_text(path)
    for expected in ("UBND TỈNH NINH THUẬN", "SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI", "Số: 125/BC-SLĐTBXH",
                     "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Ninh Thuận, ngày",
                     "BÁO CÁO", "Toàn tỉnh Ninh Thuận có 7 xã, phường, thị trấn", "5 đơn vị đăng ký",
                     "Có 2 đơn vị được công nhận đạt tiêu chuẩn, đạt tỷ lệ 28,57%",
                     "đạt tỷ lệ 28,57%; chưa có chỉ tiêu năm 2024",
                     "So với năm 2023, có 1 đơn vị được công nhận mới (14,29% số đơn vị) và 1 đơn vị không được "
                     "công nhận lại", "Còn 4 đơn vị", "Huyện Ninh Sơn 5 2 40,00 60", "Huyện Bác Ái 2 0 0,00 -",
                     "Trong 5 hồ sơ đã nộp, 2 hồ sơ có tiêu chí đạt 0 điểm; 1 hồ sơ đủ tổng điểm",
                     "năm 2023: 42,86%; năm 2024: 28,57%", "Biểu đồ 1", "Biểu đồ 2", "Biểu đồ 3",
                     "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Nguyễn Văn An", "Nơi nhận:", "Phụ lục 1", "Phụ lục 2"):
        assert expected in text, expected
    reader = PdfReader(path)
    landscape = [p for p in reader.pages if p.mediabox.width > p.mediabox.height]
    assert landscape and reader.pages[0].mediabox.width < reader.pages[0].mediabox.height


def test_district_pdf_to_the_province(world, cast, tmp_path):
    from reports.models import Target

    Target.objects.create(unit=world.ninh_son, year=2025, percent=80)
    path = tmp_path / "bao-cao-ninh-son.pdf"
    exports.write_pdf(Scope(cast.district, 2024, world.ninh_son), path, today=TODAY)
    _keep(path)
    text = _pdf_text(path)
    for expected in ("ỦY BAN NHÂN DÂN HUYỆN NINH SƠN", "/BC-UBND", "Ninh Sơn, ngày",
                     "Kính gửi: Sở Lao động - Thương binh và Xã hội tỉnh Ninh Thuận",
                     "Toàn huyện Ninh Sơn có 5 xã, thị trấn", "công nhận 2 đơn vị đạt tiêu chuẩn, đạt tỷ lệ 40,00%",
                     "chỉ tiêu năm 2024 là 60%, còn thiếu 20,00 điểm phần trăm, tương đương 1 đơn vị",
                     "Thị trấn Tân Sơn 1.000 1.000 Được công nhận", "Xã Lương Sơn 925 900 Được công nhận",
                     "Xã Lâm Sơn 825 825 Không được công nhận (2 tiêu chí 0 điểm)",
                     "Xã Mỹ Sơn Đã đăng ký, chưa tự đánh giá",
                     "Phấn đấu đến hết năm 2025 có 80% số xã", "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"):
        assert expected in text, expected


def test_signature_block_follows_the_signers_position():
    from types import SimpleNamespace

    from reports.documents import _signer

    province = {"kind": "province", "office": SimpleNamespace(head="Giám đốc"),
                "signer_authority": "KT. GIÁM ĐỐC", "signer_title": "PHÓ GIÁM ĐỐC"}
    assert _signer(province, "") == {"signer_authority": "KT. GIÁM ĐỐC", "signer_title": "PHÓ GIÁM ĐỐC"}
    assert _signer(province, "Giám đốc") == {"signer_authority": "", "signer_title": "GIÁM ĐỐC"}
    assert _signer(province, "Phó Giám đốc") == {"signer_authority": "KT. GIÁM ĐỐC", "signer_title": "PHÓ GIÁM ĐỐC"}
    district = {"kind": "district", "signer_authority": "", "signer_title": ""}
    assert _signer(district, "Phó Chủ tịch") == {"signer_authority": "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH",
                                                 "signer_title": "PHÓ CHỦ TỊCH"}


def test_post_reform_province_reports_as_the_recognising_unit(standards, make_unit, make_user, make_round, assess,
                                                                tmp_path):
    """After 1/7/2025 the province recognises its communes and child affairs sit with Sở Y tế."""
    from assessments.models import Assessment
    from communes.models import Kind, Level

    province = make_unit("Tỉnh Khánh Hòa", "56", Level.PROVINCE, Kind.PROVINCE, valid_from=datetime.date(2025, 7, 1))
    ward = make_unit("Phường Phan Rang", "22738", Level.COMMUNE, Kind.WARD, province,
                     valid_from=datetime.date(2025, 7, 1))
    make_unit("Đặc khu Trường Sa", "22736", Level.COMMUNE, Kind.SPECIAL_ZONE, province,
              valid_from=datetime.date(2025, 7, 1))
    assess(make_round(province, 2025, standards["06/QĐ-TTg"]), ward, Assessment.Status.RECOGNISED)
    staff = make_user("provincial_staff", province)
    path = tmp_path / "khanh-hoa.pdf"
    exports.write_pdf(Scope(staff, 2025, province), path, today=datetime.date(2025, 12, 5))
    _keep(path)
    text = _pdf_text(path)
    for expected in ("UBND TỈNH KHÁNH HÒA", "SỞ Y TẾ", "/BC-SYT", "Bộ Y tế", "Khánh Hòa, ngày",
                     "Toàn tỉnh Khánh Hòa có 2 xã, phường, thị trấn", "đạt tỷ lệ 50,00%", "Phụ lục 3",
                     "Phường Phan Rang 1.000 1.000 Được công nhận", "Đặc khu Trường Sa Chưa đăng ký"):
        assert expected in text, expected


def test_a_past_years_report_printed_later_names_that_years_office_and_no_later_date(world, cast, tmp_path):
    """A 2024 report exported in December 2026 names the office of 2024 (child affairs with LĐTBXH,
    before the hand-over to Y tế) and leaves its date for the signer, in the workbook and the PDF."""
    later = datetime.date(2026, 12, 2)
    scope = Scope(cast.provincial, 2024, world.nt)
    book, pdf = tmp_path / "tong-hop-2024.xlsx", tmp_path / "bao-cao-2024.pdf"
    exports.write_workbook(scope, book, today=later)
    exports.write_pdf(scope, pdf, today=later)
    ws = load_workbook(book)["Tổng hợp"]
    heading = [c.value for row in ws.iter_rows(max_row=3) for c in row if c.value]
    assert "SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI" in heading and "SỞ Y TẾ" not in heading
    assert "Ninh Thuận, ngày …… tháng …… năm 20……" in heading
    assert not any("2026" in str(v) for v in heading)
    text = _pdf_text(pdf)
    assert "SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI" in text and "SỞ Y TẾ" not in text
    assert "2026" not in text


@pytest.mark.parametrize("who, unit, name, heads", [
    ("district", "ninh_son", "bao-cao-huyen", "ỦY BAN NHÂN DÂN HUYỆN NINH SƠN"),
    ("national", None, "bao-cao-toan-quoc", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")])
def test_the_district_and_national_workbooks_print_with_their_letterhead_on_every_sheet(world, cast, tmp_path, who,
                                                                                       unit, name, heads):
    """The workbooks at the two other scopes through LibreOffice too (pages kept under test-artifacts/print/):
    each sheet starts a page headed by the letterhead and the motto, and every page is numbered."""
    path = tmp_path / f"{name}.xlsx"
    exports.write_workbook(Scope(getattr(cast, who), 2024, getattr(world, unit) if unit else None), path,
                           today=TODAY)
    pages = [words(p) for p in printed_pages(path.read_bytes(), name)]
    assert len(pages) >= 5  # a page per sheet at least
    headed = [p for p in pages if "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in p]
    assert len(headed) == 5 and all(heads in p for p in headed)
    assert all("Trang " in p for p in pages)


@pytest.mark.parametrize("who, unit, name", [("provincial", "nt", "bao-cao-tinh-pdf"),
                                             ("district", "ninh_son", "bao-cao-huyen-pdf"),
                                             ("national", None, "bao-cao-toan-quoc-pdf")])
def test_every_report_pdf_is_kept_as_page_images(world, cast, tmp_path, who, unit, name):
    """The report PDFs (WeasyPrint) of each scope rendered page by page under test-artifacts/print/<database>/."""
    from tests.printed import pdf_pages

    path = tmp_path / f"{name}.pdf"
    exports.write_pdf(Scope(getattr(cast, who), 2024, getattr(world, unit) if unit else None), path, today=TODAY)
    pages = [words(p) for p in pdf_pages(path.read_bytes(), name)]
    assert pages and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in pages[0] and "BÁO CÁO" in pages[0]
