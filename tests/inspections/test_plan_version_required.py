"""A form that carries the plan's version must carry it: an edit without it is refused like one
from a stale page, and changes nothing."""

import datetime
import inspect
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from core.locking import StaleEdit, check_version
from inspections import services
from inspections.models import Plan
from tests.factories import plan_seen
from tests.inspections.conftest import start


def test_a_missing_version_is_refused_like_a_stale_one():
    with pytest.raises(StaleEdit, match="không cho biết phiên bản"):
        check_version(3, "", stale="cũ")
    with pytest.raises(StaleEdit, match="cũ"):
        check_version(3, "2", stale="cũ")
    check_version(3, "3", stale="cũ")


def test_a_plan_edit_without_its_version_changes_nothing(plan, world):
    before = Plan.objects.get(pk=plan.pk)
    with pytest.raises(StaleEdit):
        services.inspection_update(by=world.users.planner, plan_id=plan.pk, seen_version="", title="Đổi tên")
    assert Plan.objects.get(pk=plan.pk).title == before.title
    saved = services.inspection_update(by=world.users.planner, plan_id=plan.pk, seen_version=str(before.version),
                                       title="Đổi tên")
    assert saved.title == "Đổi tên"


@pytest.mark.parametrize("version", [None, "", "stale"])
def test_a_plan_move_without_its_version_or_from_an_older_page_changes_nothing(plan, world, version):
    before = Plan.objects.get(pk=plan.pk)
    given = before.version - 1 if version == "stale" else version
    with pytest.raises(StaleEdit):
        services.inspection_transition(by=world.users.planner, plan_id=plan.pk, to="approved", seen_version=given)
    with pytest.raises(StaleEdit):
        services.inspection_update(by=world.users.planner, plan_id=plan.pk, seen_version=given, title="Đổi tên")
    after = Plan.objects.get(pk=plan.pk)
    assert (after.status, after.version, after.title) == (before.status, before.version, before.title)


# --- every write of a plan's pages ------------------------------------------------------------------
# The version a plan's page carries is the plan's: every write to the plan or to one of its parts (team,
# assignment, scope, visits, duties, outline, unit reports, findings, conclusions, follow-up) moves it
# on, so one number says what the page showed, whichever of its parts the page shows.

WRITES = ("inspection_add_subteam", "inspection_add_member", "inspection_remove_member",
          "inspection_assign_defaults", "inspection_assign", "inspection_add_unit", "inspection_remove_unit",
          "inspection_schedule", "inspection_unschedule", "inspection_add_duty", "inspection_remove_duty",
          "inspection_add_section", "inspection_remove_section", "inspection_submit_report",
          "inspection_record_findings", "inspection_conclude", "inspection_set_general_conclusion",
          "inspection_add_follow_up", "inspection_set_follow_up_status")
REFUSED = "tải lại trang"  # every stale-page message asks to reload the page (core.locking)


def test_every_write_but_drawing_the_plan_up_takes_its_version_as_a_required_argument():
    """Drawing a plan up (inspection_create) makes what no page showed; every other write takes it."""
    writes = {name for name in dir(services) if name.startswith("inspection_")} - {"inspection_create"}
    assert writes == {"inspection_update", "inspection_transition", *WRITES}
    for name in writes:
        param = inspect.signature(getattr(services, name)).parameters["seen_version"]
        assert (param.kind, param.default) == (param.KEYWORD_ONLY, param.empty), name


def written(plan):
    """What a refused write must leave as it was: the plan's version and every part of it."""
    p = Plan.objects.get(pk=plan.pk)
    return (p.version, p.status, p.general_conclusion,
            sorted(p.members.values_list("pk", "subteam_id")), p.subteams.count(),
            sorted(p.assignments.values_list("criterion_id", "sector_id")), sorted(p.scope.values_list("unit_id")),
            sorted(p.visits.values_list("pk", flat=True)), sorted(p.duties.values_list("pk", flat=True)),
            sorted(p.outline.values_list("pk", flat=True)), sorted(p.unit_reports.values_list("unit_id", "answers")),
            sorted(p.findings.values_list("criterion_id", "rechecked_points")),
            sorted(p.conclusions.values_list("unit_id", "conclusions")),
            sorted(p.follow_ups.values_list("pk", "status")))


