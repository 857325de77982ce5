"""core.uploads: the type comes from the content (filetype), then the file must open as that type."""

import io

from openpyxl import Workbook
from PIL import Image
from pypdf import PdfWriter

from core import uploads


def _pdf() -> bytes:
    writer, out = PdfWriter(), io.BytesIO()
    writer.add_blank_page(width=595, height=842)
    writer.write(out)
    return out.getvalue()


def _image(fmt) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(out, fmt)
    return out.getvalue()


def _xlsx() -> bytes:
    out = io.BytesIO()
    Workbook().save(out)
    return out.getvalue()


def test_it_reads_the_type_from_the_content_not_the_name():
    assert uploads.sniff(io.BytesIO(_pdf()), uploads.EVIDENCE_TYPES) == uploads.PDF
    assert uploads.sniff(io.BytesIO(_image("JPEG")), uploads.EVIDENCE_TYPES) == uploads.JPEG
    assert uploads.sniff(io.BytesIO(_image("PNG")), uploads.EVIDENCE_TYPES) == uploads.PNG
    assert uploads.mime_of(io.BytesIO(_xlsx())) == uploads.XLSX


def test_what_is_not_accepted_is_none_and_the_file_is_rewound():
    for content in (b"<!doctype html><script>alert(1)</script>", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;",
                    b"MZ\x90\x00" + bytes(100), b""):
        f = io.BytesIO(content)
        assert uploads.sniff(f, uploads.EVIDENCE_TYPES) is None
        assert f.tell() == 0


def test_a_file_must_open_as_its_type():
    assert uploads.opens_as(io.BytesIO(_pdf()), uploads.PDF)
    assert uploads.opens_as(io.BytesIO(_image("PNG")), uploads.PNG)
    assert uploads.opens_as(io.BytesIO(_xlsx()), uploads.XLSX)
    assert not uploads.opens_as(io.BytesIO(b"%PDF-1.7\n<html></html>"), uploads.PDF)
    assert not uploads.opens_as(io.BytesIO(_image("PNG")[:30]), uploads.PNG)
    assert not uploads.opens_as(io.BytesIO(b"PK\x03\x04" + bytes(50)), uploads.XLSX)
