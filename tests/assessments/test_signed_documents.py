"""Documents signed with a digital signature: prepared here, signed as an office's software signs, verified here.

A throwaway root CA and signers are made at test time (tests/signers.py, ``cryptography``); the app's own
prepared PDF is signed with pyHanko, then recorded through assessments.signing. Each refusal stores nothing:
no row, no file."""

import datetime
import io
import re
import subprocess

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from pyhanko.pdf_utils.reader import PdfFileReader

from assessments import signing as record
from assessments.models import Assessment, PreparedDocument, SignedDocument
from core import signing
from tests import signers
from tests.factories import advance

S = Assessment.Status


@pytest.fixture
def pki(settings, tmp_path):
    """A root the app trusts (a folder of roots, as the setting names it) and two signers under it: the
    district's vice-chairman and the district committee's seal."""
    root = signers.make_root()
    root.write_to(tmp_path / "roots")
    settings.SIGNATURE_TRUST_ROOTS = str(tmp_path / "roots")
    return type("PKI", (), {
        "root": root,
        "person": signers.make_signer(root, "Hoàng Văn Thắng", "UBND huyện Văn Bàn"),
        "seal": signers.make_signer(root, "Ủy ban nhân dân huyện Văn Bàn", "UBND huyện Văn Bàn"),
        "commune": signers.make_signer(root, "Nguyễn Văn Bình", "UBND thị trấn Khánh Yên"),
    })


@pytest.fixture
def decided(workflow, media):
    """Khánh Yên recognised by Văn Bàn's decision; Võ Lao appraised (its documents exist, not yet decided)."""
    w = workflow
    started = record_start(w, w.units.commune, w.officer)
    other = advance(record_start(w, w.units.neighbour, w.neighbour_officer), S.APPRAISED,
                    officer=w.neighbour_officer, recogniser=w.district, appraisers=w.appraisers)
    a = advance(started, S.RECOGNISED, officer=w.officer, recogniser=w.district, decider=w.chair,
                appraisers=w.appraisers)
    return type("Decided", (), {"w": w, "a": a, "decision": a.decision, "other": other})


def record_start(w, commune, officer):
    from assessments import services

    return services.assessment_start(by=officer, round=w.round, commune=commune)


def upload(data, name="quyet-dinh-da-ky.pdf"):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def stored_files(media):
    return sorted(p for p in (media / "signed").rglob("*") if p.is_file()) if (media / "signed").exists() else []


def sign_decision(d, pki, *, seal=True):
    pdf = record.prepare(by=d.w.district, document="decision", decision=d.decision)
    signed = signers.sign(pdf, pki.person)
    return signers.sign(signed, pki.seal, field=signing.SEAL_FIELD) if seal else signed


# --- prepared for signing ----------------------------------------------------------------------------

def _words(pdf, page):
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", "-bbox", "-f", str(page + 1), "-l", str(page + 1), "-", "-"],
                         input=pdf, capture_output=True, check=True).stdout.decode()
    found = re.findall(r'<page width="([\d.]+)" height="([\d.]+)"', out)
    height = float(found[0][1])
    words = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', out)
    # PDF coordinates (from the bottom) like the fields' boxes
    return [(w[4], float(w[0]), height - float(w[3]), float(w[2]), height - float(w[1])) for w in words]


def test_the_decision_for_signing_has_the_signers_field_over_the_block_and_the_seal_on_its_left(decided, pki):
    pdf = record.prepare(by=decided.w.district, document="decision", decision=decided.decision)
    reader = PdfFileReader(io.BytesIO(pdf))
    fields = {}
    for page_index, page in enumerate(reader.root["/Pages"]["/Kids"]):
        for annot in page.get_object().get("/Annots", []):
            annot = annot.get_object()
            if annot.get("/FT") == "/Sig":
                fields[annot["/T"]] = (page_index, [float(v) for v in annot["/Rect"]])
    assert set(fields) == {signing.SIGNER_FIELD, signing.SEAL_FIELD}
    assert reader.embedded_signatures == []  # empty fields: nothing signed yet
    page, (sx0, sy0, sx1, sy1) = fields[signing.SIGNER_FIELD]
    seal_page, (cx0, cy0, cx1, cy1) = fields[signing.SEAL_FIELD]
    assert seal_page == page
    words = _words(pdf, page)
    title = [w for w in words if w[0] == "PHÓ" and w[1] > 250]  # "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH", right column
    name = [w for w in words if w[0] == "Thắng"] or [w for w in words if w[0] == "Quang"]
    assert title and name
    # between the signer's title (above) and name (below), centred on the right-hand column
    assert sy1 <= title[-1][2] + 3 and sy0 >= name[-1][4] - 3
    assert sx0 < name[-1][1] and sx1 > name[-1][3] - 40
    # the seal covers about the left third of the signer's field, and stands out to its left
    assert cx0 < sx0 < cx1 < sx1
    assert abs((cx1 - sx0) - (sx1 - sx0) / 3) <= 1
    assert PreparedDocument.objects.filter(decision=decided.decision, document="decision",
                                           sha256=signing.sha256(pdf), size=len(pdf)).exists()


