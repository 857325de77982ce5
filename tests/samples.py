"""Small real files for the tests that upload evidence, minutes and reports."""

import io


def pdf_bytes(pages=1):
    """A small but real PDF (pypdf reads it back), as the deadline-day load test uploads."""
    from bench.deadline_day import pdf_bytes as build

    return build(pages)


def png_bytes(size=(4, 3)):
    """A real PNG image of ``size`` pixels."""
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buf, format="PNG")
    return buf.getvalue()
