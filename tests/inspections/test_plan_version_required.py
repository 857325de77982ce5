"""A form that carries the plan's version must carry it: an edit without it is refused like one
from a stale page, and changes nothing."""

import pytest

from core.locking import StaleEdit, check_version
from inspections import services
from inspections.models import Plan


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


@pytest.mark.parametrize("name", ["inspection_update", "inspection_transition"])
def test_the_plans_version_is_a_required_argument(name):
    import inspect

    param = inspect.signature(getattr(services, name)).parameters["seen_version"]
    assert param.kind is param.KEYWORD_ONLY and param.default is param.empty


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
