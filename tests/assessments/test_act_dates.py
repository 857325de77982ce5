"""The dates of the acts through the services and pages: each act keeps the day typed by the person who
records it, checked by assessments.rules.act_date_refusal (not in the future, inside the round's window,
not before the act it follows); the audit history keeps when it was recorded and by whom; documents
print the act's day, never the day of the recording."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from assessments import documents, services
from assessments.models import Assessment, Council, Transition
from tests.factories import AssessmentFactory, advance, appraise, seen, versions

S = Assessment.Status


def scored(w, commune=None):
    return AssessmentFactory(round=w.round, commune=commune or w.units.commune, officer=w.officer, state="scored")


def test_each_act_keeps_the_day_it_happened_and_the_audit_keeps_when_it_was_recorded(workflow):
    w = workflow
    a = scored(w)
    services.assessment_submit(by=w.officer, assessment_id=a.pk, seen_version=seen(a), request_on=dt.date(2024, 11, 9),
                               on=dt.date(2024, 11, 12))
    services.assessment_accept(by=w.district, assessment_id=a.pk, seen_version=seen(a), on=dt.date(2024, 11, 14))
    a = advance(a, "appraised_all", appraisers=w.appraisers)
    services.assessment_complete_appraisal(by=w.district, assessment_id=a.pk, seen_version=seen(a),
                                           on=dt.date(2024, 11, 25))
    a.refresh_from_db()
    assert (a.request_on, a.submitted_on, a.accepted_on, a.appraisal_report_on) == (
        dt.date(2024, 11, 9), dt.date(2024, 11, 12), dt.date(2024, 11, 14), dt.date(2024, 11, 25))
    days = dict(a.transitions.values_list("to_status", "acted_on"))
    assert days[S.SUBMITTED] == dt.date(2024, 11, 12) and days[S.ACCEPTED] == dt.date(2024, 11, 14)
    assert days[S.APPRAISED] == dt.date(2024, 11, 25)
    assert all(d >= dt.date(2024, 11, 14) for d in a.scores.values_list("appraised_on", flat=True))
    # the audit: the recording moment (today) and the person, beside the act's day (2024)
    record = a.history.filter(submitted_on=dt.date(2024, 11, 12)).order_by("history_date").first()
    assert record.history_user == w.officer and record.history_date.date() >= timezone.now().date() - dt.timedelta(1)
    t = a.transitions.get(to_status=S.SUBMITTED)
    assert t.at.year == timezone.now().year and t.acted_on.year == 2024


def test_a_day_in_the_future_is_refused(workflow):
    a = scored(workflow)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(ValidationError, match="chưa đến"):
        services.assessment_submit(by=workflow.officer, assessment_id=a.pk, seen_version=seen(a),
                                   on=tomorrow, request_on=tomorrow)
    assert Assessment.objects.get(pk=a.pk).status == S.DRAFT


@pytest.mark.parametrize("day", [dt.date(2023, 10, 31), dt.date(2026, 1, 5)])
def test_a_day_outside_the_rounds_window_is_refused(workflow, day):
    a = scored(workflow)
    with pytest.raises(ValidationError, match="ngoài thời gian của đợt đánh giá năm 2024"):
        services.assessment_submit(by=workflow.officer, assessment_id=a.pk, seen_version=seen(a),
                                   on=day, request_on=day)


def test_each_act_is_refused_before_the_act_it_follows(workflow):
    w = workflow
    a = scored(w)  # the council met on 8/11/2024
    with pytest.raises(ValidationError, match="sớm hơn ngày họp Hội đồng đánh giá"):
        services.assessment_submit(by=w.officer, assessment_id=a.pk, seen_version=seen(a),
                                   request_on=dt.date(2024, 11, 7),
                                   on=dt.date(2024, 11, 10))
    with pytest.raises(ValidationError, match="sớm hơn ngày tờ trình"):
        services.assessment_submit(by=w.officer, assessment_id=a.pk, seen_version=seen(a),
                                   request_on=dt.date(2024, 11, 10),
                                   on=dt.date(2024, 11, 9))
    services.assessment_submit(by=w.officer, assessment_id=a.pk, seen_version=seen(a), on=dt.date(2024, 11, 10))
    with pytest.raises(ValidationError, match="sớm hơn ngày nộp hồ sơ"):
        services.assessment_return(by=w.district, assessment_id=a.pk, seen_version=seen(a),
                                   comment="Thiếu", on=dt.date(2024, 11, 9))
    services.assessment_return(by=w.district, assessment_id=a.pk, seen_version=seen(a),
                               comment="Thiếu", on=dt.date(2024, 11, 12))
    with pytest.raises(ValidationError, match="sớm hơn ngày hồ sơ được trả lại"):
        services.assessment_submit(by=w.officer, assessment_id=a.pk, seen_version=seen(a), on=dt.date(2024, 11, 11))
    services.assessment_submit(by=w.officer, assessment_id=a.pk, seen_version=seen(a), on=dt.date(2024, 11, 13))
    with pytest.raises(ValidationError, match="sớm hơn ngày nộp hồ sơ"):
        services.assessment_accept(by=w.district, assessment_id=a.pk, seen_version=seen(a), on=dt.date(2024, 11, 12))
    services.assessment_accept(by=w.district, assessment_id=a.pk, seen_version=seen(a), on=dt.date(2024, 11, 15))
    first = a.scores.order_by("criterion__number").values_list("criterion__number", flat=True).first()
    with pytest.raises(ValidationError, match="sớm hơn ngày tiếp nhận hồ sơ hợp lệ"):
        appraise(w.users.sector_appraiser, a, {first: {"agree": True}}, on=dt.date(2024, 11, 14))
    a = advance(a, "appraised_all", appraisers=w.appraisers)
    latest = max(a.scores.values_list("appraised_on", flat=True))
    with pytest.raises(ValidationError, match="sớm hơn ngày thẩm định tiêu chí muộn nhất"):
        services.assessment_complete_appraisal(by=w.district, assessment_id=a.pk, seen_version=seen(a),
                                               on=latest - dt.timedelta(days=1))
    services.assessment_complete_appraisal(by=w.district, assessment_id=a.pk, seen_version=seen(a),
                                           on=dt.date(2024, 11, 28))
    with pytest.raises(ValidationError, match="sớm hơn ngày báo cáo thẩm định"):
        services.decision_issue(by=w.chair, round=w.round, issuer=w.units.district, number="9/QĐ-UBND",
                                signed_on=dt.date(2024, 11, 27), signer_name="A", signer_title="Chủ tịch",
                                outcomes={a.pk: (True, "")}, seen_versions=versions(a))
    d = services.decision_issue(by=w.chair, round=w.round, issuer=w.units.district, number="9/QĐ-UBND",
                                signed_on=dt.date(2024, 12, 2), signer_name="A", signer_title="Chủ tịch",
                                outcomes={a.pk: (True, "")}, seen_versions=versions(a))
    assert a.transitions.get(to_status=S.RECOGNISED).acted_on == d.signed_on


def test_the_council_meets_after_the_registration_and_ends_after_it_starts(workflow):
    w = workflow
    services.registration_record(by=w.officer, round=w.round, commune=w.units.commune,
                                 registered_on=dt.date(2024, 3, 20))
    a = AssessmentFactory(round=w.round, commune=w.units.commune, officer=w.officer, state="draft")
    with pytest.raises(ValidationError, match="sớm hơn ngày đăng ký xây dựng"):
        services.council_save(by=w.officer, assessment_id=a.pk, seen_version=seen(a), meeting_date=dt.date(2024, 3, 1),
                              conclusion="", members=[])
    with pytest.raises(ValidationError, match="Giờ kết thúc cuộc họp phải sau giờ bắt đầu"):
        services.council_save(by=w.officer, assessment_id=a.pk, seen_version=seen(a), meeting_date=dt.date(2024, 11, 8),
                              conclusion="", members=[], starts_at=dt.time(10), ends_at=dt.time(8))
    council = services.council_save(by=w.officer, assessment_id=a.pk, seen_version=seen(a),
                                    meeting_date=dt.date(2024, 11, 8),
                                    conclusion="", members=[], starts_at=dt.time(8), ends_at=dt.time(10, 30))
    assert (council.starts_at, council.ends_at) == (dt.time(8), dt.time(10, 30))
    with pytest.raises(ValidationError, match="ngoài thời gian"):
        services.registration_record(by=w.officer, round=w.round, commune=w.units.commune,
                                     registered_on=dt.date(2023, 1, 1))


def test_a_past_rounds_acts_without_a_typed_day_take_the_day_they_follow_never_today(workflow):
    """A 2024 dossier recorded in a later year: the proposed day is the preceding act's, not today."""
    a = scored(workflow)
    services.assessment_submit(by=workflow.officer, assessment_id=a.pk, seen_version=seen(a))
    a.refresh_from_db()
    assert a.submitted_on == a.request_on == dt.date(2024, 11, 8)  # the council's meeting


