"""The continuity rule across the 2025 reform: pure, no database."""

from criteria.rules import consecutive_years, recognised_in


def test_own_decisions_count_as_they_always_did():
    assert consecutive_years(2024, {2022, 2023, 2024}) == 3
    assert consecutive_years(2024, {2020, 2021, 2022, 2024}) == 1
    assert consecutive_years(2030, set(range(2020, 2031))) == 5  # counted to the provincial certificate


def test_a_new_commune_continues_when_every_predecessor_was_recognised():
    three = [{2022, 2023, 2024}, {2021, 2022, 2023, 2024}, {2022, 2023, 2024}]
    assert recognised_in(2024, set(), three)
    assert consecutive_years(2026, {2025, 2026}, three) == 5  # 2026, 2025 own; 2024-2022 all three


def test_one_unrecognised_predecessor_breaks_the_year():
    mixed = [{2022, 2023, 2024}, {2022, 2024}, {2022, 2023, 2024}]
    assert not recognised_in(2023, set(), mixed)
    assert consecutive_years(2026, {2025, 2026}, mixed) == 3  # 2026, 2025, 2024; 2023 breaks
    assert consecutive_years(2025, {2025}, [{2024}, set()]) == 1


def test_no_predecessors_carry_nothing():
    assert not recognised_in(2024, set(), [])
    assert consecutive_years(2026, {2025, 2026}, []) == 2
