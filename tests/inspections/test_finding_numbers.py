"""Re-checked points are read by core.numbers: "10,5" and "10.5" are ten and a half, "1.000", text and
a value above the criterion's maximum are refused naming the criterion, and a page with one bad row
saves none of its rows."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from inspections import services
from inspections.models import Finding
from tests.factories import plan_seen


def findings_url(plan, unit):
    return reverse("inspections:findings", kwargs={"pk": plan.pk, "unit_pk": unit.pk})


@pytest.mark.parametrize("typed, expected", [("10,5", Decimal("10.5")), ("10.5", Decimal("10.5")),
                                             (Decimal(40), Decimal(40))])
def test_the_service_reads_points_the_vietnamese_way(plan, world, start_plan, typed, expected):
    plan = start_plan(plan)
    [f] = services.inspection_record_findings(by=world.users.health, plan_id=plan.pk, seen_version=plan_seen(plan),
                                              unit=world.vo_lao, points={world.criteria[2].pk: typed})
    assert Finding.objects.get(pk=f.pk).rechecked_points == expected


@pytest.mark.parametrize("typed, message", [
    ("1.000", "Tiêu chí 2: “1.000” không rõ là 1000 hay 1"), ("abc", "Tiêu chí 2: “abc” không phải là số"),
    ("", "Tiêu chí 2: hãy nhập điểm kiểm tra lại"), ("50,5", "Tiêu chí 2: phải từ 0 đến 50"),
])
def test_the_service_refuses_naming_the_criterion(plan, world, start_plan, typed, message):
    plan = start_plan(plan)
    with pytest.raises(ValidationError, match=message):
        services.inspection_record_findings(by=world.users.health, plan_id=plan.pk, seen_version=plan_seen(plan),
                                            unit=world.vo_lao, points={world.criteria[2].pk: typed})
    assert not Finding.objects.exists()


@pytest.mark.parametrize("typed, expected", [("10,5", Decimal("10.5")), ("10.5", Decimal("10.5"))])
def test_the_page_saves_a_comma_or_a_dot(client, plan, world, start_plan, typed, expected):
    plan = start_plan(plan)
    client.force_login(world.users.health)
    r = client.post(findings_url(plan, world.vo_lao), {"f-version": plan_seen(plan),
                                                       f"f-p{world.criteria[2].pk}": typed,
                                                       f"f-p{world.criteria[3].pk}": ""})
    assert r.status_code == 302
    assert Finding.objects.get(criterion=world.criteria[2]).rechecked_points == expected
    html = client.get(findings_url(plan, world.vo_lao)).content.decode()
    assert 'value="10,5"' in html  # shown back the Vietnamese way


@pytest.mark.parametrize("typed, message", [
    ("1.000", "Tiêu chí 2: “1.000” không rõ là 1000 hay 1"), ("abc", "Tiêu chí 2: “abc” không phải là số."),
    ("51", "Tiêu chí 2: phải từ 0 đến 50, không phải “51”."),
])
def test_one_bad_row_saves_nothing_and_the_typed_values_stay(client, plan, world, start_plan, typed, message):
    plan = start_plan(plan)
    client.force_login(world.users.health)
    r = client.post(findings_url(plan, world.vo_lao), {"f-version": plan_seen(plan),
                                                       f"f-p{world.criteria[2].pk}": typed,
                                                       f"f-p{world.criteria[3].pk}": "60,5"})
    html = r.content.decode()
    assert r.status_code == 200 and message in html
    assert f'value="{typed}"' in html and 'value="60,5"' in html
    assert not Finding.objects.exists()


def test_the_points_fields_take_a_decimal_comma(client, plan, world, start_plan):
    plan = start_plan(plan)
    client.force_login(world.users.health)
    html = client.get(findings_url(plan, world.vo_lao)).content.decode()
    field = next(tag for tag in html.split("<input") if f'name="f-p{world.criteria[2].pk}"' in tag)
    assert 'type="text"' in field and 'inputmode="decimal"' in field and 'type="number"' not in html


def test_a_blank_over_a_recorded_finding_is_refused(client, plan, world, start_plan):
    plan = start_plan(plan)
    services.inspection_record_findings(by=world.users.health, plan_id=plan.pk, seen_version=plan_seen(plan),
                                        unit=world.vo_lao, points={world.criteria[2].pk: "40"})
    client.force_login(world.users.health)
    r = client.post(findings_url(plan, world.vo_lao), {"f-version": plan_seen(plan),
                                                       f"f-p{world.criteria[2].pk}": "",
                                                       f"f-p{world.criteria[3].pk}": "60"})
    assert r.status_code == 200 and "Tiêu chí 2 đã có điểm kiểm tra lại (40): không thể để trống." in r.content.decode()
    assert Finding.objects.get(criterion=world.criteria[2]).rechecked_points == 40
    assert not Finding.objects.filter(criterion=world.criteria[3]).exists()
