"""Sessions end after a working day (or when the browser closes); weak passwords are refused."""

import datetime

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role


@pytest.fixture
def officer(units, make_user):
    return make_user(Role.COMMUNE_OFFICER, units.commune, username="hoa.nt")


def test_a_session_lasts_eight_hours_and_ends_with_the_browser():
    assert settings.SESSION_COOKIE_AGE == 8 * 3600
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE and settings.SESSION_COOKIE_HTTPONLY


def test_the_session_cookie_is_a_browser_session_cookie(client, officer):
    response = client.post(reverse("login"), {"username": "hoa.nt", "password": officer.raw_password})

    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["max-age"] == "" and cookie["expires"] == ""  # gone when the browser closes
    assert cookie["httponly"] is True
    session = Session.objects.get(session_key=cookie.value)
    left = session.expire_date - timezone.now()
    assert datetime.timedelta(hours=7, minutes=59) < left <= datetime.timedelta(hours=8)


def test_an_expired_session_is_sent_back_to_the_login_page(client, officer):
    client.force_login(officer)
    assert client.get(reverse("home")).status_code == 200

    Session.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    response = client.get(reverse("home"))

    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next=/"


def test_logging_out_ends_the_session_on_the_server(client, officer):
    client.force_login(officer)
    key = client.session.session_key

    client.post(reverse("logout"))

    assert not Session.objects.filter(session_key=key).exists()
    assert client.get(reverse("home")).status_code == 302


@pytest.mark.parametrize("password, reason", [
    ("Ab1-xyz", "quá ngắn"),                 # under 8 characters
    ("20252025", "hoàn toàn là số"),
    ("password123", "quá phổ biến"),
    ("hoa.nt2025", "quá giống"),             # close to the username
])
def test_weak_passwords_are_refused_in_vietnamese(officer, password, reason):
    with pytest.raises(ValidationError) as refused:
        validate_password(password, officer)

    assert any(reason in m for m in refused.value.messages), refused.value.messages


def test_a_strong_password_passes(officer):
    assert validate_password("Nui-Ba-Vi-mua-xuan", officer) is None


def test_changing_to_a_weak_password_keeps_the_old_one(client, officer):
    client.force_login(officer)

    response = client.post(reverse("password_change"), {
        "old_password": officer.raw_password, "new_password1": "password123", "new_password2": "password123"})

    assert response.status_code == 200
    officer.refresh_from_db()
    assert officer.check_password(officer.raw_password)
