"""Uploaded files are judged by their content, never by their name or the browser's word."""

EVIDENCE_SIGNATURES = {b"%PDF-": "application/pdf", b"\xff\xd8\xff": "image/jpeg",
                       b"\x89PNG\r\n\x1a\n": "image/png"}


def sniff(upload, signatures):
    """The value of the first signature the file starts with, or None."""
    head = upload.read(16)
    upload.seek(0)
    for magic, kind in signatures.items():
        if head.startswith(magic):
            return kind
    return None


def opens_as(upload, content_type):
    """Whether the file opens as the type its first bytes claim (a header alone proves nothing)."""
    try:
        if content_type == "application/pdf":
            from pypdf import PdfReader

            return len(PdfReader(upload).pages) > 0
        from PIL import Image

        with Image.open(upload) as image:
            image.verify()
        return True
    except Exception:  # noqa: BLE001 - whatever the parser trips on, the file does not open
        return False
    finally:
        upload.seek(0)
