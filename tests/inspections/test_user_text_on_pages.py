"""What one user types reaches another's page as text, never as markup; the follow-up form saves."""

import datetime as dt

from django.urls import reverse

from inspections import services
from inspections.models import FollowUp
from tests.factories import plan_seen

REFRESH = '<meta http-equiv="refresh" content="0;url=https://example.invalid/"><b>đậm</b>'


def test_an_outline_sections_guidance_is_shown_escaped_on_the_communes_page(plan, world, client):
    services.inspection_add_section(by=world.users.planner, plan_id=plan.pk, seen_version=plan_seen(plan.pk),
                                    code="A.II", title="Kết quả",
                                    guidance=REFRESH)
    services.inspection_transition(by=world.users.planner, plan_id=plan.pk, seen_version=plan_seen(plan), to="approved")
    client.force_login(world.users.commune)
    page = client.get(reverse("inspections:unit_report", args=[plan.pk, world.vo_lao.pk])).content.decode()
    assert "<meta http-equiv" not in page and "<b>đậm</b>" not in page
    assert "&lt;meta http-equiv=&quot;refresh&quot;" in page  # the text itself is still there to read


def test_the_follow_up_form_saves_through_the_page(plan, world, client, start_plan):
    start_plan(plan)
    client.force_login(world.users.planner)
    response = client.post(reverse("inspections:results", args=[plan.pk]), {
        "fu-unit": world.vo_lao.pk, "fu-action": "Bổ sung hồ sơ tiêu chí 2", "fu-owner": "UBND xã Võ Lao",
        "fu-due_on": "2017-12-31", "fu-version": plan_seen(plan)})
    assert response.status_code == 302
    follow_up = FollowUp.objects.get(plan=plan)
    assert (follow_up.action, follow_up.unit, follow_up.due_on) == ("Bổ sung hồ sơ tiêu chí 2", world.vo_lao,
                                                                    dt.date(2017, 12, 31))
