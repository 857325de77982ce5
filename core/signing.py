"""Documents signed with a digital signature (chữ ký số): prepared here, signed elsewhere, verified here.

``render_for_signing`` prints a document template as ``core.pdf.render_pdf`` does, then adds empty
signature fields (pyHanko) where NĐ 30/2020's electronic format puts the signatures (Appendix I, part II,
as read here; the README says what could not be confirmed against the published text): the signer's over
the space between the signer's title and name, and the issuing body's (the seal) overlapping it on the
left by about a third. The office signs the file in its own software (USB token, remote signing), which
fills those fields in an incremental update, so the signed file begins with the very bytes prepared here.

``verify`` is pyHanko's validation (``validate_pdf_signature`` with a ``ValidationContext`` over the
configured trust roots, with its difference analysis) plus the two checks the record needs: the first
revision is a document this app prepared (same SHA-256 over the same bytes), and the signer's
certificate was valid when it signed. Every refusal is a ``Refusal`` with a Vietnamese message; nothing
here stores anything.
"""

import asyncio
import datetime
import hashlib
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

# Field names the office's software shows ("Chữ ký người có thẩm quyền", "Chữ ký cơ quan"): ASCII, stable.
SIGNER_FIELD = "ChuKyNguoiKy"
SEAL_FIELD = "ChuKyCoQuan"
SECRETARY_FIELD = "ChuKyThuKy"

PX = 0.75  # a CSS pixel in PDF points (WeasyPrint lays out at 96 px per inch, PDF at 72 pt)
SIGNATURE_BOX = (150.0, 60.0)  # the signer's image: about the 56 pt left to sign by hand, 53 mm wide
SEAL_SIDE = 105.0  # a seal of about 37 mm (the size of a commune's or district's round seal)


@dataclass(frozen=True)
class Field:
    name: str
    page: int  # 0-based
    box: tuple[int, int, int, int]  # x0, y0, x1, y1 in PDF points, from the page's bottom left



def outside_an_event_loop(function, *args, **kwargs):
    """``function(*args, **kwargs)``, in a thread of its own when this thread runs an asyncio loop. pyHanko's
    synchronous calls (validating, signing) start a loop of their own (``asyncio.run``), which a running loop
    refuses: an ASGI server's would, and in the tests Playwright's synchronous API keeps one running in the main
    thread once a browser test has started (every verification after it failed)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return function(*args, **kwargs)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(function, *args, **kwargs).result()

def _anchor(page, name):
    return page.anchors.get(name)


def field_boxes(document, *, seal: bool, secretary: bool = False) -> list[Field]:
    """The signature fields of a laid-out WeasyPrint document, from its anchors "signer-title" and
    "signer-name" (templates/documents/base.html; the minutes add "secretary-title" and "secretary-name").

    The signer's field spans the space between the title and the name, centred on the title's column;
    the seal, when asked, is a square of SEAL_SIDE centred on the same height whose right third covers
    the left third of the signer's field (NĐ 30: the body's seal "trùm lên khoảng 1/3 … về bên trái")."""
    fields = []
    for index, page in enumerate(document.pages):
        title, name = _anchor(page, "signer-title"), _anchor(page, "signer-name")
        if not title or not name:
            continue
        height = page.height * PX
        fields.append(_between(SIGNER_FIELD, index, height, title, name))
        if seal:
            x0, y0, x1, y1 = fields[-1].box
            width = x1 - x0
            middle = (y0 + y1) / 2
            right = x0 + width / 3
            fields.append(Field(SEAL_FIELD, index, (round(right - SEAL_SIDE), round(middle - SEAL_SIDE / 2),
                                                    round(right), round(middle + SEAL_SIDE / 2))))
        if secretary and _anchor(page, "secretary-title") and _anchor(page, "secretary-name"):
            fields.append(_between(SECRETARY_FIELD, index, height, _anchor(page, "secretary-title"),
                                   _anchor(page, "secretary-name")))
        break  # one signature block per document: the first page holding it
    return fields


def _between(field_name, index, page_height, title, name) -> Field:
    """A SIGNATURE_BOX centred on the title's column, between the title's bottom and the name's top."""
    tx0, _ty0, tx1, ty1 = title
    _nx0, ny0, _nx1, _ny1 = name
    centre = (tx0 + tx1) / 2 * PX
    top = page_height - ty1 * PX  # the title's bottom, in PDF coordinates
    bottom = page_height - ny0 * PX  # the name's top
    w, h = SIGNATURE_BOX
    if top > bottom:  # the space left to sign, at most the image's height
        h = min(h, top - bottom)
    middle = (top + bottom) / 2 if top > bottom else top - h / 2
    return Field(field_name, index, (round(centre - w / 2), round(middle - h / 2),
                                     round(centre + w / 2), round(middle + h / 2)))


