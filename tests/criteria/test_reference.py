"""criteria.reference: a standard and its criteria and owners, read once per process, cleared by any edit."""

import pytest

from criteria import reference
from criteria.models import Ownership, Sector

S34 = "34/2014/QĐ-TTg"


@pytest.fixture
def provinces(units, make_unit):
    from communes.models import Kind, Level

    return {"lao_cai": units.province, "ninh_thuan": make_unit("Tỉnh Ninh Thuận", "58", Level.PROVINCE, Kind.PROVINCE)}


def test_the_second_read_costs_no_query_and_gives_the_same_rows(standards, provinces, django_assert_num_queries):
    s34, lao_cai = standards[S34], provinces["lao_cai"]
    with django_assert_num_queries(6):  # standard, province code, criteria, indicators, ownership, sector names
        first = reference.of(s34.pk, lao_cai.pk)
    with django_assert_num_queries(0):
        again = reference.of(s34.pk, lao_cai.pk)
    assert again is first
    assert first.standard == s34 and first.province_code == "10"
    assert [c.number for c in first.criteria] == list(range(1, 16))
    assert [i.number for i in first.indicators[first.criteria[6].pk]] == [1]  # TC7 has one band indicator
    assert first.owners[6].code == "labour"
    assert reference.of(s34.pk, provinces["ninh_thuan"].pk).owners[6].code == "health"


def test_an_edit_of_ownership_or_of_a_criterion_is_seen_at_once(standards, provinces):
    s34, lao_cai = standards[S34], provinces["lao_cai"]
    assert reference.of(s34.pk, lao_cai.pk).owners[6].code == "labour"
    row = Ownership.objects.get(province_code="10", criterion__standard=s34, criterion__number=6)
    row.sector = Sector.objects.get(code="health")
    row.save()  # what the admin's change form does
    assert reference.of(s34.pk, lao_cai.pk).owners[6].code == "health"
    criterion = s34.criteria.get(number=1)
    criterion.name = "Tên đã sửa"
    criterion.save()
    assert reference.of(s34.pk, lao_cai.pk).criteria[0].name == "Tên đã sửa"


def test_it_expires_and_can_be_turned_off(standards, provinces, settings, django_assert_num_queries):
    s34, lao_cai = standards[S34], provinces["lao_cai"]
    settings.REFERENCE_DATA_SECONDS = 60
    read_at = 1000.0  # a monotonic clock reading, given instead of waiting for the real one
    first = reference.of(s34.pk, lao_cai.pk, now=read_at)
    with django_assert_num_queries(0):
        assert reference.of(s34.pk, lao_cai.pk, now=read_at + 59.9) is first  # still kept
    with django_assert_num_queries(6):
        again = reference.of(s34.pk, lao_cai.pk, now=read_at + 60)  # expired: read afresh
    assert again is not first and again.standard == s34
    with django_assert_num_queries(0):
        assert reference.of(s34.pk, lao_cai.pk, now=read_at + 60.1) is again  # kept from the new read
    settings.REFERENCE_DATA_SECONDS = 0
    for _ in range(2):
        with django_assert_num_queries(6):
            reference.of(s34.pk, lao_cai.pk)
