from django.contrib.auth import authenticate
from django.urls import reverse

NEW = "Suoi-trong-2026"


def test_it_changes_the_password_and_keeps_the_user_signed_in(signed_in, officer, password):
    response = signed_in.post(reverse("password_change"), {
        "old_password": password, "new_password1": NEW, "new_password2": NEW}, follow=True)

    assert response.redirect_chain == [(reverse("password_change_done"), 302)]
    assert "Đã đổi mật khẩu" in response.content.decode()
    assert authenticate(username=officer.username, password=NEW) == officer
    assert authenticate(username=officer.username, password=password) is None
    assert signed_in.get(reverse("home")).status_code == 200


def test_a_wrong_old_password_is_refused_in_vietnamese(signed_in, officer, password):
    response = signed_in.post(reverse("password_change"), {
        "old_password": "khong-dung", "new_password1": NEW, "new_password2": NEW})

    assert response.status_code == 200
    assert "Mật khẩu cũ không chính xác" in response.content.decode()
    officer.refresh_from_db()
    assert officer.check_password(password)


def test_a_weak_new_password_is_explained_in_vietnamese(signed_in, password):
    response = signed_in.post(reverse("password_change"), {
        "old_password": password, "new_password1": "12345", "new_password2": "12345"})

    html = response.content.decode()
    assert "Mật khẩu này quá ngắn. Mật khẩu phải có ít nhất 8 ký tự." in html
    assert "Mật khẩu này hoàn toàn là số." in html
    assert "too short" not in html


def test_mismatched_new_passwords_are_refused(signed_in, password):
    response = signed_in.post(reverse("password_change"), {
        "old_password": password, "new_password1": NEW, "new_password2": NEW + "x"})

    assert "Hai trường mật khẩu không giống nhau." in response.content.decode()


def test_an_anonymous_visitor_is_sent_to_login(client, db):
    response = client.get(reverse("password_change"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
