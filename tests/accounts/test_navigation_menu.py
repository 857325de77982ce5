import pytest
from django.urls import reverse

from accounts.models import Role, User
from accounts.navigation import MENU, menu_for


@pytest.mark.parametrize("role", list(Role), ids=[r.value for r in Role])
def test_each_role_sees_exactly_its_menu_entries(role, client, commune):
    user = User.objects.create_user(username=f"u-{role.value}", password="x", role=role, unit=commune)
    client.force_login(user)

    html = client.get(reverse("home")).content.decode()

    for entry in MENU:  # each entry is shown exactly when its act's predicate says so
        link = f'href="{reverse(entry.url_name)}"'
        if entry.perm is None or user.has_perm(entry.perm):
            assert link in html and str(entry.label) in html and f"bi-{entry.icon}" in html
        else:
            assert link not in html


TAIL = ["Sơ kết, tổng kết", "Thông báo", "Hướng dẫn"]  # the period reviews (issue 27), notifications, help
HOME_AND_LISTS = ["Trang chủ", "Hồ sơ", "Đợt đánh giá", "Quyết định công nhận", "Xã, phường"]
EXPECTED = {  # the menu each role sees (labels), as the predicates decide it (each works at a unit: the lists)
    Role.COMMUNE_OFFICER: HOME_AND_LISTS + ["Kế hoạch năm", "Kiểm tra liên ngành", *TAIL],
    Role.SECTOR_APPRAISER: HOME_AND_LISTS + ["Kế hoạch năm", "Kiểm tra liên ngành", *TAIL],
    Role.DISTRICT_OFFICER: HOME_AND_LISTS + ["Khen thưởng", "Kế hoạch năm", "Kiểm tra liên ngành", "Báo cáo", *TAIL],
    Role.COUNCIL_MEMBER: HOME_AND_LISTS + ["Khen thưởng", "Kế hoạch năm", *TAIL],
    Role.COUNCIL_CHAIR: HOME_AND_LISTS + ["Khen thưởng", "Kế hoạch năm", "Báo cáo", *TAIL],
    Role.PROVINCIAL_STAFF: HOME_AND_LISTS + ["Mở đợt đánh giá", "Khen thưởng", "Kế hoạch năm", "Kiểm tra liên ngành",
                                            "Báo cáo", *TAIL],
    Role.NATIONAL_STAFF: HOME_AND_LISTS + ["Khen thưởng", "Kế hoạch năm", "Kiểm tra liên ngành", "Báo cáo", *TAIL],
    Role.SYSADMIN: HOME_AND_LISTS + ["Kế hoạch năm", "Kiểm tra liên ngành", "Báo cáo", *TAIL],
}


@pytest.mark.parametrize("role", list(Role), ids=[r.value for r in Role])
def test_the_menu_of_each_role(role, commune):
    user = User.objects.create_user(username=f"m-{role.value}", password="x", role=role, unit=commune)
    assert [str(i["label"]) for i in menu_for(user)] == EXPECTED[role]


def test_the_entry_of_the_current_page_is_marked_active(officer):
    items = menu_for(officer, "/")

    home = next(i for i in items if i["url"] == "/")
    assert home["active"] is True
    assert [i for i in items if i["active"]] == [home]


def test_the_longest_matching_entry_owns_a_subpage(officer, monkeypatch):
    from accounts.navigation import Entry

    monkeypatch.setattr("accounts.navigation.MENU", [
        Entry("Trang chủ", "home", "house", None, 0),
        Entry("Đổi mật khẩu", "password_change", "key", None, 1),
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
