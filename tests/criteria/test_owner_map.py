"""owner_map: the department appraising each criterion in a province (provincial practice)."""

from criteria.models import Ownership, Sector
from criteria.selectors import owner_map

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
    with django_assert_num_queries(1):
        owner_map(standards[S34], None)


def test_the_criteria_a_sector_appraises(standards):
    health = Sector.objects.get(code="health")
    assert sorted(n for n, s in owner_map(S34, "58").items() if s == health) == [6, 8, 9, 10]
    assert sorted(n for n, s in owner_map(S34, "10").items() if s == health) == [8, 9, 10]
