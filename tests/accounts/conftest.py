import datetime

import pytest

from accounts.models import Role, User
from communes.models import Kind, Level, Unit

PASSWORD = "Cay-xanh-2025"


@pytest.fixture
def commune(db):
    province = Unit.objects.create(name="Tỉnh Lào Cai", code="10", level=Level.PROVINCE,
                                   kind=Kind.PROVINCE, valid_from=datetime.date(2008, 8, 1))
    province.set_path()
    province.save(update_fields=["path"])
    unit = Unit.objects.create(name="Xã Võ Lao", code="03061", level=Level.COMMUNE, kind=Kind.COMMUNE,
                               parent=province, valid_from=datetime.date(2008, 8, 1))
    unit.set_path()
    unit.save(update_fields=["path"])
    return unit


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
