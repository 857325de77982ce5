"""Bounded work on a score workbook: a file declaring 7 rows and holding two million is refused
quickly (parsing stops after the rows the template can hold)."""

import io
import time
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

from assessments import excel
from tests.factories import RoundFactory

XLSX_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '</Types>'),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Target="xl/workbook.xml" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>'
        '</Relationships>'),
    "xl/workbook.xml": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<sheets><sheet name="Chấm điểm" sheetId="1" r:id="rId1"/></sheets></workbook>'),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Target="worksheets/sheet1.xml" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"/>'
        '</Relationships>'),
}


def _bomb(rows=2_000_000):
    """A workbook whose sheet declares A1:C7 and holds ``rows`` empty row elements after row 7."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for name, text in XLSX_PARTS.items():
            z.writestr(name, text)
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(b'<?xml version="1.0" encoding="UTF-8"?>'
                        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                        b'<dimension ref="A1:C7"/><sheetData>')
            sheet.write('<row r="6"><c r="A6" t="inlineStr"><is><t>Mã đơn vị</t></is></c></row>'.encode())
            for start in range(8, rows + 8, 100_000):
                sheet.write("".join(f'<row r="{n}"/>' for n in range(start, min(start + 100_000, rows + 8)))
                            .encode())
            sheet.write(b"</sheetData></worksheet>")
    return out.getvalue()


def test_a_workbook_declaring_7_rows_and_holding_two_million_is_refused_quickly(db):
    content = _bomb()
    assert len(content) <= excel.MAX_BYTES  # small enough to pass the size limit: only the rows bound it
    r = RoundFactory()
    started = time.monotonic()
    result = excel.parse_upload(SimpleUploadedFile("diem.xlsx", content), round=r, user=r.opened_by)
    elapsed = time.monotonic() - started
    assert elapsed < 3, elapsed
    assert not result.rows
    assert any("20.000 dòng" in p.message for p in result.problems), [p.message for p in result.problems]