def add_fields(pdf: bytes, fields: Iterable[Field]) -> bytes:
    """The PDF with empty signature fields appended (an incremental update: the printed bytes come first)."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign.fields import SigFieldSpec, append_signature_field

    writer = IncrementalPdfFileWriter(BytesIO(pdf), strict=False)
    for f in fields:
        append_signature_field(writer, SigFieldSpec(sig_field_name=f.name, on_page=f.page, box=f.box))
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def render_for_signing(template_name, context, *, seal: bool = True, secretary: bool = False,
                       request=None) -> bytes:
    """The document as core.pdf.render_pdf prints it, with its empty signature fields."""
    from weasyprint import HTML  # imported late: WeasyPrint is heavy to load

    html = render_to_string(template_name, context, request=request)
    document = HTML(string=html, base_url=".").render()
    fields = field_boxes(document, seal=seal, secretary=secretary)
    return add_fields(document.write_pdf(), fields)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# --- trust roots ------------------------------------------------------------------------------

ROOT_SUFFIXES = (".pem", ".crt", ".cer", ".der")


def load_roots(folder) -> list:
    """Every certificate (PEM, one or several per file, or DER) in the folder's .pem/.crt/.cer/.der files,
    as asn1crypto certificates. No folder, or an empty one: no root at all (nothing verifies)."""
    if not folder:
        return []
    roots = []
    for path in sorted(Path(folder).iterdir()):
        if path.suffix.lower() not in ROOT_SUFFIXES or not path.is_file():
            continue
        roots += load_root_file(path)
    return roots


def load_root_file(path) -> list:
    """The certificates of one PEM (one or several) or DER file."""
    from asn1crypto import pem, x509

    data = Path(path).read_bytes()
    if pem.detect(data):
        return [x509.Certificate.load(der) for _kind, _headers, der in pem.unarmor(data, multiple=True)]
    return [x509.Certificate.load(data)]


def configured_roots() -> list:
    """The roots of settings.SIGNATURE_TRUST_ROOTS (a folder; env SIGNATURE_TRUST_ROOTS), and, in the demo only
    (DEBUG=True; config.settings refuses it otherwise), the demo's root (SIGNATURE_DEMO_ROOT, a file written by
    load_demo: assessments.demo_signing)."""
    roots = load_roots(getattr(settings, "SIGNATURE_TRUST_ROOTS", ""))
    demo = getattr(settings, "SIGNATURE_DEMO_ROOT", "")
    if demo and settings.DEBUG and Path(demo).is_file():
        roots += load_root_file(Path(demo))
    return roots


# --- verification --------------------------------------------------------------------------------

NOT_PDF, NOT_SIGNED, ALTERED, ADDED_LATER, DIFFERENT, UNTRUSTED, EXPIRED = (
    "not_pdf", "not_signed", "altered", "added_later", "different", "untrusted", "expired")


class Refusal(Exception):
    """Why a signed file is not accepted: ``code`` (one of the constants above) and a Vietnamese message."""

    def __init__(self, code, message):
        super().__init__(message)
        self.code, self.message = code, message


@dataclass(frozen=True)
class Signature:
    field: str
    signer_name: str
    organisation: str
    serial: str  # the certificate's serial number, hex
    issuer: str
    signed_at: datetime.datetime | None


@dataclass(frozen=True)
class Verified:
    sha256: str
    signatures: list[Signature] = field(default_factory=list)
    result: str = ""
    checked_at: datetime.datetime | None = None

    @property
    def signer(self) -> Signature:
        return self.signatures[0]

    @property
    def organisation(self) -> str:
        """The body the document is signed for: the seal's certificate when there is one, else the signer's O."""
        seal = next((s for s in self.signatures if s.field == SEAL_FIELD), None)
        return (seal.organisation or seal.signer_name) if seal else self.signer.organisation


def _name_part(cert, key) -> str:
    value = cert.subject.native.get(key, "")
    return ", ".join(value) if isinstance(value, list) else str(value or "")


def _when(value) -> str:
    return timezone.localtime(value).strftime("%H:%M:%S %d/%m/%Y") if value else "?"


def _validity(cert):
    validity = cert["tbs_certificate"]["validity"]
    return validity["not_before"].native, validity["not_after"].native


def verify(data: bytes, *, prepared: Iterable[tuple[str, int]], roots=None, now=None) -> Verified:
    """Verify a signed PDF for the record, or raise Refusal.

    ``prepared``: (sha256, size) of each file this app prepared for the act; the signed file must begin
    with one of them. ``roots``: asn1crypto certificates (default: the configured folder).
    Accepted only when every signature is intact, covers the whole file or is followed only by revisions
    that add signatures (pyHanko's difference analysis: form filling at most, and these files have no field
    but signatures), its certificate was valid at its signing time and chains to a root."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.diff_analysis import ModificationLevel
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.errors import SignatureValidationError
    from pyhanko.sign.validation.settings import KeyUsageConstraints
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    roots = configured_roots() if roots is None else roots
    now = now or timezone.now()
    try:
        reader = PdfFileReader(BytesIO(data), strict=False)
        embedded = list(reader.embedded_signatures)
    except Exception as e:  # noqa: BLE001 - whatever the parser trips on, it is not a PDF we can read
        raise Refusal(NOT_PDF, _("Tệp không phải tệp PDF đọc được.")) from e
    if not embedded:
        raise Refusal(NOT_SIGNED, _("Tệp chưa được ký số: không có chữ ký số nào trong tệp. Hãy ký số văn bản "
                                    "bằng phần mềm ký số của cơ quan rồi tải lên lại."))
    usage = KeyUsageConstraints(key_usage={"digital_signature", "non_repudiation"}, match_all_key_usages=False)
    found = []
    for sig in embedded:
        cert = sig.signer_cert
        who = _name_part(cert, "common_name") or cert.subject.human_friendly
        signed_at = sig.self_reported_timestamp
        try:
            context = ValidationContext(trust_roots=list(roots), allow_fetching=False, moment=signed_at or now,
                                        revocation_mode="soft-fail")
            status = outside_an_event_loop(validate_pdf_signature, sig, context, key_usage_settings=usage)
        except SignatureValidationError as e:
            raise Refusal(ALTERED, _("Chữ ký số của %(who)s không đọc được hoặc không khớp với tệp: %(why)s")
                          % {"who": who, "why": e}) from e
        if not (status.intact and status.valid):
            raise Refusal(ALTERED, _("Tệp đã bị sửa sau khi ký: nội dung không còn khớp với chữ ký số của "
                                     "%(who)s.") % {"who": who})
        later_ok = (status.coverage == SignatureCoverageLevel.ENTIRE_REVISION
                    and status.modification_level is not None
                    and status.modification_level <= ModificationLevel.FORM_FILLING and status.docmdp_ok)
        if status.coverage != SignatureCoverageLevel.ENTIRE_FILE and not later_ok:
            raise Refusal(ADDED_LATER, _("Tệp có nội dung được thêm hoặc sửa sau chữ ký số của %(who)s (không chỉ "
                                         "thêm chữ ký số): không nhận làm bản gốc.") % {"who": who})
        found.append((sig, status, cert, who, signed_at))
    if not any(size <= len(data) and sha256(data[:size]) == digest for digest, size in prepared):
        raise Refusal(DIFFERENT, _("Văn bản đã ký không phải văn bản hệ thống chuẩn bị cho hồ sơ này. Hãy tải "
                                   "bản “để ký số” của đúng văn bản này, ký rồi tải lên."))
    signatures = []
    for sig, status, cert, who, signed_at in found:
        start, end = _validity(cert)
        moment = signed_at or now
        if signed_at is not None and signed_at > now + datetime.timedelta(minutes=5):
            raise Refusal(EXPIRED, _("Thời điểm ký của %(who)s (%(at)s) ở tương lai.") % {
                "who": who, "at": _when(signed_at)})
        if not (start <= moment <= end):
            raise Refusal(EXPIRED, _("Chứng thư số của %(who)s đã hết hạn hoặc chưa có hiệu lực vào thời điểm ký "
                                     "(hiệu lực từ %(start)s đến %(end)s; ký lúc %(at)s).") % {
                "who": who, "start": _when(start), "end": _when(end), "at": _when(moment)})
        if not status.trusted:
            raise Refusal(UNTRUSTED, _("Chứng thư số của %(who)s do “%(issuer)s” cấp, không thuộc tổ chức chứng "
                                       "thực nào hệ thống tin cậy (chứng thư gốc do quản trị hệ thống cấu hình).")
                          % {"who": who, "issuer": cert.issuer.human_friendly})
        signatures.append(Signature(field=sig.field_name, signer_name=who,
                                    organisation=_name_part(cert, "organization_name"),
                                    serial=format(cert.serial_number, "X"), issuer=cert.issuer.human_friendly,
                                    signed_at=signed_at))
    result = _("Hợp lệ: %(n)s chữ ký số toàn vẹn, phủ toàn bộ văn bản đã chuẩn bị, chứng thư còn hiệu lực khi ký "
               "và do tổ chức chứng thực tin cậy cấp.") % {"n": len(signatures)}
    return Verified(sha256=sha256(data), signatures=signatures, result=result, checked_at=now)