def test_the_minutes_for_signing_have_the_chairs_and_the_secretarys_fields_and_no_seal(decided, pki):
    pdf = record.prepare(by=decided.w.officer, document="minutes", assessment=decided.a)
    names = {str(f.get_object()["/T"]) for p in PdfFileReader(io.BytesIO(pdf)).root["/Pages"]["/Kids"]
             for f in p.get_object().get("/Annots", []) if f.get_object().get("/FT") == "/Sig"}
    assert names == {signing.SIGNER_FIELD, signing.SECRETARY_FIELD}


def test_each_preparation_is_recorded_and_a_file_signed_from_any_of_them_is_accepted(decided, pki):
    """The field-adding revision carries a fresh document ID (pyHanko, as the PDF format asks), so two
    downloads differ in a few bytes: both are the app's, either may come back signed."""
    first = record.prepare(by=decided.w.district, document="decision", decision=decided.decision)
    second = record.prepare(by=decided.w.district, document="decision", decision=decided.decision)
    assert PreparedDocument.objects.filter(decision=decided.decision).count() == len({first, second})
    row = record.signed_document_upload(by=decided.w.district, document="decision", decision=decided.decision,
                                        upload=upload(signers.sign(first, pki.person)))
    assert row.signer_name == "Hoàng Văn Thắng"


def test_only_the_issuing_unit_prepares_and_records(decided, pki):
    with pytest.raises(PermissionDenied):
        record.prepare(by=decided.w.officer, document="decision", decision=decided.decision)
    with pytest.raises(PermissionDenied):
        record.prepare(by=decided.w.district, document="request", assessment=decided.a)
    with pytest.raises(PermissionDenied):
        record.signed_document_upload(by=decided.w.neighbour_officer, document="request", assessment=decided.a,
                                      upload=upload(b"%PDF-1.7"))


# --- signed, uploaded, verified, kept ---------------------------------------------------------------------

def test_a_decision_signed_by_the_signer_and_the_seal_is_verified_and_kept(decided, pki, media):
    data = sign_decision(decided, pki)
    row = record.signed_document_upload(by=decided.w.district, document="decision", decision=decided.decision,
                                        upload=upload(data))
    row.refresh_from_db()
    assert row.path == SignedDocument.Path.ELECTRONIC
    assert row.signer_name == "Hoàng Văn Thắng"
    assert row.organisation == "UBND huyện Văn Bàn"
    assert row.cert_serial == format(pki.person.cert.serial_number, "X")
    assert "Throwaway Root CA (tests)" in row.cert_issuer
    assert abs(row.signed_at - datetime.datetime.now(datetime.timezone.utc)) < datetime.timedelta(minutes=5)
    assert row.verification.startswith("Hợp lệ: 2 chữ ký số")
    assert row.verified_at is not None
    assert [s["field"] for s in row.signatures] == [signing.SIGNER_FIELD, signing.SEAL_FIELD]
    assert row.sha256 == signing.sha256(data) and row.size == len(data)
    with row.file.open("rb") as f:
        assert f.read() == data  # the very file, through the storage API
    assert len(stored_files(media)) == 1


@pytest.mark.parametrize("document", ["appraisal", "request"])
def test_an_appraisal_report_and_a_request_letter_are_verified_and_kept(decided, pki, document):
    by = decided.w.district if document == "appraisal" else decided.w.officer
    signer = pki.person if document == "appraisal" else pki.commune
    pdf = record.prepare(by=by, document=document, assessment=decided.a)
    row = record.signed_document_upload(by=by, document=document, assessment=decided.a,
                                        upload=upload(signers.sign(pdf, signer)))
    assert row.signer_name == signer.cert.subject.rfc4514_string().split("CN=")[1].split(",")[0]
    assert row.verification.startswith("Hợp lệ: 1 chữ ký số")


