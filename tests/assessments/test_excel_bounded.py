"""Bounded work on a score workbook: every part openpyxl would build objects from is counted by a
streaming parser that stops at its bound, so a small file declaring little and holding millions of
rows, cells, merged ranges, fonts, styles or strings is refused in well under a second, and nothing
is written."""

import io
import time
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from assessments import excel
from assessments.models import Assessment, Score
from tests.factories import RoundFactory

MAIN = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
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


def _package(parts):
    """An .xlsx of the parts above plus ``parts`` ({name: chunks of bytes}, streamed into the zip);
    styles and shared strings are declared in the workbook's relationships, so openpyxl reads them."""
    content_types, rels = XLSX_PARTS["[Content_Types].xml"], XLSX_PARTS["xl/_rels/workbook.xml.rels"]
    for kind in ("styles", "sharedStrings"):
        if f"xl/{kind}.xml" in parts:
            content_types = content_types.replace("</Types>", (
                f'<Override PartName="/xl/{kind}.xml" ContentType="application/'
                f'vnd.openxmlformats-officedocument.spreadsheetml.{kind}+xml"/></Types>'))
            rels = rels.replace("</Relationships>", (
                f'<Relationship Id="r{kind}" Target="{kind}.xml" '
                f'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/{kind}"/>'
                '</Relationships>'))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for name, text in {**XLSX_PARTS, "[Content_Types].xml": content_types,
                           "xl/_rels/workbook.xml.rels": rels}.items():
            z.writestr(name, text)
        for name, chunks in parts.items():
            with z.open(name, "w", force_zip64=True) as part:
                for chunk in chunks:
                    part.write(chunk)
    return out.getvalue()


def _times(piece, n, step=100_000):
    for done in range(0, n, step):
        yield piece * min(step, n - done)


def _sheet(rows=(), after=(), dimension=b'<dimension ref="A1:C7"/>'):
    yield b'<?xml version="1.0" encoding="UTF-8"?><worksheet ' + MAIN + b">" + dimension + b"<sheetData>"
    yield '<row r="6"><c r="A6" t="inlineStr"><is><t>Mã đơn vị</t></is></c></row>'.encode()
    yield from rows
    yield b"</sheetData>"
    yield from after
    yield b"</worksheet>"


def _styles(fonts=1, xfs=1):
    yield b"<styleSheet " + MAIN + b"><fonts>"
    yield from _times(b"<font/>", fonts)
    yield b"</fonts><fills><fill><patternFill/></fill></fills><borders><border/></borders><cellXfs>"
    yield from _times(b'<xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>', xfs)
    yield b"</cellXfs></styleSheet>"


def _strings(n):
    yield b"<sst " + MAIN + b">"
    yield from _times(b"<si><t/></si>", n)
    yield b"</sst>"


def _empty_rows(n):
    for start in range(8, n + 8, 100_000):
        yield "".join(f'<row r="{r}"/>' for r in range(start, min(start + 100_000, n + 8))).encode()


BOMBS = {  # what the adversarial pass sent (10–140 KB but the empty rows; 20–50 s before these bounds)
    "2 triệu dòng trống": (lambda: {"xl/worksheets/sheet1.xml": _sheet(_empty_rows(2_000_000))}, "20.000 dòng"),
    "2 triệu dòng, không khai kích thước": (
        lambda: {"xl/worksheets/sheet1.xml": _sheet(_empty_rows(2_000_000), dimension=b"")}, "20.000 dòng"),
    "một dòng 2 triệu ô": (
        lambda: {"xl/worksheets/sheet1.xml": _sheet([b'<row r="7">', *_times(b"<c/>", 2_000_000), b"</row>"])},
        "Dòng 7 có quá nhiều ô"),
    "2,2 triệu vùng ô gộp": (
        lambda: {"xl/worksheets/sheet1.xml": _sheet(after=[
            b"<mergeCells>", *_times(b'<mergeCell ref="A1:B2"/>', 2_200_000), b"</mergeCells>"])}, "vùng ô gộp"),
    "2 triệu cột khai báo": (
        lambda: {"xl/worksheets/sheet1.xml": _sheet(after=[b"<cols>", *_times(b'<col min="1" max="1"/>', 2_000_000),
                                                   b"</cols>"])}, "ngoài các ô dữ liệu"),
    "1 triệu phông chữ": (lambda: {"xl/worksheets/sheet1.xml": _sheet(), "xl/styles.xml": _styles(fonts=1_000_000)},
                          "định dạng ô"),
    "900 nghìn kiểu ô": (lambda: {"xl/worksheets/sheet1.xml": _sheet(), "xl/styles.xml": _styles(xfs=900_000)},
                         "định dạng ô"),
    "3,4 triệu chuỗi": (lambda: {"xl/worksheets/sheet1.xml": _sheet(), "xl/sharedStrings.xml": _strings(3_400_000)},
                        "chuỗi văn bản"),
}


def bomb(kind):
    """The workbook of BOMBS[kind], as bytes (also sent two at once to gunicorn: test_uploads_under_load.py)."""
    return _package(BOMBS[kind][0]())


@pytest.mark.parametrize("kind", list(BOMBS))
def test_a_small_workbook_holding_millions_of_anything_is_refused_in_well_under_a_second(db, kind):
    content, says = bomb(kind), BOMBS[kind][1]
    with zipfile.ZipFile(io.BytesIO(content)) as z:  # passes the size limits: only the counts bound it
        assert sum(i.file_size for i in z.infolist()) <= excel.MAX_UNPACKED_BYTES
    assert len(content) <= excel.MAX_BYTES
    r = RoundFactory()
    before = (Assessment.objects.count(), Score.objects.count())
    # the process's CPU time, not the clock: on a machine busy with another suite the clock counts waits
    started = time.process_time()
    with pytest.raises(excel.UploadRejected) as refused:
        excel.scores_import(by=r.opened_by, round=r, upload=SimpleUploadedFile("diem.xlsx", content))
    spent = time.process_time() - started
    assert spent < 1, spent
    assert any(says in p.message for p in refused.value.problems), [p.message for p in refused.value.problems]
    assert (Assessment.objects.count(), Score.objects.count()) == before


def test_a_workbook_within_the_bounds_still_reaches_the_cells(db):
    """300 merged ranges and 8,000 styles are within the bounds: the file is read and its cells judged."""
    content = _package({
        "xl/worksheets/sheet1.xml": _sheet(after=[b"<mergeCells>", *_times(b'<mergeCell ref="A6:B7"/>', 300),
                                                  b"</mergeCells>"]),
        "xl/styles.xml": _styles(fonts=4_000, xfs=4_000)})
    r = RoundFactory()
    result = excel.parse_upload(SimpleUploadedFile("diem.xlsx", content), round=r, user=r.opened_by)
    assert any("bị gộp" in p.message for p in result.problems)
    assert not any("quá nhiều" in p.message for p in result.problems)
