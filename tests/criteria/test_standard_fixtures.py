"""fixtures/standards.json: both standards, every confirmed value with its source, the public wording
where it is known, and a flag for each value (name, points) that is not confirmed."""

import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command

from criteria.models import Criterion, Indicator, Ownership, Sector, SectorName, Standard, names_on
from criteria.rules import indicator_points

S34, S06 = "34/2014/QĐ-TTg", "06/QĐ-TTg"
MODELS = (Sector, SectorName, Standard, Criterion, Indicator, Ownership)


def counts():
    return {m.__name__: m.objects.count() for m in MODELS}


def rows():
    return {m.__name__: list(m.objects.order_by("pk").values()) for m in MODELS}


def test_loading_twice_changes_nothing(standards):
    first, before = counts(), rows()
    call_command("loaddata", "standards", verbosity=0)
    assert counts() == first
    assert rows() == before  # every value, flags and sources included
    assert first == {"Sector": 6, "SectorName": 2, "Standard": 2, "Criterion": 28,
                     "Indicator": first["Indicator"], "Ownership": 32}


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
    unconfirmed = set(s.criteria.filter(points_confirmed=False).values_list("number", flat=True))
    # 7 and 10 are known points without the published words: unconfirmed until someone quotes them
    assert unconfirmed == {1, 5, 6, 7, 8, 9, 10, 13, 14, 15}
    assert sum(points[n] for n in unconfirmed - {7, 10}) == 550
    for c in s.criteria.filter(points_confirmed=True):
        assert c.points_quote and "tiêu chí %s" % c.number in c.points_source
    assert s.zero_blocks and s.zero_blocks_provisional and not s.zero_blocks_source
    assert s.threshold_city_ward == 850 and s.thresholds_provisional
    assert "850" in s.thresholds_source and "chưa" in s.thresholds_source


def test_34_2014_confirmed_bands(standards):
    def bands(number):
        (ind,) = Indicator.objects.filter(criterion__standard__code=S34, criterion__number=number)
        return ind.measure, ind.bands, ind.points_confirmed

    assert bands(2) == ("percent", [[98, 50]], True)
    assert bands(3) == ("rate", [[2, 75, "<"]], True)  # dưới 2%: every rate below 2
    assert bands(4) == ("rate", [[0, 75]], True)  # none
    assert bands(7) == ("percent", [[98, 75]], False)  # known points, no published words yet
    assert bands(10) == ("percent", [[80, 50]], False)
    assert bands(11) == ("percent", [[90, 75]], True)
    assert bands(12) == ("percent", [[98, 50]], True)


@pytest.mark.parametrize("number, numerator, denominator, points", [
    (3, Decimal("1.995"), 100, 75), (3, 2, 100, None),            # dưới 2%
    (11, 90, 100, 75), (11, Decimal("89.999"), 100, None),        # từ 90% trở lên
    (12, 98, 100, 50), (12, Decimal("97.995"), 100, None),        # từ 98% trở lên
])
def test_34_2014_bands_have_no_gaps(standards, number, numerator, denominator, points):
    (ind,) = Indicator.objects.filter(criterion__standard__code=S34, criterion__number=number)
    assert indicator_points(ind.measure, ind.bands, numerator, denominator, ind.rate_base,
                            ind.max_points) == points


def test_06_2019_bands_have_no_gaps(standards):
    ind = Indicator.objects.get(criterion__standard__code=S06, criterion__number=6, number=1)
    assert indicator_points(ind.measure, ind.bands, 95, 100, ind.rate_base, ind.max_points) == 50
    assert indicator_points(ind.measure, ind.bands, Decimal("94.999"), 100, ind.rate_base, ind.max_points) is None
    every = Indicator.objects.filter(criterion__standard__code=S06, criterion__number=6, number=2).get()
    assert indicator_points(every.measure, every.bands, 7, 7, every.rate_base, every.max_points) == 75
    assert indicator_points(every.measure, every.bands, 6, 7, every.rate_base, every.max_points) is None


# --- the public wording (domain.md, "Confirmed since") -------------------------------------------

def name_of(code, number):
    return Criterion.objects.get(standard__code=code, number=number)


def test_34_2014_names_as_published(standards):
    c1, c2 = name_of(S34, 1), name_of(S34, 2)
    assert c1.name == ("Mức độ chỉ đạo, điều hành của cấp ủy đảng, chính quyền địa phương đến công tác bảo vệ, "
                       "chăm sóc và giáo dục trẻ em")
    assert c2.name == "Tỷ lệ trẻ em được khai sinh đúng quy định"
    assert c1.name_confirmed and c2.name_confirmed
    # criterion 1: name confirmed, points not: two flags, each with its source
    assert (c1.name_provisional, c1.points_provisional, c1.provisional) == (False, True, True)
    assert "Confirmed since" in c1.name_source and "chưa đối chiếu" in c1.points_source
    assert (c2.points_confirmed, c2.provisional) == (True, False)