def test_a_second_signed_upload_replaces_the_first_record(decided, pki, media):
    first = record.signed_document_upload(by=decided.w.district, document="decision", decision=decided.decision,
                                          upload=upload(sign_decision(decided, pki, seal=False)))
    second = record.signed_document_upload(by=decided.w.district, document="decision", decision=decided.decision,
                                           upload=upload(sign_decision(decided, pki)))
    assert first.pk == second.pk and SignedDocument.objects.count() == 1
    assert second.history.count() == 2


# --- refusals: a message in Vietnamese, nothing stored ---------------------------------------------------

def refused(decided, media, data, code, *, document="decision"):
    target = {"decision": decided.decision} if document == "decision" else {"assessment": decided.a}
    with pytest.raises(ValidationError) as caught:
        record.signed_document_upload(by=decided.w.district, document=document, upload=upload(data), **target)
    assert caught.value.error_list[0].code == code
    assert SignedDocument.objects.count() == 0 and stored_files(media) == []
    return caught.value.messages[0]


def test_an_unsigned_pdf_is_refused(decided, pki, media):
    pdf = record.prepare(by=decided.w.district, document="decision", decision=decided.decision)
    assert "chưa được ký số" in refused(decided, media, pdf, signing.NOT_SIGNED)


def test_a_signed_file_with_one_byte_changed_is_refused(decided, pki, media):
    data = signers.flip_one_byte(sign_decision(decided, pki, seal=False))
    assert "đã bị sửa sau khi ký" in refused(decided, media, data, signing.ALTERED)


def test_a_signed_different_document_is_refused(decided, pki, media):
    """Võ Lao's appraisal report, prepared and signed properly, uploaded as Khánh Yên's."""
    other = record.prepare(by=decided.w.district, document="appraisal", assessment=decided.other)
    data = signers.sign(other, pki.person)
    message = refused(decided, media, data, signing.DIFFERENT, document="appraisal")
    assert "không phải văn bản hệ thống chuẩn bị" in message


def test_a_signer_under_an_untrusted_root_is_refused(decided, pki, media):
    record.prepare(by=decided.w.district, document="decision", decision=decided.decision)
    stranger = signers.make_signer(signers.make_root("Unknown CA"), "Hoàng Văn Thắng", "UBND huyện Văn Bàn")
    pdf = record.prepare(by=decided.w.district, document="decision", decision=decided.decision)
    message = refused(decided, media, signers.sign(pdf, stranger), signing.UNTRUSTED)
    assert "Unknown CA" in message and "không thuộc tổ chức chứng thực nào hệ thống tin cậy" in message


def test_no_root_configured_trusts_nobody(decided, pki, media, settings):
    settings.SIGNATURE_TRUST_ROOTS = ""
    assert refused(decided, media, sign_decision(decided, pki, seal=False), signing.UNTRUSTED)


def test_an_expired_certificate_is_refused(decided, pki, media):
    now = signers.NOW
    expired = signers.make_signer(pki.root, valid_from=now - datetime.timedelta(days=800),
                                  valid_to=now - datetime.timedelta(days=400))
    pdf = record.prepare(by=decided.w.district, document="decision", decision=decided.decision)
    message = refused(decided, media, signers.sign(pdf, expired), signing.EXPIRED)
    assert "đã hết hạn hoặc chưa có hiệu lực vào thời điểm ký" in message


def test_a_certificate_not_yet_valid_is_refused(decided, pki, media):
    now = signers.NOW
    early = signers.make_signer(pki.root, valid_from=now + datetime.timedelta(days=2),
                                valid_to=now + datetime.timedelta(days=400))
    pdf = record.prepare(by=decided.w.district, document="decision", decision=decided.decision)
    refused(decided, media, signers.sign(pdf, early), signing.EXPIRED)


def test_a_later_revision_adding_content_after_the_signature_is_refused(decided, pki, media):
    data = signers.add_text_after(sign_decision(decided, pki, seal=False))
    assert "thêm hoặc sửa sau chữ ký số" in refused(decided, media, data, signing.ADDED_LATER)


def test_a_file_that_is_no_pdf_is_refused(decided, pki, media):
    assert "không phải tệp PDF" in refused(decided, media, b"hello, not a PDF at all", signing.NOT_PDF)
