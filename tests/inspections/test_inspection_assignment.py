"""Which department re-checks which criterion: from the province's ownership, then editable."""

import pytest
from django.core.exceptions import PermissionDenied

from inspections import services
from inspections.models import CriterionAssignment
from tests.factories import plan_seen


def assigned(plan):
    return {a.criterion.number: a.sector.code for a in CriterionAssignment.objects.filter(plan=plan)}


def test_a_new_plan_takes_the_provinces_ownership(plan):
    # criterion 3 belongs to LĐTBXH nationally, to Y tế in Lào Cai (its Ownership row)
    assert assigned(plan) == {1: "labour", 2: "health", 3: "health", 4: "education"}


def test_a_plan_of_a_province_without_ownership_takes_the_defaults(world, plan_fields):
    p = services.inspection_create(by=world.users.planner_bg, issuer=world.bac_giang, standard=world.standard,
                                   **{**plan_fields, "place": "Bắc Giang"})
    assert assigned(p) == {1: "labour", 2: "health", 3: "labour", 4: "education"}


def test_the_assignment_can_be_changed_and_reset(plan, world):
    services.inspection_assign(by=world.users.planner, plan_id=plan.pk, seen_version=plan_seen(plan.pk),
                               sectors={world.criteria[4].pk: world.sectors["health"]})
    assert assigned(plan)[4] == "health"
    services.inspection_assign_defaults(by=world.users.planner, plan_id=plan.pk, seen_version=plan_seen(plan.pk))
    assert assigned(plan) == {1: "labour", 2: "health", 3: "health", 4: "education"}


def test_only_the_planner_changes_it(plan, world):
    with pytest.raises(PermissionDenied):
        services.inspection_assign(by=world.users.health, plan_id=plan.pk, seen_version=plan_seen(plan.pk),
                                   sectors={world.criteria[1].pk: world.sectors["health"]})
    assert assigned(plan)[1] == "labour"


def by_sector(plan):
    from inspections.selectors import assignments_by_sector

    return [(sector.name, numbers) for sector, numbers in assignments_by_sector(plan)]


def test_a_shared_criterion_is_listed_for_the_sector_that_shares_it(plan, world):
    # Lào Cai: criterion 3 is led by Y tế; the police shares it (issue 14: one lead, several owners)
    from criteria.models import Ownership

    Ownership.objects.create(province_code="10", criterion=world.criteria[3], sector=world.sectors["police"],
                             lead=False, source="thử")
    assert by_sector(plan)[-1] == ("Giáo dục và Đào tạo", [4])  # a sharer outside the team re-checks nothing
    services.inspection_add_member(by=world.users.planner, plan_id=plan.pk, seen_version=plan_seen(plan.pk),
                                   sector=world.sectors["police"],
                                   organisation="Công an tỉnh", subteam=plan.t1)
    assert assigned(plan)[3] == "health"  # the lead re-checks it
    assert by_sector(plan) == [("Y tế", [2, 3]), ("Lao động - Thương binh và Xã hội", [1]),
                               ("Giáo dục và Đào tạo", [4]), ("Công an", ["3 (phối hợp)"])]


def test_sectors_are_named_as_on_the_plans_date(plan, world):
    # from 01/3/2025 child affairs is with Y tế: a plan of 2026 names one "Y tế", never two
    import datetime as dt

    from criteria.models import SectorName

    SectorName.objects.create(sector=world.sectors["labour"], name="Lao động - Thương binh và Xã hội",
                              short_name="LĐTBXH", valid_from=dt.date(1987, 2, 16), valid_to=dt.date(2025, 2, 28))
    SectorName.objects.create(sector=world.sectors["labour"], name="Y tế", short_name="Y tế",
                              valid_from=dt.date(2025, 3, 1), source="NĐ 42/2025/NĐ-CP")
    plan.issued_on = dt.date(2024, 10, 9)
    assert [name for name, _numbers in by_sector(plan)] == [
        "Y tế", "Lao động - Thương binh và Xã hội", "Giáo dục và Đào tạo"]
    plan.issued_on = dt.date(2026, 3, 9)
    assert by_sector(plan) == [("Y tế", [1, 2, 3]), ("Giáo dục và Đào tạo", [4])]


def test_a_plan_without_its_figure_shows_the_blank_marked(plan, world, client):
    from django.urls import reverse

    from inspections.models import Plan

    assert Plan(number="/KH-SLĐTBXH", issuer_body="SỞ LAO ĐỘNG").number_text == "…/KH-SLĐTBXH"
    assert Plan(number="", issuer_body="SỞ Y TẾ").number_text == "…/KH-…"
    assert Plan(number=" ", issuer_body="ỦY BAN NHÂN DÂN\nTỈNH LÀO CAI").number_text == "…/KH-UBND"
    Plan.objects.filter(pk=plan.pk).update(number="/KH-UBND")
    client.force_login(world.users.planner)
    for url in (reverse("inspections:list"), reverse("inspections:detail", args=[plan.pk])):
        page = client.get(url).content.decode()
        assert "…/KH-UBND" in page and ">/KH-UBND" not in page and " /KH-UBND" not in page
