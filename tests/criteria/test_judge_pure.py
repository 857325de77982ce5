"""The pure core of the rule: plain data in, verdict out, no database at all."""

from decimal import Decimal

import pytest

from criteria.rules import RuleError, StandardRules, format_points, judge

RULES = StandardRules(
    code="TEST", thresholds={"city_ward": 90, "other": 85, "remote": 80}, zero_blocks=True,
    max_points={1: 40, 2: 30, 3: 30}, names={1: "Nguồn lực", 2: "Khai sinh", 3: "Xâm hại"},
)


def test_it_recognises_at_the_threshold_without_queries():
    verdict = judge(RULES, "other", {1: 40, 2: 25, 3: 20})
    assert verdict.recognised and verdict.total == 85 and verdict.reasons == []


def test_it_refuses_one_point_below():
    verdict = judge(RULES, "remote", {1: 40, 2: 20, 3: 19})
    assert not verdict.recognised
    assert verdict.reasons == ["Tổng điểm 79 chưa đạt ngưỡng 80 điểm của nhóm xã, thị trấn miền núi, "
                               "hải đảo, đặc biệt khó khăn (còn thiếu 1 điểm)."]


def test_a_zero_names_the_criterion():
    verdict = judge(RULES, "remote", {1: 40, 2: 30, 3: 0})
    assert verdict.zero_criteria == (3,)
    assert verdict.reasons[0].startswith("Tiêu chí 3 (Xâm hại) đạt 0 điểm")
    assert len(verdict.reasons) == 2  # also 70 < 80


def test_a_zero_does_not_block_where_the_standard_allows_it():
    lenient = StandardRules(code="OLD", thresholds=RULES.thresholds, zero_blocks=False,
                            max_points={1: 50, 2: 50})
    verdict = judge(lenient, "other", {1: 50, 2: 0})
    assert verdict.zero_criteria == (2,) and verdict.reasons == ["Tổng điểm 50 chưa đạt ngưỡng 85 điểm "
                                                                 "của nhóm xã, phường, thị trấn khác "
                                                                 "(còn thiếu 35 điểm)."]
    generous = StandardRules(code="OLD", thresholds={"city_ward": 1, "other": 1, "remote": 1},
                             zero_blocks=False, max_points={1: 50, 2: 50})
    assert judge(generous, "other", {1: 50, 2: 0}).recognised


def test_missing_and_none_criteria_block_whatever_the_total():
    generous = StandardRules(code="X", thresholds={"city_ward": 0, "other": 0, "remote": 0},
                             zero_blocks=True, max_points={1: 40, 2: 30})
    verdict = judge(generous, "other", {1: 40, 2: None})
    assert verdict.missing_criteria == (2,) and not verdict.recognised
    assert verdict.reasons == ["Chưa chấm điểm tiêu chí 2."]


def test_decimal_totals_are_exact_and_shown_the_vietnamese_way():
    verdict = judge(RULES, "other", {1: Decimal("39.5"), 2: Decimal("25.25"), 3: Decimal("20.2")})
    assert verdict.total == Decimal("84.95") and not verdict.recognised
    assert "Tổng điểm 84,95" in verdict.reasons[0] and "còn thiếu 0,05 điểm" in verdict.reasons[0]
    assert format_points(Decimal("850.00")) == "850"


@pytest.mark.parametrize("points, message", [
    ({1: 41}, "phải từ 0 đến 40"),
    ({1: -1}, "phải từ 0 đến 40"),
    ({4: 1}, "không có tiêu chí số 4"),
    ({"1": 10}, "không có tiêu chí số 1"),
    ({1: "10"}, "phải là số"),
    ({1: 10.5}, "phải là số"),
    ({1: True}, "phải là số"),
    ({1: Decimal("NaN")}, "không hợp lệ"),
])
def test_bad_points_raise_rule_errors(points, message):
    with pytest.raises(RuleError, match=message):
        judge(RULES, "other", points)


def test_unknown_tier_raises():
    with pytest.raises(RuleError, match="Nhóm ngưỡng công nhận “ward” không hợp lệ"):
        judge(RULES, "ward", {})


def test_rule_errors_are_value_errors():
    assert issubclass(RuleError, ValueError)


@pytest.mark.django_db
def test_rules_of_loaded_criteria_equal_the_loaded_rules(django_assert_num_queries):
    from django.core.management import call_command

    from criteria.models import Standard
    from criteria.rules import load_rules, rules_of

    call_command("loaddata", "standards", verbosity=0)
    for standard in Standard.objects.all():
        criteria = list(standard.criteria.all())
        with django_assert_num_queries(0):
            built = rules_of(standard, criteria)
        assert built == load_rules(standard.code)
