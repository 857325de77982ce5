"""core.excel: every cell goes through one writer; workbooks written by openpyxl and read back."""

import datetime
import io

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font

from core import excel


def _read(content):
    return load_workbook(io.BytesIO(content))


def test_a_write_only_sheet_keeps_values_styles_and_widths():
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Lịch")
    excel.widths(ws, {1: 5, 2: 30, 27: 12})  # column 27 is AA, not "[" (chr(ord("A") + 26))
    excel.append(ws, [excel.cell(ws, "Lịch kiểm tra", font=Font(bold=True, size=13))])
    excel.append(ws, [1, excel.cell(ws, datetime.date(2024, 3, 5), number_format=excel.DATE_FORMAT), None, "Xã Võ Lao"])
    excel.append_values(ws, ["03061", 12.5])
    sheet = _read(excel.workbook_bytes(wb))["Lịch"]
    assert sheet["A1"].value == "Lịch kiểm tra" and sheet["A1"].font.b and sheet["A1"].font.sz == 13
    assert sheet["A2"].value == 1 and sheet["B2"].value == datetime.datetime(2024, 3, 5)
    assert sheet["B2"].number_format == "DD/MM/YYYY" and sheet["D2"].value == "Xã Võ Lao"
    assert [c.value for c in sheet[3]][:2] == ["03061", 12.5]
    assert sheet.column_dimensions["B"].width == 30 and sheet.column_dimensions["AA"].width == 12


def test_put_writes_an_ordinary_sheet():
    wb = Workbook()
    excel.put(wb.active, 2, 1, "03055", number_format="@", font=Font(bold=True))
    sheet = _read(excel.workbook_bytes(wb)).active
    assert sheet["A2"].value == "03055" and sheet["A2"].number_format == "@" and sheet["A2"].font.b


def test_a_document_sheet_prints_on_a4_one_page_wide_with_its_header_row_on_every_page():
    wb = Workbook(write_only=True)
    sheet = excel.Document(wb, "Lịch", letterhead=excel.Letterhead("", "Ủy ban nhân dân tỉnh Lào Cai"),
                           title="LỊCH KIỂM TRA", columns=[("TT", 5), ("Ghi chú", 40), ("Đơn vị được kiểm tra", 60)])
    sheet.append([1, "Làm việc với UBND xã, kiểm tra hồ sơ đánh giá, phỏng vấn cán bộ, trẻ em và cha mẹ", "Xã Võ Lao"])
    sheet.finish()
    ws = _read(excel.workbook_bytes(wb))["Lịch"]
    assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4 and ws.page_setup.orientation == "landscape"  # 105 wide
    assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight, ws.sheet_properties.pageSetUpPr.fitToPage) \
        == (1, 0, True)
    assert ws.print_title_rows == f"${excel.HEADER_ROW}:${excel.HEADER_ROW}"
    assert ws["A1"].value == "ỦY BAN NHÂN DÂN TỈNH LÀO CAI" and ws["A4"].value == "LỊCH KIỂM TRA"
    assert ws.cell(excel.HEADER_ROW + 1, 2).alignment.wrap_text
    assert ws.row_dimensions[excel.HEADER_ROW + 1].height == excel.row_height(2)  # the note takes two lines


def test_a_narrow_document_sheet_is_widened_to_the_page_and_prints_portrait():
    wb = Workbook(write_only=True)
    excel.Document(wb, "Còn thiếu", letterhead=excel.Letterhead("UBND tỉnh Lào Cai", "Đoàn kiểm tra liên ngành"),
                   title="KẾT QUẢ CÒN THIẾU", columns=[("Mục", 20), ("Nội dung", 30)]).finish()
    ws = _read(excel.workbook_bytes(wb))["Còn thiếu"]
    assert ws.page_setup.orientation == "portrait"
    assert ws.column_dimensions["A"].width + ws.column_dimensions["B"].width == excel.NARROWEST


def test_a_one_column_document_sheet_gets_a_second_column_for_the_letterheads_right_half():
    """A report of an empty country has one-column sheets; the export failed on them (IndexError)."""
    wb = Workbook(write_only=True)
    excel.Document(wb, "Xu hướng", letterhead=excel.Letterhead("", "Bộ Y tế", "Hà Nội, ngày 07 tháng 12 năm 2026"),
                   title="XU HƯỚNG", columns=[("Năm", 20)]).finish()
    ws = _read(excel.workbook_bytes(wb))["Xu hướng"]
    assert ws["A1"].value == "BỘ Y TẾ" and ws["B1"].value == excel.MOTTO[0]
    assert ws["B3"].value == "Hà Nội, ngày 07 tháng 12 năm 2026"


def test_text_lines_wraps_word_by_word():
    assert excel.text_lines("Xã Võ Lao", 20) == 1
    assert excel.text_lines("một hai ba bốn năm sáu bảy tám chín mười", 12) == 4
    assert excel.text_lines("dòng một\ndòng hai", 40) == 2
    assert excel.text_lines("x" * 50, 11) == 5  # a word longer than the line breaks inside it
