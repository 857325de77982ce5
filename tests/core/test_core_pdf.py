"""core.pdf: a document template rendered by WeasyPrint and read back by pypdf."""

import datetime
import io

from pypdf import PdfReader

from core.pdf import render_pdf


def _text(pdf: bytes) -> str:
    return " ".join(" ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(pdf)).pages)


def test_it_renders_the_nd30_layout_to_a_real_pdf():
    pdf = render_pdf("documents/base.html", {
        "parent_body": "UỶ BAN NHÂN DÂN TỈNH LÀO CAI", "issuer": "ỦY BAN NHÂN DÂN\nHUYỆN VĂN BÀN",
        "number": "125/QĐ-UBND", "place": "Văn Bàn", "date": datetime.date(2024, 3, 5),
        "kind": "Quyết định", "summary": "Về việc công nhận", "recipients": ["Như trên."],
        "signer_title": "CHỦ TỊCH", "signer_name": "Nguyễn Văn An"})
    assert pdf.startswith(b"%PDF-")
    text = _text(pdf)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "125/QĐ-UBND" in text
    assert "Nguyễn Văn An" in text
