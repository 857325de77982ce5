"""assessments.rules.act_date_refusal and default_act_date: the one rule for the date of an act."""

import datetime as dt

import pytest

from assessments import rules

START = dt.date(2023, 11, 1)  # the 2024 round's evaluation period starts on 1/11/2023
TODAY = dt.date(2026, 12, 1)


def refusal(day, **kw):
    kw = {"today": TODAY, "period_start": START, "year": 2024, **kw}
    return rules.act_date_refusal(day, **kw)


def test_the_window_runs_from_the_period_start_to_the_end_of_the_next_year():
    assert rules.act_window(period_start=START, year=2024) == (START, dt.date(2025, 12, 31))


@pytest.mark.parametrize("day", [START, dt.date(2024, 11, 15), dt.date(2024, 12, 31), dt.date(2025, 12, 31)])
def test_a_day_inside_the_window_is_accepted(day):
    assert refusal(day) is None


@pytest.mark.parametrize("day", [dt.date(2023, 10, 31), dt.date(2026, 1, 1), dt.date(2026, 11, 30)])
def test_a_day_outside_the_window_is_refused_with_the_window(day):
    message = str(refusal(day))
    assert "nằm ngoài thời gian của đợt đánh giá năm 2024" in message
    assert "01/11/2023" in message and "31/12/2025" in message


def test_a_day_in_the_future_is_refused_even_inside_the_window():
    message = str(refusal(dt.date(2025, 3, 2), today=dt.date(2025, 3, 1)))
    assert "chưa đến" in message and "02/03/2025" in message
    assert refusal(dt.date(2025, 3, 1), today=dt.date(2025, 3, 1)) is None  # today itself is fine


def test_a_day_before_the_act_it_follows_is_refused_naming_that_act():
    message = str(refusal(dt.date(2024, 11, 9), after=dt.date(2024, 11, 10), after_label="ngày nộp hồ sơ"))
    assert message == "Ngày 09/11/2024 sớm hơn ngày nộp hồ sơ (10/11/2024)."
    assert refusal(dt.date(2024, 11, 10), after=dt.date(2024, 11, 10)) is None  # the same day is fine


def test_no_day_is_refused():
    assert "dd/mm/yyyy" in str(refusal(None))


def test_the_proposed_day_is_today_while_the_round_lives():
    assert rules.default_act_date(today=dt.date(2024, 11, 20), period_start=START, year=2024,
                                  after=dt.date(2024, 11, 10)) == dt.date(2024, 11, 20)


def test_for_a_past_round_the_proposed_day_is_the_day_of_the_act_it_follows():
    assert rules.default_act_date(today=TODAY, period_start=START, year=2024,
                                  after=dt.date(2024, 11, 10)) == dt.date(2024, 11, 10)
    # nothing to follow: the window's last day, never the day of the recording
    assert rules.default_act_date(today=TODAY, period_start=START, year=2024) == dt.date(2025, 12, 31)


def test_the_proposed_day_always_passes_the_rule():
    for today in (dt.date(2023, 12, 1), dt.date(2024, 11, 20), TODAY):
        for after in (None, dt.date(2023, 12, 1), dt.date(2024, 11, 10)):
            if after and after > today:
                continue
            day = rules.default_act_date(today=today, period_start=START, year=2024, after=after)
            assert rules.act_date_refusal(day, today=today, period_start=START, year=2024, after=after) is None
