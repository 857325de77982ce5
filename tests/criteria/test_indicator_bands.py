"""indicator_points: raw figures → points through a sub-indicator's bands (pure, no database)."""

from decimal import Decimal

import pytest

from criteria.rules import RuleError, check_bands, indicator_points, measure_value


def test_percent_reaching_the_bound_earns_its_points():
    # below the only known band: no points known (None), never 0
    # 34/2014 TC2: ≥98% of children registered → 50
    assert indicator_points("percent", [[98, 50]], 98, 100, 1000, 50) == 50
    assert indicator_points("percent", [[98, 50]], 979, 1000, 1000, 50) is None
    assert indicator_points("percent", [[98, 50]], 245, 250, 1000, 50) == 50  # exactly 98%


def test_percent_takes_the_best_band_reached_whatever_the_order():
    bands = [[80, 20], [95, 50], [90, 35]]
    assert indicator_points("percent", bands, 96, 100, 1000, 50) == 50
    assert indicator_points("percent", bands, 90, 100, 1000, 50) == 35
    assert indicator_points("percent", bands, Decimal("89.9"), 100, 1000, 50) == 20
    assert indicator_points("percent", bands, 79, 100, 1000, 50) is None


def test_rate_is_lower_is_better():
    # 34/2014 TC4: no child abused → 75; one case → 0
    assert indicator_points("rate", [[0, 75]], 0, 1200, 1000, 75) == 75
    assert indicator_points("rate", [[0, 75]], 1, 1200, 1000, 75) is None
    # 34/2014 TC3: under 2% ("dưới 2%": every rate below 2, strictly)
    assert indicator_points("rate", [[2, 75, "<"]], 199, 10000, 100, 75) == 75
    assert indicator_points("rate", [[2, 75, "<"]], 2, 100, 100, 75) is None
    # several bands per 1000 children
    bands = [[0, 100], [1, 60], [2, 30]]
    assert indicator_points("rate", bands, 1, 1000, 1000, 100) == 60
    assert indicator_points("rate", bands, 3, 2000, 1000, 100) == 30  # 1.5 per 1000
    assert indicator_points("rate", bands, 5, 1000, 1000, 100) is None


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
    assert check_bands("percent", [[80, 20], [95, 50]], 50) == [(95, 50, ">="), (80, 20, ">=")]
    assert check_bands("rate", [[2, 30], [0, 100]], 100) == [(0, 100, "<="), (2, 30, "<=")]
    assert check_bands("rate", [[2, 75, "<"]], 75) == [(2, 75, "<")]


# --- boundaries with decimals: bands have no gaps ----------------------------------------------

@pytest.mark.parametrize("numerator, denominator, points", [
    (Decimal("1.995"), 100, 75),     # 1.995% is below 2%: the old "≤ 1.99" left it in a gap
    (Decimal("1.9999"), 100, 75),
    (199, 10000, 75),                # 1.99%
    (1, 300, 75),                    # 0.333…%
    (0, 100, 75),
    (2, 100, None),                     # exactly 2% is not below 2%
    (Decimal("2.001"), 100, None),
    (201, 10000, None),
])
def test_below_two_percent_is_every_rate_under_two(numerator, denominator, points):
    # 34/2014 TC3: children working in heavy or hazardous conditions, street children, "dưới 2%" → 75
    assert indicator_points("rate", [[2, 75, "<"]], numerator, denominator, 100, 75) == points


@pytest.mark.parametrize("numerator, denominator, points", [
    (95, 100, 50),                   # exactly 95%: "từ 95% trở lên"
    (19, 20, 50),                    # 95% as a fraction
    (Decimal("95.0001"), 100, 50),
    (Decimal("94.999"), 100, None),
    (Decimal("94.9999999"), 100, None),
    (1899, 2000, None),                 # 94.95%
    (100, 100, 50),
])
def test_from_95_percent_up_is_every_rate_from_95(numerator, denominator, points):
    # 06/2019 indicator 6.1: ≥95% of special-circumstance children helped → 50
    assert indicator_points("percent", [[95, 50]], numerator, denominator, 1000, 50) == points


def test_none_means_zero_cases_exactly():
    # 34/2014 TC4: no child abused, subjected to violence, trafficked or abducted → 75
    assert indicator_points("rate", [[0, 75]], 0, 1500, 1000, 75) == 75
    assert indicator_points("rate", [[0, 75]], 1, 100000, 1000, 75) is None  # 0.01 per 1000


def test_a_comparison_that_is_not_one_of_four_is_refused():
    with pytest.raises(RuleError, match="Phép so sánh “=<”"):
        check_bands("rate", [[2, 75, "=<"]], 75)
    assert check_bands("percent", [[90, 35, ">"]], 50) == [(90, 35, ">")]
    assert indicator_points("percent", [[90, 35, ">"]], 90, 100, 1000, 50) is None  # "trên 90%"