def write(name, plan, world):
    """(the state the plan is brought to first, the write as a function of the version given)."""
    u, pk = world.users, plan.pk

    def by(user, service, **kw):
        return lambda v: getattr(services, service)(by=user, plan_id=pk, seen_version=v, **{
            k: value() if callable(value) else value for k, value in kw.items()})  # a callable: read when written

    def planner(service, **kw):
        return by(u.planner, service, **kw)

    day = datetime.date(2017, 10, 25)
    return {
        "inspection_add_subteam": ("draft", planner("inspection_add_subteam")),
        "inspection_add_member": ("draft", planner("inspection_add_member", organisation="Sở Tư pháp")),
        "inspection_remove_member": ("draft", planner("inspection_remove_member",
                                                      member_id=lambda: plan.members.order_by("pk").last().pk)),
        "inspection_assign_defaults": ("draft", planner("inspection_assign_defaults")),
        "inspection_assign": ("draft", planner("inspection_assign",
                                               sectors={world.criteria[4].pk: world.sectors["labour"]})),
        "inspection_add_unit": ("draft", planner("inspection_add_unit", unit=world.sa_pa)),
        "inspection_remove_unit": ("draft", planner("inspection_remove_unit", unit_id=world.van_ban.pk)),
        "inspection_schedule": ("draft", planner("inspection_schedule", unit=world.vo_lao, date=day,
                                                 session="morning")),
        "inspection_unschedule": ("in_progress", planner("inspection_unschedule",
                                                         visit_id=lambda: plan.visits.get(unit=world.khanh_yen).pk)),
        "inspection_add_duty": ("draft", planner("inspection_add_duty", body="Sở Tư pháp")),
        "inspection_remove_duty": ("draft", planner("inspection_remove_duty", duty_id=lambda: plan.duties.get().pk)),
        "inspection_add_section": ("draft", planner("inspection_add_section", code="B", title="Kiến nghị")),
        "inspection_remove_section": ("draft", planner("inspection_remove_section",
                                                       section_id=lambda: plan.outline.get().pk)),
        "inspection_submit_report": ("approved", by(u.commune, "inspection_submit_report", unit=world.vo_lao,
                                                    answers=lambda: {plan.outline.get().pk: "Đã thực hiện."})),
        "inspection_record_findings": ("in_progress", by(u.health, "inspection_record_findings", unit=world.vo_lao,
                                                         points={world.criteria[2].pk: "40"})),
        "inspection_conclude": ("in_progress", planner("inspection_conclude", unit=world.vo_lao, conclusions="Đạt.")),
        "inspection_set_general_conclusion": ("in_progress", planner(
            "inspection_set_general_conclusion", report_number="15/BC-ĐKT", general_conclusion="Các xã làm tốt.")),
        "inspection_add_follow_up": ("in_progress", planner("inspection_add_follow_up", action="Bổ sung hồ sơ",
                                                            owner="UBND xã", due_on=datetime.date(2017, 12, 31))),
        "inspection_set_follow_up_status": ("in_progress", planner(
            "inspection_set_follow_up_status", status="done", follow_up_id=lambda: plan.follow_ups.get().pk)),
    }[name]


def bring(plan, world, state):
    """The plan, with a duty, brought to ``state`` (in progress: with its visits and a follow-up)."""
    planner = world.users.planner
    services.inspection_add_duty(by=planner, plan_id=plan.pk, seen_version=plan_seen(plan), body="Sở Tư pháp")
    if state == "approved":
        services.inspection_transition(by=planner, plan_id=plan.pk, seen_version=plan_seen(plan), to="approved")
    elif state == "in_progress":
        start(plan, world)
        services.inspection_add_follow_up(by=planner, plan_id=plan.pk, seen_version=plan_seen(plan),
                                          action="Bổ sung", owner="UBND xã", due_on=datetime.date(2017, 12, 31))
    plan.refresh_from_db()
    return plan


@pytest.mark.parametrize("name", WRITES)
@pytest.mark.parametrize("version", [None, "", "stale", "abc"])
def test_a_write_without_the_pages_version_or_from_an_older_page_changes_nothing(plan, world, settings, tmp_path,
                                                                                 name, version):
    settings.MEDIA_ROOT = tmp_path
    state, call = write(name, plan, world)
    plan = bring(plan, world, state)
    before = written(plan)
    with pytest.raises(ValidationError, match=REFUSED):
        call(plan_seen(plan) - 1 if version == "stale" else version)
    assert written(plan) == before
    call(plan_seen(plan))  # the page as it stands now: written, and the plan's version moves on
    after = written(plan)
    assert after != before and after[0] > before[0]


