"""The signed record through the pages: download for signing, upload the signed file, see it everywhere.

Văn Bàn's council chair downloads the decision "for digital signing", signs it with pyHanko (a throwaway CA
and certificates made at test time, tests/signers.py) and uploads it through the decision's page; the
decision page, the dossier page, the round page, the decisions list and the provincial and national
summaries then say "ký số, đã xác thực" with the signer, and whoever reads the dossier downloads the
very file. A refused upload says why on the page and keeps nothing."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assessments.models import Assessment, PreparedDocument, SignedDocument
from core import signing
from tests import signers
from tests.factories import advance

S = Assessment.Status
BADGE = "ký số, đã xác thực"


@pytest.fixture
def pki(settings, tmp_path):
    root = signers.make_root()
    root.write_to(tmp_path / "roots")
    settings.SIGNATURE_TRUST_ROOTS = str(tmp_path / "roots")
    return type("PKI", (), {"root": root, "person": signers.make_signer(root, "Hoàng Văn Thắng", "UBND huyện Văn Bàn"),
                            "seal": signers.make_signer(root, "Ủy ban nhân dân huyện Văn Bàn", "UBND huyện Văn Bàn")})


@pytest.fixture
def decided(workflow, media):
    from assessments import services

    w = workflow
    a = services.assessment_start(by=w.officer, round=w.round, commune=w.units.commune)
    a = advance(a, S.RECOGNISED, officer=w.officer, recogniser=w.district, decider=w.chair, appraisers=w.appraisers)
    return type("Decided", (), {"w": w, "a": a, "decision": a.decision})


def text(response):
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def signed_through_the_page(client, d, pki):
    client.force_login(d.w.chair)
    prepared = client.get(reverse("assessments:decision_for_signing", args=[d.decision.pk]))
    assert prepared.status_code == 200 and prepared["Content-Type"] == "application/pdf"
    assert prepared["Cache-Control"] == "private, no-store"
    data = signers.sign(signers.sign(prepared.content, pki.person), pki.seal, field=signing.SEAL_FIELD)
    response = client.post(reverse("assessments:decision_signed_record", args=[d.decision.pk]),
                           {"path": "electronic", "file": SimpleUploadedFile("qd-da-ky.pdf", data)})
    return response, data


def test_the_signed_decision_uploaded_through_its_page_is_shown_everywhere(client, decided, pki):
    d, w = decided, decided.w
    response, data = signed_through_the_page(client, d, pki)
    assert response.status_code == 302 and response["Location"] == reverse("assessments:decision", args=[d.decision.pk])
    row = SignedDocument.objects.get(decision=d.decision)
    assert (row.signer_name, row.organisation, row.sha256) == ("Hoàng Văn Thắng", "UBND huyện Văn Bàn",
                                                               signing.sha256(data))
    page = text(client.get(reverse("assessments:decision", args=[d.decision.pk])))
    assert f"{BADGE} Hoàng Văn Thắng" in page
    assert "Quyết định đã ban hành: văn bản điện tử ký số đã được xác thực" in page
    for user in (w.officer, w.district, w.province_staff, w.users.national_staff):
        client.force_login(user)
        dossier = text(client.get(reverse("assessments:detail", args=[d.a.pk])))
        assert f"Quyết định công nhận: {BADGE} Hoàng Văn Thắng" in dossier, user
        assert f"{BADGE} Hoàng Văn Thắng" in text(client.get(reverse("assessments:round", args=[w.round.pk])))
        assert f"{BADGE} Hoàng Văn Thắng" in text(client.get(reverse("assessments:decisions")))
        kept = client.get(reverse("assessments:decision_signed_file", args=[d.decision.pk]))
        assert b"".join(kept.streaming_content) == data and kept["Cache-Control"] == "private, no-store"
    for user in (w.province_staff, w.users.national_staff):  # the provincial and national summaries
        client.force_login(user)
        summary = client.get(reverse("reports:summary"), {"year": 2024, "province": w.units.province.pk,
                                                           "district": w.units.district.pk})
        assert f"{BADGE} Hoàng Văn Thắng" in text(summary)


def test_a_refused_upload_says_why_on_the_page_and_keeps_nothing(client, decided, pki, media):
    client.force_login(decided.w.chair)
    prepared = client.get(reverse("assessments:decision_for_signing", args=[decided.decision.pk])).content
    response = client.post(reverse("assessments:decision_signed_record", args=[decided.decision.pk]),
                           {"path": "electronic", "file": SimpleUploadedFile("qd.pdf", prepared)})
    assert response.status_code == 200
    assert "Chưa lưu: Tệp chưa được ký số" in text(response)
    assert SignedDocument.objects.count() == 0 and not (media / "signed").exists()
    assert PreparedDocument.objects.filter(decision=decided.decision).count() == 1


def test_the_dossier_page_offers_signing_to_the_issuing_unit_only(client, decided):
    d = decided
    client.force_login(d.w.officer)
    html = client.get(reverse("assessments:detail", args=[d.a.pk])).content.decode()
    assert set(re.findall(r'data-sign="(\w+)"', html)) == {"request", "minutes"}
    client.force_login(d.w.district)
    html = client.get(reverse("assessments:detail", args=[d.a.pk])).content.decode()
    assert set(re.findall(r'data-sign="(\w+)"', html)) == {"appraisal", "decision"}
    client.force_login(d.w.province_staff)
    assert "data-sign=" not in client.get(reverse("assessments:detail", args=[d.a.pk])).content.decode()


@pytest.mark.parametrize("document", ["request", "minutes", "appraisal"])
def test_a_dossiers_document_signed_through_its_page_is_shown_verified_on_the_dossier(client, decided, pki, document):
    d = decided
    user = d.w.district if document == "appraisal" else d.w.officer
    signer = signers.make_signer(pki.root, "Nguyễn Văn Bình", "UBND thị trấn Khánh Yên")
    client.force_login(user)
    prepared = client.get(reverse("assessments:doc_for_signing", args=[d.a.pk, document])).content
    data = signers.sign(prepared, signer)
    response = client.post(reverse("assessments:doc_signed_record", args=[d.a.pk, document]),
                           {"path": "electronic", "file": SimpleUploadedFile("da-ky.pdf", data)})
    assert response.status_code == 302
    label = {"request": "Tờ trình đề nghị công nhận", "minutes": "Biên bản họp Hội đồng đánh giá",
             "appraisal": "Báo cáo thẩm định"}[document]
    client.force_login(d.w.province_staff)  # a reader, not the issuer
    page = text(client.get(reverse("assessments:detail", args=[d.a.pk])))
    assert f"{label}: {BADGE} Nguyễn Văn Bình · UBND thị trấn Khánh Yên" in page
    kept = client.get(reverse("assessments:doc_signed_file", args=[d.a.pk, document]))
    assert b"".join(kept.streaming_content) == data


def test_the_decision_page_warns_when_the_certificate_names_another_signer(client, decided, pki):
    signed_through_the_page(client, decided, pki)  # the decision records Đỗ Văn Quang; the certificate another
    page = text(client.get(reverse("assessments:decision", args=[decided.decision.pk])))
    assert ("Người ký theo chứng thư số (Hoàng Văn Thắng) khác người ký ghi trong quyết định (Đỗ Văn Quang): hệ thống "
            "không kiểm tra được thẩm quyền ký, hãy đối chiếu.") in page
