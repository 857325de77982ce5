"""The summary by recognising unit and by province, every number against the fixture (conftest.py)."""

import datetime
from decimal import Decimal

import pytest

from reports import selectors
from reports.scope import Scope

TODAY = datetime.date(2025, 1, 15)  # after every deadline of the 2024 rounds


def _counts(row):
    return {name: getattr(row, name) for name in selectors.COUNTERS}


def test_provincial_summary_by_district(world, cast):
    s = selectors.summary(Scope(cast.provincial, 2024, world.nt), today=TODAY)
    rows = {r.unit: r for r in s["rows"]}
    ninh_son, bac_ai = rows[world.ninh_son], rows[world.bac_ai]

    assert _counts(ninh_son) == {"units": 5, "registered": 4, "assessed": 4, "unregistered": 1, "submitted": 3,
                                 "recognised": 2, "newly": 1, "lost": 1, "previously": 2, "overdue": 2}
    assert ninh_son.share == Decimal("40.00")
    assert ninh_son.target_percent == 60  # the district's own target for 2024
    assert (ninh_son.gap, ninh_son.needed) == (Decimal("20.00"), 1)

    assert _counts(bac_ai) == {"units": 2, "registered": 1, "assessed": 2, "unregistered": 1, "submitted": 2,
                               "recognised": 0, "newly": 0, "lost": 0, "previously": 1, "overdue": 2}
    assert bac_ai.share == Decimal("0.00")
    # a target belongs to its year: Ninh Thuận's 80% was 2020's, the national 65% is 2025's
    assert bac_ai.target is None and bac_ai.target_percent is None
    assert (bac_ai.gap, bac_ai.needed) == (None, None)

    total = s["total"]
    assert _counts(total) == {"units": 7, "registered": 5, "assessed": 6, "unregistered": 2, "submitted": 5,
                              "recognised": 2, "newly": 1, "lost": 1, "previously": 3, "overdue": 4}
    assert total.share == Decimal("28.57")
    assert total.new_share == Decimal("14.29")
    assert total.target is None  # no target of 2024 for the province nor the country
    assert (total.gap, total.needed) == (None, None)
    assert total.new_target is None  # 3–5% a year ran 2017–2020


def test_rows_come_in_unit_code_order(world, cast):
    s = selectors.summary(Scope(cast.provincial, 2024, world.nt), today=TODAY)
    assert [r.unit.code for r in s["rows"]] == ["584", "585"]


def test_first_round_counts_every_recognition_as_new(world, cast):
    s = selectors.summary(Scope(cast.provincial, 2023, world.nt), today=TODAY)
    rows = {r.unit: r for r in s["rows"]}
    assert (rows[world.ninh_son].recognised, rows[world.ninh_son].newly, rows[world.ninh_son].lost) == (2, 2, 0)
    assert (rows[world.bac_ai].recognised, rows[world.bac_ai].share) == (1, Decimal("50.00"))
    assert s["total"].share == Decimal("42.86")
    assert s["total"].overdue == 0  # every 2023 dossier was decided


def test_plan_targets_belong_to_their_year_or_the_years_the_plan_states(world, cast, make_round):
    from assessments.models import Round

    Round.objects.filter(pk__in=[world.r23.pk]).update(year=2019)
    s = selectors.summary(Scope(cast.provincial, 2019, world.nt), today=TODAY)
    assert s["total"].target is None  # "80% by 2020" is 2020's target, not 2019's
    # "3–5% newly recognised each year, 2017–2020" states its years (Kế hoạch 965/KH-UBND)
    assert (s["total"].new_target.percent, s["total"].new_target.percent_max) == (3, 5)
    Round.objects.filter(pk__in=[world.r23.pk]).update(year=2020)
    s = selectors.summary(Scope(cast.provincial, 2020, world.nt), today=TODAY)
    assert s["total"].target_percent == 80


def test_a_later_target_is_never_an_earlier_years_target(world, cast):
    """Ninh Sơn's 60% is its 2024 target: the 2023 summary shows none for it (chưa có chỉ tiêu)."""
    s = selectors.summary(Scope(cast.provincial, 2023, world.nt), today=TODAY)
    rows = {r.unit: r for r in s["rows"]}
    assert rows[world.ninh_son].target is None and rows[world.bac_ai].target is None
    assert selectors.summary(Scope(cast.provincial, 2024, world.nt), today=TODAY)["rows"][1].target_percent == 60


def test_district_officer_sees_only_its_district(world, cast):
    s = selectors.summary(Scope(cast.district, 2024, world.ninh_son), today=TODAY)
    assert [r.unit for r in s["rows"]] == [world.ninh_son]
    assert s["total"].units == 5 and s["total"].recognised == 2
    assert s["total"].target_percent == 60


