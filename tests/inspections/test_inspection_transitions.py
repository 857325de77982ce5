"""The plan's life: draft → approved → in progress → closed, each move checked on the server."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.locking import StaleEdit
from inspections import services
from inspections.models import Plan
from tests.factories import plan_seen


def move(plan, to, by):
    return services.inspection_transition(by=by, plan_id=plan.pk, seen_version=plan_seen(plan), to=to)


def test_a_plan_goes_through_its_states_in_order(plan, world, start_plan):
    planner = world.users.planner
    recorded_before = set(plan.history.values_list("history_id", flat=True))
    plan = start_plan(plan)
    assert plan.status == Plan.Status.IN_PROGRESS
    for unit in (world.vo_lao, world.khanh_yen):
        services.inspection_conclude(by=planner, plan_id=plan.pk, seen_version=plan_seen(plan.pk),
                                     unit=unit, conclusions="Thực hiện đúng quy trình.")
    assert move(plan, "closed", planner).status == Plan.Status.CLOSED
    # each move added one audit row naming who made it; nothing recorded before was touched
    added = plan.history.exclude(history_id__in=recorded_before).order_by("history_date", "history_id")
    assert [(h.status, h.history_user) for h in added] == [
        (Plan.Status.APPROVED, planner), (Plan.Status.IN_PROGRESS, planner), (Plan.Status.CLOSED, planner)]
    assert set(plan.history.values_list("history_id", flat=True)) >= recorded_before


def test_it_refuses_to_skip_a_state_or_go_back(plan, world):
    with pytest.raises(ValidationError, match="Không thể chuyển kế hoạch"):
        move(plan, "in_progress", world.users.planner)
    move(plan, "approved", world.users.planner)
    with pytest.raises(ValidationError):
        move(plan, "draft", world.users.planner)
    assert Plan.objects.get(pk=plan.pk).status == Plan.Status.APPROVED


def test_approval_needs_a_number_a_head_and_units(world, plan_fields):
    planner = world.users.planner
    bare = services.inspection_create(by=planner, issuer=world.lao_cai, standard=world.standard,
                                      **{**plan_fields, "number": ""})
    with pytest.raises(ValidationError) as refused:
        move(bare, "approved", planner)
    assert refused.value.messages[:3] == ["Chưa có số, ký hiệu văn bản.", "Chưa có Trưởng đoàn kiểm tra.",
                                          "Chưa chọn đơn vị được kiểm tra."]
    assert Plan.objects.get(pk=bare.pk).status == Plan.Status.DRAFT


def test_closing_needs_a_conclusion_for_every_visited_unit(plan, world, start_plan):
    plan = start_plan(plan)
    services.inspection_conclude(by=world.users.planner, plan_id=plan.pk, seen_version=plan_seen(plan.pk),
                                 unit=world.vo_lao, conclusions="Đạt.")
    with pytest.raises(ValidationError) as refused:
        move(plan, "closed", world.users.planner)
    assert refused.value.messages == ["Chưa có kết luận kiểm tra tại Thị trấn Khánh Yên."]


@pytest.mark.parametrize("who", ["planner_bg", "district", "health", "national"])
def test_only_the_issuing_provinces_staff_move_the_plan(plan, world, who):
    with pytest.raises(PermissionDenied):
        move(plan, "approved", getattr(world.users, who))
    assert Plan.objects.get(pk=plan.pk).status == Plan.Status.DRAFT


def test_an_approved_plan_is_no_longer_edited(plan, world):
    move(plan, "approved", world.users.planner)
    with pytest.raises(ValidationError, match="sửa kế hoạch"):
        services.inspection_update(by=world.users.planner, plan_id=plan.pk,
                                   seen_version=plan_seen(plan), title="Tên khác")
    with pytest.raises(ValidationError, match="thành phần đoàn"):
        services.inspection_add_member(by=world.users.planner, plan_id=plan.pk, seen_version=plan_seen(plan.pk),
                                       organisation="Sở Tư pháp")


def test_a_stale_edit_is_refused(plan, world):
    seen = plan.version
    services.inspection_update(by=world.users.planner, plan_id=plan.pk, seen_version=seen, title="Lần 1")
    with pytest.raises(StaleEdit):
        services.inspection_update(by=world.users.planner, plan_id=plan.pk, seen_version=seen, title="Lần 2")
    assert Plan.objects.get(pk=plan.pk).title == "Lần 1"


def test_the_window_must_end_after_it_starts(world, plan_fields):
    with pytest.raises(ValidationError, match="sau ngày bắt đầu"):
        services.inspection_create(by=world.users.planner, issuer=world.lao_cai, standard=world.standard,
                                   **{**plan_fields, "window_end": dt.date(2017, 10, 1)})


def test_a_team_has_one_head(plan, world):
    with pytest.raises(ValidationError, match="Trưởng đoàn"):
        services.inspection_add_member(by=world.users.planner, plan_id=plan.pk, seen_version=plan_seen(plan.pk),
                                       team_role="head",
                                       organisation="Sở Y tế")


def test_the_inspection_starts_only_with_a_schedule(plan, world):
    move(plan, "approved", world.users.planner)
    with pytest.raises(ValidationError, match="Chưa xếp lịch"):
        move(plan, "in_progress", world.users.planner)
