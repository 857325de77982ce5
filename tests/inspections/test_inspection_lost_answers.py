"""A finding or a conclusion saved but whose answer was lost, sent again from the same page (issue 25):
what is stored equals what was sent, so the page says "đã lưu" and the plan moves on once; other values
from that older page are still refused as a stale edit (core.locking.check_version_or_repeat)."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from inspections import services
from inspections.models import Finding, UnitConclusion
from tests.factories import plan_seen

REPEATED = "được lưu một lần, không lưu lại lần nữa"
STALE = "Kế hoạch vừa được người khác cập nhật"


def findings_url(plan, unit):
    return reverse("inspections:findings", kwargs={"pk": plan.pk, "unit_pk": unit.pk})


def test_the_same_findings_sent_again_are_recorded_once_and_said_so(client, plan, world, start_plan):
    plan = start_plan(plan)
    c2, c3 = world.criteria[2].pk, world.criteria[3].pk
    client.force_login(world.users.health)
    data = {"f-version": plan_seen(plan), f"f-p{c2}": "45,5", f"f-n{c2}": "Sổ khai sinh thiếu 2 trẻ",
            f"f-p{c3}": "70"}
    assert client.post(findings_url(plan, world.vo_lao), data).status_code == 302
    version, history = plan_seen(plan), Finding.history.count()
    again = client.post(findings_url(plan, world.vo_lao), data)  # the answer was lost: the same post again
    assert again.status_code == 302
    page = client.get(again["Location"]).content.decode()
    assert "Đã lưu kết quả kiểm tra 2 tiêu chí." in page and f"kết quả kiểm tra {REPEATED}" in page
    assert STALE not in page and "alert-danger" not in page
    assert plan_seen(plan) == version and Finding.history.count() == history
    assert {f.criterion_id: (f.rechecked_points, f.note) for f in Finding.objects.all()} == {
        c2: (Decimal("45.5"), "Sổ khai sinh thiếu 2 trẻ"), c3: (Decimal(70), "")}


def test_an_older_findings_page_with_other_values_is_still_a_stale_edit(client, plan, world, start_plan):
    plan = start_plan(plan)
    c2 = world.criteria[2].pk
    client.force_login(world.users.health)
    old = plan_seen(plan)
    client.post(findings_url(plan, world.vo_lao), {"f-version": old, f"f-p{c2}": "45"})
    response = client.post(findings_url(plan, world.vo_lao), {"f-version": old, f"f-p{c2}": "46"})
    assert response.status_code == 200 and STALE in response.content.decode()
    assert Finding.objects.get().rechecked_points == 45


def test_the_service_says_repeated_and_writes_nothing(plan, world, start_plan):
    plan = start_plan(plan)
    c2 = world.criteria[2].pk
    old = plan_seen(plan)
    kwargs = dict(by=world.users.health, plan_id=plan.pk, seen_version=old, unit=world.vo_lao,
                  points={c2: "40"}, notes={c2: " Sổ "})
    first = services.inspection_record_findings(**kwargs)
    assert not first.repeated
    again = services.inspection_record_findings(**kwargs)
    assert again.repeated and [f.pk for f in again] == [f.pk for f in first] and plan_seen(plan) == old + 1
    with pytest.raises(ValidationError, match=STALE):  # another note: not what is stored
        services.inspection_record_findings(**{**kwargs, "notes": {c2: "Sổ khác"}})
    with pytest.raises(ValidationError, match="không cho biết phiên bản"):  # no version: refused as before
        services.inspection_record_findings(**{**kwargs, "seen_version": ""})
    with pytest.raises(ValidationError, match=STALE):  # a criterion never recorded is no repeat
        services.inspection_record_findings(**{**kwargs, "points": {c2: "40", world.criteria[3].pk: "1"}})


def test_the_same_conclusion_sent_again_is_written_once(client, plan, world, start_plan):
    plan = start_plan(plan)
    client.force_login(world.users.planner)
    data = {"c-version": plan_seen(plan), "c-conclusions": "Xã thực hiện đầy đủ.", "c-recommendations": ""}
    assert client.post(findings_url(plan, world.vo_lao), data).status_code == 302
    version, history = plan_seen(plan), UnitConclusion.history.count()
    again = client.post(findings_url(plan, world.vo_lao), data)
    assert again.status_code == 302
    page = client.get(again["Location"]).content.decode()
    assert "Đã lưu kết luận tại Xã Võ Lao." in page and f"kết luận {REPEATED}" in page
    assert plan_seen(plan) == version and UnitConclusion.history.count() == history
    response = client.post(findings_url(plan, world.vo_lao), {**data, "c-conclusions": "Khác."})
    assert response.status_code == 200 and STALE in response.content.decode()
    assert UnitConclusion.objects.get().conclusions == "Xã thực hiện đầy đủ."
