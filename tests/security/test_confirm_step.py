"""The confirmation step of an irreversible move in real Chromium: the dossier's "Nộp hồ sơ" button
leads to a page saying what submitting does; "Quay lại" changes nothing, "Xác nhận" submits. The page
passes axe-core, speaks Vietnamese, runs no script the content security policy blocks, and fits 390 px.
"""

from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from assessments.models import Assessment
from tests.pages import click_through, new_context, policy_refusals, save, signed_in
from tests.security.test_accessibility import AXE, BLOCKING, ENGLISH, PAGE_TEXTS, summarise
from tests.security.world import World

pytestmark = pytest.mark.browser
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture
def world(standard, units, users, media_root):
    return World(standard, units, users)


def test_submitting_asks_first_and_the_step_is_accessible(world, live_server, browser, plain_static_storage):
    a = world.assessment("own", "scored")
    officer = world.cast["commune_officer"]
    context = new_context(browser, locale="vi-VN", viewport={"width": 390, "height": 844})
    signed_in(context, live_server, officer)
    page = context.new_page()
    blocked = policy_refusals(page)
    detail = live_server.url + reverse("assessments:detail", args=[a.pk])
    page.goto(detail)

    click_through(page, "form[data-move=submit] button")
    expect(page.locator("#confirm-consequence")).to_contain_text("Hồ sơ của")
    expect(page.locator("#confirm-consequence")).to_contain_text("không thể sửa điểm")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")  # no sideways scrolling
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "confirm-submit-390.png"), full_page=True)
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    assert not summarise([v for v in result["violations"] if v["impact"] in BLOCKING])
    assert not sorted({m.group(0) for m in ENGLISH.finditer(page.evaluate(PAGE_TEXTS))})
    assert Assessment.objects.get(pk=a.pk).status == "draft"

    click_through(page, "text=Quay lại")
    expect(page).to_have_url(detail)
    assert Assessment.objects.get(pk=a.pk).status == "draft"

    page.set_viewport_size({"width": 1280, "height": 900})
    click_through(page, "form[data-move=submit] button")
    expect(page.locator("#confirm-consequence")).to_contain_text("không thể sửa điểm")
    page.screenshot(path=str(ARTIFACTS / "confirm-submit-desktop.png"))
    save(page, "#confirm-move", shows="Đã nộp hồ sơ lên cơ quan công nhận.")
    assert Assessment.objects.get(pk=a.pk).status == "submitted"
    assert not blocked, blocked
    context.close()
