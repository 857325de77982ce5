"""Findings: each department re-checks its criteria against the commune's own and appraised points."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.models import Role, User
from inspections import selectors, services
from inspections.models import Finding
from tests.factories import plan_seen


def record(plan, world, number, points, by, unit=None, note=""):
    pk = world.criteria[number].pk
    [finding] = services.inspection_record_findings(by=by, plan_id=plan.pk, seen_version=plan_seen(plan),
                                                    unit=unit or world.vo_lao, points={pk: Decimal(points)},
                                                    notes={pk: note})
    return finding


def test_a_finding_copies_the_communes_points_and_flags_the_difference(plan, world, start_plan, assessment_2016):
    plan = start_plan(plan)
    f = record(plan, world, 1, 75, world.users.labour, note="Chưa có kế hoạch năm 2016 của UBND xã.")
    assert (f.self_points, f.appraised_points, f.rechecked_points) == (90, 85, 75)
    rows = {r.criterion.number: r for r in selectors.findings(plan, [world.vo_lao])[0].rows}
    assert rows[1].difference == Decimal(-10) and rows[1].flagged
    # criterion 3 was not appraised: the re-check is compared with the self-assessed points
    record(plan, world, 3, 75, world.users.health)
    rows = {r.criterion.number: r for r in selectors.findings(plan, [world.vo_lao])[0].rows}
    assert rows[3].difference == 0 and not rows[3].flagged
    assert not rows[2].recorded and rows[2].self_points == 50  # live from the assessment until re-checked


def test_without_an_assessment_the_finding_stands_alone_and_is_flagged(plan, world, start_plan):
    plan = start_plan(plan)
    f = record(plan, world, 2, 50, world.users.health, unit=world.khanh_yen)
    assert f.self_points is None and f.appraised_points is None
    row = next(r for r in selectors.findings(plan, [world.khanh_yen])[0].rows if r.criterion.number == 2)
    assert row.recorded and row.difference is None and row.flagged


def test_recording_again_updates_the_same_finding(plan, world, start_plan, assessment_2016):
    plan = start_plan(plan)
    record(plan, world, 4, 60, _education(world))
    record(plan, world, 4, 70, _education(world))
    assert Finding.objects.get(plan=plan, criterion=world.criteria[4]).rechecked_points == 70


def _education(world):
    return User.objects.get_or_create(username="so.gddt", defaults={
        "role": Role.SECTOR_APPRAISER, "unit": world.lao_cai, "sector": world.sectors["education"]})[0]


def test_a_department_records_only_its_own_criteria(plan, world, start_plan):
    plan = start_plan(plan)
    with pytest.raises(PermissionDenied, match="Y tế"):
        record(plan, world, 2, 50, world.users.labour)  # criterion 2 is Y tế's
    with pytest.raises(PermissionDenied):
        record(plan, world, 3, 75, world.users.district_health)  # a district office is not on the team
    with pytest.raises(PermissionDenied):
        record(plan, world, 1, 75, world.users.planner)
    assert not Finding.objects.exists()


def test_points_outside_the_criterion_are_refused(plan, world, start_plan):
    plan = start_plan(plan)
    with pytest.raises(ValidationError, match="từ 0 đến 50"):
        record(plan, world, 2, 51, world.users.health)
    with pytest.raises(ValidationError, match="Tiêu chí 2: không được là số âm"):
        record(plan, world, 2, -1, world.users.health)


def test_findings_wait_for_the_inspection_to_start_and_for_a_visit(plan, world, start_plan):
    with pytest.raises(ValidationError, match="Đang kiểm tra|trạng thái"):
        record(plan, world, 2, 50, world.users.health)
    plan = start_plan(plan, visits=((dt.date(2017, 10, 24), "morning", "vo_lao"),))
    with pytest.raises(ValidationError, match="không có trong lịch"):
        record(plan, world, 2, 50, world.users.health, unit=world.khanh_yen)


def test_progress_shows_the_due_date_and_what_is_missing(plan, world, start_plan):
    plan = start_plan(plan)
    record(plan, world, 2, 50, world.users.health)
    record(plan, world, 3, 75, world.users.health)
    services.inspection_conclude(by=world.users.planner, plan_id=plan.pk, seen_version=plan_seen(plan.pk),
                                 unit=world.vo_lao, conclusions="Đạt.")
    progress = selectors.progress(plan, today=dt.date(2017, 11, 26))
    assert progress.due == dt.date(2017, 11, 25) and progress.overdue and progress.days_overdue == 1
    assert progress.missing == [
        "Xã Võ Lao: Lao động - Thương binh và Xã hội chưa nhập kết quả tiêu chí 1.",
        "Xã Võ Lao: Giáo dục và Đào tạo chưa nhập kết quả tiêu chí 4.",
        "Thị trấn Khánh Yên: chưa nhập kết quả kiểm tra và kết luận.",  # nothing entered: one line
        "Huyện Văn Bàn chưa gửi báo cáo theo đề cương.",
        "Xã Võ Lao chưa gửi báo cáo theo đề cương.",
        "Thị trấn Khánh Yên chưa gửi báo cáo theo đề cương.",
        "Chưa có kết luận chung của đoàn kiểm tra.",
    ]
    assert not selectors.progress(plan, today=dt.date(2017, 11, 25)).overdue


def test_follow_up_actions_are_tracked_after_closing(plan, world, start_plan):
    plan = start_plan(plan)
    planner = world.users.planner
    f = services.inspection_add_follow_up(by=planner, plan_id=plan.pk, seen_version=plan_seen(plan.pk),
                                          unit=world.vo_lao,
                                          action="Bổ sung kế hoạch năm của UBND xã", owner="UBND xã Võ Lao",
                                          due_on=dt.date(2017, 12, 31))
    for unit in (world.vo_lao, world.khanh_yen):
        services.inspection_conclude(by=planner, plan_id=plan.pk, seen_version=plan_seen(plan.pk),
                                     unit=unit, conclusions="Đạt.")
    services.inspection_transition(by=planner, plan_id=plan.pk, seen_version=plan_seen(plan), to="closed")
    done = services.inspection_set_follow_up_status(by=planner, plan_id=plan.pk, seen_version=plan_seen(plan.pk),
                                                    follow_up_id=f.pk, status="done",
                                                    done_on=dt.date(2017, 12, 20))
    assert done.status == "done" and done.done_on == dt.date(2017, 12, 20)
    with pytest.raises(PermissionDenied):
        services.inspection_set_follow_up_status(by=world.users.district, plan_id=plan.pk, follow_up_id=f.pk,
                                                 seen_version=plan_seen(plan.pk),
                                                 status="open")