def test_district_officer_scope_ignores_a_wider_unit(world, cast):
    # visible_to(user) is applied before the chosen unit: a province scope still holds only the district
    s = selectors.summary(Scope(cast.district, 2024, world.nt), today=TODAY)
    assert [r.unit for r in s["rows"]] == [world.ninh_son]


def test_national_summary_by_province(world, cast):
    s = selectors.summary(Scope(cast.national, 2024), today=TODAY)
    rows = {r.unit: r for r in s["rows"]}
    assert set(rows) == {world.nt, world.ls}
    assert _counts(rows[world.nt]) == {"units": 7, "registered": 5, "assessed": 6, "unregistered": 2, "submitted": 5,
                                       "recognised": 2, "newly": 1, "lost": 1, "previously": 3,
                                       "overdue": 4}
    assert _counts(rows[world.ls]) == {"units": 1, "registered": 1, "assessed": 1, "unregistered": 0, "submitted": 1,
                                       "recognised": 1, "newly": 1, "lost": 0, "previously": 0, "overdue": 0}
    assert rows[world.ls].share == Decimal("100.00")
    assert rows[world.ls].gap is None  # Lạng Sơn's 95% was its 2022 target
    assert s["total"].units == 8 and s["total"].recognised == 3
    assert s["total"].share == Decimal("37.50")
    assert s["total"].target is None  # the national 65% is the target of 2025


def test_other_province_staff_see_nothing_of_ninh_thuan(world, cast):
    s = selectors.summary(Scope(cast.outsider, 2024), today=TODAY)
    assert [r.unit for r in s["rows"]] == [world.van_lang]
    assert s["total"].units == 1


def test_commune_rows_of_a_district(world, cast):
    rows = selectors.commune_rows(Scope(cast.district, 2024, world.ninh_son))
    assert [r["name"] for r in rows] == ["Thị trấn Tân Sơn", "Xã Lâm Sơn", "Xã Lương Sơn", "Xã Quảng Sơn",
                                         "Xã Mỹ Sơn"]
    by_name = {r["name"]: r for r in rows}
    assert by_name["Xã Lương Sơn"]["cur__final_total"] == Decimal("900")
    assert by_name["Xã Lương Sơn"]["cur__self_total"] == Decimal("925")
    assert by_name["Xã Lâm Sơn"]["cur__zero_criteria"] == 2
    assert by_name["Xã Mỹ Sơn"]["cur__id"] is None and by_name["Xã Mỹ Sơn"]["reg__id"] is not None


@pytest.mark.parametrize("size", [2, 20])
def test_summary_query_count_does_not_grow_with_units(size, standards, make_unit, assess, make_user,
                                                      make_round, django_assert_num_queries):
    from assessments.models import Assessment
    from communes.models import Kind, Level

    province = make_unit("Tỉnh Ninh Thuận", "58", Level.PROVINCE, Kind.PROVINCE)
    districts = [make_unit(f"Huyện {i}", f"58{i}", Level.DISTRICT, Kind.RURAL_DISTRICT, province) for i in range(2)]
    r1, r2 = make_round(province, 2023, standards["06/QĐ-TTg"]), make_round(province, 2024, standards["06/QĐ-TTg"])
    for i in range(size):
        c = make_unit(f"Xã {i}", f"{i:05d}", Level.COMMUNE, Kind.COMMUNE, districts[i % 2])
        assess(r1, c, Assessment.Status.RECOGNISED)
        assess(r2, c, Assessment.Status.NOT_RECOGNISED, points={3: 0})
    user = make_user("provincial_staff", province)
    with django_assert_num_queries(5):  # the fifth: the units' names of the year (communes.selectors.units_on)
        s = selectors.summary(Scope(user, 2024, province), today=TODAY)
    assert s["total"].units == size and s["total"].lost == size


def test_the_page_says_which_assessed_communes_did_not_register(world, cast, client):
    """Registered and self-assessed count different things: a commune that self-assessed without registering
    is counted among the assessed and labelled, so the two columns agree in meaning (issue 22)."""
    from django.urls import reverse

    client.force_login(cast.provincial)
    html = client.get(reverse("reports:summary") + "?year=2024").content.decode()
    assert html.count(" chưa đăng ký</div>") == 3  # Ninh Sơn, Bác Ái and the total
    html = client.get(reverse("reports:summary") + f"?year=2024&district={world.ninh_son.pk}").content.decode()
    assert html.count("Tự đánh giá, chưa đăng ký") == 1  # Ninh Sơn's commune, in the communes' table
