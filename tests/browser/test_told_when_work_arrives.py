"""Issue 22 in a real browser: the provincial office of Bắc Ninh (after the 2025 reform) has the app open;
a ward submits its dossier from another desk; on the office's next page the header's count has risen,
and the notice in "Việc chờ tôi" leads to the dossier, where the office accepts or returns it."""

import datetime

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from accounts.models import Role
from communes.models import Kind, Level
from tests.factories import AssessmentFactory, RoundFactory
from tests.pages import click_through, confirm, log_in, new_context

pytestmark = pytest.mark.browser

REFORM = datetime.date(2025, 7, 1)


def test_the_office_sees_the_count_rise_and_follows_the_link(page, browser, live_server, standards, make_unit,
                                                             make_user):
    province = make_unit("Tỉnh Bắc Ninh", "24", Level.PROVINCE, Kind.PROVINCE, valid_from=REFORM)
    ward = make_unit("Phường Kinh Bắc", "09187", Level.COMMUNE, Kind.WARD, province, valid_from=REFORM)
    r = RoundFactory(province=province, year=2026, standard=standards["06/QĐ-TTg"])
    office = make_user(Role.DISTRICT_OFFICER, province)
    officer = make_user(Role.COMMUNE_OFFICER, ward)
    a = AssessmentFactory(round=r, commune=ward, officer=officer, state="scored")

    # the provincial office at its desk: nothing waits for it
    log_in(page, live_server, office)
    expect(page.locator("#unread-link")).to_be_visible()
    expect(page.locator("#unread-count")).to_have_count(0)

    # the ward submits from its own desk
    ward_desk = new_context(browser)
    try:
        ward_page = ward_desk.new_page()
        log_in(ward_page, live_server, officer)
        ward_page.goto(live_server.url + reverse("assessments:detail", args=[a.pk]))
        click_through(ward_page, "form[data-move=submit] button")
        confirm(ward_page, "được gửi lên Tỉnh Bắc Ninh")
        expect(ward_page.locator("#status")).to_contain_text("Đã nộp hồ sơ")
    finally:
        ward_desk.close()

    # the office's next page counts it; "Việc chờ tôi" names it, newest first, and leads to the dossier
    page.reload()
    expect(page.locator("#unread-count")).to_have_text("1")
    expect(page.locator("#unread-link")).to_have_attribute("aria-label", "Việc chờ tôi: 1 thông báo chưa đọc")
    click_through(page, "#unread-link")
    expect(page.locator("h1")).to_have_text("Việc chờ tôi")
    notice = page.locator("#notifications li").first
    expect(notice).to_contain_text("Hồ sơ năm 2026 của Phường Kinh Bắc đã nộp, chờ tiếp nhận")
    expect(notice).to_contain_text("chưa đọc")
    click_through(page, notice.locator("button:text-is('Mở')"))
    expect(page).to_have_url(live_server.url + reverse("assessments:detail", args=[a.pk]))
    expect(page.locator("form[data-move=accept] button")).to_be_visible()  # where the office acts
    expect(page.locator("#unread-count")).to_have_count(0)  # opened, so read