def test_two_departments_saving_from_one_page_cannot_overwrite_each_other(plan, world):
    plan = bring(plan, world, "in_progress")
    page = plan_seen(plan)
    services.inspection_record_findings(by=world.users.health, plan_id=plan.pk, seen_version=page,
                                        unit=world.vo_lao, points={world.criteria[2].pk: "40"})
    with pytest.raises(ValidationError, match="vừa được người khác cập nhật"):
        services.inspection_record_findings(by=world.users.health, plan_id=plan.pk, seen_version=page,
                                            unit=world.vo_lao, points={world.criteria[2].pk: "45"})
    assert plan.findings.get().rechecked_points == 40


# --- the pages ---------------------------------------------------------------------------------------

def forms_of(html):
    """The POST forms of a page but the logout button: (action, the form's HTML)."""
    found = re.findall(r'<form method="post"(.*?)</form>', html, re.S)
    return [f for f in found if 'action="/dang-xuat' not in f and "logout" not in f]


@pytest.mark.parametrize("state, who, pages", [
    ("draft", "planner", ("team", "assignment", "schedule", "duties", "outline")),
    ("approved", "commune", ("unit_report",)),
    ("in_progress", "planner", ("results", "findings")),
    ("in_progress", "health", ("findings",)),
])
def test_every_form_of_the_plans_pages_carries_the_plans_version(client, plan, world, settings, tmp_path, state, who,
                                                                 pages):
    settings.MEDIA_ROOT = tmp_path
    plan = bring(plan, world, state)
    if state == "in_progress":
        services.inspection_conclude(by=world.users.planner, plan_id=plan.pk, seen_version=plan_seen(plan),
                                     unit=world.vo_lao, conclusions="Đạt.")
    client.force_login(getattr(world.users, who))
    for page in pages:
        kwargs = {"pk": plan.pk, **({"unit_pk": world.vo_lao.pk} if page in ("unit_report", "findings") else {})}
        html = client.get(reverse(f"inspections:{page}", kwargs=kwargs)).content.decode()
        shown = forms_of(html)
        assert shown, page
        for form in shown:
            assert re.search(rf'<input type="hidden" name="([a-z]+-)?version" value="{plan_seen(plan)}"', form), \
                (page, form[:300])


def test_a_page_posted_without_its_version_writes_nothing(client, plan, world):
    plan = bring(plan, world, "in_progress")
    before = written(plan)
    client.force_login(world.users.health)
    findings = reverse("inspections:findings", args=[plan.pk, world.vo_lao.pk])
    response = client.post(findings, {f"f-p{world.criteria[2].pk}": "40"})
    assert REFUSED in response.content.decode() and written(plan) == before
    client.force_login(world.users.planner)
    for url, data in ((reverse("inspections:results", args=[plan.pk]), {"g-general_conclusion": "Tốt."}),
                      (reverse("inspections:follow_up_status", args=[plan.pk, plan.follow_ups.get().pk]),
                       {"status": "done"}),
                      (reverse("inspections:visit_delete", args=[plan.pk, plan.visits.get(unit=world.khanh_yen).pk]),
                       {})):
        response = client.post(url, data, follow=True)
        assert REFUSED in response.content.decode(), url
        assert written(plan) == before


def test_a_form_from_an_older_page_comes_back_with_what_was_typed_and_the_version_shown_now(client, plan, world):
    plan = bring(plan, world, "in_progress")
    old = plan_seen(plan)
    services.inspection_conclude(by=world.users.planner, plan_id=plan.pk, seen_version=old, unit=world.vo_lao,
                                 conclusions="Đạt.")  # someone else saves first
    client.force_login(world.users.health)
    url = reverse("inspections:findings", args=[plan.pk, world.vo_lao.pk])
    response = client.post(url, {"f-version": old, f"f-p{world.criteria[2].pk}": "40,5"})
    html = response.content.decode()
    assert response.status_code == 200 and "vừa được người khác cập nhật" in html
    assert 'value="40,5"' in html  # nothing typed is lost
    assert f'name="f-version" value="{plan_seen(plan)}"' in html  # saving again is a choice made on this page
    assert not plan.findings.exists()
    assert client.post(url, {"f-version": plan_seen(plan), f"f-p{world.criteria[2].pk}": "40,5"}).status_code == 302
