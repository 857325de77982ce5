"""The plan's table of moves (inspections.rules.MOVES) is what the service accepts and the page shows.

Generated from the table: each move, from its state, is tried by every role of the cast with and
without the unit relation it names; exactly those the table names succeed, the others are refused
and nothing changes. Each move is confirmed on the page first, and is kept in the plan's history.
"""

import datetime as dt
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.test import Client
from django.urls import reverse

from inspections import permissions, rules, services
from inspections.models import Plan
from tests.factories import plan_seen

CONCLUDED = "Thực hiện đúng quy trình."


@pytest.fixture
def cast(world):
    """(name, user, relations to a plan issued by Lào Cai) for every role that reads plans and more."""
    u = world.users
    return [("Lào Cai planner", u.planner, {rules.ISSUING_PROVINCE}), ("Bắc Giang planner", u.planner_bg, set()),
            ("provincial health appraiser", u.health, set()), ("district health appraiser", u.district_health, set()),
            ("district officer", u.district, set()), ("commune officer", u.commune, set()),
            ("council member", u.council, set()), ("national staff", u.national, set())]


def in_state(plan, world, status):
    """The plan fixture brought to ``status`` through the services."""
    planner = world.users.planner
    if status == "draft":
        return plan
    for day, session, unit in ((dt.date(2017, 10, 24), "morning", world.vo_lao),
                               (dt.date(2017, 10, 24), "afternoon", world.khanh_yen)):
        services.inspection_schedule(by=planner, plan_id=plan.pk, seen_version=plan_seen(plan.pk),
                                     unit=unit, date=day, session=session)
    services.inspection_transition(by=planner, plan_id=plan.pk, seen_version=plan_seen(plan), to="approved")
    if status in ("in_progress", "closed"):
        services.inspection_transition(by=planner, plan_id=plan.pk, seen_version=plan_seen(plan), to="in_progress")
        for unit in (world.vo_lao, world.khanh_yen):
            services.inspection_conclude(by=planner, plan_id=plan.pk, seen_version=plan_seen(plan.pk),
                                         unit=unit, conclusions=CONCLUDED)
    if status == "closed":
        services.inspection_transition(by=planner, plan_id=plan.pk, seen_version=plan_seen(plan), to="closed")
    return Plan.objects.get(pk=plan.pk)


def state_of(plan):
    p = Plan.objects.get(pk=plan.pk)
    return p.status, p.version, p.history.count()


def attempt(plan, move, user):
    before = state_of(plan)
    with transaction.atomic():
        try:
            services.inspection_transition(by=user, plan_id=plan.pk, seen_version=plan_seen(plan), to=move.target)
        except (PermissionDenied, ValidationError):
            outcome = "refused"
            assert state_of(plan) == before
        else:
            outcome = "made"
        transaction.set_rollback(True)
    return outcome


def test_every_move_of_the_plan_asks_for_confirmation():
    assert [m.name for m in rules.MOVES] == ["approve", "start", "close"]
    assert all(m.confirm and str(m.consequence) for m in rules.MOVES)
    assert rules.TRANSITIONS == {"draft": ("approved",), "approved": ("in_progress",),
                                 "in_progress": ("closed",), "closed": ()}


@pytest.mark.parametrize("move", rules.MOVES, ids=lambda m: m.name)
def test_each_move_is_made_by_exactly_the_roles_the_table_names(plan, world, cast, move):
    p = in_state(plan, world, move.sources[0])
    for name, user, relations in cast:
        expected = "made" if move.allows(user.role, relations) else "refused"
        assert attempt(p, move, user) == expected, (move.name, name)
        assert (move in permissions.available_moves(p, user)) == (expected == "made"), (move.name, name)


@pytest.mark.parametrize("status", ["draft", "approved", "in_progress", "closed"])
def test_from_each_state_only_its_own_move_is_accepted(plan, world, status):
    p = in_state(plan, world, status)
    for move in rules.MOVES:
        outcome = attempt(p, move, world.users.planner)
        assert outcome == ("made" if status in move.sources else "refused"), (status, move.name)


def page_moves(client, plan):
    html = client.get(reverse("inspections:detail", args=[plan.pk])).content.decode()
    return set(re.findall(r'<form [^>]*data-move="([a-z_]+)"', html))


@pytest.mark.parametrize("status", ["draft", "approved", "in_progress", "closed"])
def test_the_buttons_shown_are_the_available_moves_for_every_role(plan, world, cast, status):
    p = in_state(plan, world, status)
    for name, user, _relations in cast:
        c = Client()
        c.force_login(user)
        if c.get(reverse("inspections:detail", args=[p.pk])).status_code != 200:
            assert not permissions.available_moves(p, user), name
            continue
        assert page_moves(c, p) == {m.target for m in permissions.available_moves(p, user)}, (status, name)


