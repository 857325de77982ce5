import pytest
from django.urls import reverse

from accounts.models import Role, User
from accounts.navigation import MENU, menu_for


@pytest.mark.parametrize("role", list(Role), ids=[r.value for r in Role])
def test_each_role_sees_exactly_its_menu_entries(role, client, commune):
    user = User.objects.create_user(username=f"u-{role.value}", password="x", role=role, unit=commune)
    client.force_login(user)

    html = client.get(reverse("home")).content.decode()

    for label, name, icon, roles in MENU:
        link = f'href="{reverse(name)}"'
        if roles is None or role in roles:
            assert link in html and str(label) in html and f"bi-{icon}" in html
        else:
            assert link not in html


def test_the_entry_of_the_current_page_is_marked_active(officer):
    items = menu_for(officer, "/")

    home = next(i for i in items if i["url"] == "/")
    assert home["active"] is True
    assert [i for i in items if i["active"]] == [home]


def test_the_longest_matching_entry_owns_a_subpage(officer, monkeypatch):
    monkeypatch.setattr("accounts.navigation.MENU", [
        ("Trang chủ", "home", "house", None),
        ("Đổi mật khẩu", "password_change", "key", None),
    ])

    items = menu_for(officer, reverse("password_change_done"))

    assert [i["label"] for i in items if i["active"]] == ["Đổi mật khẩu"]


def test_the_active_entry_is_announced_to_screen_readers(signed_in):
    html = signed_in.get(reverse("home")).content.decode()

    assert 'class="nav-link active" href="/" aria-current="page"' in html


def test_staff_get_a_link_to_the_admin(client, commune):
    admin = User.objects.create_user(username="tung.bv", password="x", role=Role.SYSADMIN, is_staff=True)
    client.force_login(admin)

    assert f'href="{reverse("admin:index")}"' in client.get(reverse("home")).content.decode()


def test_others_get_no_admin_link(signed_in):
    assert f'href="{reverse("admin:index")}"' not in signed_in.get(reverse("home")).content.decode()
