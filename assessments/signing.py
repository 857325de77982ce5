"""The signed record of each act: a document prepared "for digital signing", the signed file verified and kept.

The documents an office signs are the printed ones (assessments.documents): the commune's request letter and
its council's minutes, the recognising unit's appraisal report and decision. ``prepare`` prints the same PDF
with empty signature fields (core.signing) and remembers its SHA-256; ``signed_document_upload`` verifies a
file the office signed in its own software (core.signing.verify: intact, nothing but signatures added after,
the prepared document, a trusted and then-valid certificate) and keeps it with what the verification read;
``paper_copy_upload`` keeps an office's scanned paper original where the round allows the paper path.
Who may do it: the unit that issues the document (assessments.permissions.may_sign_document).

A decision is **issued** (ban hành) when the record of its act is kept: ``decision_issue_by`` is the one place
that decides it, called by both uploads in their transaction. Before that the decision is recorded only: its
page and the lists say "Chưa ban hành" and what it waits for (``awaits``), its issuer has it to do
(permissions.needs_action) and the communes are told of the outcome only once it is issued (events).
"""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assessments import documents, events, permissions
from assessments.models import Assessment, Decision, PreparedDocument, ProvinceSigning, Round, SignedDocument
from core import signing
from core.files import files_follow_commit, remove_after_commit, save_file
from core.uploads import EVIDENCE_TYPES, PDF, name_refusal, opens_as, sniff

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Signable:
    slug: str
    label: str
    template: str
    seal: bool  # the issuing body's seal signs beside the signer
    secretary: bool  # the minutes: the secretary signs too


SIGNABLE = {s.slug: s for s in (
    Signable("request", gettext_lazy("Tờ trình đề nghị công nhận"), "documents/assessments/request.html", True, False),
    Signable("minutes", gettext_lazy("Biên bản họp Hội đồng đánh giá"), "documents/assessments/minutes.html",
             False, True),
    Signable("appraisal", gettext_lazy("Báo cáo thẩm định"), "documents/assessments/appraisal.html", True, False),
    Signable("decision", gettext_lazy("Quyết định công nhận"), "documents/assessments/decision.html", True, False),
)}


def act_of(document, *, assessment=None, decision=None) -> Assessment | None:
    """The dossier a permission is asked on: the dossier itself, or one the decision decides."""
    if decision is not None:
        return decision.assessments.select_related("commune", "round").first()
    return assessment


def ready(document, *, assessment=None, decision=None) -> bool:
    """Whether the document exists yet (the appraisal report once appraised; a decision always)."""
    if document == "decision":
        return decision is not None
    doc = documents.DOCUMENTS.get(document)
    return document in SIGNABLE and assessment is not None and doc is not None and doc.ready(assessment)


def _target(assessment, decision):
    return {"decision": decision, "assessment": None} if decision is not None else {"assessment": assessment,
                                                                                   "decision": None}


def _require(by, document, assessment, decision):
    if document not in SIGNABLE or not ready(document, assessment=assessment, decision=decision):
        raise ValidationError(_("Văn bản này chưa có hoặc không ký số trên hệ thống."))
    act = act_of(document, assessment=assessment, decision=decision)
    if act is None or not permissions.may_sign_document(by, act, document):
        raise PermissionDenied(_("Chỉ đơn vị ban hành văn bản được chuẩn bị và lưu văn bản đã ký."))
    return act


def context_of(document, *, assessment=None, decision=None) -> dict:
    """The document's context as printed (the issuing body the user confirmed applied)."""
    if document == "decision":
        built = documents.decision_context(decision)
        return documents.heading_applied(built, document="decision", decision=decision)
    built = documents.DOCUMENTS[document].build(assessment)
    return documents.heading_applied(built, document=document, assessment=assessment)


def filename_of(document, *, assessment=None, decision=None, suffix="de-ky-so") -> str:
    if document == "decision":
        base = documents.decision_filename(decision)
    else:
        base = documents.filename_for(documents.DOCUMENTS[document], assessment)
    return base.removesuffix(".pdf") + f"-{suffix}.pdf"


def prepare(*, by, document, assessment=None, decision=None, request=None) -> bytes:
    """The document "for digital signing": the printed PDF with its empty signature fields; its SHA-256 and
    length are kept so that the signed file can be matched to it."""
    _require(by, document, assessment, decision)
    spec = SIGNABLE[document]
    pdf = signing.render_for_signing(spec.template, context_of(document, assessment=assessment, decision=decision),
                                     seal=spec.seal, secretary=spec.secretary, request=request)
    PreparedDocument.objects.get_or_create(**_target(assessment, decision), document=document,
                                           sha256=signing.sha256(pdf), defaults={"size": len(pdf), "prepared_by": by})
    return pdf


