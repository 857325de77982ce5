"""indicator_points: raw figures → points through a sub-indicator's bands (pure, no database)."""

from decimal import Decimal

import pytest

from criteria.rules import RuleError, check_bands, indicator_points, measure_value


def test_percent_reaching_the_bound_earns_its_points():
    # 34/2014 TC2: ≥98% of children registered → 50
    assert indicator_points("percent", [[98, 50]], 98, 100, 1000, 50) == 50
    assert indicator_points("percent", [[98, 50]], 979, 1000, 1000, 50) == 0
    assert indicator_points("percent", [[98, 50]], 245, 250, 1000, 50) == 50  # exactly 98%


def test_percent_takes_the_best_band_reached_whatever_the_order():
    bands = [[80, 20], [95, 50], [90, 35]]
    assert indicator_points("percent", bands, 96, 100, 1000, 50) == 50
    assert indicator_points("percent", bands, 90, 100, 1000, 50) == 35
    assert indicator_points("percent", bands, Decimal("89.9"), 100, 1000, 50) == 20
    assert indicator_points("percent", bands, 79, 100, 1000, 50) == 0


def test_rate_is_lower_is_better():
    # 34/2014 TC4: no child abused → 75; one case → 0
    assert indicator_points("rate", [[0, 75]], 0, 1200, 1000, 75) == 75
    assert indicator_points("rate", [[0, 75]], 1, 1200, 1000, 75) == 0
    # 34/2014 TC3: under 2% (stored as ≤ 1.99 per 100)
    assert indicator_points("rate", [[1.99, 75]], 199, 10000, 100, 75) == 75
    assert indicator_points("rate", [[1.99, 75]], 2, 100, 100, 75) == 0
    # several bands per 1000 children
    bands = [[0, 100], [1, 60], [2, 30]]
    assert indicator_points("rate", bands, 1, 1000, 1000, 100) == 60
    assert indicator_points("rate", bands, 3, 2000, 1000, 100) == 30  # 1.5 per 1000
    assert indicator_points("rate", bands, 5, 1000, 1000, 100) == 0


def test_measure_values_are_exact():
    assert measure_value("percent", 1, 3) == Decimal(100) / Decimal(3)
    assert measure_value("rate", 3, 2000, 1000) == Decimal("1.5")


def test_a_zero_denominator_is_a_clear_error():
    with pytest.raises(RuleError, match="Mẫu số bằng 0"):
        indicator_points("percent", [[98, 50]], 0, 0, 1000, 50)


@pytest.mark.parametrize("args, message", [
    (("percent", [[98, 50]], 101, 100, 1000, 50), "lớn hơn mẫu số"),
    (("percent", [[98, 50]], -1, 100, 1000, 50), "không được âm"),
    (("percent", [[98, 50]], "abc", 100, 1000, 50), "phải là số"),
    (("rate", [[0, 75]], 0, 100, 0, 75), "Cơ số tỷ suất"),
    (("points", [[98, 50]], 1, 100, 1000, 50), "không dùng thang điểm"),
    (("percent", [], 1, 100, 1000, 50), "chưa có thang điểm"),
    (("percent", [[98, 60]], 99, 100, 1000, 50), "ngoài khoảng 0 đến 50"),
    (("percent", [[98]], 99, 100, 1000, 50), r"cặp \[ngưỡng, điểm\]"),
    (("percent", [[120, 50]], 99, 100, 1000, 50), "Ngưỡng 120"),
])
def test_bad_figures_and_bands_raise(args, message):
    with pytest.raises(RuleError, match=message):
        indicator_points(*args)


def test_check_bands_orders_best_first():
    assert check_bands("percent", [[80, 20], [95, 50]], 50) == [(95, 50), (80, 20)]
    assert check_bands("rate", [[2, 30], [0, 100]], 100) == [(0, 100), (2, 30)]
