from django.urls import reverse


def test_it_renders_the_login_form_in_vietnamese(client, db):
    response = client.get(reverse("login"))

    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="vi">' in html
    assert "<title>Đăng nhập – Xã, phường phù hợp với trẻ em</title>" in html
    assert "Tên đăng nhập" in html and "Mật khẩu" in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert "Password" not in html and "Username" not in html


def test_a_wrong_password_gets_a_helpful_vietnamese_error(client, officer):
    response = client.post(reverse("login"), {"username": officer.username, "password": "sai-mat-khau"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in html
    assert "Caps Lock" in html
    assert "liên hệ quản trị hệ thống" in html
    assert "Please enter" not in html
    assert "_auth_user_id" not in client.session


def test_an_empty_form_says_which_fields_are_required(client, db):
    response = client.post(reverse("login"), {"username": "", "password": ""})

    assert response.content.decode().count("Trường này là bắt buộc.") == 2


def test_signing_in_leads_home_with_the_users_name_role_and_unit(client, officer, password):
    response = client.post(reverse("login"), {"username": "hoa.nt", "password": password}, follow=True)

    html = response.content.decode()
    assert response.redirect_chain == [(reverse("home"), 302)]
    assert "Nguyễn Thị Hoa" in html
    assert "Cán bộ cấp xã" in html
    assert "Xã Võ Lao" in html


def test_it_returns_to_the_page_asked_for(client, officer, password):
    target = reverse("password_change")
    response = client.post(f"{reverse('login')}?next={target}",
                           {"username": "hoa.nt", "password": password, "next": target})

    assert response.status_code == 302
    assert response.url == target


def test_a_signed_in_user_is_sent_home_from_the_login_page(signed_in):
    response = signed_in.get(reverse("login"))

    assert response.status_code == 302
    assert response.url == reverse("home")
