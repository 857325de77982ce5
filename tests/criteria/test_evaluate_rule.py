"""criteria.rules.evaluate on the shipped standards: every edge of the recognition rule."""

from decimal import Decimal

import pytest

from criteria import rules
from criteria.models import Standard
from criteria.rules import RuleError

S34, S06 = "34/2014/QĐ-TTg", "06/QĐ-TTg"


def totalling(maxima, total):
    """Points per criterion adding up to `total`, none at 0: lower criteria from the first on."""
    points = dict(maxima)
    excess = sum(points.values()) - total
    for number in sorted(points):
        cut = min(excess, points[number] - 1)
        points[number] -= cut
        excess -= cut
    assert excess == 0 and sum(points.values()) == total and min(points.values()) > 0
    return points


@pytest.mark.parametrize("tier, threshold", [("city_ward", 900), ("other", 850), ("remote", 800)])
def test_06_2019_passes_exactly_at_the_threshold(standards, tier, threshold):
    verdict = rules.evaluate(S06, tier, totalling(rules.max_points(S06), threshold))
    assert (verdict.total, verdict.threshold, verdict.recognised, verdict.reasons) == (
        threshold, threshold, True, [])


@pytest.mark.parametrize("tier, threshold", [("city_ward", 900), ("other", 850), ("remote", 800)])
def test_06_2019_fails_one_point_below(standards, tier, threshold):
    verdict = rules.evaluate(S06, tier, totalling(rules.max_points(S06), threshold - 1))
    assert not verdict.recognised
    assert verdict.total == threshold - 1
    assert verdict.reasons == [verdict.reasons[0]] and f"ngưỡng {threshold} điểm" in verdict.reasons[0]
    assert "còn thiếu 1 điểm" in verdict.reasons[0]
    assert verdict.shortfall == 1


def test_34_2014_city_ward_at_850_and_one_below(standards):
    maxima = rules.max_points(S34)
    assert rules.evaluate(S34, "city_ward", totalling(maxima, 850)).recognised
    below = rules.evaluate(S34, "city_ward", totalling(maxima, 849))
    assert not below.recognised and below.threshold == 850


def test_a_criterion_at_zero_blocks_despite_950(standards):
    points = rules.max_points(S06)
    points[7] = 0  # 50 points: 1000 - 50 = 950, far above every threshold
    verdict = rules.evaluate(S06, "remote", points)
    assert verdict.total == 950 and not verdict.recognised
    assert verdict.zero_criteria == (7,)
    (reason,) = verdict.reasons
    assert "Tiêu chí 7" in reason and "tiêm chủng" in reason and "0 điểm" in reason


def test_a_missing_criterion_blocks(standards):
    points = rules.max_points(S06)
    del points[12]
    verdict = rules.evaluate(S06, "other", points)
    assert verdict.total == 925 and not verdict.recognised
    assert verdict.missing_criteria == (12,)
    assert "Chưa chấm điểm tiêu chí 12" in verdict.reasons[0]


def test_none_counts_as_not_scored(standards):
    points = {n: None for n in rules.max_points(S06)}
    verdict = rules.evaluate(S06, "other", points)
    assert verdict.total == 0 and verdict.missing_criteria == tuple(range(1, 14))
    assert verdict.reasons[0].startswith("Còn 13 tiêu chí chưa chấm điểm")
    assert not verdict.recognised


def test_decimal_points(standards):
    points = {n: Decimal(m) for n, m in rules.max_points(S06).items()}
    points[3] = Decimal("49.5")  # 1000 - 100 + 49.5 = 949.5
    verdict = rules.evaluate(S06, "city_ward", points)
    assert verdict.total == Decimal("949.5") and verdict.recognised
    points[3] = Decimal("0.5")
    points[4] = Decimal("24.5")  # 1000 - 99.5 - 50.5 = 850
    assert rules.evaluate(S06, "other", points).total == Decimal("850.0")
    assert rules.evaluate(S06, "other", points).recognised


@pytest.mark.parametrize("value", [51, Decimal("50.01"), -1, Decimal("-0.5")])
def test_points_out_of_range_are_rejected(standards, value):
    points = rules.max_points(S06)
    points[2] = value  # criterion 2 is worth 50
    with pytest.raises(RuleError, match="tiêu chí 2 phải từ 0 đến 50"):
        rules.evaluate(S06, "other", points)


def test_the_maximum_itself_is_accepted(standards):
    assert rules.evaluate(S06, "other", {6: 125}).total == 125


def test_unknown_criterion_tier_and_standard_are_rejected(standards):
    with pytest.raises(RuleError, match="không có tiêu chí số 14"):
        rules.evaluate(S06, "other", {14: 10})
    with pytest.raises(RuleError, match="Nhóm ngưỡng"):
        rules.evaluate(S06, "mountain", {})
    with pytest.raises(RuleError, match="Không có bộ tiêu chuẩn"):
        rules.evaluate("37/2010/QĐ-TTg", "other", {})
    with pytest.raises(ValueError):  # RuleError is a ValueError
        rules.max_points("99/QĐ-TTg")


def test_a_standard_without_criteria_is_rejected(db):
    import datetime

    Standard.objects.create(code="01/2030/QĐ-TTg", title="Dự thảo", issued_on=datetime.date(2030, 1, 1),
                            in_force_from=datetime.date(2030, 1, 1), threshold_city_ward=900,
                            threshold_other=850, threshold_remote=800)
    with pytest.raises(RuleError, match="chưa có tiêu chí"):
        rules.evaluate("01/2030/QĐ-TTg", "other", {})


def test_max_points_of_both_standards(standards):
    assert rules.max_points(S34) == {1: 75, 2: 50, 3: 75, 4: 75, 5: 75, 6: 75, 7: 75, 8: 75, 9: 75,
                                     10: 50, 11: 75, 12: 50, 13: 50, 14: 50, 15: 75}
    assert sum(rules.max_points(S06).values()) == 1000


def test_evaluate_reads_the_standard_in_one_query(standards, django_assert_num_queries):
    points = rules.max_points(S06)
    with django_assert_num_queries(1):
        assert rules.evaluate(S06, "other", points).recognised
    with django_assert_num_queries(1):
        rules.max_points(S34)
    with django_assert_num_queries(0):  # an unknown tier is refused before the database
        with pytest.raises(RuleError):
            rules.evaluate(S06, "nowhere", points)


def test_verdicts_are_frozen(standards):
    verdict = rules.evaluate(S06, "other", rules.max_points(S06))
    with pytest.raises(AttributeError):
        verdict.recognised = False
