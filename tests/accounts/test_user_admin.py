import pytest
from django.urls import reverse

from accounts.models import Role, User


@pytest.fixture
def admin_client_(client, db):
    admin = User.objects.create_superuser(username="quantri", password="x", role=Role.SYSADMIN)
    client.force_login(admin)
    return client


def test_the_user_list_filters_by_role(admin_client_, officer):
    response = admin_client_.get(reverse("admin:accounts_user_changelist"), {"role__exact": "commune_officer"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "hoa.nt" in html and "Nguyễn Thị Hoa" in html
    assert "quantri" not in html.split('id="result_list"', 1)[1]


def test_the_change_form_shows_role_unit_sector_and_position(admin_client_, officer):
    response = admin_client_.get(reverse("admin:accounts_user_change", args=[officer.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    for field in ("role", "unit", "sector", "position"):
        assert f'name="{field}"' in html
    assert 'class="vForeignKeyRawIdAdminField"' in html  # unit is a raw id, not a 10,000-row select


def test_an_administrator_can_create_a_user_with_a_role_and_unit(admin_client_, commune):
    response = admin_client_.post(reverse("admin:accounts_user_add"), {
        "username": "lan.lt", "usable_password": "true", "password1": "Nui-cao-2025",
        "password2": "Nui-cao-2025", "first_name": "Lan", "last_name": "Lê Thị", "email": "",
        "role": Role.DISTRICT_OFFICER, "unit": commune.pk, "sector": "", "position": "Chuyên viên"})

    assert response.status_code == 302
    user = User.objects.get(username="lan.lt")
    assert (user.role, user.unit, user.position) == (Role.DISTRICT_OFFICER, commune, "Chuyên viên")
    assert user.check_password("Nui-cao-2025")
