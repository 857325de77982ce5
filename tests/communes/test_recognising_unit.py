"""The recognising unit of a commune on a day: its parent then (issue 21), from the units and their versions.

tests/communes/test_periods.py checks it on the real lists (Yên Dũng's communes in 2024); here small units.
"""

import datetime

import pytest

from communes.models import Kind, Level, Tier, UnitVersion
from communes.selectors import recognising_unit, recognising_units, tier_in_year

pytestmark = pytest.mark.django_db

BEFORE, AFTER = datetime.date(2008, 8, 1), datetime.date(2025, 7, 1)
LAST_DAY = datetime.date(2025, 6, 30)


@pytest.fixture
def bac_giang(make_unit):
    province = make_unit("Tỉnh Bắc Giang", "24", Level.PROVINCE, Kind.PROVINCE, valid_to=LAST_DAY)
    yen_dung = make_unit("Huyện Yên Dũng", "221", Level.DISTRICT, Kind.RURAL_DISTRICT, province,
                         valid_to=datetime.date(2024, 12, 31))
    city = make_unit("Thành phố Bắc Giang", "213", Level.DISTRICT, Kind.PROVINCIAL_CITY, province,
                     valid_to=LAST_DAY)
    tan_an = make_unit("Phường Tân An", "07682", Level.COMMUNE, Kind.WARD, city, valid_to=LAST_DAY,
                       tier=Tier.REMOTE)
    UnitVersion.objects.create(unit=tan_an, valid_from=BEFORE, valid_to=datetime.date(2024, 12, 31),
                               name="Thị trấn Tân An", kind=Kind.TOWNSHIP, parent=yen_dung,
                               source="Nghị quyết 1191/NQ-UBTVQH15")
    bac_ninh = make_unit("Tỉnh Bắc Ninh", "24", Level.PROVINCE, Kind.PROVINCE, valid_from=AFTER)
    ward = make_unit("Phường Tân An", "07682", Level.COMMUNE, Kind.WARD, bac_ninh, valid_from=AFTER)
    return yen_dung, city, tan_an, bac_ninh, ward


def test_a_commune_is_recognised_by_its_district_in_2024_and_its_province_in_2026(bac_giang):
    yen_dung, city, tan_an, bac_ninh, ward = bac_giang
    assert recognising_unit(tan_an, datetime.date(2024, 6, 1)) == yen_dung  # its parent then (UnitVersion)
    assert recognising_unit(tan_an, datetime.date(2024, 6, 1)).level == Level.DISTRICT
    assert recognising_unit(tan_an, datetime.date(2025, 1, 1)) == city  # its stored parent
    assert recognising_unit(ward, datetime.date(2026, 6, 1)) == bac_ninh
    assert recognising_unit(ward, datetime.date(2026, 6, 1)).level == Level.PROVINCE
    with pytest.raises(ValueError):
        recognising_unit(city, datetime.date(2024, 6, 1))


def test_many_communes_cost_one_query(bac_giang, make_unit, django_assert_num_queries):
    from communes.models import Unit

    yen_dung, city, tan_an, _bac_ninh, _ward = bac_giang
    other = make_unit("Phường Thọ Xương", "07210", Level.COMMUNE, Kind.WARD, city, valid_to=LAST_DAY)
    communes = list(Unit.objects.filter(pk__in=[tan_an.pk, other.pk]).select_related("parent"))
    with django_assert_num_queries(1):
        found = recognising_units(communes, datetime.date(2024, 6, 1))
    assert found == {tan_an.pk: yen_dung, other.pk: city}
    assert (found[tan_an.pk].name, found[other.pk].name) == ("Huyện Yên Dũng", "Thành phố Bắc Giang")


def test_the_tier_is_read_from_unit_tier_only(bac_giang):
    _yen_dung, _city, tan_an, _bac_ninh, ward = bac_giang
    assert not hasattr(tan_an, "tier")
    assert (tier_in_year(tan_an, 2024), tier_in_year(ward, 2026)) == (Tier.REMOTE, Tier.OTHER)
    tan_an.tiers.all().delete()
    assert tier_in_year(tan_an, 2024) is None
