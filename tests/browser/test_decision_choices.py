"""The decision form in a real browser (issue 22, "never by accident"): the council chair finds nothing
chosen, chooses every passing dossier with one button, reads on the confirmation step exactly what will
be decided, and issues it."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import expect

from assessments.models import Assessment, Decision
from tests.factories import AssessmentFactory
from tests.pages import click_through, confirm, log_in

pytestmark = pytest.mark.browser
S = Assessment.Status
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"


def test_the_chair_chooses_the_passing_dossiers_and_confirms_what_is_decided(page, live_server, workflow):
    w = workflow
    passing = AssessmentFactory(round=w.round, commune=w.units.commune, officer=w.officer, state=S.APPRAISED)
    failing = AssessmentFactory(round=w.round, commune=w.units.neighbour, officer=w.neighbour_officer,
                                state=S.APPRAISED, points={7: 0})
    log_in(page, live_server, w.chair)
    page.goto(live_server.url + reverse("assessments:round", args=[w.round.pk]))
    choice = {a: page.locator(f"#outcome_{a.pk}") for a in (passing, failing)}
    expect(choice[passing]).to_have_value("")  # nothing chosen at first
    expect(choice[failing]).to_have_value("")

    page.get_by_role("link", name="Chọn tất cả hồ sơ đạt chuẩn (1)").click()
    expect(choice[passing]).to_have_value("yes")  # the passing one, at once (no page load)
    expect(choice[failing]).to_have_value("")
    expect(page).not_to_have_url(re.compile("chon="))  # static/js/decision.js chose it; no page was loaded
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "decision-form-passing-chosen.png", full_page=True)
    page.fill("input[name=number]", "125/QĐ-UBND")
    page.fill("input[name=signed_on]", "05/12/2024")
    page.fill("input[name=signer_name]", "Đỗ Văn Quang")
    click_through(page, "text=Ghi quyết định")

    details = page.locator("#confirm-details li")
    expect(details).to_have_text(["Thị trấn Khánh Yên được công nhận đạt chuẩn theo quyết định này."])
    expect(page.locator("#confirm-consequence")).to_contain_text(
        "Quyết định gồm 1 xã, phường: 1 được công nhận, 0 không được công nhận.")
    page.screenshot(path=ARTIFACTS / "decision-confirmation.png", full_page=True)
    confirm(page, "Thị trấn Khánh Yên được công nhận")
    expect(page.locator("main")).to_contain_text("Quyết định số 125/QĐ-UBND")

    decision = Decision.objects.get()
    assert list(decision.assessments.values_list("pk", flat=True)) == [passing.pk]
    assert Assessment.objects.get(pk=failing.pk).status == S.APPRAISED
