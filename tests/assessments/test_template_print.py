"""The score template printed through LibreOffice (tests/printed.py; pages kept under test-artifacts/print/):
A4 one page wide, the title and the round's lines on page one, the header row on every page, no text cut at
the page's edge (issue 22); the letterhead (the People's Committee of the unit it is for, the national motto)
on page one, as every export has it (core.excel.Document), the upload reading the same file back
(tests/assessments/test_excel.py)."""

import io

from openpyxl import load_workbook

from assessments import excel
from tests.factories import CommuneFactory, RoundFactory
from tests.printed import printed_pages, words


def test_a_long_template_prints_its_title_once_and_its_header_row_on_every_page(db):
    r = RoundFactory()
    for _ in range(70):
        CommuneFactory(parent=r.province)
    content = excel.build_template(round=r, communes=excel.template_communes(r, r.province))
    pages = [words(p) for p in printed_pages(content, "mau-cham-diem")]
    criteria = list(r.standard.criteria.order_by("number"))
    assert len(pages) >= 2
    first = pages[0]
    for expected in ("ỦY BAN NHÂN DÂN", r.province.name.upper(), "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                     "Độc lập - Tự do - Hạnh phúc",
                     "MẪU CHẤM ĐIỂM TỰ ĐÁNH GIÁ XÃ, PHƯỜNG, THỊ TRẤN PHÙ HỢP VỚI TRẺ EM", "Đợt đánh giá",
                     "Bộ tiêu chuẩn", "Tải mẫu lúc", "Hồ sơ cập nhật sau lúc tải mẫu thì tải mẫu mới."):
        assert expected in first, expected
    for number, page in enumerate(pages, 1):
        assert "Mã đơn vị" in page and "Tên đơn vị" in page, number
        assert f"TC{criteria[-1].number}" in page, number  # every column on every page
        assert f"Trang {number}/{len(pages)}" in page
        if number > 1:
            assert "MẪU CHẤM ĐIỂM" not in page and "CỘNG HÒA" not in page


def test_a_score_cell_says_what_to_type(db):
    r = RoundFactory()
    CommuneFactory(parent=r.province)
    ws = load_workbook(io.BytesIO(excel.build_template(
        round=r, communes=excel.template_communes(r, r.province)))).active
    first = r.standard.criteria.order_by("number").first()
    prompts = {str(dv.sqref): dv.prompt for dv in ws.data_validations.dataValidation}
    assert prompts[f"C{excel.FIRST_ROW}"] == (f"Nhập điểm từ 0 đến {first.max_points} (tối đa 2 chữ số thập phân); "
                                               "để trống nếu chưa chấm.")
