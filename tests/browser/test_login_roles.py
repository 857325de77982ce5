"""Every role signs in through the real login form and lands on its own home page."""

from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

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

    assert page.url == live_server.url + reverse("home")
    body = page.inner_text("body")
    assert user.display_name in body
    assert str(role.label) in body
    if user.unit:
        assert user.unit.name in body
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"home-{role.value}.png", full_page=True)


def test_a_visitor_is_sent_to_the_login_page(page, live_server):
    page.goto(live_server.url + reverse("home"))

    assert page.url.startswith(live_server.url + reverse("login"))
    assert page.locator("input[name=password]").count() == 1


def test_a_wrong_password_keeps_the_visitor_out(page, live_server, units, make_user):
    user = make_user(Role.COMMUNE_OFFICER, units.commune)
    user.raw_password = "sai-mat-khau"

    log_in(page, live_server, user)

    assert page.url.startswith(live_server.url + reverse("login"))
    assert user.display_name not in page.inner_text("body")
