"""Wrong passwords lock the username (and the address) for a while; the lock is shared and visible."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse

from accounts.models import Role

LOGIN = "/dang-nhap/"


@pytest.fixture
def officer(units, make_user):
    return make_user(Role.COMMUNE_OFFICER, units.commune, username="hoa.nt")


def attempt(client, username, password):
    return client.post(LOGIN, {"username": username, "password": password})


def signed_in(client):
    return "_auth_user_id" in client.session


def test_the_login_url_is_the_one_tried_here():
    assert reverse("login") == LOGIN


def test_five_wrong_passwords_lock_the_username_even_against_the_right_one(client, officer):
    for _ in range(4):
        assert attempt(client, "hoa.nt", "sai-mat-khau").status_code == 200
    assert attempt(client, "hoa.nt", "sai-mat-khau").status_code == 429  # the fifth locks

    response = attempt(client, "hoa.nt", officer.raw_password)

    html = response.content.decode()
    assert response.status_code == 429
    assert not signed_in(client)
    assert "Đăng nhập sai quá 5 lần nên tài khoản tạm khóa 15 phút" in html
    assert 'name="username"' in html and 'value="hoa.nt"' in html  # the login page, not an error page
    assert "Account locked" not in html
    lock = AccessAttempt.objects.get(username="hoa.nt")
    assert lock.failures_since_start >= 5 and lock.ip_address == "127.0.0.1"


def test_four_wrong_passwords_do_not_lock_and_a_success_clears_the_count(client, officer):
    for _ in range(4):
        attempt(client, "hoa.nt", "sai-mat-khau")
    assert attempt(client, "hoa.nt", officer.raw_password).status_code == 302
    assert not AccessAttempt.objects.filter(username="hoa.nt").exists()

    client.post(reverse("logout"))
    for _ in range(4):
        attempt(client, "hoa.nt", "sai-mat-khau")
    assert attempt(client, "hoa.nt", officer.raw_password).status_code == 302


def test_the_lock_ends_after_the_cool_off(client, officer):
    for _ in range(5):
        attempt(client, "hoa.nt", "sai-mat-khau")
    assert attempt(client, "hoa.nt", officer.raw_password).status_code == 429

    AccessAttempt.objects.update(attempt_time=datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=16))

    assert attempt(client, "hoa.nt", officer.raw_password).status_code == 302
    assert signed_in(client)


def test_the_locked_username_is_locked_from_another_address_too(client, officer):
    for _ in range(5):
        attempt(client, "hoa.nt", "sai-mat-khau")
    elsewhere = Client(REMOTE_ADDR="203.113.1.7")

    assert attempt(elsewhere, "hoa.nt", officer.raw_password).status_code == 429


def test_an_address_guessing_many_usernames_is_locked_but_others_are_not(client, units, make_user):
    other = make_user(Role.DISTRICT_OFFICER, units.district, username="lan.lt")
    for n in range(5):
        attempt(client, f"khong-co-{n}", "sai-mat-khau")

    assert attempt(client, "lan.lt", other.raw_password).status_code == 429
    office = Client(REMOTE_ADDR="203.113.1.8")
    assert attempt(office, "lan.lt", other.raw_password).status_code == 302


def test_behind_the_proxy_the_address_is_the_one_the_proxy_added(settings, officer):
    settings.PROXY_COUNT = 1
    # the client forged the first entry; the proxy appended the real address
    client = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.23")

    attempt(client, "hoa.nt", "sai-mat-khau")

    assert AccessAttempt.objects.get().ip_address == "198.51.100.23"


def test_the_admin_login_is_limited_too(client, units, make_user):
    admin = make_user(Role.SYSADMIN, None, username="quantri")
    for _ in range(5):
        client.post(reverse("admin:login"), {"username": "quantri", "password": "sai-mat-khau"})

    response = client.post(reverse("admin:login"), {"username": "quantri", "password": admin.raw_password})

    assert response.status_code == 429
    assert not signed_in(client)
