"""Uploaded files are judged by their content, never by their name or the browser's word.

``sniff`` reads the first bytes with the ``filetype`` package (magic numbers) and answers what the
caller accepts for that type; ``opens_as`` then opens the file with the parser of that type (pypdf,
Pillow, openpyxl), since a header alone proves nothing.
"""

import filetype

PDF, JPEG, PNG = "application/pdf", "image/jpeg", "image/png"
DOC = "application/msword"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ZIP = "application/zip"

# Evidence of a criterion and the council's minutes: a scan or a photo.
EVIDENCE_TYPES = {PDF: PDF, JPEG: JPEG, PNG: PNG}

HEAD_BYTES = 8192  # what filetype reads to match a signature (an Office document names its parts early)


def mime_of(upload) -> str | None:
    """The MIME type the file's first bytes show (filetype's matchers), or None; the file is rewound."""
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    upload.seek(0)
    kind = filetype.guess(head) if head else None
    return kind.mime if kind is not None else None


def sniff(upload, accepted: dict):
    """``accepted[mime]`` for the type the file's content shows, or None when it is not accepted."""
    return accepted.get(mime_of(upload))


def opens_as(upload, content_type: str) -> bool:
    """Whether the file opens as the type its first bytes claim; the file is rewound."""
    try:
        if content_type == PDF:
            from pypdf import PdfReader

            return len(PdfReader(upload).pages) > 0
        if content_type in (JPEG, PNG):
            from PIL import Image

            with Image.open(upload) as image:
                image.verify()
            return True
        if content_type == XLSX:
            from openpyxl import load_workbook

            load_workbook(upload, read_only=True).close()
            return True
        return False
    except Exception:  # noqa: BLE001 - whatever the parser trips on, the file does not open
        return False
    finally:
        upload.seek(0)
