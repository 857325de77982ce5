from django.urls import reverse


def test_get_answers_a_page_that_logs_out_by_post_and_signs_no_one_out(signed_in):
    response = signed_in.get(reverse("logout"))

    html = response.content.decode()
    assert response.status_code == 200  # issue 17: no empty 405 for a bookmarked logout link
    form = html.split(f'action="{reverse("logout")}"', 1)[1].split("</form>", 1)[0]
    assert 'name="csrfmiddlewaretoken"' in form and "Đăng xuất" in form
    assert "_auth_user_id" in signed_in.session


def test_post_signs_out_and_says_so_on_the_login_page(signed_in):
    response = signed_in.post(reverse("logout"), follow=True)

    assert response.redirect_chain == [(reverse("login"), 302)]
    assert "Bạn đã đăng xuất" in response.content.decode()
    assert signed_in.get(reverse("home")).status_code == 302


def test_every_page_offers_logout_as_a_post_form_with_csrf(signed_in):
    html = signed_in.get(reverse("home")).content.decode()

    form = html.split(f'action="{reverse("logout")}"', 1)[1].split("</form>", 1)[0]
    assert html.count(f'<form method="post" action="{reverse("logout")}"') >= 1
    assert 'name="csrfmiddlewaretoken"' in form
    assert "Đăng xuất" in form
