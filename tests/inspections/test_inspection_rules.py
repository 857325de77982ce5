"""The pure rules: no database."""

import datetime as dt
from decimal import Decimal

import pytest

from inspections import rules

DAY = dt.date(2024, 5, 20)


def test_findings_are_due_the_plans_days_after_the_window_and_never_without_them():
    assert rules.findings_due(dt.date(2017, 11, 10), 15) == dt.date(2017, 11, 25)
    assert rules.findings_due(dt.date(2024, 6, 30), 15) == dt.date(2024, 7, 15)
    assert rules.findings_due(dt.date(2024, 6, 30), None) is None  # seed 002 sets no such term


def test_names_are_joined_without_a_doubled_word():
    assert rules.join_words("Lãnh đạo Sở", "Sở Y tế") == "Lãnh đạo Sở Y tế"
    assert rules.join_words("Phó Giám đốc Sở", "Sở Lao động - Thương binh và Xã hội") == \
        "Phó Giám đốc Sở Lao động - Thương binh và Xã hội"
    assert rules.join_words("Đại diện", "Sở Y tế") == "Đại diện Sở Y tế"
    assert rules.join_words("", "Công an tỉnh") == "Công an tỉnh"


def test_names_are_counted_as_a_plan_writes_them():
    assert rules.count_of_names(["Huyện Sa Pa", "Huyện Văn Bàn", "Huyện Si Ma Cai"], "đơn vị cấp huyện") == \
        "03 huyện Sa Pa, Văn Bàn và Si Ma Cai"
    assert rules.count_of_names(["Huyện Sơn Động", "Thành phố Bắc Giang"], "đơn vị cấp huyện") == \
        "02 đơn vị cấp huyện: Huyện Sơn Động, Thành phố Bắc Giang"


def test_a_duty_keeps_its_words_and_says_its_due_day_once():
    text = "- Gửi báo cáo về Sở trước ngày 30/11/2017 để tổng hợp."
    assert rules.duty_lines(text, dt.date(2017, 11, 30)) == [text]
    assert rules.duty_lines("- Bố trí cán bộ.", dt.date(2024, 5, 10)) == [
        "- Bố trí cán bộ.", "- Thời hạn gửi báo cáo: trước ngày 10/05/2024."]


def test_a_subteam_cannot_be_in_two_places_in_one_session():
    booked = [rules.Slot(DAY, "morning", 1, "Xã Phúc Sơn")]
    assert rules.clash(rules.Slot(DAY, "morning", 1, "Xã An Bá"), booked) == booked[0]
    assert rules.clash(rules.Slot(DAY, "afternoon", 1, "Xã An Bá"), booked) is None
    assert rules.clash(rules.Slot(DAY, "morning", 2, "Xã An Bá"), booked) is None
    assert rules.clash(rules.Slot(DAY + dt.timedelta(days=1), "morning", 1, "Xã An Bá"), booked) is None


def test_the_whole_team_clashes_with_any_subteam():
    assert rules.clash(rules.Slot(DAY, "morning", None, "B"), [rules.Slot(DAY, "morning", 2, "A")])
    assert rules.clash(rules.Slot(DAY, "morning", 2, "B"), [rules.Slot(DAY, "morning", None, "A")])


def test_window_bounds_are_inclusive():
    start, end = dt.date(2024, 5, 1), dt.date(2024, 6, 30)
    assert rules.in_window(start, start, end) and rules.in_window(end, start, end)
    assert not rules.in_window(dt.date(2024, 7, 1), start, end)
    assert not rules.in_window(dt.date(2024, 4, 30), start, end)


def test_transitions_go_one_way_one_step_at_a_time():
    assert rules.can_move("draft", "approved")
    assert rules.can_move("approved", "in_progress")
    assert rules.can_move("in_progress", "closed")
    assert not rules.can_move("draft", "in_progress")
    assert not rules.can_move("closed", "draft")
    assert not rules.can_move("approved", "draft")


def test_difference_compares_with_appraised_points_else_self_assessed():
    assert rules.difference(Decimal(90), Decimal(85), Decimal(75)) == Decimal(-10)
    assert rules.difference(Decimal(75), None, Decimal(75)) == 0
    assert rules.difference(None, None, Decimal(50)) is None
    assert rules.flagged(Decimal(90), Decimal(85), Decimal(75))
    assert not rules.flagged(Decimal(75), None, Decimal(75))
    assert rules.flagged(None, None, Decimal(50))  # nothing to compare with: flag it


def test_year_notes_parse_lists_and_ranges():
    notes = rules.parse_year_notes("2015, 2016: kiểm tra hồ sơ\nNăm 2017: công tác triển khai", 2015, 2017)
    assert notes == {"2015": "kiểm tra hồ sơ", "2016": "kiểm tra hồ sơ", "2017": "công tác triển khai"}
    assert rules.parse_year_notes("2015-2016: hồ sơ", 2015, 2017) == {"2015": "hồ sơ", "2016": "hồ sơ"}
    assert rules.group_year_notes(notes) == [([2015, 2016], "kiểm tra hồ sơ"), ([2017], "công tác triển khai")]
    assert rules.parse_year_notes(rules.format_year_notes(notes), 2015, 2017) == notes


def test_year_notes_refuse_years_outside_the_period_and_bad_lines():
    with pytest.raises(ValueError, match="ngoài thời hiệu"):
        rules.parse_year_notes("2014: hồ sơ", 2015, 2017)
    with pytest.raises(ValueError, match="cần có dạng"):
        rules.parse_year_notes("kiểm tra hồ sơ", 2015, 2017)


def test_lines_drop_list_marks():  # unit names without their kind: tests/core/test_names.py
    assert rules.lines("- Căn cứ A;\n\n+ Căn cứ B") == ["Căn cứ A", "Căn cứ B"]
