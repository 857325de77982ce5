"""Every role signs in through the real login form and lands on its own home page."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import expect

from accounts.models import Role
from tests.pages import log_in

ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"

pytestmark = pytest.mark.browser


def unit_for(role, units):
    """Where each role works in the standing cast."""
    return {
        Role.COMMUNE_OFFICER: units.commune,
        Role.SECTOR_APPRAISER: units.district,
        Role.DISTRICT_OFFICER: units.district,
        Role.COUNCIL_MEMBER: units.district,
        Role.COUNCIL_CHAIR: units.district,
        Role.PROVINCIAL_STAFF: units.province,
        Role.NATIONAL_STAFF: None,
        Role.SYSADMIN: None,
    }[role]


@pytest.mark.parametrize("role", list(Role), ids=[r.value for r in Role])
def test_each_role_sees_its_name_and_role_on_the_home_page(role, page, live_server, units,
                                                          make_user):
    from criteria.models import Sector

    sector = None
    if role == Role.SECTOR_APPRAISER:
        sector, _ = Sector.objects.get_or_create(
            code="tu-phap", defaults={"name": "Phòng Tư pháp", "short_name": "Tư pháp"})
    user = make_user(role, unit_for(role, units), sector=sector)

    log_in(page, live_server, user)

    expect(page).to_have_url(live_server.url + reverse("home"))
    body = page.locator("body")
    expect(body).to_contain_text(user.display_name)
    expect(body).to_contain_text(str(role.label))
    if user.unit:
        expect(body).to_contain_text(user.unit.name)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"home-{role.value}.png", full_page=True)


def test_a_visitor_is_sent_to_the_login_page(page, live_server):
    page.goto(live_server.url + reverse("home"))

    expect(page).to_have_url(re.compile("^" + re.escape(live_server.url + reverse("login"))))
    expect(page.locator("input[name=password]")).to_have_count(1)


def test_a_wrong_password_keeps_the_visitor_out(page, live_server, units, make_user):
    user = make_user(Role.COMMUNE_OFFICER, units.commune)
    user.raw_password = "sai-mat-khau"

    log_in(page, live_server, user)

    expect(page).to_have_url(re.compile("^" + re.escape(live_server.url + reverse("login"))))
    expect(page.locator("input[name=password]")).to_be_visible()  # the login form again
    expect(page.locator("body")).not_to_contain_text(user.display_name)
