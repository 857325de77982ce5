"""The signed decision in a real browser (issue 24): the council chair opens the decision, downloads it "for
digital signing", signs it as the office's software would (pyHanko, with a throwaway CA made at test time),
uploads the signed file through the page and reads "ký số, đã xác thực" with the signer; a tampered copy is
refused on the page with its reason. The decision reads "Chưa ban hành" (waiting for its verified signed file) on
its page and on the round page until then, and "đã ban hành" after."""

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import expect

from assessments.models import Assessment, Decision, SignedDocument
from core import signing
from tests import signers
from tests.factories import AssessmentFactory
from tests.pages import log_in

pytestmark = pytest.mark.browser
S = Assessment.Status
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"


def test_the_chair_uploads_the_signed_decision_and_reads_it_verified(page, live_server, workflow, media, settings,
                                                                      tmp_path):
    w = workflow
    root = signers.make_root()
    root.write_to(tmp_path / "roots")
    settings.SIGNATURE_TRUST_ROOTS = str(tmp_path / "roots")
    person = signers.make_signer(root, "Hoàng Văn Thắng", "UBND huyện Văn Bàn")
    seal = signers.make_signer(root, "Ủy ban nhân dân huyện Văn Bàn", "UBND huyện Văn Bàn")
    a = AssessmentFactory(round=w.round, commune=w.units.commune, officer=w.officer, state=S.RECOGNISED,
                          recogniser=w.district, decider=w.chair, appraisers=w.appraisers)

    log_in(page, live_server, w.chair)
    page.goto(live_server.url + reverse("assessments:round", args=[w.round.pk]))
    expect(page.locator("#review-list .issued-badge")).to_have_text("Chưa ban hành")
    page.goto(live_server.url + reverse("assessments:decision", args=[a.decision_id]))
    expect(page.locator("#decision-not-recorded")).to_contain_text("Chưa có văn bản đã ký")
    expect(page.locator("#decision-issued")).to_contain_text(
        "Chưa ban hành chờ tệp ký số đã xác thực hoặc bản chụp bản gốc giấy")
    page.locator("#decision-sign").click()
    with page.expect_download() as download:
        page.locator("#for-signing").click()
    prepared = Path(download.value.path()).read_bytes()
    # pyHanko's synchronous API runs its own event loop: not in this thread, where Playwright's loop runs
    with ThreadPoolExecutor(1) as pool:
        signed = pool.submit(lambda: signers.sign(signers.sign(prepared, person), seal,
                                                  field=signing.SEAL_FIELD)).result()

    tampered = tmp_path / "qd-sua.pdf"
    tampered.write_bytes(signers.flip_one_byte(signed))
    page.set_input_files("#signed-file", str(tampered))
    page.locator("#signed-submit").click()
    expect(page.locator("#signed-errors")).to_contain_text("Tệp đã bị sửa sau khi ký")
    assert not SignedDocument.objects.exists()
    assert not Decision.objects.get(pk=a.decision_id).is_issued

    good = tmp_path / "qd-da-ky.pdf"
    good.write_bytes(signed)
    page.set_input_files("#signed-file", str(good))
    page.locator("#signed-submit").click()
    record = page.locator("#decision-record")
    expect(record).to_contain_text("ký số, đã xác thực")
    expect(record).to_contain_text("Hoàng Văn Thắng")
    expect(record).to_contain_text("Quyết định đã ban hành: văn bản điện tử ký số đã được xác thực")
    expect(page.locator("#decision-issued .issued-badge")).to_have_text("đã ban hành")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "decision-signed-verified.png", full_page=True)
    row = SignedDocument.objects.get()
    assert row.decision_id == a.decision_id and row.sha256 == signing.sha256(signed)
    page.goto(live_server.url + reverse("assessments:round", args=[w.round.pk]))
    expect(page.locator("#review-list .issued-badge")).to_have_text("đã ban hành")