def test_documents_print_the_days_of_the_acts(workflow):
    w = workflow
    a = scored(w)
    services.assessment_submit(by=w.officer, assessment_id=a.pk, seen_version=seen(a), request_on=dt.date(2024, 11, 9),
                               on=dt.date(2024, 11, 11))
    services.assessment_accept(by=w.district, assessment_id=a.pk, seen_version=seen(a), on=dt.date(2024, 11, 13))
    a = advance(a, "appraised_all", appraisers=w.appraisers)
    services.assessment_complete_appraisal(by=w.district, assessment_id=a.pk, seen_version=seen(a),
                                           on=dt.date(2024, 11, 26))
    Council.objects.filter(assessment=a).update(starts_at=dt.time(8), ends_at=dt.time(10, 30))
    assert documents.request_letter_context(a)["date"] == dt.date(2024, 11, 9)
    assert documents.score_sheet_context(a)["date"] == dt.date(2024, 11, 9)
    assert documents.minutes_context(a)["date"] == dt.date(2024, 11, 8)
    report = documents.appraisal_report_context(a)
    assert (report["date"], report["submitted_on"], report["accepted_on"]) == (
        dt.date(2024, 11, 26), dt.date(2024, 11, 11), dt.date(2024, 11, 13))


def test_the_confirmation_step_asks_for_the_day_and_the_move_keeps_it(workflow, client):
    w = workflow
    a = scored(w)
    client.force_login(w.officer)
    url = reverse("assessments:submit", args=[a.pk])
    page = client.post(url, {"version": a.version})
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="on"' in html and 'name="request_on"' in html
    assert 'value="08/11/2024"' in html  # a past round proposes the council's day, not today
    client.post(url, {"version": a.version, "confirm": "1", "on": "12/11/2024", "request_on": "10/11/2024"})
    a.refresh_from_db()
    assert (a.status, a.request_on, a.submitted_on) == (S.SUBMITTED, dt.date(2024, 11, 10), dt.date(2024, 11, 12))
    client.force_login(w.district)
    a.refresh_from_db()
    client.post(reverse("assessments:return", args=[a.pk]),
                {"comment": "Thiếu biên bản", "on": "01/01/2027", "version": a.version})
    assert Assessment.objects.get(pk=a.pk).status == S.SUBMITTED  # refused: outside the window
    client.post(reverse("assessments:return", args=[a.pk]),
                {"comment": "Thiếu biên bản", "on": "14/11/2024", "version": a.version})
    assert Transition.objects.get(assessment=a, to_status=S.RETURNED).acted_on == dt.date(2024, 11, 14)


