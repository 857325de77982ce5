"""core.formatting: Vietnamese numbers and the NĐ 30/2020 date line (pure, no database)."""

import datetime
from decimal import Decimal

from django.template import Context, Template

from core.formatting import nd30_date, number, percent, thousands


def test_the_date_line_pads_days_below_ten_and_only_january_and_february():
    assert nd30_date(datetime.date(2024, 3, 5)) == "ngày 05 tháng 3 năm 2024"
    assert nd30_date(datetime.date(2024, 2, 15)) == "ngày 15 tháng 02 năm 2024"
    assert nd30_date(datetime.date(2025, 1, 1)) == "ngày 01 tháng 01 năm 2025"
    assert nd30_date(datetime.date(2024, 12, 31)) == "ngày 31 tháng 12 năm 2024"
    assert nd30_date(datetime.date(2017, 10, 9)) == "ngày 09 tháng 10 năm 2017"


def test_the_template_filter_prints_the_same_line():
    out = Template("{% load vn %}{{ d|nd30_date }}|{{ none|nd30_date }}|{{ x|vn_number }}").render(
        Context({"d": datetime.date(2024, 3, 5), "none": None, "x": Decimal("849.50")}))
    assert out == "ngày 05 tháng 3 năm 2024||849,5"


def test_numbers_take_the_decimal_comma_without_trailing_zeros():
    assert number(Decimal("850.00")) == "850"
    assert number(Decimal("849.5")) == "849,5"
    assert number(Decimal("37.50")) == "37,5"
    assert number(75) == "75"
    assert number(Decimal("28.571"), 2) == "28,57"
    assert number(Decimal("65.00"), 2, trim=True) == "65"
    assert number(None) == ""


def test_percentages_keep_their_places_unless_trimmed():
    assert percent(Decimal("28.57")) == "28,57%"
    assert percent(Decimal("65.00"), trim=True) == "65%"
    assert percent(Decimal("62.50"), trim=True) == "62,5%"
    assert percent(28.571, 1) == "28,6%"
    assert percent(None) == ""


def test_thousands_are_separated_by_a_dot():
    assert thousands(10000) == "10.000"
    assert thousands(999) == "999"
    assert thousands(1245000) == "1.245.000"
