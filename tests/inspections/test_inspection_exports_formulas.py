"""The schedule and findings workbooks keep what planners and appraisers typed as text: no formula,
no link, whatever it starts with."""

import datetime as dt
from decimal import Decimal

from inspections import exports, services
from tests.excel_formulas import PLANTED, assert_user_text_is_text
from tests.factories import plan_seen

LINK, PLUS, MINUS, AT, TAB = PLANTED


def test_schedule_and_findings_store_typed_text_as_text(plan, world, start_plan, assessment_2016):
    u = world.users
    services.inspection_update(by=u.planner, plan_id=plan.pk, seen_version=plan_seen(plan), title=LINK)
    services.inspection_schedule(by=u.planner, plan_id=plan.pk, seen_version=plan_seen(plan.pk),
                                 unit=world.vo_lao, date=dt.date(2017, 10, 24),
                                 session="morning", subteam=plan.t1, notes=PLUS)
    plan = start_plan(plan, visits=())
    services.inspection_record_findings(by=u.labour, plan_id=plan.pk, seen_version=plan_seen(plan), unit=world.vo_lao,
                                        points={world.criteria[1].pk: Decimal(75)}, notes={world.criteria[1].pk: MINUS})
    services.inspection_conclude(by=u.planner, plan_id=plan.pk, seen_version=plan_seen(plan.pk),
                                 unit=world.vo_lao, conclusions=AT,
                                 recommendations=TAB)
    services.inspection_add_follow_up(by=u.planner, plan_id=plan.pk, seen_version=plan_seen(plan.pk),
                                      unit=world.vo_lao, action=LINK, owner=MINUS,
                                      due_on=dt.date(2017, 12, 15))
    plan.refresh_from_db()
    assert_user_text_is_text(exports.schedule_xlsx(plan), [LINK, PLUS])
    assert_user_text_is_text(exports.findings_xlsx(plan), [LINK, MINUS, AT, TAB])
