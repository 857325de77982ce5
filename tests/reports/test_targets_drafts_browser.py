"""In Chromium, a district's target over a weak connection (issue 25): typed and sent while offline, kept
and not sent; opened again offline, the draft read-only; back online in a new tab, the draft offered,
restored and saved once, the draft cleared. A save whose answer was lost, sent again: written once,
"đã ghi", no error."""

from decimal import Decimal

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from reports.models import Target
from tests.pages import click_through, log_in
from tests.weaknet import (
    controlled,
    drafts,
    go_offline,
    go_online,
    kept,
    lose_the_answer,
    posts,
    reopen,
    reopened_offline_shows_the_draft,
    restore_the_draft,
    send_again,
    sent_offline_and_kept,
)

pytestmark = pytest.mark.browser
TARGETS = reverse("reports:targets")
SAVE = "form[data-draft^=chi-tieu-] button[type=submit]"
SOURCE = "Kế hoạch số 45/KH-UBND ngày 10/3/2027 của UBND huyện Ninh Sơn"


@pytest.fixture(autouse=True)
def _browser_setup(plain_static_storage):
    """live_server serves unhashed static files."""


def type_the_target(page, world):
    page.fill("#id_year", "2028")
    page.fill("#id_percent", "87,5")
    page.fill("#id_source", SOURCE)
    kept(page, f"chi-tieu-{world.ninh_son.pk}", "source", SOURCE)


def stored(world):
    return list(Target.objects.filter(unit=world.ninh_son, year=2028).values_list("percent", "source"))


def test_a_target_sent_offline_is_kept_then_restored_and_saved_once(page, live_server, world, cast):
    url = live_server.url + TARGETS
    log_in(page, live_server, cast.district)
    page.goto(url)
    controlled(page)
    sent = posts(page, TARGETS)
    type_the_target(page, world)
    go_offline(page)
    sent_offline_and_kept(page, SAVE, form="form[data-draft^=chi-tieu-]")
    reopened_offline_shows_the_draft(page, "87,5", SOURCE)
    assert sent == [] and stored(world) == []
    go_online(page)
    page = reopen(page, url)
    expect(page.locator("#id_source")).to_have_value("")
    restore_the_draft(page)
    expect(page.locator("#id_year")).to_have_value("2028")
    expect(page.locator("#id_percent")).to_have_value("87,5")
    sent = posts(page, TARGETS)
    click_through(page, SAVE)
    expect(page.locator("main")).to_contain_text("Đã ghi chỉ tiêu năm 2028.")
    assert len(sent) == 1 and stored(world) == [(Decimal("87.5"), SOURCE)]
    assert drafts(page) == []
    page.reload()
    expect(page.locator(".draft-prompt")).to_have_count(0)


def test_a_target_whose_answer_was_lost_is_written_once_when_sent_again(page, live_server, world, cast):
    log_in(page, live_server, cast.district)
    page.goto(live_server.url + TARGETS)
    type_the_target(page, world)
    lost = lose_the_answer(page, TARGETS)
    with page.expect_event("requestfailed"):
        page.click(SAVE)
    assert lost == [302] and stored(world) == [(Decimal("87.5"), SOURCE)]
    written = Target.objects.get(unit=world.ninh_son, year=2028).updated_at
    send_again(page)  # the browser's "Tải lại" on its error page: the same form sent again
    expect(page.locator("main")).to_contain_text("Đã ghi chỉ tiêu năm 2028.")
    expect(page.locator("main")).to_contain_text("không ghi lại lần nữa")
    expect(page.locator(".alert-danger")).to_have_count(0)
    assert Target.objects.get(unit=world.ninh_son, year=2028).updated_at == written  # written once
    assert drafts(page) == []