def test_34_2014_criteria_3_4_11_12_carry_the_published_content(standards):
    c3, c4, c11, c12 = (name_of(S34, n) for n in (3, 4, 11, 12))
    for phrase in ("lao động nặng nhọc", "độc hại", "nguy hiểm", "lang thang", "lao động xa gia đình"):
        assert phrase in c3.name
    assert "bắt cóc" in c4.name and "mua bán" in c4.name and "xâm hại" in c4.name
    assert "đến trường, lớp mầm non" in c11.name
    assert "tốt nghiệp trung học cơ sở hoặc tương đương" in c12.name
    # what is confirmed is the content and the points; the full sentence is still the best reading
    for c in (c3, c4, c11, c12):
        assert c.points_confirmed and not c.name_confirmed and "câu chữ đầy đủ" in c.name_source
    assert [c.max_points for c in (c3, c4, c11, c12)] == [75, 75, 75, 50]
    assert "dưới 2%" in c3.indicators.get().name
    assert "bắt cóc" in c4.indicators.get().name


def test_34_2014_names_not_yet_confirmed_say_so(standards):
    best = set(Criterion.objects.filter(standard__code=S34, name_confirmed=False)
               .values_list("number", flat=True))
    assert best == {3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}
    assert all(c.name_source for c in standards[S34].criteria.all())


def test_06_2019_indicator_6_2_as_published(standards):
    ind = Indicator.objects.get(criterion__standard__code=S06, criterion__number=6, number=2)
    assert "xâm hại tình dục, bị bỏ rơi, bị mua bán" in ind.name
    assert "Chủ tịch UBND cấp xã" in ind.name
    # its 75 points: confirmed by the words a newspaper quotes from the Quy định (the full name is not)
    assert (ind.max_points, ind.bands, ind.points_confirmed) == (75, [[100, 75]], True)
    assert "100% sẽ được tính 75 điểm" in ind.points_quote and "Báo Thái Bình" in ind.points_source
    assert "6.2" in ind.name_source and not ind.name_confirmed


def test_06_2019_the_13_criteria_names(standards):
    assert dict(Criterion.objects.filter(standard__code=S06).values_list("number", "name")) == {
        1: "Nguồn lực thực hiện quyền trẻ em",
        2: "Trẻ em được khai sinh đúng quy định",
        3: "Trẻ em bị xâm hại",
        4: "Trẻ em vi phạm pháp luật, nghiện ma túy",
        5: "Trẻ em bị tai nạn, thương tích",
        6: "Trẻ em có hoàn cảnh đặc biệt được trợ giúp",
        7: "Trẻ em dưới 1 tuổi được tiêm chủng đầy đủ các loại vắc xin thuộc chương trình tiêm chủng mở rộng",
        8: "Trẻ em dưới 5 tuổi bị suy dinh dưỡng thể nhẹ cân và thể thấp còi",
        9: "Trẻ em được khám sức khỏe định kỳ",
        10: "Trẻ em đến trường, lớp mầm non",
        11: "Trẻ em được thực hiện quyền tham gia của trẻ em",
        12: "Hoạt động vui chơi, giải trí, văn hóa, thể dục, thể thao dành cho trẻ em",
        13: "Mức độ hài lòng của trẻ em và người dân về việc thực hiện quyền trẻ em",
    }
    assert not Criterion.objects.filter(standard__code=S06, name_confirmed=False).exists()


def test_34_2014_ends_when_06_2019_replaces_it(standards):
    s34, s06 = standards[S34], standards[S06]
    assert s34.replaced_by == s06 and s06.replaced_by is None
    assert (s34.in_force_to, s06.in_force_from) == (datetime.date(2019, 1, 2), datetime.date(2019, 1, 3))


def test_every_value_names_its_source(standards):
    for model in (Criterion, Indicator):
        for obj in model.objects.all():
            assert obj.name_source and obj.points_source, obj
    assert all(s.thresholds_source for s in standards.values())


