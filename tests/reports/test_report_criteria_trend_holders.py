"""Criteria analysis, trend and consecutive-year holders, against the hand-computed fixture."""

from decimal import Decimal

import pytest

from reports import selectors
from reports.scope import Scope


def _by_number(analysis):
    return {r["number"]: r for r in analysis["rows"]}


def test_criteria_analysis_over_submitted_dossiers(world, cast):
    a = selectors.criteria_analysis(Scope(cast.provincial, 2024, world.nt))
    # Tân Sơn, Lâm Sơn, Lương Sơn, Phước Bình, Phước Hòa; Quảng Sơn's draft (TC2 at 0) is left out
    assert (a["dossiers"], a["with_zero"], a["blocked"]) == (5, 2, 1)
    rows = _by_number(a)
    assert list(rows) == list(range(1, 14))
    expected = {  # number: (zeros, average points, average share of the maximum, blocks)
        1: (0, "90.00", "90.00", 0),
        2: (0, "50.00", "100.00", 0),
        3: (1, "80.00", "80.00", 0),    # Lâm Sơn at 0, but 825 < 850: the total failed too
        5: (1, "60.00", "80.00", 0),
        6: (1, "95.00", "76.00", 1),    # Phước Hòa at 0 with 875 ≥ 800: the zero veto alone
        9: (0, "45.00", "90.00", 0),    # Lương Sơn's appraised 25, not its own 50
        13: (0, "70.00", "93.33", 0),
    }
    for number, (zeros, average, share, blocks) in expected.items():
        r = rows[number]
        assert (r["zeros"], r["average"], r["average_share"], r["blocks"]) == (
            zeros, Decimal(average), Decimal(share), blocks), number
        assert r["scored"] == 5
    assert rows[6]["max_points"] == 125


def test_criteria_analysis_of_one_district(world, cast):
    a = selectors.criteria_analysis(Scope(cast.district, 2024, world.ninh_son))
    rows = _by_number(a)
    assert (a["dossiers"], a["blocked"]) == (3, 0)
    assert (rows[6]["zeros"], rows[6]["average_share"]) == (0, Decimal("100.00"))
    assert rows[3]["zeros"] == 1


def test_criteria_analysis_query_count(world, cast, django_assert_num_queries):
    with django_assert_num_queries(4):
        selectors.criteria_analysis(Scope(cast.provincial, 2024, world.nt))


def test_trend_per_district_and_province(world, cast):
    t = selectors.trend(Scope(cast.provincial, 2024, world.nt))
    assert t["years"] == [2023, 2024]
    assert t["standards"] == {2023: ["06/QĐ-TTg"], 2024: ["06/QĐ-TTg"]}
    assert [p["share"] for p in t["total"]] == [Decimal("42.86"), Decimal("28.57")]
    lines = {line["unit"]: line["points"] for line in t["lines"]}
    assert [(p["recognised"], p["units"], p["share"]) for p in lines[world.ninh_son]] == [
        (2, 5, Decimal("40.00")), (2, 5, Decimal("40.00"))]
    assert [(p["recognised"], p["units"], p["share"]) for p in lines[world.bac_ai]] == [
        (1, 2, Decimal("50.00")), (0, 2, Decimal("0.00"))]
    assert [p["percent"] for p in t["targets"]] == [None, None]  # the national 65% is 2025's, not 2023's


def test_trend_matches_the_summary(world, cast):
    scope = Scope(cast.provincial, 2024, world.nt)
    t, s = selectors.trend(scope), selectors.summary(scope)
    assert t["total"][-1]["share"] == s["total"].share


def test_national_trend_by_province(world, cast):
    t = selectors.trend(Scope(cast.national, 2024))
    lines = {line["unit"]: line["points"] for line in t["lines"]}
    assert [p["share"] for p in lines[world.nt]] == [Decimal("42.86"), Decimal("28.57")]
    assert [p["share"] for p in lines[world.ls]] == [Decimal("0.00"), Decimal("100.00")]  # no 2023 round
    assert [p["share"] for p in t["total"]] == [Decimal("37.50"), Decimal("37.50")]  # 3/8 both years


