"""The commune's scoring page: scoped, thin over scores_save, and a fixed number of queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Role
from assessments import services
from assessments.models import Assessment
from tests.factories import seen
from tests.sql import outer_table

pytestmark = pytest.mark.django_db


@pytest.fixture
def page(workflow, client):
    a = services.assessment_start(by=workflow.officer, round=workflow.round, commune=workflow.units.commune)
    client.force_login(workflow.officer)
    return a, reverse("assessments:detail", args=[a.pk]), client


def test_the_officer_sees_every_criterion_grouped_by_sector_and_the_verdict(page):
    a, url, client = page
    response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('name="points_') == 13
    assert "Tư pháp" in html and "Chưa đạt" in html and "Còn 13 tiêu chí chưa chấm điểm" in html


def test_saving_points_updates_the_total(page):
    a, url, client = page
    response = client.post(reverse("assessments:scores", args=[a.pk]),
                           {"version": a.version, "points_1": "90", "note_1": "Sổ theo dõi"})
    assert response.status_code == 302
    a.refresh_from_db()
    assert a.self_total == 90 and a.scores.get(criterion__number=1).source_note == "Sổ theo dõi"


def test_a_bad_value_is_refused_with_a_message_and_what_was_typed_stays(page):
    a, url, client = page
    response = client.post(reverse("assessments:scores", args=[a.pk]),
                           {"version": a.version, "points_1": "90", "points_2": "5000"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Tiêu chí 2: phải từ 0 đến 50, không phải “5000”" in html and 'value="5000"' in html
    assert not a.scores.filter(points__isnull=False).exists()


def test_raw_figures_give_the_points_through_the_band_rule(page):
    a, url, client = page
    ind = a.round.standard.criteria.get(number=7).indicators.get()
    response = client.post(reverse("assessments:scores", args=[a.pk]), {
        "version": a.version, f"fig_7_{ind.pk}_numerator": "99", f"fig_7_{ind.pk}_denominator": "100"})
    assert response.status_code == 302
    assert a.scores.get(criterion__number=7).points == 50


def test_another_communes_officer_gets_404_and_the_anonymous_a_login(workflow, page, client):
    a, url, _ = page
    client.force_login(workflow.neighbour_officer)
    assert client.get(url).status_code == 404
    assert client.post(reverse("assessments:scores", args=[a.pk]), {"points_1": "1"}).status_code == 404
    client.logout()
    assert client.get(url)["Location"].startswith(reverse("login"))


def test_a_read_only_national_user_sees_but_cannot_save(workflow, page, client, make_user):
    a, url, _ = page
    client.force_login(make_user(Role.NATIONAL_STAFF, None))
    assert client.get(url).status_code == 200
    assert client.post(reverse("assessments:scores", args=[a.pk]), {"version": a.version, "points_1": "1"}
                       ).status_code == 403
    assert not a.scores.filter(points__isnull=False).exists()


def test_the_scoring_page_costs_the_same_queries_whatever_the_number_of_criteria(
        workflow, client, django_assert_num_queries):
    """13 criteria (06/QĐ-TTg) and 15 criteria (34/2014/QĐ-TTg) cost the same five queries.

    The session, the user with their unit, the assessment with its round, standard and units, its
    scores, their evidence. The criteria, indicators and owners are the process's reference data,
    read by the first request (criteria.reference).
    """
    from criteria.models import Standard

    for code, year in (("06/QĐ-TTg", 2024), ("34/2014/QĐ-TTg", 2017)):
        r = services.round_open(by=workflow.province_staff, province=workflow.units.province, year=year,
                                standard=Standard.objects.get(code=code), period_start=datetime.date(year - 1, 11, 1),
                                period_end=datetime.date(year, 10, 31), submission_due=datetime.date(year, 11, 15),
                                appraisal_due=datetime.date(year, 11, 30), decision_due=datetime.date(year, 12, 10),
                                report_due=datetime.date(year, 12, 10)) if year != 2024 else workflow.round
        a = services.assessment_start(by=workflow.officer, round=r, commune=workflow.units.commune)
        client.force_login(workflow.officer)
        url = reverse("assessments:detail", args=[a.pk])
        with CaptureQueriesContext(connection) as first:
            html = client.get(url).content.decode()
        assert html.count('name="points_') == r.standard.criteria.count()
        with django_assert_num_queries(5) as later:
            assert client.get(url).status_code == 200
        tables = [outer_table(q["sql"]) for q in later.captured_queries]
        assert tables == ["django_session", "accounts_user", "assessments_assessment", "assessments_score",
                          "assessments_evidence"]
        # the reference data (sectors named by period too): read once per process
        assert len(first.captured_queries) == 5 + 6


def test_the_dossier_history_lists_every_move_and_change_of_points(workflow, page):
    a, url, client = page
    services.scores_save(by=workflow.officer, assessment_id=a.pk, seen_version=a.version, points={1: 80})
    html = client.get(url).content.decode()
    history_url = reverse("assessments:history", args=[a.pk])
    assert f'href="{history_url}"' in html and "Tiêu chí 1: điểm tự đánh giá" not in html
    html = client.get(history_url).content.decode()
    assert "Chưa có lần chuyển trạng thái nào." in html
    assert "Tiêu chí 1: điểm tự đánh giá — → 80" in html and workflow.officer.display_name in html


def test_a_returned_dossier_shows_why_on_its_page(workflow, client):
    from tests.assessments.conftest import scored_and_submitted

    a = scored_and_submitted(workflow)
    services.assessment_return(by=workflow.district, assessment_id=a.pk, seen_version=seen(a),
                               comment="Bổ sung minh chứng tiêu chí 6")
    client.force_login(workflow.officer)
    html = client.get(reverse("assessments:detail", args=[a.pk])).content.decode()
    assert 'id="returned"' in html and "Bổ sung minh chứng tiêu chí 6" in html
    assert workflow.district.display_name in html
    html = client.get(reverse("assessments:history", args=[a.pk])).content.decode()
    assert "Bổ sung minh chứng tiêu chí 6" in html and "Trả lại để bổ sung" in html


def test_a_commune_registers_and_the_district_sees_who_did(workflow, client):
    client.force_login(workflow.officer)
    url = reverse("assessments:register", args=[workflow.round.pk])
    assert "Đăng ký xây dựng" in client.get(reverse("home")).content.decode()
    weak = workflow.standard.criteria.get(number=8)
    assert client.post(url, {"registered_on": "2024-03-15", "weak_criteria": [weak.pk]}).status_code == 302
    reg = workflow.round.registrations.get()
    assert reg.commune == workflow.units.commune and list(reg.weak_criteria.all()) == [weak]
    client.force_login(workflow.district)
    html = client.get(reverse("assessments:round", args=[workflow.round.pk])).content.decode()
    assert "1/2 đơn vị đã đăng ký" in html


def test_submitting_a_page_that_someone_changed_since_is_refused(workflow, page):
    from tests.assessments.conftest import full_points

    a, url, client = page
    services.scores_save(by=workflow.officer, assessment_id=a.pk, seen_version=a.version,
                         points=full_points(workflow.standard))
    services.council_save(by=workflow.officer, assessment_id=a.pk, seen_version=seen(a),
                          meeting_date=datetime.date(2024, 11, 8),
                          conclusion="Đề nghị công nhận", members=[])
    stale = a.version  # the page was loaded before the scores were saved
    response = client.post(reverse("assessments:submit", args=[a.pk]), {"version": stale}, follow=True)
    assert "vừa được người khác cập nhật" in response.content.decode()
    assert Assessment.objects.get(pk=a.pk).status == Assessment.Status.DRAFT


def test_the_review_list_sorts_by_total(workflow, client):
    from tests.assessments.conftest import scored_and_submitted

    scored_and_submitted(workflow, tc1=50)
    scored_and_submitted(workflow, commune=workflow.units.neighbour, officer=workflow.neighbour_officer)
    client.force_login(workflow.district)
    url = reverse("assessments:round", args=[workflow.round.pk])
    names = [a.commune.name for a in client.get(url + "?sort=-final_total").context["rows"]]
    assert names == ["Xã Võ Lao", "Thị trấn Khánh Yên"]
    names = [a.commune.name for a in client.get(url + "?sort=final_total").context["rows"]]
    assert names == ["Thị trấn Khánh Yên", "Xã Võ Lao"]
