"""The admin (/admin/) is for staff only: every admin page sends anyone else to the admin login.

The permission matrix leaves the admin out; this walks all of its URL patterns instead.
"""

import re

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import Role, User
from tests.security.urlconf import admin_patterns

PUBLIC = {"admin:login", "admin:logout"}  # the admin's own login page; logout is POST only
ARG = re.compile(r"<(?:\w+:)?(\w+)>")


def admin_urls():
    """Every admin URL, with 1 for any object id (non-staff are refused before any lookup)."""
    urls = []
    for route, name in admin_patterns():
        if name in PUBLIC:
            continue
        urls.append((name or route, "/" + ARG.sub("1", route)))
    return urls


def test_the_admin_has_pages_to_check():
    assert len(admin_urls()) > 100


@pytest.mark.parametrize("role", [None] + [r.value for r in Role])
def test_no_one_but_staff_gets_any_admin_page(role, units, make_user, client):
    if role is not None:
        client.force_login(make_user(role, units.province if role != Role.NATIONAL_STAFF else None, is_staff=False))
    login = reverse("admin:login")

    wrong = []
    for name, url in admin_urls():
        response = client.get(url)
        if not (response.status_code == 302 and response["Location"].startswith(login)):
            wrong.append(f"{url} ({name}): {response.status_code}")

    assert wrong == []


def test_staff_without_permissions_see_no_model_page(units, make_user, client):
    client.force_login(make_user(Role.SYSADMIN, None))  # staff, but no model permission granted

    assert client.get(reverse("admin:index")).status_code == 200
    for name in ("accounts_user", "communes_unit", "axes_accessattempt"):
        assert client.get(reverse(f"admin:{name}_changelist")).status_code == 403, name


def test_a_superuser_opens_every_list_and_add_page(db, client):
    client.force_login(User.objects.create_superuser(username="quantri", password="x", role=Role.SYSADMIN))

    pages = [(name, url) for name, url in admin_urls()
             if name.endswith(("_changelist", "_add")) or name in ("admin:index", "admin:password_change")]
    failing = []
    for name, url in pages:
        status = client.get(url).status_code
        if status != 200 and not (name.endswith("_add") and status == 403):  # some models forbid adding
            failing.append(f"{url}: {status}")

    assert len(pages) > 30 and failing == []


def test_the_admin_login_refuses_a_non_staff_user(units, make_user):
    officer = make_user(Role.DISTRICT_OFFICER, units.district)
    client = Client()

    response = client.post(reverse("admin:login"), {"username": officer.username, "password": officer.raw_password})

    assert response.status_code == 200 and "_auth_user_id" not in client.session
