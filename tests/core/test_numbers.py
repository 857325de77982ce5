"""core.numbers.parse_vn_decimal: the one reader of typed numbers (no database)."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from core.numbers import parse_vn_decimal


def parse(value, **kw):
    kw.setdefault("label", "Tiêu chí 3")
    kw.setdefault("max_value", 100)
    return parse_vn_decimal(value, **kw)


def refusal(value, **kw):
    with pytest.raises(ValidationError) as e:
        parse(value, **kw)
    return e.value.code, e.value.messages[0]


@pytest.mark.parametrize("text, expected", [
    ("10,5", "10.5"), ("10.5", "10.5"), ("10", "10"), ("0", "0"), ("0,25", "0.25"), ("100", "100"),
    ("  7,5 ", "7.5"), ("\u00a012\u00a0", "12"), ("10,50", "10.5"), ("10,5000", "10.5"), ("007", "7"),
    ("1,0", "1"), ("99.99", "99.99"), ("1000,5", None), ("+5", "5"), ("+7,5", "7.5"),
])
def test_it_reads_a_comma_or_a_dot_as_the_decimal_point(text, expected):
    if expected is None:
        assert refusal(text)[0] == "range"
    else:
        assert parse(text) == Decimal(expected)


@pytest.mark.parametrize("text", ["", "   ", "\t", "\u00a0", None])
def test_empty_is_none_and_the_caller_decides(text):
    assert parse(text) is None


@pytest.mark.parametrize("text, a, b", [("1.000", "1000", "1"), ("12,500", "12500", "12,5"),
                                         ("100.250", "100250", "100,25"), ("5,125", "5125", "5,125")])
def test_a_possible_thousands_separator_is_refused_as_ambiguous(text, a, b):
    code, message = refusal(text, max_value=1000000)
    assert code == "ambiguous"
    assert message.startswith(f"Tiêu chí 3: “{text}” không rõ là {a} hay {b}.")


def test_a_three_digit_fraction_after_zero_is_not_ambiguous_but_too_precise():
    assert refusal("0,125") == ("decimals", "Tiêu chí 3: “0,125” có quá 2 chữ số thập phân.")
    assert parse("0,125", decimals=3) == Decimal("0.125")


def test_four_digits_before_the_separator_cannot_be_grouping():
    assert parse("1000,5", max_value=1000000) == Decimal("1000.5")
    assert parse("1234.25", max_value=None) == Decimal("1234.25")


@pytest.mark.parametrize("text", ["1,2,3", "1.2,3", "1.000.000", "1,000.5", "1..5", ",,"])
def test_two_separators_are_refused(text):
    code, message = refusal(text, max_value=None)
    assert code == "separators"
    assert "nhiều hơn một dấu phân cách" in message


@pytest.mark.parametrize("text", ["abc", "1e3", "1E3", "NaN", "Infinity", "inf", "++5", "+-5", "5%", "1 000",
                                  ",5", ".5", "10,", "10.", ",", "-", "١٢", "１２", "0x10", "1_000", "10đ"])
def test_text_that_is_not_a_plain_number_is_refused(text):
    code, message = refusal(text)
    assert code == "not_a_number"
    assert message.startswith("Tiêu chí 3: “")
    assert message.endswith("” không phải là số.")


@pytest.mark.parametrize("text", ["-5", "-0,5", "-1.000"])
def test_negative_is_refused(text):
    assert refusal(text)[0] == "negative"


def test_beyond_the_maximum_is_refused_naming_the_range():
    assert refusal("100,01") == ("range", "Tiêu chí 3: phải từ 0 đến 100, không phải “100,01”.")
    assert refusal("101", label="Tiêu chí 1 (Nguồn lực)")[1].startswith("Tiêu chí 1 (Nguồn lực): ")


def test_a_minimum_can_be_set():
    assert refusal("4", min_value=5, max_value=None) == ("range", "Tiêu chí 3: phải từ 5 trở lên, không phải “4”.")


def test_decimals_limit_the_precision_and_zero_means_whole_numbers():
    assert refusal("10,5555")[0] == "decimals"
    assert refusal("10,555")[0] == "ambiguous"  # three digits after 1-3 digits: a grouping shape first
    assert refusal("2,5", decimals=0) == ("decimals", "Tiêu chí 3: phải là số nguyên, không phải “2,5”.")
    assert parse("2,0", decimals=0) == 2
    assert parse("250", decimals=0, max_value=None) == 250


def test_numbers_that_are_already_numbers_are_checked_the_same_way():
    assert parse(10) == 10
    assert parse(Decimal("10.5")) == Decimal("10.5")
    assert parse(10.1) == Decimal("10.1")  # a spreadsheet float by its shortest repr, not 10.0999…
    assert refusal(101)[0] == "range"
    assert refusal(-1)[0] == "negative"
    assert refusal(10.125)[0] == "decimals"
    assert refusal(True) == ("not_a_number", "Tiêu chí 3: “ĐÚNG” không phải là số.")
    assert refusal(float("nan"))[0] == "not_a_number"
    assert refusal(float("inf"))[0] == "not_a_number"
    assert refusal(Decimal("NaN"))[0] == "not_a_number"


def test_a_long_text_is_shortened_in_the_message():
    message = refusal("x" * 500)[1]
    assert len(message) < 100 and "…" in message


# --- properties -------------------------------------------------------------------------------

points = st.decimals(min_value=0, max_value=100, places=2, allow_nan=False, allow_infinity=False)


@given(points, st.sampled_from([",", "."]))
def test_any_points_value_written_either_way_reads_back_or_is_refused_as_ambiguous(value, sep):
    text = format(value, "f").replace(".", sep)
    try:
        assert parse(text) == value
    except ValidationError as e:  # only "1.000"-like shapes, which two decimals never produce
        pytest.fail(f"{text!r} refused: {e.messages}")


@given(st.integers(min_value=1, max_value=999), st.integers(min_value=0, max_value=999),
       st.sampled_from([",", "."]))
def test_every_grouping_shape_is_refused(whole, group, sep):
    text = f"{whole}{sep}{group:03d}"
    with pytest.raises(ValidationError) as e:
        parse(text, max_value=None, decimals=3)
    assert e.value.code == "ambiguous"


@given(st.text(max_size=12))
def test_any_text_gives_a_number_in_range_none_or_a_vietnamese_refusal(text):
    try:
        result = parse(text)
    except ValidationError as e:
        assert e.code in {"not_a_number", "negative", "separators", "ambiguous", "decimals", "range"}
        assert e.messages[0].startswith("Tiêu chí 3: ")
        return
    assert result is None or (0 <= result <= 100 and result == result.quantize(Decimal("0.01")))


@given(st.integers(min_value=0, max_value=10**9))
def test_whole_counts_read_without_grouping(n):
    assert parse(str(n), max_value=None, decimals=0) == n
