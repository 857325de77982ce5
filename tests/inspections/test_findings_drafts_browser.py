"""In Chromium, a department's re-checked points over a weak connection (issue 25): typed and sent while
offline, kept and not sent; opened again offline, the draft read-only; back online in a new tab, the draft
offered, restored and saved once, the draft cleared. A save whose answer was lost, sent again: saved once,
"đã lưu", no error."""

from decimal import Decimal

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from inspections.models import Finding
from tests.factories import plan_seen
from tests.pages import click_through, log_in
from tests.weaknet import (
    REPEATED,
    controlled,
    drafts,
    go_offline,
    go_online,
    kept,
    lose_the_answer,
    posts,
    reopen,
    reopened_offline_shows_the_draft,
    restore_the_draft,
    send_again,
    sent_offline_and_kept,
)

pytestmark = pytest.mark.browser
SAVE = "[data-testid=finding-form] button[type=submit]"


@pytest.fixture(autouse=True)
def _browser_setup(plain_static_storage):
    """live_server serves unhashed static files."""


@pytest.fixture
def started(plan, world, start_plan):
    plan = start_plan(plan)
    plan.path = reverse("inspections:findings", kwargs={"pk": plan.pk, "unit_pk": world.vo_lao.pk})
    plan.c2, plan.c3 = world.criteria[2].pk, world.criteria[3].pk  # Y tế's in Lào Cai
    plan.draft = f"kiem-tra-lai-{plan.pk}-{world.vo_lao.pk}"  # the form's data-draft
    return plan


def recorded(plan):
    return {f.criterion_id: (f.rechecked_points, f.note) for f in Finding.objects.filter(plan=plan)}


def type_the_findings(page, plan, note):
    page.fill(f"#id_f-p{plan.c2}", "45,5")
    page.fill(f"#id_f-n{plan.c2}", note)
    page.fill(f"#id_f-p{plan.c3}", "70")
    kept(page, plan.draft, f"f-n{plan.c2}", note)


def test_findings_sent_offline_are_kept_then_restored_and_saved_once(page, live_server, world, started):
    plan = started
    url = live_server.url + plan.path
    log_in(page, live_server, world.users.health)
    page.goto(url)
    controlled(page)
    sent = posts(page, plan.path)
    type_the_findings(page, plan, "Sổ khai sinh thiếu 2 trẻ")
    go_offline(page)
    sent_offline_and_kept(page, SAVE, form="[data-testid=finding-form]")
    reopened_offline_shows_the_draft(page, "45,5", "Sổ khai sinh thiếu 2 trẻ")
    assert sent == [] and recorded(plan) == {}
    go_online(page)
    page = reopen(page, url)
    expect(page.locator(f"#id_f-p{plan.c2}")).to_have_value("")
    restore_the_draft(page)
    expect(page.locator(f"#id_f-p{plan.c2}")).to_have_value("45,5")
    expect(page.locator(f"#id_f-n{plan.c2}")).to_have_value("Sổ khai sinh thiếu 2 trẻ")
    sent = posts(page, plan.path)
    click_through(page, SAVE)
    expect(page.locator("main")).to_contain_text("Đã lưu kết quả kiểm tra 2 tiêu chí.")
    assert len(sent) == 1
    assert recorded(plan) == {plan.c2: (Decimal("45.5"), "Sổ khai sinh thiếu 2 trẻ"), plan.c3: (Decimal(70), "")}
    assert Finding.history.count() == 2  # each row written once
    assert drafts(page) == []
    page.reload()
    expect(page.locator(".draft-prompt")).to_have_count(0)


def test_findings_whose_answer_was_lost_are_saved_once_when_sent_again(page, live_server, world, started):
    plan = started
    log_in(page, live_server, world.users.health)
    page.goto(live_server.url + plan.path)
    type_the_findings(page, plan, "Đối chiếu sổ hộ tịch")
    version = plan_seen(plan)
    lost = lose_the_answer(page, plan.path)
    with page.expect_event("requestfailed"):
        page.click(SAVE)
    assert lost == [302] and recorded(plan)[plan.c2] == (Decimal("45.5"), "Đối chiếu sổ hộ tịch")
    send_again(page)  # the browser's "Tải lại" on its error page: the same form sent again, its old version
    expect(page.locator("main")).to_contain_text("Đã lưu kết quả kiểm tra 2 tiêu chí.")
    expect(page.locator("main")).to_contain_text(f"kết quả kiểm tra {REPEATED}")
    expect(page.locator(".alert-danger")).to_have_count(0)
    assert plan_seen(plan) == version + 1 and Finding.history.count() == 2  # written once
    assert drafts(page) == []
