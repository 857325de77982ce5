"""Scope and schedule: clashes and dates outside the window are refused with a clear message."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from inspections import services
from inspections.models import Visit
from tests.factories import plan_seen

DAY = dt.date(2017, 10, 24)


def book(plan, world, unit, day=DAY, session="morning", subteam=None, by=None):
    return services.inspection_schedule(by=by or world.users.planner, plan_id=plan.pk, seen_version=plan_seen(plan.pk),
                                        unit=unit, date=day,
                                        session=session, subteam=subteam)


def test_it_books_two_subteams_in_the_same_session(plan, world):
    book(plan, world, world.vo_lao, subteam=plan.t1)
    book(plan, world, world.khanh_yen, subteam=plan.t2)
    assert Visit.objects.filter(plan=plan, date=DAY, session="morning").count() == 2


def test_it_refuses_one_subteam_in_two_places(plan, world):
    book(plan, world, world.vo_lao, subteam=plan.t1)
    with pytest.raises(ValidationError) as refused:
        book(plan, world, world.khanh_yen, subteam=plan.t1)
    message = refused.value.messages[0]
    assert "Trùng lịch" in message and "Tổ 1" in message and "Xã Võ Lao" in message and "24/10/2017" in message
    assert Visit.objects.filter(plan=plan).count() == 1


def test_it_refuses_a_subteam_while_the_whole_team_is_elsewhere(plan, world):
    book(plan, world, world.vo_lao)  # cả đoàn
    with pytest.raises(ValidationError, match="cả đoàn"):
        book(plan, world, world.khanh_yen, subteam=plan.t2)
    book(plan, world, world.khanh_yen, session="afternoon", subteam=plan.t2)
    assert sorted(Visit.objects.filter(plan=plan).values_list("unit__name", "session", "subteam")) == [
        ("Thị trấn Khánh Yên", "afternoon", plan.t2.pk), ("Xã Võ Lao", "morning", None)]


@pytest.mark.parametrize("day", [dt.date(2017, 10, 22), dt.date(2017, 11, 11)])
def test_it_refuses_dates_outside_the_window(plan, world, day):
    with pytest.raises(ValidationError) as refused:
        book(plan, world, world.vo_lao, day=day)
    assert refused.value.messages == [
        f"Ngày {day:%d/%m/%Y} nằm ngoài thời gian kiểm tra của kế hoạch (từ 23/10/2017 đến 10/11/2017)."]


def test_the_window_edges_are_inside(plan, world):
    book(plan, world, world.vo_lao, day=dt.date(2017, 10, 23))
    book(plan, world, world.vo_lao, day=dt.date(2017, 11, 10), session="afternoon")
    assert sorted(Visit.objects.filter(plan=plan, unit=world.vo_lao).values_list("date", "session")) == [
        (dt.date(2017, 10, 23), "morning"), (dt.date(2017, 11, 10), "afternoon")]


def test_it_refuses_a_unit_outside_the_scope_or_the_province(plan, world):
    with pytest.raises(ValidationError, match="chưa có trong danh sách"):
        book(plan, world, world.ta_van)
    with pytest.raises(ValidationError, match="không thuộc địa bàn"):
        services.inspection_add_unit(by=world.users.planner, plan_id=plan.pk, seen_version=plan_seen(plan.pk),
                                     unit=world.an_ba)


def test_only_the_issuing_provinces_staff_schedule(plan, world):
    for user in (world.users.planner_bg, world.users.district, world.users.health):
        with pytest.raises(PermissionDenied):
            book(plan, world, world.vo_lao, by=user)
    assert not Visit.objects.exists()


def test_a_unit_with_visits_cannot_leave_the_scope(plan, world):
    visit = book(plan, world, world.vo_lao)
    with pytest.raises(ValidationError, match="đã có lịch"):
        services.inspection_remove_unit(by=world.users.planner, plan_id=plan.pk, seen_version=plan_seen(plan.pk),
                                        unit_id=world.vo_lao.pk)
    services.inspection_unschedule(by=world.users.planner, plan_id=plan.pk, seen_version=plan_seen(plan.pk),
                                   visit_id=visit.pk)
    services.inspection_remove_unit(by=world.users.planner, plan_id=plan.pk, seen_version=plan_seen(plan.pk),
                                    unit_id=world.vo_lao.pk)
    assert not plan.scope.filter(unit=world.vo_lao).exists()


def test_moving_the_window_past_booked_visits_is_refused(plan, world):
    book(plan, world, world.vo_lao, day=dt.date(2017, 10, 23))
    with pytest.raises(ValidationError, match="ngoài thời gian kiểm tra mới"):
        services.inspection_update(by=world.users.planner, plan_id=plan.pk,
                                   seen_version=plan_seen(plan), window_start=dt.date(2017, 10, 25))
