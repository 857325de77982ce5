"""Part II.3 drafted from the record: every figure is the reports' selectors' figure (one source), and the
hand-computed world of tests/reports/conftest.py gives the numbers a reader can check."""

import datetime
from decimal import Decimal

import pytest

from criteria.selectors import owner_map
from reports import selectors as report_selectors
from reports.scope import Scope
from reviews import drafting
from reviews import services as reviews
from reviews.models import ReviewPart

pytestmark = pytest.mark.django_db


@pytest.fixture
def review(world, cast):
    """Ninh Sơn's 2023–2024 review, opened by its office: a part for each of its five communes and its own."""
    return reviews.review_round_open(by=cast.district, kind="final", year_from=2023, year_to=2024,
                                     title="Tổng kết xây dựng xã phù hợp với trẻ em giai đoạn 2023-2024",
                                     commune_due=datetime.date(2024, 11, 10), unit_due=datetime.date(2024, 11, 25))


def test_opening_makes_a_part_for_each_commune_the_district_recognises_and_its_own(review, world):
    units = set(review.parts.values_list("unit__name", flat=True))
    assert units == {"Thị trấn Tân Sơn", "Xã Lâm Sơn", "Xã Lương Sơn", "Xã Quảng Sơn", "Xã Mỹ Sơn", "Huyện Ninh Sơn"}
    assert all(p.status == ReviewPart.Status.DRAFT for p in review.parts.all())


@pytest.mark.parametrize("who", ["district", "provincial", "national"])
def test_each_years_figures_are_the_summarys_figures(review, world, cast, who):
    user = getattr(cast, who)
    part = review.parts.get(unit=world.ninh_son)
    rows, _history = drafting.year_rows(part, user)
    assert [r.year for r in rows] == [2023, 2024]
    for row in rows:
        total = report_selectors.summary(Scope(user=user, year=row.year, unit=world.ninh_son))["total"]
        assert (row.units, row.registered, row.assessed, row.submitted, row.recognised, row.newly, row.lost,
                row.previously) == (total.units, total.registered, total.assessed, total.submitted, total.recognised,
                                    total.newly, total.lost, total.previously)
        assert (row.share, row.target, row.gap, row.needed) == (total.share, total.target_percent, total.gap,
                                                                total.needed)


def test_the_figures_a_reader_can_check_by_hand(review, world, cast):
    """2023: 5 communes, 3 assessed, Tân Sơn and Lâm Sơn recognised, both new (no round before); no target of
    2023. 2024: 4 registered, 4 assessed, Tân Sơn kept, Lương Sơn new, Lâm Sơn lost; 2 of 5 = 40% against the
    district's own 60%: not met."""
    part = review.parts.get(unit=world.ninh_son)
    y23, y24 = drafting.year_rows(part, cast.district)[0]
    assert (y23.units, y23.assessed, y23.recognised, y23.newly, y23.kept, y23.lost, y23.target) == (5, 3, 2, 2, 0, 0,
                                                                                                     None)
    assert y23.met is None
    assert (y24.units, y24.registered, y24.assessed, y24.recognised, y24.newly, y24.kept, y24.lost) == (
        5, 4, 4, 2, 1, 1, 1)
    assert (y24.share, y24.target, y24.met) == (Decimal("40.00"), Decimal("60.00"), False)


def test_the_criteria_failed_are_the_criteria_analysis_added_over_the_years(review, world, cast):
    """TC3 at 0 for Lương Sơn in 2023 (900 points: the zero veto alone kept it out) and Lâm Sơn in 2024; TC5 at 0
    for Lâm Sơn in 2024; Quảng Sơn's TC2 at 0 is a draft, never sent, so not counted (as in the reports)."""
    part = review.parts.get(unit=world.ninh_son)
    criteria, sectors = drafting.failed_criteria(part, cast.district)
    expected = {}
    for year in (2023, 2024):
        for r in report_selectors.criteria_analysis(Scope(user=cast.district, year=year, unit=world.ninh_son))["rows"]:
            if r["zeros"]:
                e = expected.setdefault(r["number"], [0, 0])
                e[0] += r["zeros"]
                e[1] += r["blocks"]
    assert {e["number"]: [e["zeros"], e["blocks"]] for e in criteria} == expected == {3: [2, 1], 5: [1, 0]}
    assert [e["number"] for e in criteria] == [3, 5]  # most often first
    assert criteria[0]["years"] == [2023, 2024]
    owners = owner_map(world.standard, "58")
    assert criteria[0]["sector"] == owners[3].name_on(datetime.date(2024, 12, 31))
    assert sum(s["zeros"] for s in sectors) == 3
    sector = criteria[0]["sector"]
    assert drafting.draft(part, cast.district)["by_sector"].startswith(f"Theo ngành phụ trách: {sector} ")


def test_a_communes_part_counts_the_commune_alone(review, world, cast):
    part = review.parts.get(unit=world.tan_son)
    rows, _ = drafting.year_rows(part, cast.commune)
    assert [(r.units, r.recognised, r.newly, r.kept) for r in rows] == [(1, 1, 1, 0), (1, 1, 0, 1)]
    for row in rows:
        total = report_selectors.summary(Scope(user=cast.commune, year=row.year, unit=world.tan_son))["total"]
        assert (row.units, row.recognised, row.newly) == (total.units, total.recognised, total.newly)


def test_consecutive_years_are_the_holders_list_of_the_last_year(review, world, cast):
    part = review.parts.get(unit=world.ninh_son)
    draft = drafting.draft(part, cast.district)
    assert draft["holders"] == report_selectors.holders(Scope(user=cast.district, year=2024, unit=world.ninh_son))
    assert draft["reform"] == []  # 2023–2024 does not cross 1/7/2025


def test_the_draft_asks_the_selectors_and_counts_nothing_itself(review, world, cast, django_assert_max_num_queries):
    """Bounded: per year the summary's, the analysis' queries, the owners once, the holders once."""
    part = review.parts.get(unit=world.ninh_son)
    with django_assert_max_num_queries(30):
        drafting.draft(part, cast.district)


def test_a_review_across_the_2025_reform_names_the_change(standard, db):
    """Bắc Ninh (formed 1/7/2025 from Bắc Giang) reviews 2024–2026: its 2024 row is its predecessors' year,
    and the reform is stated with the rules the reports apply."""
    from tests.factories import DistrictOfficerFactory, reform_world

    w = reform_world(standard)
    office = DistrictOfficerFactory(unit=w.bac_ninh)
    r = reviews.review_round_open(by=office, kind="interim", year_from=2024, year_to=2026, title="Sơ kết 2024-2026",
                                  commune_due=datetime.date(2026, 11, 10), unit_due=datetime.date(2026, 11, 25))
    part = r.parts.get(unit=w.bac_ninh)
    assert set(r.parts.values_list("unit__name", flat=True)) == {"Xã Lục Nam", "Phường Chũ", "Tỉnh Bắc Ninh"}
    draft = drafting.draft(part, office)
    y24 = draft["rows"][0]
    total = report_selectors.summary(Scope(user=office, year=2024, unit=w.bac_ninh))["total"]
    assert (y24.units, y24.recognised) == (total.units, total.recognised)
    assert y24.recognised == 1  # Đồi Ngô's 2024 decision, in the successor's history
    assert draft["reform"] and "01/7/2025" in draft["reform"][0]