def test_the_council_form_takes_the_day_as_written_and_the_meetings_times(workflow, client):
    w = workflow
    a = AssessmentFactory(round=w.round, commune=w.units.commune, officer=w.officer, state="draft")
    client.force_login(w.officer)
    url = reverse("assessments:council", args=[a.pk])
    page = client.get(url).content.decode()
    assert 'placeholder="dd/mm/yyyy"' in page and 'name="starts_at"' in page and 'name="ends_at"' in page
    data = {"version": seen(a), "meeting_date": "08/11/2024", "starts_at": "08:00", "ends_at": "10:30",
            "conclusion": "Đề nghị",
            "m-TOTAL_FORMS": "1", "m-INITIAL_FORMS": "0",
            "m-0-name": "Nguyễn Văn A", "m-0-position": "Chủ tịch UBND", "m-0-council_role": "chair"}
    assert client.post(url, data).status_code == 302
    council = Council.objects.get(assessment=a)
    assert (council.meeting_date, council.starts_at, council.ends_at) == (
        dt.date(2024, 11, 8), dt.time(8), dt.time(10, 30))
    text = documents.minutes_context(a)
    assert text["date"] == dt.date(2024, 11, 8)
    refused = client.post(url, {**data, "version": seen(a), "meeting_date": "08/11/2026"})
    assert refused.status_code == 400 and Council.objects.get(assessment=a).meeting_date == dt.date(2024, 11, 8)