def _read(upload) -> bytes:
    if not upload.size:
        raise ValidationError(_("Tệp rỗng (0 byte): hãy chọn lại tệp có nội dung."))
    if upload.size > settings.EVIDENCE_MAX_BYTES:
        raise ValidationError(_("Tệp quá lớn (%(mb).1f MB); tối đa %(max)s MB.")
                              % {"mb": upload.size / 1048576, "max": settings.EVIDENCE_MAX_BYTES // 1048576})
    refusal = name_refusal(getattr(upload, "name", "") or "")
    if refusal:
        raise ValidationError(refusal)
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    return data


def _store(by, document, assessment, decision, upload, data, **fields) -> SignedDocument:
    """Keep the file through the storage API and its row (replacing an earlier record of the same act)."""
    target = _target(assessment, decision)
    row = (SignedDocument.objects.select_for_update().filter(**target, document=document).first()
           or SignedDocument(**target, document=document))
    if row.pk and row.file:
        remove_after_commit(row.file)  # the audit history keeps what the earlier record said
    for name, value in fields.items():
        setattr(row, name, value)
    row.original_name = (getattr(upload, "name", "") or "van-ban.pdf")[:200]
    row.size, row.sha256, row.uploaded_by = len(data), signing.sha256(data), by
    upload.seek(0)
    save_file(row.file, "x.pdf", upload)
    row._history_user = by
    row.save()
    return row


@files_follow_commit
@transaction.atomic
def signed_document_upload(*, by, document, upload, assessment=None, decision=None, roots=None) -> SignedDocument:
    """Verify the signed PDF and keep it as the record of the act, or refuse (ValidationError, code: the
    refusal's) storing nothing."""
    _require(by, document, assessment, decision)
    data = _read(upload)
    prepared = PreparedDocument.objects.of_act(document=document, assessment=assessment, decision=decision)
    try:
        verified = signing.verify(data, prepared=list(prepared.values_list("sha256", "size")), roots=roots)
    except signing.Refusal as refusal:
        # one line, the reason and the act (pyHanko's own warning is one line too: config.settings, LOGGING)
        log.warning("signed file refused (%s) for %s of %s %s: %s", refusal.code, document,
                    "decision" if decision is not None else "dossier",
                    decision.pk if decision is not None else assessment.pk, " ".join(refusal.message.split()))
        raise ValidationError(refusal.message, code=refusal.code) from None
    signer = verified.signer
    row = _store(by, document, assessment, decision, upload, data, path=SignedDocument.Path.ELECTRONIC,
                 signer_name=signer.signer_name[:200], organisation=verified.organisation[:300],
                 cert_serial=signer.serial[:80], cert_issuer=signer.issuer[:400], signed_at=signer.signed_at,
                 signatures=[{"field": s.field, "signer_name": s.signer_name, "organisation": s.organisation,
                              "serial": s.serial, "issuer": s.issuer,
                              "signed_at": s.signed_at.isoformat() if s.signed_at else None}
                             for s in verified.signatures],
                 verification=verified.result, verified_at=verified.checked_at)
    if decision is not None:
        decision_issue_by(decision=decision, record=row, by=by)
    return row


@files_follow_commit
@transaction.atomic
def paper_copy_upload(*, by, document, upload, assessment=None, decision=None) -> SignedDocument:
    """Keep the scanned copy of a document signed on paper, marked as a paper original, where the act's round
    takes the paper path (assessments.rules.paper_allowed)."""
    act = _require(by, document, assessment, decision)
    if not paper_allowed(act.round):
        raise ValidationError(_("Đợt đánh giá này nhận văn bản điện tử ký số: hãy tải lên tệp PDF đã ký số."))
    if decision is not None and SignedDocument.objects.of_act(document=document, decision=decision).filter(
            path=SignedDocument.Path.ELECTRONIC).exists():
        raise ValidationError(_("Quyết định đã có văn bản điện tử ký số đã xác thực: không thay bằng bản chụp bản "
                                "giấy."))
    data = _read(upload)
    if sniff(upload, EVIDENCE_TYPES) != PDF or not opens_as(upload, PDF):
        raise ValidationError(_("Bản chụp phải là tệp PDF đọc được."))
    row = _store(by, document, assessment, decision, upload, data, path=SignedDocument.Path.PAPER,
                 signer_name="", organisation="", cert_serial="", cert_issuer="", signed_at=None, signatures=[],
                 verification=_("Bản chụp của bản gốc giấy (không có chữ ký số để xác thực)."),
                 verified_at=None)
    if decision is not None:
        decision_issue_by(decision=decision, record=row, by=by)
    return row


def decision_issue_by(*, decision, record, by=None, now=None) -> bool:
    """Issue ``decision`` by ``record`` (its kept SignedDocument), the one place that decides it: a verified
    signed file issues it; a scanned paper original does where its round takes the paper path now
    (``paper_allowed``). An issued decision stays issued (a later record replaces the file, not the act).
    Called inside the upload's transaction: the communes are told of the outcome (events.decision_issued), the
    e-mails leaving after the commit. Returns whether the decision was issued now."""
    if record.decision_id != decision.pk or record.document != "decision":
        raise ValueError("the record of another act")  # pragma: no cover - a programming error
    d = Decision.objects.select_for_update().select_related("round").get(pk=decision.pk)
    if d.issued_at is not None:
        return False
    if record.path == SignedDocument.Path.ELECTRONIC:
        if record.verified_at is None:  # pragma: no cover - the upload verified it before keeping it
            return False
        how = Decision.IssuedBy.ELECTRONIC
    elif paper_allowed(d.round):
        how = Decision.IssuedBy.PAPER
    else:
        return False
    d.issued_at, d.issued_path, d.issued_record = now or timezone.now(), how, record
    d._history_user = by
    d._change_reason = "issued"
    d.full_clean(validate_unique=False, validate_constraints=False)  # the database holds the constraints
    d.save(update_fields=["issued_at", "issued_path", "issued_record"])
    for name in ("issued_at", "issued_path", "issued_record"):
        setattr(decision, name, getattr(d, name))
    events.decision_issued(d)
    return True


def awaits(paper_ok) -> str:
    """What an unissued decision waits for: its verified signed file, or its scanned paper original too."""
    return (_("chờ tệp ký số đã xác thực hoặc bản chụp bản gốc giấy") if paper_ok
            else _("chờ tệp ký số đã xác thực"))


@transaction.atomic
def province_signing_set(*, by, province, electronic_required, source="") -> ProvinceSigning:
    """Set whether ``province`` requires the electronic path in all its rounds (its staff only, for their own
    province: assessments.set_signing_rule); the audit history keeps each change with who made it."""
    from communes.models import Level

    if province.level != Level.PROVINCE or not by.has_perm("assessments.set_signing_rule", province):
        raise PermissionDenied(_("Chỉ cán bộ cấp tỉnh của %(unit)s được đặt quy định ký số của tỉnh.")
                               % {"unit": province})
    rule = (ProvinceSigning.objects.select_for_update().filter(province=province).first()
            or ProvinceSigning(province=province))
    if rule.pk and (rule.electronic_required, rule.source) == (bool(electronic_required), source):
        return rule  # nothing changed: no line in the history
    rule.electronic_required, rule.source = bool(electronic_required), source
    rule.full_clean()
    rule._history_user = by
    rule.save()
    return rule


def electronic_required(province) -> bool:
    """Whether the province requires the electronic path in all its rounds (ProvinceSigning)."""
    return ProvinceSigning.objects.filter(province=province, electronic_required=True).exists()


def paper_allowed(round_) -> bool:
    """Whether the round takes a scanned paper original as the record of an act: its setting, unless its
    province requires the electronic path."""
    return round_.signing_path == round_.SigningPath.PAPER and not electronic_required(round_.province_id)


def paper_allowed_in(rounds) -> dict:
    """{round id: ``paper_allowed``} for several rounds (a report's), one query."""
    required = set(ProvinceSigning.objects.filter(province_id__in={r.province_id for r in rounds},
                                                  electronic_required=True).values_list("province_id", flat=True))
    return {r.pk: r.signing_path == r.SigningPath.PAPER and r.province_id not in required for r in rounds}


def paper_allowed_sql(round_field="round"):
    """``paper_allowed`` of the row's round (``round_field``: the path to it) as a condition in SQL, for lists."""
    from django.db.models import Exists, OuterRef, Q

    required = ProvinceSigning.objects.filter(province_id=OuterRef(f"{round_field}__province_id"),
                                              electronic_required=True)
    return Q(**{f"{round_field}__signing_path": Round.SigningPath.PAPER}) & ~Exists(required)


def records_for(assessment) -> dict:
    """{document: SignedDocument} of a dossier's documents and its decision (one query)."""
    from django.db.models import Q

    rows = SignedDocument.objects.filter(Q(assessment=assessment) | Q(decision_id=assessment.decision_id)
                                         if assessment.decision_id else Q(assessment=assessment))
    return {r.document: r for r in rows}


def reverify(row: SignedDocument, *, roots=None, now=None):
    """Verify a stored signed file again (manage.py verify_signatures): the Verified, or the Refusal. Changes
    nothing."""
    prepared = PreparedDocument.objects.of_act(document=row.document, assessment=row.assessment,
                                               decision=row.decision)
    with row.file.open("rb") as f:
        data = f.read()
    try:
        return signing.verify(data, prepared=list(prepared.values_list("sha256", "size")), roots=roots,
                              now=now or timezone.now())
    except signing.Refusal as refusal:
        return refusal
