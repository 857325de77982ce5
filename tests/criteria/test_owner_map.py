"""owner_map: the department appraising each criterion in a province (provincial practice)."""

import pytest

from criteria.models import Ownership, Sector
from criteria.selectors import owner_map, sharers_map

S34, S06 = "34/2014/QĐ-TTg", "06/QĐ-TTg"


def test_lao_cai_and_ninh_thuan_differ_on_criterion_6(standards):
    lao_cai = owner_map(standards[S34], "10")
    ninh_thuan = owner_map(standards[S34], "58")
    assert lao_cai[6].code == "labour" and ninh_thuan[6].code == "health"
    assert {n for n in lao_cai if lao_cai[n] != ninh_thuan[n]} == {6}
    assert sorted(lao_cai) == list(range(1, 16))


def test_it_falls_back_to_the_default_sector(standards):
    owners = owner_map(standards[S06], "24")  # Bắc Giang: no ownership rows
    assert owners[2].code == "justice" and owners[4].code == "police" and owners[10].code == "education"
    assert owner_map(S06, None) == owners


def test_a_province_row_overrides_one_criterion(standards):
    health = Sector.objects.get(code="health")
    criterion = standards[S06].criteria.get(number=5)
    Ownership.objects.create(province_code="24", criterion=criterion, sector=health, source="Thử nghiệm")
    owners = owner_map(S06, 24)  # an int code is padded like the stored ones
    assert owners[5] == health and owners[3].code == "labour"


def test_it_takes_two_queries(standards, django_assert_num_queries):
    with django_assert_num_queries(2):
        owner_map(standards[S34], "58")
    with django_assert_num_queries(2):  # the national rows (06/2019 criterion 3 is shared)
        owner_map(standards[S34], None)


def test_the_criteria_a_sector_appraises(standards):
    health = Sector.objects.get(code="health")
    assert sorted(n for n, s in owner_map(S34, "58").items() if s == health) == [6, 8, 9, 10]
    assert sorted(n for n, s in owner_map(S34, "10").items() if s == health) == [8, 9, 10]


def test_criterion_3_of_06_2019_is_shared_by_labour_leading_and_police(standards):
    # the national rows apply in every province without its own: labour leads, police shares
    for province in ("24", "10", None):
        sharers = sharers_map(S06, province)
        assert [s.code for s in sharers[3]] == ["labour", "police"]
        assert owner_map(S06, province)[3].code == "labour"  # the lead records the appraised points
        assert [s.code for s in sharers[4]] == ["police"]  # every other criterion has one owner


def test_a_province_rows_replace_the_national_sharing(standards):
    criterion = standards[S06].criteria.get(number=3)
    police, health = Sector.objects.get(code="police"), Sector.objects.get(code="health")
    Ownership.objects.create(province_code="24", criterion=criterion, sector=police, lead=True, source="Thử")
    Ownership.objects.create(province_code="24", criterion=criterion, sector=health, lead=False, source="Thử")
    assert [s.code for s in sharers_map(S06, "24")[3]] == ["police", "health"]
    assert [s.code for s in sharers_map(S06, "10")[3]] == ["labour", "police"]  # other provinces unchanged


def test_a_criterion_has_one_lead_per_province(standards):
    from django.db import IntegrityError, transaction

    criterion = standards[S06].criteria.get(number=3)
    with pytest.raises(IntegrityError), transaction.atomic():
        Ownership.objects.create(province_code="", criterion=criterion, sector=Sector.objects.get(code="health"),
                                 lead=True)
