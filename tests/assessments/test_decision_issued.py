"""A decision counts as issued (ban hành) only when the record of its act is kept (issue 24).

Recording the decision (assessments.services.decision_issue) decides the dossiers; the decision is *issued* once
its signed file is verified (assessments.signing.signed_document_upload), or, where its round takes the paper
path, once its scanned paper original is kept (paper_copy_upload): one function decides it
(signing.decision_issue_by). Until then the decision page, the dossier page, the round page, the decisions list
and the summary report say "Chưa ban hành" and what it waits for; the issuer has it in "Cần tôi xử lý"; the
communes are told of the outcome only when it is issued. Real signatures (a throwaway CA made at test time,
tests/signers.py), no mocks."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import Notification
from assessments import permissions
from assessments import signing as record
from assessments.models import Assessment, Decision, ProvinceSigning, Round, SignedDocument
from core import signing
from tests import signers
from tests.factories import advance
from tests.samples import pdf_bytes

S = Assessment.Status
NOT_ISSUED, ISSUED = "Chưa ban hành", "đã ban hành"
AWAITS_SIGNED = "chờ tệp ký số đã xác thực"
AWAITS_EITHER = "chờ tệp ký số đã xác thực hoặc bản chụp bản gốc giấy"


@pytest.fixture
def pki(settings, tmp_path):
    root = signers.make_root()
    root.write_to(tmp_path / "roots")
    settings.SIGNATURE_TRUST_ROOTS = str(tmp_path / "roots")
    return type("PKI", (), {"root": root, "person": signers.make_signer(root, "Hoàng Văn Thắng", "UBND huyện Văn Bàn"),
                            "seal": signers.make_signer(root, "Ủy ban nhân dân huyện Văn Bàn", "UBND huyện Văn Bàn")})


def decide(w, path=Round.SigningPath.PAPER):
    Round.objects.filter(pk=w.round.pk).update(signing_path=path)
    w.round.refresh_from_db()
    from assessments import services

    a = services.assessment_start(by=w.officer, round=w.round, commune=w.units.commune)
    a = advance(a, S.RECOGNISED, officer=w.officer, recogniser=w.district, decider=w.chair, appraisers=w.appraisers)
    return a, a.decision


def text(response):
    assert response.status_code == 200, response.status_code
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def pdf(name, data):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def signed_decision(w, d, pki):
    prepared = record.prepare(by=w.chair, document="decision", decision=d)
    return signers.sign(signers.sign(prepared, pki.person), pki.seal, field=signing.SEAL_FIELD)


def pages(client, w, a, d):
    """The text of each page that shows the decision, as the province's staff reads them."""
    client.force_login(w.province_staff)
    return {"decision": text(client.get(reverse("assessments:decision", args=[d.pk]))),
            "dossier": text(client.get(reverse("assessments:detail", args=[a.pk]))),
            "round": text(client.get(reverse("assessments:round", args=[w.round.pk]))),
            "decisions": text(client.get(reverse("assessments:decisions"))),
            "summary": text(client.get(reverse("reports:summary"), {"year": 2024, "province": w.units.province.pk,
                                                                     "district": w.units.district.pk}))}


def outcome_told(a):
    """The commune's notices of its dossier's decision (the deciding move's key)."""
    return Notification.objects.filter(key__startswith=f"dossier:{a.pk}:{a.status}:")


# --- the electronic path -------------------------------------------------------------------------------------

