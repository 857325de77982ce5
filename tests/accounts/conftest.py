import datetime

import pytest

from accounts.models import Role, User
from communes.models import Kind, Level
from communes.services import unit_create

PASSWORD = "Cay-xanh-2025"


@pytest.fixture
def commune(db):
    province = unit_create(name="Tỉnh Lào Cai", code="10", level=Level.PROVINCE,
                           kind=Kind.PROVINCE, valid_from=datetime.date(2008, 8, 1))
    return unit_create(name="Xã Võ Lao", code="03061", level=Level.COMMUNE, kind=Kind.COMMUNE,
                       parent=province, valid_from=datetime.date(2008, 8, 1))


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def officer(commune):
    return User.objects.create_user(
        username="hoa.nt", password=PASSWORD, first_name="Hoa", last_name="Nguyễn Thị",
        role=Role.COMMUNE_OFFICER, unit=commune, position="Công chức Văn hóa - Xã hội")


@pytest.fixture
def signed_in(client, officer):
    client.force_login(officer)
    return client