@pytest.mark.parametrize("status, to", [("draft", "approved"), ("approved", "in_progress"),
                                        ("in_progress", "closed")])
def test_a_move_asks_for_confirmation_saying_what_happens(plan, world, status, to):
    p = in_state(plan, world, status)
    c = Client()
    c.force_login(world.users.planner)
    url = reverse("inspections:transition", args=[p.pk])
    before = state_of(p)
    response = c.post(url, {"to": to, "version": p.version})
    html = response.content.decode()
    assert response.status_code == 200 and state_of(p) == before
    assert str(rules.move_to(status, to).consequence) in html
    assert 'name="confirm" value="1"' in html and f'name="version" value="{p.version}"' in html
    assert c.post(url, {"to": to, "version": p.version, "confirm": "1"}).status_code == 302
    assert Plan.objects.get(pk=p.pk).status == to


def test_a_confirmation_of_an_old_page_is_refused(plan, world):
    c = Client()
    c.force_login(world.users.planner)
    c.post(reverse("inspections:transition", args=[plan.pk]),
           {"to": "approved", "version": plan.version - 1, "confirm": "1"})
    assert Plan.objects.get(pk=plan.pk).status == "draft"


@pytest.mark.parametrize("confirm", [{}, {"confirm": "1"}], ids=["first post", "confirmation"])
def test_a_move_without_the_pages_version_is_refused_like_an_old_page(plan, world, confirm):
    c = Client()
    c.force_login(world.users.planner)
    before = state_of(plan)
    response = c.post(reverse("inspections:transition", args=[plan.pk]), {"to": "approved", **confirm}, follow=True)
    html = response.content.decode()
    assert "Trang không cho biết phiên bản đã xem" in html and "confirm-move" not in html
    assert state_of(plan) == before


def test_no_confirmation_is_asked_for_a_move_that_would_be_refused(plan, world, plan_fields):
    bare = services.inspection_create(by=world.users.planner, issuer=world.lao_cai, standard=world.standard,
                                      **{**plan_fields, "number": ""})
    c = Client()
    c.force_login(world.users.planner)
    response = c.post(reverse("inspections:transition", args=[bare.pk]), {"to": "approved", "version": bare.version},
                      follow=True)
    html = response.content.decode()
    assert "Chưa có số, ký hiệu văn bản." in html and "confirm-move" not in html
    response = c.post(reverse("inspections:transition", args=[plan.pk]), {"to": "closed", "version": plan.version},
                      follow=True)
    assert "Không thể chuyển kế hoạch từ “Dự thảo” sang “Đã kết thúc”." in response.content.decode()
    c.force_login(world.users.district)
    assert c.post(reverse("inspections:transition", args=[plan.pk]), {"to": "approved"}).status_code == 403
    assert Plan.objects.get(pk=plan.pk).status == "draft" and Plan.objects.get(pk=bare.pk).status == "draft"


def test_status_changes_are_kept_in_the_history_and_shown_on_the_plan_page(plan, world,
                                                                           django_assert_max_num_queries):
    p = in_state(plan, world, "in_progress")
    rows = [(h.status, h.history_user) for h in p.history.order_by("history_date", "history_id")
            if h.history_change_reason in ("approved", "in_progress")]
    assert rows == [("approved", world.users.planner), ("in_progress", world.users.planner)]
    c = Client()
    c.force_login(world.users.district)
    response = c.get(reverse("inspections:detail", args=[p.pk]))
    history = response.content.decode().split('id="plan-status-history"')[1].split("</ol>")[0]
    assert "Dự thảo → <strong>Đã phê duyệt</strong>" in history
    assert "Đã phê duyệt → <strong>Đang kiểm tra</strong>" in history
    assert history.count(world.users.planner.display_name) == 3  # drawn up, approved, started
    with django_assert_max_num_queries(30) as first:
        c.get(reverse("inspections:detail", args=[p.pk]))
    services.inspection_conclude(by=world.users.planner, plan_id=p.pk, seen_version=plan_seen(p.pk),
                                 unit=world.vo_lao, conclusions="Sửa.")
    with django_assert_max_num_queries(len(first)):  # the history costs one query, however long
        c.get(reverse("inspections:detail", args=[p.pk]))


def test_waiting_for_you_lists_the_plans_with_a_move_for_the_user(plan, world, cast):
    from inspections.selectors import home_panels

    def labels(user):
        return [i["label"] for p in home_panels(user) for i in p["items"]]

    assert labels(world.users.planner) == ["260/KH-UBND: Phê duyệt kế hoạch"]
    for name, user, relations in cast:
        if rules.ISSUING_PROVINCE not in relations:
            assert labels(user) == [], name
    c = Client()
    c.force_login(world.users.planner)
    assert "260/KH-UBND: Phê duyệt kế hoạch" in c.get(reverse("home")).content.decode()
    in_state(plan, world, "closed")
    assert labels(world.users.planner) == []
