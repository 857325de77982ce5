"""fixtures/standards.json: both standards, every confirmed number, provisional where unconfirmed."""

import datetime

import pytest
from django.core.management import call_command

from criteria.models import Criterion, Indicator, Ownership, Sector, SectorName, Standard

S34, S06 = "34/2014/QĐ-TTg", "06/QĐ-TTg"
MODELS = (Sector, SectorName, Standard, Criterion, Indicator, Ownership)


def counts():
    return {m.__name__: m.objects.count() for m in MODELS}


def test_loading_twice_changes_nothing(standards):
    first = counts()
    call_command("loaddata", "standards", verbosity=0)
    assert counts() == first
    assert first == {"Sector": 6, "SectorName": 2, "Standard": 2, "Criterion": 28,
                     "Indicator": first["Indicator"], "Ownership": 30}


def test_loading_again_restores_a_changed_value_without_duplicates(standards):
    Criterion.objects.filter(standard__code=S06, number=7).update(max_points=60)
    call_command("loaddata", "standards", verbosity=0)
    assert Criterion.objects.get(standard__code=S06, number=7).max_points == 50
    assert Criterion.objects.filter(standard__code=S06).count() == 13


def test_both_standards_add_up(standards):
    assert set(standards) == {S34, S06}
    for standard in standards.values():
        assert standard.total_points == 1000
        assert standard.points_problems() == []


def test_34_2014_confirmed_points_and_rule(standards):
    s = standards[S34]
    assert (s.issued_on, s.criteria.count()) == (datetime.date(2014, 5, 30), 15)
    assert "25/2014/TT-BLĐTBXH" in s.guidance and "06/9/2014" in s.guidance
    points = dict(s.criteria.values_list("number", "max_points"))
    assert {n: points[n] for n in (2, 3, 4, 7, 10, 11, 12)} == {
        2: 50, 3: 75, 4: 75, 7: 75, 10: 50, 11: 75, 12: 50}
    provisional = set(s.criteria.filter(provisional=True).values_list("number", flat=True))
    assert provisional == {1, 5, 6, 8, 9, 13, 14, 15}
    assert sum(points[n] for n in provisional) == 550
    assert s.threshold_city_ward == 850 and s.thresholds_provisional


def test_34_2014_confirmed_bands(standards):
    def bands(number):
        (ind,) = Indicator.objects.filter(criterion__standard__code=S34, criterion__number=number)
        return ind.measure, [[float(b), p] for b, p in ind.bands], ind.provisional

    assert bands(2) == ("percent", [[98, 50]], False)
    assert bands(3) == ("rate", [[1.99, 75]], False)  # dưới 2%
    assert bands(4) == ("rate", [[0, 75]], False)  # none
    assert bands(7) == ("percent", [[98, 75]], False)
    assert bands(10) == ("percent", [[80, 50]], False)
    assert bands(11) == ("percent", [[90, 75]], False)
    assert bands(12) == ("percent", [[98, 50]], False)


def test_06_2019_confirmed_points_and_rule(standards):
    s = standards[S06]
    assert (s.issued_on, s.criteria.count()) == (datetime.date(2019, 1, 3), 13)
    assert "604/TE-PTTG" in s.guidance and "20/9/2019" in s.guidance
    assert s.thresholds() == {"city_ward": 900, "other": 850, "remote": 800}
    assert s.zero_blocks and not s.thresholds_provisional
    tc1 = s.criteria.get(number=1)
    assert tc1.max_points == 100 and not tc1.provisional
    assert list(tc1.indicators.values_list("max_points", flat=True)) == [50, 15, 15, 20]
    tc6 = s.criteria.get(number=6)
    assert tc6.max_points == 125
    assert list(tc6.indicators.values_list("max_points", "bands")) == [(50, [[95, 50]]), (75, [[100, 75]])]
    tc7 = s.criteria.get(number=7)
    assert (tc7.max_points, tc7.indicators.get().bands) == (50, [[98, 50]])
    assert set(s.criteria.filter(provisional=False).values_list("number", flat=True)) == {1, 6, 7}
    assert s.criteria.get(number=3).name == "Trẻ em bị xâm hại"


def test_06_2019_harm_criteria_are_rates_and_coverage_percentages(standards):
    def measures(number):
        return set(Indicator.objects.filter(criterion__standard__code=S06, criterion__number=number)
                   .values_list("measure", flat=True))

    assert measures(3) == measures(4) == {"rate"}
    for number in (2, 6, 7, 9, 10):
        assert measures(number) == {"percent"}


def test_unconfirmed_indicators_are_provisional(standards):
    # an indicator of a provisional criterion is itself provisional
    assert not Indicator.objects.filter(criterion__provisional=True, provisional=False).exists()


def test_default_owners_of_06_2019(standards):
    owners = dict(Criterion.objects.filter(standard__code=S06).values_list("number", "default_sector__code"))
    assert owners == {1: "labour", 2: "justice", 3: "labour", 4: "police", 5: "labour", 6: "labour",
                      7: "health", 8: "health", 9: "health", 10: "education", 11: "labour",
                      12: "culture", 13: "labour"}


def test_ownership_rows_cite_the_seeds(standards):
    for province, seed in (("10", "seed 000"), ("58", "seed 001")):
        rows = Ownership.objects.filter(province_code=province, criterion__standard__code=S34)
        assert rows.count() == 15
        assert all(seed in r.source for r in rows)


def test_child_affairs_department_name_changes_on_1_march_2025(standards):
    labour = Sector.objects.get(code="labour")
    assert labour.name_on(datetime.date(2024, 11, 15)) == "Lao động - Thương binh và Xã hội"
    assert labour.name_on(datetime.date(2025, 3, 1)).startswith("Y tế")
    assert {s.code for s in Sector.objects.all()} == {
        "labour", "health", "education", "culture", "justice", "police"}


def test_a_broken_standard_reports_its_problem(standards):
    Criterion.objects.filter(standard__code=S06, number=5).update(max_points=80)
    problems = Standard.objects.get(code=S06).points_problems()
    assert len(problems) == 2  # criteria now total 1005, and criterion 5's indicator says 75
    assert "1005" in str(problems[0]) and "1000" in str(problems[0])
    assert "Tiêu chí 5" in str(problems[1])


@pytest.mark.parametrize("code", [S34, S06])
def test_indicators_add_up_to_their_criterion(standards, code):
    for c in standards[code].criteria.prefetch_related("indicators"):
        indicators = list(c.indicators.all())
        if indicators:
            assert sum(i.max_points for i in indicators) == c.max_points, c