def test_06_2019_confirmed_points_and_rule(standards):
    s = standards[S06]
    assert (s.issued_on, s.criteria.count()) == (datetime.date(2019, 1, 3), 13)
    assert "604/TE-PTTG" in s.guidance and "20/9/2019" in s.guidance
    assert s.thresholds() == {"city_ward": 900, "other": 850, "remote": 800}
    assert s.zero_blocks and not s.thresholds_provisional
    # the groups in the words of a published summary: a thị xã's wards are in the 900-point group
    assert "thị xã" in s.thresholds_source and "Đạt từ 900 điểm trở lên" in s.thresholds_source
    tc1 = s.criteria.get(number=1)
    assert tc1.max_points == 100 and tc1.name_confirmed and tc1.name_quote == tc1.name
    assert tc1.points_confirmed and "được chấm 100 điểm" in tc1.points_quote and "Báo Dân sinh" in tc1.points_source
    assert list(tc1.indicators.values_list("max_points", "points_confirmed")) == [
        (50, True), (15, True), (15, True), (20, False)]
    assert [i.points_quote.rsplit(": ", 1)[1] for i in tc1.indicators.order_by("number")[:3]] == [
        "50 điểm", "15 điểm", "15 điểm"]
    assert "100 − 50 − 15 − 15" in tc1.indicators.get(number=4).points_source  # 1.4's words not seen
    tc6 = s.criteria.get(number=6)
    assert tc6.max_points == 125 and tc6.points_confirmed and "125 điểm là điểm số tối đa" in tc6.points_quote
    assert list(tc6.indicators.values_list("max_points", "bands", "points_confirmed")) == [
        (50, [[95, 50]], True), (75, [[100, 75]], True)]
    assert "từ 95% trở lên sẽ được tính 50 điểm" in tc6.indicators.get(number=1).points_quote
    tc7 = s.criteria.get(number=7)
    assert (tc7.max_points, tc7.indicators.get().bands) == (50, [[98, 50]])
    assert set(s.criteria.filter(points_confirmed=True).values_list("number", flat=True)) == {1, 6, 7}
    assert "từ 98% trở lên" in tc7.points_quote and "604/TE-PTTG" in tc7.points_source
    assert "0 điểm" in s.zero_blocks_source and not s.zero_blocks_provisional
    assert s.criteria.get(number=3).name == "Trẻ em bị xâm hại"


def test_06_2019_harm_criteria_are_rates_and_coverage_percentages(standards):
    def measures(number):
        return set(Indicator.objects.filter(criterion__standard__code=S06, criterion__number=number)
                   .values_list("measure", flat=True))

    assert measures(3) == measures(4) == {"rate"}
    for number in (2, 6, 7, 9, 10):
        assert measures(number) == {"percent"}


def test_unconfirmed_indicators_are_provisional(standards):
    # an indicator's points are not confirmed where its criterion's are not
    assert not Indicator.objects.filter(criterion__points_confirmed=False, points_confirmed=True).exists()
    assert all(i.provisional for i in Indicator.objects.filter(criterion__points_confirmed=False))


def test_default_owners_of_06_2019(standards):
    owners = dict(Criterion.objects.filter(standard__code=S06).values_list("number", "default_sector__code"))
    assert owners == {1: "labour", 2: "justice", 3: "labour", 4: "police", 5: "labour", 6: "labour",
                      7: "health", 8: "health", 9: "health", 10: "education", 11: "labour",
                      12: "culture", 13: "labour"}


def test_ownership_rows_cite_the_provinces_plans(standards):
    # the plans' numbers and dates as users read them (never "seed")
    for province, seed in (("10", "Kế hoạch số 260/KH-UBND ngày 09/10/2017 của UBND tỉnh Lào Cai"),
                           ("58", "Kế hoạch số 965/KH-UBND ngày 22/3/2017 của UBND tỉnh Ninh Thuận")):
        rows = Ownership.objects.filter(province_code=province, criterion__standard__code=S34)
        assert rows.count() == 15 and all(r.lead for r in rows)
        assert all(seed in r.source for r in rows)


def test_child_affairs_department_name_changes_on_1_march_2025(standards):
    labour = Sector.objects.get(code="labour")
    assert labour.name_on(datetime.date(2024, 11, 15)) == "Lao động - Thương binh và Xã hội"
    assert labour.short_on(datetime.date(2024, 11, 15)) == "LĐTBXH"
    assert labour.name_on(datetime.date(2025, 3, 1)) == labour.short_on(datetime.date(2025, 3, 1)) == "Y tế"
    # the hand-over's date is in one place (the name periods), with its source
    handover = labour.names.get(valid_from=datetime.date(2025, 3, 1))
    assert "42/2025/NĐ-CP" in handover.source and labour.names.get(valid_to=datetime.date(2025, 2, 28)).source
    # after it the two departments are one office: a list of sectors names "Y tế" once
    health = Sector.objects.get(code="health")
    after, before = names_on(datetime.date(2026, 1, 5)), names_on(datetime.date(2024, 1, 5))
    assert after[labour.pk] == after[health.pk] == ("Y tế", "Y tế")
    assert before[labour.pk][0] == "Lao động - Thương binh và Xã hội" and before[health.pk][0] == "Y tế"
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