def test_an_electronic_round_issues_the_decision_only_with_its_verified_signed_file(client, workflow, media, pki):
    w = workflow
    a, d = decide(w, Round.SigningPath.ELECTRONIC)
    assert not d.is_issued and (d.issued_path, d.issued_record) == ("", None)
    for name, page in pages(client, w, a, d).items():
        assert f"{NOT_ISSUED} {AWAITS_SIGNED}" in page and AWAITS_EITHER not in page, name

    # refused uploads, each storing nothing and leaving the decision as it was
    data = signed_decision(w, d, pki)
    stranger = signers.make_signer(signers.make_root("Another Root CA"), "Người lạ", "Không rõ")
    refused = {"not_signed": record.prepare(by=w.chair, document="decision", decision=d),
               "altered": signers.flip_one_byte(data),
               "untrusted": signers.sign(record.prepare(by=w.chair, document="decision", decision=d), stranger),
               "added_later": signers.add_text_after(data)}
    for code, bad in refused.items():
        with pytest.raises(ValidationError) as refusal:
            record.signed_document_upload(by=w.chair, document="decision", decision=d, upload=pdf("qd.pdf", bad))
        assert refusal.value.error_list[0].code == code
        d.refresh_from_db()
        assert not d.is_issued and not SignedDocument.objects.exists(), code
    with pytest.raises(ValidationError, match="nhận văn bản điện tử ký số"):  # no scan on this round
        record.paper_copy_upload(by=w.chair, document="decision", decision=d, upload=pdf("scan.pdf", pdf_bytes()))
    d.refresh_from_db()
    assert not d.is_issued and not outcome_told(a).exists()

    row = record.signed_document_upload(by=w.chair, document="decision", decision=d, upload=pdf("qd.pdf", data))
    d.refresh_from_db()
    assert d.is_issued and d.issued_path == Decision.IssuedBy.ELECTRONIC and d.issued_record == row
    assert d.issued_at == Decision.objects.get(pk=d.pk).issued_at and d.history.first().history_user == w.chair
    for name, page in pages(client, w, a, d).items():
        assert ISSUED in page and NOT_ISSUED not in page, name
    assert "Quyết định đã ban hành: văn bản điện tử ký số đã được xác thực" in pages(client, w, a, d)["decision"]


def test_a_later_upload_replaces_the_file_not_the_act(workflow, media, pki):
    w = workflow
    _a, d = decide(w, Round.SigningPath.PAPER)
    record.signed_document_upload(by=w.chair, document="decision", decision=d,
                                  upload=pdf("qd.pdf", signed_decision(w, d, pki)))
    d.refresh_from_db()
    first = d.issued_at
    record.signed_document_upload(by=w.chair, document="decision", decision=d,
                                  upload=pdf("qd-2.pdf", signed_decision(w, d, pki)))
    d.refresh_from_db()
    assert d.issued_at == first and d.issued_path == Decision.IssuedBy.ELECTRONIC
    # a scanned copy does not replace a verified signed file, even on a paper round
    with pytest.raises(ValidationError, match="không thay bằng bản chụp"):
        record.paper_copy_upload(by=w.chair, document="decision", decision=d, upload=pdf("scan.pdf", pdf_bytes()))
    assert SignedDocument.objects.get().path == SignedDocument.Path.ELECTRONIC


# --- the paper path ----------------------------------------------------------------------------------------------

def test_a_paper_round_issues_the_decision_with_its_scanned_original(client, workflow, media):
    w = workflow
    a, d = decide(w, Round.SigningPath.PAPER)
    for name, page in pages(client, w, a, d).items():
        assert f"{NOT_ISSUED} {AWAITS_EITHER}" in page, name
    with pytest.raises(ValidationError, match="phải là tệp PDF"):  # a refused scan leaves it unissued
        record.paper_copy_upload(by=w.chair, document="decision", decision=d, upload=pdf("scan.pdf", b"not a pdf"))
    d.refresh_from_db()
    assert not d.is_issued

    client.force_login(w.chair)
    response = client.post(reverse("assessments:decision_signed_record", args=[d.pk]),
                           {"path": "paper", "file": pdf("quyet-dinh-ban-chup.pdf", pdf_bytes())}, follow=True)
    assert "Quyết định đã ban hành: các xã, phường trong quyết định được thông báo kết quả." in text(response)
    d.refresh_from_db()
    assert d.issued_path == Decision.IssuedBy.PAPER and d.issued_record == SignedDocument.objects.get()
    page = pages(client, w, a, d)
    assert "Quyết định đã ban hành: bản chụp của bản gốc giấy" in page["decision"]
    assert all(ISSUED in p and NOT_ISSUED not in p for p in page.values())


