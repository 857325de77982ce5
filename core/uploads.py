"""Uploaded files are judged by their content, never by their name or the browser's word.

``sniff`` reads the first bytes with the ``filetype`` package (magic numbers) and answers what the
caller accepts for that type; ``opens_as`` then opens the file with the parser of that type (pypdf,
Pillow, openpyxl), since a header alone proves nothing. A PDF is opened as far as its first page and
refused (ValidationError) when its page tree counts more than MAX_PDF_PAGES pages.
"""

import re
import unicodedata
import zipfile

import filetype
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.formatting import thousands

PDF, JPEG, PNG = "application/pdf", "image/jpeg", "image/png"
DOC = "application/msword"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ZIP = "application/zip"

# Evidence of a criterion and the council's minutes: a scan or a photo.
EVIDENCE_TYPES = {PDF: PDF, JPEG: JPEG, PNG: PNG}

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MAX_DOC_SCAN = 20 * 1024 * 1024
MAX_PDF_PAGES = 2_000  # a scanned dossier or report is tens of pages; 10 MB of scans is at most hundreds
MAX_PDF_DEPTH = 32  # levels of the page tree walked down to the first page
PDF_COUNT = re.compile(rb"/Count\s+(\d{1,12})")  # a page-tree node's number of pages, as written

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
            return _pdf_opens(upload)
        if content_type in (JPEG, PNG):
            from PIL import Image

            with Image.open(upload) as image:
                image.verify()
            return True
        if content_type == XLSX:
            from openpyxl import load_workbook

            load_workbook(upload, read_only=True).close()
            return True
        if content_type in (DOCX, ZIP):  # a Word document, not any ZIP: its main part is there
            with zipfile.ZipFile(upload) as archive:
                names = set(archive.namelist())
            return {"[Content_Types].xml", "word/document.xml"} <= names
        if content_type == DOC:  # an OLE compound file holding a Word stream
            upload.seek(0)
            head = upload.read(MAX_DOC_SCAN)
            return head.startswith(OLE_MAGIC) and "WordDocument".encode("utf-16-le") in head
        return False
    except ValidationError:
        raise
    except Exception:  # noqa: BLE001 - whatever the parser trips on, the file does not open
        return False
    finally:
        upload.seek(0)


def _pdf_opens(upload):
    """Whether the PDF's page tree leads to a page, read from its root down the first branch only (pypdf's
    list of pages walks the whole tree: 100,000 pages held a worker 7–10 s). ValidationError when the
    tree declares or lists more than MAX_PDF_PAGES pages; a count written in clear is read in the bytes
    before pypdf parses the node that holds it (a list of 100,000 pages alone takes it a second)."""
    from pypdf import PdfReader

    written = max((int(n) for n in PDF_COUNT.findall(upload.read())), default=0)
    upload.seek(0)
    node = PdfReader(upload).trailer["/Root"]["/Pages"] if written <= MAX_PDF_PAGES else None
    for _depth in range(MAX_PDF_DEPTH):
        if node is not None and node.get("/Type") == "/Page":
            return True
        pages = written if node is None else max(written, node["/Count"], len(node["/Kids"]))
        if pages > MAX_PDF_PAGES:
            raise ValidationError(_("Tệp PDF có quá nhiều trang (%(n)s): tối đa %(max)s trang.") % {
                "n": thousands(pages), "max": thousands(MAX_PDF_PAGES)})
        node = node["/Kids"][0].get_object()
    return False


# Control characters (Cc), format characters (Cf: the bidirectional overrides U+202A–U+202E and
# isolates U+2066–U+2069 that make "gpj.exe" look like "exe.jpg", zero-width marks) and line or
# paragraph separators: a file name carrying one is refused, never silently rewritten.
UNSAFE_CATEGORIES = {"Cc", "Cf", "Zl", "Zp"}


def unsafe_codes(text: str, allowed: str = "") -> str:
    """The characters of ``text`` in UNSAFE_CATEGORIES (but those in ``allowed``), as "U+202E, U+0000"
    (each once); "" when there is none."""
    bad = [ch for ch in text if ch not in allowed and unicodedata.category(ch) in UNSAFE_CATEGORIES]
    return ", ".join(dict.fromkeys(f"U+{ord(ch):04X}" for ch in bad))


def name_refusal(name: str) -> str | None:
    """Why a file's name is refused (a Vietnamese message), or None when it may be kept."""
    codes = unsafe_codes(name)
    if not codes:
        return None
    return _("Tên tệp có ký tự điều khiển hoặc ký tự đảo chiều văn bản (%(codes)s), có thể che giấu loại "
             "tệp thật. Hãy đổi tên tệp (chỉ dùng chữ, số, dấu cách, dấu gạch) rồi tải lên lại.") % {"codes": codes}
