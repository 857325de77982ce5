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
