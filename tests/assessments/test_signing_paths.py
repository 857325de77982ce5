"""The paper path beside the electronic one, and the archive check (issue 24).

A round chooses what records its acts: a digitally signed file only, or also a scanned paper original
(marked as such); a province can require the electronic path in all its rounds. ``manage.py
verify_signatures`` verifies the kept signed files again against today's roots and changes nothing."""

import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from assessments import services
from assessments import signing as record
from assessments.models import Assessment, ProvinceSigning, Round, SignedDocument
from core import signing
from tests import signers
from tests.factories import advance
from tests.samples import pdf_bytes

S = Assessment.Status


@pytest.fixture
def decided(workflow, media):
    w = workflow
    a = services.assessment_start(by=w.officer, round=w.round, commune=w.units.commune)
    a = advance(a, S.RECOGNISED, officer=w.officer, recogniser=w.district, decider=w.chair, appraisers=w.appraisers)
    return type("Decided", (), {"w": w, "a": a, "decision": a.decision})


def scan(name="quyet-dinh-ban-chup.pdf"):
    return SimpleUploadedFile(name, pdf_bytes(), content_type="application/pdf")


def text(response):
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


# --- the paper path ------------------------------------------------------------------------------------

def test_a_paper_round_keeps_the_scanned_original_marked_as_paper(client, decided):
    assert decided.w.round.signing_path == Round.SigningPath.PAPER  # the default: today's practice stays
    client.force_login(decided.w.chair)
    response = client.post(reverse("assessments:decision_signed_record", args=[decided.decision.pk]),
                           {"path": "paper", "file": scan()})
    assert response.status_code == 302
    row = SignedDocument.objects.get()
    assert row.path == SignedDocument.Path.PAPER and row.signer_name == "" and row.verified_at is None
    page = text(client.get(reverse("assessments:decision", args=[decided.decision.pk])))
    assert "bản gốc giấy (bản chụp)" in page and "Quyết định đã ban hành: bản chụp của bản gốc giấy" in page
    assert "ký số, đã xác thực" not in page


def test_an_electronic_round_refuses_the_scanned_original(decided):
    Round.objects.filter(pk=decided.w.round.pk).update(signing_path=Round.SigningPath.ELECTRONIC)
    decided.decision.round.refresh_from_db()
    with pytest.raises(ValidationError, match="nhận văn bản điện tử ký số"):
        record.paper_copy_upload(by=decided.w.chair, document="decision", decision=decided.decision, upload=scan())
    assert not SignedDocument.objects.exists()


def test_a_province_requiring_the_electronic_path_overrides_a_paper_round(client, decided):
    ProvinceSigning.objects.create(province=decided.w.units.province, electronic_required=True,
                                   source="Công văn số 12/UBND-VX (minh họa cho kiểm thử)")
    with pytest.raises(ValidationError):
        record.paper_copy_upload(by=decided.w.district, document="appraisal", assessment=decided.a, upload=scan())
    assert not SignedDocument.objects.exists()
    client.force_login(decided.w.chair)
    page = text(client.get(reverse("assessments:decision_signed_record", args=[decided.decision.pk])))
    assert "Tỉnh yêu cầu văn bản điện tử ký số: không nhận bản chụp bản giấy." in page


def test_a_scanned_original_must_be_a_pdf(decided):
    with pytest.raises(ValidationError, match="phải là tệp PDF"):
        record.paper_copy_upload(by=decided.w.chair, document="decision", decision=decided.decision,
                                 upload=SimpleUploadedFile("qd.pdf", b"not a pdf, plain text"))
    assert not SignedDocument.objects.exists()


def test_the_round_form_chooses_the_path_and_a_requiring_province_refuses_paper(client, workflow):
    w = workflow
    form = {"year": 2025, "standard": w.standard.pk, "period_start": "01/11/2024", "period_end": "31/10/2025",
            "submission_due": "15/11/2025", "appraisal_due": "25/11/2025", "decision_due": "28/11/2025",
            "report_due": "10/12/2025", "signing_path": "electronic"}
    client.force_login(w.province_staff)
    response = client.post(reverse("assessments:round_new"), form)
    assert response.status_code == 302
    r = Round.objects.get(year=2025)
    assert r.signing_path == Round.SigningPath.ELECTRONIC
    assert "Văn bản ghi nhận kết quả: Văn bản điện tử ký số (bắt buộc)" in text(client.get(response["Location"]))
    ProvinceSigning.objects.create(province=w.units.province, electronic_required=True)
    response = client.post(reverse("assessments:round_new"), {**form, "year": 2026, "signing_path": "paper"})
    assert "Tỉnh yêu cầu văn bản điện tử ký số" in text(response)
    assert not Round.objects.filter(year=2026).exists()
    response = client.post(reverse("assessments:round_new"), {**form, "year": 2026, "signing_path": ""})
    assert Round.objects.get(year=2026).signing_path == Round.SigningPath.ELECTRONIC  # the province's rule


# --- the archive check -------------------------------------------------------------------------------------

def test_verify_signatures_reports_what_no_longer_verifies_and_changes_nothing(decided, settings, tmp_path):
    root = signers.make_root()
    root.write_to(tmp_path / "roots")
    settings.SIGNATURE_TRUST_ROOTS = str(tmp_path / "roots")
    person = signers.make_signer(root, "Hoàng Văn Thắng", "UBND huyện Văn Bàn")
    pdf = record.prepare(by=decided.w.chair, document="decision", decision=decided.decision)
    signed = record.signed_document_upload(by=decided.w.chair, document="decision", decision=decided.decision,
                                           upload=SimpleUploadedFile("qd.pdf", signers.sign(pdf, person)))
    record.paper_copy_upload(by=decided.w.district, document="appraisal", assessment=decided.a, upload=scan())
    before = list(SignedDocument.objects.order_by("pk").values())
    history = SignedDocument.history.count()

    out = io.StringIO()
    call_command("verify_signatures", stdout=out)
    assert out.getvalue().strip().endswith(
        "Đã kiểm tra 1 văn bản ký số với 1 chứng thư gốc: 1 hợp lệ, 0 không còn xác thực; 1 bản chụp bản giấy "
        "không có chữ ký số. Không thay đổi gì.")

    other = tmp_path / "new-roots"  # the operator replaced the roots: the old one is gone
    signers.make_root("Another Root").write_to(other)
    settings.SIGNATURE_TRUST_ROOTS = str(other)
    out = io.StringIO()
    call_command("verify_signatures", stdout=out)
    lines = out.getvalue().strip().splitlines()
    assert lines[0].startswith(f"Không còn xác thực: Quyết định công nhận {decided.decision.number} (Huyện Văn Bàn), "
                               "ký bởi Hoàng Văn Thắng – Chứng thư số của Hoàng Văn Thắng do")
    assert lines[-1].startswith("Đã kiểm tra 1 văn bản ký số với 1 chứng thư gốc: 0 hợp lệ, 1 không còn xác thực")
    assert list(SignedDocument.objects.order_by("pk").values()) == before
    assert SignedDocument.history.count() == history
    with signed.file.open("rb") as f:
        assert signing.sha256(f.read()) == signed.sha256
