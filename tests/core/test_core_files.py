"""core.files.private_file_response: one response for every private file."""

import io

from core.files import private_file_response


def test_bytes_are_an_attachment_never_cached_nor_sniffed():
    r = private_file_response(b"PK\x03\x04data", filename="bao-cao.xlsx", content_type="application/zip")
    assert r.content == b"PK\x03\x04data"
    assert r["Content-Type"] == "application/zip"
    assert r["Content-Disposition"] == 'attachment; filename="bao-cao.xlsx"'
    assert r["Cache-Control"] == "private, no-store"
    assert r["X-Content-Type-Options"] == "nosniff"


def test_inline_keeps_the_name():
    r = private_file_response(b"%PDF-1.7", filename="quyet-dinh-125.pdf", content_type="application/pdf", inline=True)
    assert r["Content-Disposition"] == 'inline; filename="quyet-dinh-125.pdf"'


def test_an_open_file_is_streamed_and_a_vietnamese_name_is_encoded():
    r = private_file_response(io.BytesIO(b"%PDF-1.7 body"), filename="Biên bản hội đồng.pdf",
                              content_type="application/pdf")
    assert b"".join(r.streaming_content) == b"%PDF-1.7 body"
    assert r["Content-Type"] == "application/pdf"
    assert r["Content-Disposition"] == "attachment; filename*=utf-8''Bi%C3%AAn%20b%E1%BA%A3n%20h%E1%BB%99i%20%C4%91%E1%BB%93ng.pdf"  # noqa: E501
    assert r["Cache-Control"] == "private, no-store"
    assert r["X-Content-Type-Options"] == "nosniff"
