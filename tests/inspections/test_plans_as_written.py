"""A plan says what its sources say: places, team, duties and terms as written, criteria only for departments
on the team, no date or overdue count the plan does not give (issue 20)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from inspections import exports, selectors, services
from inspections.models import Duty
from tests.factories import plan_seen
from tests.inspections.conftest import start
from tests.pdf import first_page_words, heading_columns_apart, pdf_text


def test_a_criterion_goes_only_to_a_department_on_the_team(plan, world):
    with pytest.raises(ValidationError, match="Chỉ phân công tiêu chí cho ngành có trong Đoàn kiểm tra; Công an "
                                              "chưa có trong đoàn"):
        services.inspection_assign(by=world.users.planner, plan_id=plan.pk, seen_version=plan_seen(plan.pk),
                                   sectors={world.criteria[4].pk: world.sectors["police"]})
    assert plan.assignments.get(criterion=world.criteria[4]).sector.code == "education"


def test_approval_lists_a_department_off_the_team_and_a_member_outside_the_sub_teams(plan, world):
    u = world.users.planner
    services.inspection_add_member(by=u, plan_id=plan.pk, seen_version=plan_seen(plan.pk),
                                   sector=world.sectors["police"], organisation="Công an tỉnh")
    services.inspection_assign(by=u, plan_id=plan.pk, seen_version=plan_seen(plan.pk),
                               sectors={world.criteria[4].pk: world.sectors["police"]})
    plan.members.filter(organisation="Sở Giáo dục và Đào tạo").delete()
    plan.members.filter(organisation="Công an tỉnh").delete()
    services.inspection_add_member(by=u, plan_id=plan.pk, seen_version=plan_seen(plan.pk), organisation="Tỉnh Đoàn")
    assert services.approval_problems(plan) == [
        "Tiêu chí 4 được phân công cho ngành Công an, nhưng ngành này không có trong Đoàn kiểm tra.",
        "Tỉnh Đoàn chưa thuộc tổ kiểm tra nào."]


def test_the_plan_prints_places_team_duties_and_terms_as_written(plan, world):
    u = world.users.planner
    services.inspection_update(by=u, plan_id=plan.pk, seen_version=plan_seen(plan), communes_per_district=2,
                               timing_note="Trong quý IV/2017, dự kiến vào cuối tháng 10, đầu tháng 11 năm 2017")
    services.inspection_add_duty(by=u, plan_id=plan.pk, seen_version=plan_seen(plan.pk),
                                 body="Sở Lao động - Thương binh và Xã hội",
                                 sector=world.sectors["labour"], text="- Chủ trì triển khai Kế hoạch kiểm tra.")
    services.inspection_add_duty(by=u, plan_id=plan.pk, seen_version=plan_seen(plan.pk),
                                 body="Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh",
                                 text="Gửi báo cáo về Sở trước ngày 30/11/2017.", due_on=dt.date(2017, 11, 30))
    with pytest.raises(ValidationError, match="Ngành Công an không có trong Đoàn kiểm tra"):
        services.inspection_add_duty(by=u, plan_id=plan.pk, seen_version=plan_seen(plan.pk),
                                     body="Công an tỉnh", sector=world.sectors["police"])
    plan.refresh_from_db()
    text = pdf_text(exports.plan_pdf(plan))
    assert "Cấp huyện: Tại 01 huyện Văn Bàn." in text
    assert "Cấp xã: 02 xã, phường, thị trấn (mỗi đơn vị cấp huyện 02 đơn vị): + Huyện Văn Bàn: Xã Võ Lao, " \
           "Thị trấn Khánh Yên." in text
    assert "Thời gian kiểm tra: trong quý IV/2017, dự kiến vào cuối tháng 10, đầu tháng 11 năm 2017." in text
    assert "23/10/2017" not in text and "chậm nhất" not in text  # no day the plan does not give
    assert "Trưởng đoàn: Trần Văn Bình, Phó Giám đốc Sở Lao động - Thương binh và Xã hội." in text
    assert "Thành viên: Phó Giám đốc Sở Giáo dục và Đào tạo." in text
    assert "Sở Sở" not in text
    assert "1. Sở Lao động - Thương binh và Xã hội - Chủ trì triển khai Kế hoạch kiểm tra. - Thẩm định kết quả " \
           "việc đánh giá chấm điểm về thực hiện các tiêu chí số 1 theo chức năng quản lý của ngành" in text
    assert "2. Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Gửi báo cáo về Sở trước ngày 30/11/2017." in text
    # the departments no duty speaks for keep their criteria in a table
    assert "3. Phân công thẩm định" in text and "Y tế 2, 3" in text and "Giáo dục và Đào tạo 4" in text
    heading_columns_apart(first_page_words(exports.plan_pdf(plan)))


def test_a_unit_added_to_a_plan_keeps_the_names_the_plan_writes(plan, world):
    scoped = plan.scope.get(unit=world.vo_lao)
    assert (scoped.name, scoped.parent_name) == ("Xã Võ Lao", "Huyện Văn Bàn")
    services.inspection_add_unit(by=world.users.planner, plan_id=plan.pk, seen_version=plan_seen(plan.pk),
                                 unit=world.sa_pa, name="Huyện Sa Pa")
    assert plan.scope.get(unit=world.sa_pa).label == "Huyện Sa Pa"  # a huyện in 2017, thị xã from 2019


def test_without_a_term_there_is_no_due_day_and_nothing_is_overdue(plan, world):
    services.inspection_update(by=world.users.planner, plan_id=plan.pk, seen_version=plan_seen(plan), report_days=None)
    plan = start(plan, world)
    progress = selectors.progress(plan, today=dt.date(2026, 12, 6))
    assert progress.due is None and not progress.overdue and progress.days_overdue is None
    text = pdf_text(exports.findings_pdf(plan))
    assert "Hạn báo cáo tổng hợp" not in text


def test_a_term_counts_as_overdue_only_while_the_inspection_runs(plan, world):
    late = dt.date(2017, 11, 26)
    assert not selectors.progress(plan, today=late).overdue  # a draft has no report to be late with
    plan = start(plan, world)
    assert selectors.progress(plan, today=late).overdue and selectors.progress(plan, today=late).days_overdue == 1


def test_the_plan_page_shows_no_term_for_a_plan_without_one(client, plan, world):
    from django.urls import reverse

    services.inspection_update(by=world.users.planner, plan_id=plan.pk, seen_version=plan_seen(plan), report_days=None)
    client.force_login(world.users.planner)
    page = client.get(reverse("inspections:detail", args=[plan.pk])).content.decode()
    assert "Kế hoạch không đặt hạn báo cáo kết quả tổng hợp." in page and "quá hạn" not in page
    assert Duty.objects.count() == 0


def test_the_findings_report_of_a_department_keeps_its_long_name_clear_of_the_motto(plan, world):
    services.inspection_update(by=world.users.planner, plan_id=plan.pk,
                               seen_version=plan_seen(plan), parent_body="UBND TỈNH LÀO CAI",
                               issuer_body="SỞ LAO ĐỘNG - THƯƠNG BINH\nVÀ XÃ HỘI", number="/KH-SLĐTBXH")
    plan = start(plan, world)
    pdf = exports.findings_pdf(plan)
    heading_columns_apart(first_page_words(pdf))
    text = pdf_text(pdf)
    assert text.startswith("SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI ĐOÀN KIỂM TRA LIÊN NGÀNH")


def test_the_planner_writes_the_duties_on_their_page_and_others_only_read_them(client, plan, world):
    from django.urls import reverse

    page = reverse("inspections:duties", kwargs={"pk": plan.pk})
    client.force_login(world.users.planner)
    response = client.post(page, {"version": plan_seen(plan), "body": "Sở Y tế", "sector": world.sectors["health"].pk,
                                  "text": "- Phối hợp với Sở Lao động - Thương binh và Xã hội.", "due_on": ""})
    assert response.status_code == 302
    duty = plan.duties.get()
    assert (duty.order, duty.body, duty.sector.code) == (1, "Sở Y tế", "health")
    shown = client.get(page).content.decode()
    assert "1. Sở Y tế" in shown and "Thẩm định các tiêu chí số 2, 3" in shown
    # a department off the team is not offered, and refused if posted
    response = client.post(page, {"version": plan_seen(plan), "body": "Công an tỉnh",
                                  "sector": world.sectors["police"].pk})
    assert response.status_code == 200 and plan.duties.count() == 1
    client.force_login(world.users.labour)
    assert client.post(page, {"version": plan_seen(plan), "body": "Sở Tư pháp"}).status_code == 403
    delete = reverse("inspections:duty_delete", kwargs={"pk": plan.pk, "duty_pk": duty.pk})
    assert client.post(delete, {"version": plan_seen(plan)}).status_code == 403
    assert plan.duties.count() == 1
    assert client.get(page).status_code == 200
