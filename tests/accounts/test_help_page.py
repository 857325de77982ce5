"""The help page per role ("Hướng dẫn", in the menu): what the role does and when, a link for each step
that opens for that role (accounts.help, the one source the demo's list of users reads too)."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from accounts.help import DUTIES, STEPS
from accounts.models import Role
from tests import factories

pytestmark = pytest.mark.django_db

CAST = {Role.COMMUNE_OFFICER: factories.CommuneOfficerFactory, Role.SECTOR_APPRAISER: factories.SectorAppraiserFactory,
        Role.DISTRICT_OFFICER: factories.DistrictOfficerFactory, Role.COUNCIL_MEMBER: factories.CouncilMemberFactory,
        Role.COUNCIL_CHAIR: factories.CouncilChairFactory, Role.PROVINCIAL_STAFF: factories.ProvincialStaffFactory,
        Role.NATIONAL_STAFF: factories.NationalStaffFactory, Role.SYSADMIN: factories.SysadminFactory}


def test_every_role_has_a_duty_and_steps():
    assert set(DUTIES) == set(STEPS) == set(Role)
    assert all(STEPS[role] for role in Role)


@pytest.mark.parametrize("role", list(Role))
def test_each_role_reads_its_own_help_with_links_that_open_for_it(standards, role):
    user = CAST[role](is_staff=role == Role.SYSADMIN)
    c = Client()
    c.force_login(user)
    html = c.get(reverse("home")).content.decode()
    assert f'href="{reverse("help")}"' in html and "Hướng dẫn" in html  # in the menu of every page
    page = c.get(reverse("help"))
    text = page.content.decode()
    assert page.status_code == 200 and f"Hướng dẫn: {role.label}" in text and f"{DUTIES[role]}." in text
    steps = text.split('id="help-steps"')[1].split("</ol>")[0]
    links = re.findall(r'<a href="([^"]+)">', steps)
    assert len(links) == len(STEPS[role])
    for url in links:
        assert c.get(url).status_code == 200, (role, url)
    # the other roles' pages are one click away
    others = text.split('id="help-roles"')[1]
    assert others.count("<a href=") == len(Role) - 1 and f'"{reverse("help_role", args=[role.value])}"' not in others


def test_another_roles_page_and_an_unknown_role(standards):
    c = Client()
    c.force_login(factories.CommuneOfficerFactory())
    text = c.get(reverse("help_role", args=[Role.COUNCIL_CHAIR.value])).content.decode()
    assert "Hướng dẫn: Chủ tịch hội đồng xét công nhận" in text and reverse("assessments:merit") in text
    assert c.get(reverse("help_role", args=["khong-co"])).status_code == 404
    anonymous = Client().get(reverse("help"))
    assert anonymous.status_code == 302 and reverse("login") in anonymous["Location"]