def test_a_province_requiring_the_electronic_path_leaves_a_paper_round_waiting_for_the_signed_file(
        client, workflow, media):
    w = workflow
    a, d = decide(w, Round.SigningPath.PAPER)
    ProvinceSigning.objects.create(province=w.units.province, electronic_required=True)
    for name, page in pages(client, w, a, d).items():
        assert f"{NOT_ISSUED} {AWAITS_SIGNED}" in page and AWAITS_EITHER not in page, name
    with pytest.raises(ValidationError):
        record.paper_copy_upload(by=w.chair, document="decision", decision=d, upload=pdf("scan.pdf", pdf_bytes()))
    d.refresh_from_db()
    assert not d.is_issued


# --- who has it to do, and who is told ---------------------------------------------------------------------------

def test_an_unissued_decision_is_in_its_issuers_needs_action_until_issued(client, workflow, media):
    w = workflow
    a, d = decide(w, Round.SigningPath.PAPER)

    def waiting_for(user):
        mine = Assessment.objects.filter(permissions.needs_action(user))
        client.force_login(user)
        listed = client.get(reverse("assessments:list"), {"cho_toi": "on"}).context["rows"]
        decisions = client.get(reverse("assessments:decisions"), {"cho_toi": "on"}).context["rows"]
        home = text(client.get(reverse("home")))
        return (a in mine, a in list(listed), d in list(decisions),
                f"Quyết định số {d.number}" in home)

    assert waiting_for(w.chair) == (True, True, True, True)
    assert waiting_for(w.district) == (True, True, True, True)  # the recognising office records it too
    for user in (w.officer, w.province_staff, w.users.council_member, w.other_district):
        assert waiting_for(user)[:3] == (False, False, False), user
    record.paper_copy_upload(by=w.chair, document="decision", decision=d, upload=pdf("scan.pdf", pdf_bytes()))
    assert waiting_for(w.chair) == (False, False, False, False)


def test_the_communes_are_told_the_outcome_when_the_decision_is_issued_not_when_it_is_recorded(
        workflow, media, django_capture_on_commit_callbacks):
    w = workflow
    with django_capture_on_commit_callbacks(execute=True):
        a, d = decide(w, Round.SigningPath.PAPER)
    assert not outcome_told(a).exists() and not Notification.objects.filter(key=f"decision:{d.pk}").exists()

    with django_capture_on_commit_callbacks(execute=True):
        record.paper_copy_upload(by=w.chair, document="decision", decision=d, upload=pdf("scan.pdf", pdf_bytes()))
    [told] = outcome_told(a)
    assert told.recipient == w.officer and told.subject.startswith("Thị trấn Khánh Yên được công nhận")
    assert f"Quyết định số {d.number} ngày" in told.body
    [above] = Notification.objects.filter(key=f"decision:{d.pk}")  # the province's staff, once
    assert above.recipient == w.province_staff

    before = Notification.objects.count()
    with django_capture_on_commit_callbacks(execute=True):  # a replaced scan tells no one again
        record.paper_copy_upload(by=w.chair, document="decision", decision=d, upload=pdf("scan-2.pdf", pdf_bytes()))
    assert Notification.objects.count() == before


def test_the_api_says_whether_and_how_a_decision_is_issued(client, workflow, media):
    w = workflow
    _a, d = decide(w, Round.SigningPath.PAPER)
    client.force_login(w.province_staff)
    url = reverse("api:decision-detail", args=[d.pk])
    body = client.get(url).json()
    assert (body["issued"], body["issued_at"], body["issued_path"]) == (False, None, None)
    record.paper_copy_upload(by=w.chair, document="decision", decision=d, upload=pdf("scan.pdf", pdf_bytes()))
    body = client.get(url).json()
    d.refresh_from_db()
    assert (body["issued"], body["issued_path"]) == (True, "paper") and body["issued_at"].startswith(
        d.issued_at.astimezone().date().isoformat()[:4])
    [listed] = [row for row in client.get(reverse("api:decision-list")).json()["results"] if row["id"] == d.pk]
    assert listed["issued"] is True and listed["issued_path"] == "paper"
