"""Small real files for the tests that upload evidence, minutes and reports."""

import io


def pdf_bytes(pages=1):
    """A small but real PDF of blank A4 pages (the upload check opens it with pypdf); the deadline-day
    load (``bench.deadline_day``) uploads the same."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def png_bytes(size=(4, 3)):
    """A real PNG image of ``size`` pixels."""
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buf, format="PNG")
    return buf.getvalue()