def test_trend_across_standards_and_the_reform(world, cast, make_unit, make_round, assess, standards):
    """A 2018 round on 34/2014, then after 1/7/2025 the commune's parent is the province itself."""
    import datetime

    from assessments.models import Assessment
    from communes.models import Kind, Level

    r18 = make_round(world.nt, 2018, standards["34/2014/QĐ-TTg"])
    assess(r18, world.tan_son, Assessment.Status.RECOGNISED)
    new_province = make_unit("Tỉnh Khánh Hòa", "56", Level.PROVINCE, Kind.PROVINCE,
                             valid_from=datetime.date(2025, 7, 1))
    ward = make_unit("Phường Phan Rang", "22738", Level.COMMUNE, Kind.WARD, new_province,
                     valid_from=datetime.date(2025, 7, 1))
    make_unit("Xã Ninh Sơn", "22813", Level.COMMUNE, Kind.COMMUNE, new_province,
              valid_from=datetime.date(2025, 7, 1))
    assess(make_round(new_province, 2025, standards["06/QĐ-TTg"]), ward, Assessment.Status.RECOGNISED)

    t = selectors.trend(Scope(cast.national, 2025))
    assert t["years"] == [2018, 2023, 2024, 2025]
    assert t["standards"][2018] == ["34/2014/QĐ-TTg"] and t["standards"][2025] == ["06/QĐ-TTg"]
    lines = {line["unit"]: line["points"] for line in t["lines"]}
    # Ninh Thuận ends with the reform; Khánh Hòa's line starts with its first round
    assert [p["share"] for p in lines[world.nt]] == [Decimal("14.29"), Decimal("42.86"), Decimal("28.57"), None]
    assert [p["share"] for p in lines[new_province]] == [None, None, None, Decimal("50.00")]
    assert t["total"][-1] == {"year": 2025, "units": 2, "recognised": 1, "share": Decimal("50.00"),
                              "text": "50,00%", "of": "1/2"}

    # within the new province the communes' parent is the province: one line, no districts
    staff = type(cast.provincial).objects.create(username="kh", role="provincial_staff", unit=new_province)
    t = selectors.trend(Scope(staff, 2025, new_province))
    assert [line["unit"] for line in t["lines"]] == [new_province]
    assert t["years"] == [2025]


def test_trend_query_count(world, cast, django_assert_num_queries):
    with django_assert_num_queries(5):
        selectors.trend(Scope(cast.provincial, 2024, world.nt))


@pytest.fixture
def history(world, make_round, assess):
    """Rounds 2020–2022 before the fixture's 2023 and 2024."""
    from assessments.models import Assessment

    rec = Assessment.Status.RECOGNISED
    rounds = {y: make_round(world.nt, y, world.standard) for y in (2020, 2021, 2022)}
    for y in (2020, 2021, 2022):
        assess(rounds[y], world.tan_son, rec)          # with 2023 and 2024: five years
    for y in (2021, 2022):
        assess(rounds[y], world.lam_son, rec)          # with 2023: three years, broken in 2024
    assess(rounds[2022], world.phuoc_binh, rec)        # 2022, 2023: two years only
    return rounds


def test_holders_of_three_and_five_years(world, cast, history):
    rows = selectors.holders(Scope(cast.provincial, 2023, world.nt))
    assert [(r["name"], r["run"], r["certificate"]) for r in rows] == [
        ("Thị trấn Tân Sơn", 4, "district"), ("Xã Lâm Sơn", 3, "district")]
    rows = selectors.holders(Scope(cast.provincial, 2024, world.nt))
    assert [(r["name"], r["run"], r["certificate"]) for r in rows] == [("Thị trấn Tân Sơn", 5, "province")]
    assert selectors.holders(Scope(cast.provincial, 2024, world.nt), min_years=5)[0]["parent"] == "Huyện Ninh Sơn"


def test_holders_are_scoped(world, cast, history, django_assert_num_queries):
    with django_assert_num_queries(1):
        rows = selectors.holders(Scope(cast.other_district, 2023, world.bac_ai))
    assert rows == []
