"""Which department re-checks which criterion: from the province's ownership, then editable."""

import pytest
from django.core.exceptions import PermissionDenied

from inspections import services
from inspections.models import CriterionAssignment


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
    services.inspection_assign(by=world.users.planner, plan_id=plan.pk,
                               sectors={world.criteria[4].pk: world.sectors["police"]})
    assert assigned(plan)[4] == "police"
    services.inspection_assign_defaults(by=world.users.planner, plan_id=plan.pk)
    assert assigned(plan) == {1: "labour", 2: "health", 3: "health", 4: "education"}


def test_only_the_planner_changes_it(plan, world):
    with pytest.raises(PermissionDenied):
        services.inspection_assign(by=world.users.health, plan_id=plan.pk,
                                   sectors={world.criteria[1].pk: world.sectors["health"]})
    assert assigned(plan)[1] == "labour"
