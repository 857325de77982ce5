"""Pages: scoped to the user's unit (404 outside it), role-checked (403), thin over the services."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Role, User
from inspections import services
from inspections.models import Finding, Plan, Visit
from tests.factories import plan_seen


def url(name, plan, **kwargs):
    return reverse(f"inspections:{name}", kwargs={"pk": plan.pk, **kwargs})


@pytest.fixture
def as_user(client):
    def login(user):
        client.force_login(user)
        return client
    return login


@pytest.mark.parametrize("who", ["planner", "labour", "district", "commune", "national"])
def test_people_within_the_plans_scope_see_it(plan, world, as_user, who):
    response = as_user(getattr(world.users, who)).get(url("detail", plan))
    assert response.status_code == 200
    assert "Kiểm tra liên ngành thực hiện Quyết định số 34/2014/QĐ-TTg" in response.content.decode()


@pytest.mark.parametrize("who", ["planner_bg", "district_sapa", "commune_other"])
def test_people_outside_it_get_404(plan, world, as_user, who):
    # Sa Pa is not covered; Khánh Yên's officer is not covered until Khánh Yên is (it is in this plan: remove it)
    plan.scope.filter(unit=world.khanh_yen).delete()
    assert as_user(getattr(world.users, who)).get(url("detail", plan)).status_code == 404
    assert as_user(getattr(world.users, who)).get(url("plan_pdf", plan)).status_code == 404


def test_a_role_without_inspections_gets_403(plan, world, as_user):
    client = as_user(world.users.council)
    assert client.get(reverse("inspections:list")).status_code == 403
    assert client.get(url("detail", plan)).status_code == 403


def test_anonymous_users_are_sent_to_login(plan, client):
    response = client.get(url("detail", plan))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_the_list_shows_only_plans_in_scope(plan, world, as_user):
    assert plan.title in as_user(world.users.district).get(reverse("inspections:list")).content.decode()
    assert plan.title not in as_user(world.users.planner_bg).get(reverse("inspections:list")).content.decode()


def test_the_list_costs_the_same_queries_for_one_or_many_plans(plan, world, as_user, plan_fields,
                                                               django_assert_max_num_queries):
    client = as_user(world.users.planner)
    client.get(reverse("inspections:list"))
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("inspections:list"))
    for i in range(5):
        services.inspection_create(by=world.users.planner, issuer=world.lao_cai, standard=world.standard,
                                   **{**plan_fields, "number": f"{300 + i}/KH-UBND"})
    with django_assert_max_num_queries(len(one)):
        response = client.get(reverse("inspections:list"))
    assert response.content.decode().count("/KH-UBND") >= 6


def test_transitions_need_post_and_the_planner(plan, world, as_user):
    assert as_user(world.users.planner).get(url("transition", plan)).status_code == 405
    assert as_user(world.users.district).post(url("transition", plan), {"to": "approved"}).status_code == 403
    response = as_user(world.users.planner).post(url("transition", plan),
                                                 {"to": "approved", "confirm": "1", "version": plan.version},
                                                 follow=True)
    assert response.status_code == 200 and "Đã phê duyệt" in response.content.decode()
    assert Plan.objects.get(pk=plan.pk).status == "approved"


def test_a_clash_is_shown_on_the_schedule_page(plan, world, as_user):
    client = as_user(world.users.planner)
    data = {"visit-unit": world.vo_lao.pk, "visit-date": "2017-10-24", "visit-session": "morning",
            "visit-subteam": plan.t1.pk, "visit-notes": ""}
    assert client.post(url("schedule", plan), {**data, "visit-version": plan_seen(plan)}).status_code == 302
    response = client.post(url("schedule", plan), {**data, "visit-unit": world.khanh_yen.pk,
                                                   "visit-version": plan_seen(plan)})
    assert response.status_code == 200
    clash = "Trùng lịch: buổi sáng (từ 07:00) ngày 24/10/2017 Tổ 1 đã làm việc tại Xã Võ Lao"
    assert clash in response.content.decode()
    response = client.post(url("schedule", plan), {**data, "visit-date": "2017-12-01",
                                                   "visit-version": plan_seen(plan)})
    assert "nằm ngoài thời gian kiểm tra" in response.content.decode()
    assert Visit.objects.filter(plan=plan).count() == 1


def test_schedule_changes_are_for_the_planner_only(plan, world, as_user):
    data = {"visit-unit": world.vo_lao.pk, "visit-date": "2017-10-24", "visit-session": "morning",
            "visit-version": plan_seen(plan)}
    assert as_user(world.users.district).post(url("schedule", plan), data).status_code == 403
    assert as_user(world.users.health).get(url("schedule", plan)).status_code == 200
    assert not Visit.objects.exists()


def test_a_department_records_its_findings_through_the_page(plan, world, as_user, start_plan, assessment_2016):
    plan = start_plan(plan)
    client = as_user(world.users.health)
    page = client.get(url("findings", plan, unit_pk=world.vo_lao.pk)).content.decode()
    assert f'name="f-p{world.criteria[2].pk}"' in page and f'name="f-p{world.criteria[1].pk}"' not in page
    response = client.post(url("findings", plan, unit_pk=world.vo_lao.pk), {
        "f-version": plan_seen(plan), f"f-p{world.criteria[2].pk}": "40",
        f"f-n{world.criteria[2].pk}": "Thiếu 3 trẻ chưa đăng ký khai sinh.",
        f"f-p{world.criteria[3].pk}": ""})
    assert response.status_code == 302
    finding = Finding.objects.get(plan=plan, unit=world.vo_lao)
    assert finding.rechecked_points == 40 and finding.sector.code == "health"
    page = client.get(url("findings", plan, unit_pk=world.vo_lao.pk)).content.decode()
    assert "table-danger" in page and "-10" in page


def test_a_department_without_criteria_here_cannot_post_findings(plan, world, as_user, start_plan):
    plan = start_plan(plan)
    police = User.objects.create_user(username="so.congan", role=Role.SECTOR_APPRAISER, unit=world.lao_cai,
                                      sector=world.sectors["police"])
    response = as_user(police).post(url("findings", plan, unit_pk=world.vo_lao.pk),
                                    {"f-version": plan_seen(plan), f"f-p{world.criteria[2].pk}": "40"})
    assert response.status_code == 403
    assert not Finding.objects.exists()


def test_a_unit_not_on_the_schedule_has_no_findings_page(plan, world, as_user, start_plan):
    plan = start_plan(plan, visits=((dt.date(2017, 10, 24), "morning", "vo_lao"),))
    assert as_user(world.users.planner).get(url("findings", plan, unit_pk=world.khanh_yen.pk)).status_code == 404


@pytest.mark.parametrize("name", ["team", "assignment", "schedule", "outline", "results", "edit"])
def test_every_tab_renders_for_the_planner(plan, world, as_user, name):
    response = as_user(world.users.planner).get(url(name, plan))
    assert response.status_code == 200


def test_the_plan_form_creates_a_plan(world, as_user):
    client = as_user(world.users.planner)
    assert client.get(reverse("inspections:create")).status_code == 200
    response = client.post(reverse("inspections:create"), {
        "standard": world.standard.pk, "number": "12/KH-UBND", "issuer_body": "ỦY BAN NHÂN DÂN TỈNH LÀO CAI",
        "place": "Lào Cai", "title": "Kiểm tra liên ngành năm 2018", "legal_basis": "Căn cứ A\nCăn cứ B",
        "review_from_year": "2016", "review_to_year": "2017", "review_notes": "2016, 2017: hồ sơ đánh giá",
        "window_start": "2018-10-01", "window_end": "2018-10-31"})
    plan = Plan.objects.get(number="12/KH-UBND")
    assert response.status_code == 302 and response["Location"] == url("detail", plan)
    assert plan.legal_basis == ["Căn cứ A", "Căn cứ B"] and plan.review_notes == {"2016": "hồ sơ đánh giá",
                                                                                  "2017": "hồ sơ đánh giá"}
    assert plan.assignments.count() == 4 and plan.created_by == world.users.planner
    assert as_user(world.users.district).get(reverse("inspections:create")).status_code == 403


def test_a_covered_commune_sees_its_own_findings_and_report_only(plan, world, as_user, start_plan):
    plan = start_plan(plan)
    client = as_user(world.users.commune)  # Võ Lao
    assert client.get(url("findings", plan, unit_pk=world.vo_lao.pk)).status_code == 200
    assert client.get(url("findings", plan, unit_pk=world.khanh_yen.pk)).status_code == 404
    assert client.get(url("unit_report", plan, unit_pk=world.khanh_yen.pk)).status_code == 404
    results = client.get(url("results", plan)).content.decode()
    own, other = url("findings", plan, unit_pk=world.vo_lao.pk), url("findings", plan, unit_pk=world.khanh_yen.pk)
    assert own in results and other not in results
    # the district above both sees both
    district = as_user(world.users.district).get(url("results", plan)).content.decode()
    assert own in district and other in district
