"""reports.rules: pure arithmetic, no database."""

from decimal import Decimal

from reports.rules import PlanTarget, gap_to_target, share, target_for

NATIONAL = [PlanTarget(None, 2025, Decimal(65)), PlanTarget(None, 2030, Decimal(75))]
NINH_THUAN = [PlanTarget(58, 2020, Decimal(80))]


def test_share_rounds_half_up_to_two_decimals():
    assert share(2, 7) == Decimal("28.57")
    assert share(1, 8) == Decimal("12.50")
    assert share(1, 3) == Decimal("33.33") and share(2, 3) == Decimal("66.67")
    assert share(0, 0) is None


def test_a_plan_target_belongs_to_its_year_only():
    chain = [585, 58, None]
    assert target_for(2018, chain, NATIONAL + NINH_THUAN) is None  # "80% by 2020" is not 2018's target
    assert target_for(2020, chain, NATIONAL + NINH_THUAN).percent == 80
    assert target_for(2021, chain, NATIONAL + NINH_THUAN) is None
    assert target_for(2025, chain, NATIONAL + NINH_THUAN).percent == 65
    assert target_for(2026, chain, NATIONAL + NINH_THUAN) is None
    assert target_for(2030, chain, NATIONAL + NINH_THUAN).percent == 75


def test_a_2024_target_is_not_the_2022_or_2023_target():
    own = [PlanTarget(585, 2024, Decimal(60))]
    assert [target_for(y, [585, 58, None], own) for y in (2022, 2023)] == [None, None]
    assert target_for(2024, [585, 58, None], own).percent == 60


def test_the_units_own_target_wins():
    own = PlanTarget(585, 2025, Decimal(60))
    assert target_for(2025, [585, 58, None], NATIONAL + [own]).percent == 60
    assert target_for(2025, [584, 58, None], NATIONAL + [own]).percent == 65


def test_an_annual_target_applies_only_within_its_years():
    yearly = [PlanTarget(58, 2020, Decimal(3), year_from=2017, percent_max=Decimal(5))]
    assert target_for(2016, [58, None], yearly) is None
    assert target_for(2017, [58, None], yearly).percent_max == 5
    assert target_for(2021, [58, None], yearly) is None


def test_gap_in_points_and_units():
    assert gap_to_target(2, 7, Decimal(65)) == (Decimal("36.43"), 3)
    assert gap_to_target(2, 5, Decimal(60)) == (Decimal("20.00"), 1)
    assert gap_to_target(1, 1, Decimal(65)) == (Decimal("0.00"), 0)  # above target: nothing missing
    assert gap_to_target(2, 7, None) == (None, None)
    assert gap_to_target(0, 0, Decimal(65)) == (None, None)
