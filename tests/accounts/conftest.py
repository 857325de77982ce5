"""The accounts pages' cast: Xã Võ Lao directly under Tỉnh Lào Cai (the two-tier shape since the
2025 reform) and its officer, signed in or not."""

import pytest

from tests import factories


@pytest.fixture
def commune(db):
    province = factories.ProvinceFactory(name="Tỉnh Lào Cai", code="10")
    return factories.CommuneFactory(name="Xã Võ Lao", code="03061", parent=province)


@pytest.fixture
def password():
    return factories.PASSWORD


@pytest.fixture
def officer(commune):
    return factories.CommuneOfficerFactory(username="hoa.nt", unit=commune, position="Công chức Văn hóa - Xã hội")


@pytest.fixture
def signed_in(client, officer):
    client.force_login(officer)
    return client
