"""The assessment's journey through assessments.services, every move checked on the server."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from assessments import services
from assessments.models import Assessment
from core.locking import StaleEdit
from tests.assessments.conftest import appraise_all, full_points, scored_and_submitted
from tests.factories import appraise, seen, versions

S = Assessment.Status
pytestmark = pytest.mark.django_db


def test_a_commune_travels_from_scores_to_recognition_with_a_return_and_an_adjustment(workflow):
    w = workflow
    a = scored_and_submitted(w, tc6=120)
    assert (a.status, a.self_total, a.meets_standard) == (S.SUBMITTED, Decimal(995), True)

    services.assessment_return(by=w.district, assessment_id=a.pk, seen_version=seen(a),
                               comment="Bổ sung minh chứng tiêu chí 6")
    a.refresh_from_db()
    services.scores_save(by=w.officer, assessment_id=a.pk, seen_version=a.version, points={6: 125})
    services.assessment_submit(by=w.officer, assessment_id=a.pk, seen_version=seen(a))
    services.assessment_accept(by=w.district, assessment_id=a.pk, seen_version=seen(a))
    appraise_all(w, Assessment.objects.get(pk=a.pk), adjust={6: Decimal(100)})
    services.assessment_complete_appraisal(by=w.district, assessment_id=a.pk, seen_version=seen(a))
    a.refresh_from_db()
    assert (a.status, a.self_total, a.final_total) == (S.APPRAISED, Decimal(1000), Decimal(975))

    d = services.decision_issue(by=w.chair, round=w.round, issuer=w.units.district, number="1234/QĐ-UBND",
                                signed_on=datetime.date(2024, 12, 5), signer_name="Đỗ Văn Quang",
                                signer_title="Phó Chủ tịch", outcomes={a.pk: (True, "")}, seen_versions=versions(a))
    a.refresh_from_db()
    assert a.status == S.RECOGNISED and a.decision == d and a.is_locked
    assert [(t.from_status, t.to_status) for t in a.transitions.all()] == [
        (S.DRAFT, S.SUBMITTED), (S.SUBMITTED, S.RETURNED), (S.RETURNED, S.SUBMITTED),
        (S.SUBMITTED, S.ACCEPTED), (S.ACCEPTED, S.APPRAISED), (S.APPRAISED, S.RECOGNISED)]
    with pytest.raises(ValidationError, match="không thể sửa điểm"):
        services.scores_save(by=w.officer, assessment_id=a.pk, seen_version=a.version, points={6: 0})


def test_a_criterion_at_zero_refuses_recognition_despite_950_points(workflow):
    w = workflow
    a = scored_and_submitted(w, tc7=0)
    assert a.self_total == Decimal(950) and not a.meets_standard
    services.assessment_accept(by=w.district, assessment_id=a.pk, seen_version=seen(a))
    appraise_all(w, a)
    services.assessment_complete_appraisal(by=w.district, assessment_id=a.pk, seen_version=seen(a))
    with pytest.raises(ValidationError, match="chưa đạt chuẩn"):
        services.decision_issue(by=w.chair, round=w.round, issuer=w.units.district, number="1/QĐ-UBND",
                                signed_on=datetime.date(2024, 12, 5), signer_name="A", signer_title="B",
                                outcomes={a.pk: (True, "")}, seen_versions=versions(a))
    services.decision_issue(by=w.chair, round=w.round, issuer=w.units.district, number="2/QĐ-UBND",
                            signed_on=datetime.date(2024, 12, 5), signer_name="A", signer_title="B",
                            outcomes={a.pk: (False, "")}, seen_versions=versions(a))
    a.refresh_from_db()
    assert a.status == S.NOT_RECOGNISED and "Tiêu chí 7" in a.decision_reason


def test_submission_needs_every_criterion_and_a_council_meeting(workflow):
    w = workflow
    a = services.assessment_start(by=w.officer, round=w.round, commune=w.units.commune)
    services.scores_save(by=w.officer, assessment_id=a.pk, seen_version=a.version, points={1: 100})
    with pytest.raises(ValidationError) as e:
        services.assessment_submit(by=w.officer, assessment_id=a.pk, seen_version=seen(a))
    assert "Còn 12 tiêu chí chưa chấm điểm" in " ".join(e.value.messages)
    assert "Hội đồng đánh giá" in " ".join(e.value.messages)
    assert Assessment.objects.get(pk=a.pk).status == S.DRAFT


@pytest.mark.parametrize("value, message", [  # core.numbers' messages (one parser for every typed number)
    ("abc", "“abc” không phải là số"), (-1, "không được là số âm"), (101, "phải từ 0 đến 100"),
    ("NaN", "“NaN” không phải là số")])
def test_bad_points_are_refused_and_nothing_is_saved(workflow, value, message):
    w = workflow
    a = services.assessment_start(by=w.officer, round=w.round, commune=w.units.commune)
    with pytest.raises(ValidationError, match=message):
        services.scores_save(by=w.officer, assessment_id=a.pk, seen_version=a.version, points={2: 40, 1: value})
    assert not a.scores.filter(points__isnull=False).exists()


def test_a_criterion_the_standard_does_not_have_is_refused(workflow):
    w = workflow
    a = services.assessment_start(by=w.officer, round=w.round, commune=w.units.commune)
    with pytest.raises(ValidationError, match="không có tiêu chí số 14"):
        services.scores_save(by=w.officer, assessment_id=a.pk, seen_version=a.version, points={14: 10})


def test_a_stale_edit_is_refused_not_overwritten(workflow):
    w = workflow
    a = services.assessment_start(by=w.officer, round=w.round, commune=w.units.commune)
    services.scores_save(by=w.officer, assessment_id=a.pk, seen_version=a.version, points={1: 80})
    with pytest.raises(StaleEdit, match="vừa được người khác cập nhật"):
        services.scores_save(by=w.officer, assessment_id=a.pk, seen_version=a.version, points={1: 20})
    assert a.scores.get(criterion__number=1).points == 80


def test_only_the_communes_own_officer_scores_and_submits(workflow):
    w = workflow
    a = services.assessment_start(by=w.officer, round=w.round, commune=w.units.commune)
    for intruder in (w.neighbour_officer, w.outsider, w.district):
        with pytest.raises(PermissionDenied):
            services.scores_save(by=intruder, assessment_id=a.pk, seen_version=a.version, points={1: 1})
    with pytest.raises(PermissionDenied):
        services.assessment_start(by=w.outsider, round=w.round, commune=w.units.commune)


def test_moves_out_of_order_are_refused(workflow):
    w = workflow
    a = scored_and_submitted(w)
    with pytest.raises(ValidationError, match="Không thể chuyển"):
        services.assessment_submit(by=w.officer, assessment_id=a.pk, seen_version=seen(a))  # submit twice
    with pytest.raises(ValidationError, match="Không thể chuyển"):
        services.assessment_complete_appraisal(by=w.district, assessment_id=a.pk, seen_version=seen(a))
    with pytest.raises(ValidationError):
        services.decision_issue(by=w.chair, round=w.round, issuer=w.units.district, number="3/QĐ-UBND",
                                signed_on=datetime.date(2024, 12, 5), signer_name="A", signer_title="B",
                                outcomes={a.pk: (True, "")}, seen_versions=versions(a))
    with pytest.raises(PermissionDenied):
        services.assessment_accept(by=w.other_district, assessment_id=a.pk, seen_version=seen(a))
    assert Assessment.objects.get(pk=a.pk).status == S.SUBMITTED


def test_an_appraiser_appraises_only_the_criteria_of_its_sector(workflow):
    w = workflow
    a = scored_and_submitted(w)
    services.assessment_accept(by=w.district, assessment_id=a.pk, seen_version=seen(a))
    with pytest.raises(PermissionDenied, match="Tư pháp"):  # Tư pháp owns birth registration (2)
        appraise(w.appraisers["health"], a, {2: {"agree": True}})
    with pytest.raises(ValidationError, match="lý do"):
        appraise(w.appraisers["justice"], a, {2: {"points": 10}})
    appraise(w.appraisers["justice"], a, {2: {"points": 40, "reason": "Thiếu 3 trường hợp"}})
    birth = a.scores.get(criterion__number=2)
    assert birth.appraised_points == 40 and birth.appraisal_reason == "Thiếu 3 trường hợp"


def test_a_round_cannot_open_on_a_standard_whose_points_do_not_add_up(workflow):
    w = workflow
    c = w.standard.criteria.get(number=13)
    c.max_points += 5
    c.save()
    with pytest.raises(ValidationError, match="khác tổng điểm"):
        services.round_open(by=w.province_staff, province=w.units.province, year=2025, standard=w.standard,
                            period_start=datetime.date(2024, 11, 1), period_end=datetime.date(2025, 10, 31),
                            submission_due=datetime.date(2025, 11, 15), appraisal_due=datetime.date(2025, 11, 30),
                            decision_due=datetime.date(2025, 12, 10), report_due=datetime.date(2025, 12, 10))


def test_every_change_of_points_is_in_the_audit_history(workflow):
    from assessments.selectors import audit_trail

    w = workflow
    a = services.assessment_start(by=w.officer, round=w.round, commune=w.units.commune)
    services.scores_save(by=w.officer, assessment_id=a.pk, seen_version=a.version, points={1: 80})
    a.refresh_from_db()
    services.scores_save(by=w.officer, assessment_id=a.pk, seen_version=a.version, points={1: 90})
    lines = [line["what"] for line in audit_trail(a)]
    assert lines[:2] == ["Tiêu chí 1: điểm tự đánh giá 80 → 90", "Tiêu chí 1: điểm tự đánh giá — → 80"]


def test_consecutive_years_make_a_commune_eligible_for_merit(workflow):
    from assessments.selectors import consecutive_years

    w = workflow
    a = scored_and_submitted(w)
    services.assessment_accept(by=w.district, assessment_id=a.pk, seen_version=seen(a))
    appraise_all(w, a)
    services.assessment_complete_appraisal(by=w.district, assessment_id=a.pk, seen_version=seen(a))
    services.decision_issue(by=w.chair, round=w.round, issuer=w.units.district, number="9/QĐ-UBND",
                            signed_on=datetime.date(2024, 12, 5), signer_name="A", signer_title="B",
                            outcomes={a.pk: (True, "")}, seen_versions=versions(a))
    assert consecutive_years([w.units.commune.pk]) == {w.units.commune.pk: 1}
    assert full_points(w.standard)[1] == 100


def test_evidence_is_checked_by_content_and_shows_in_the_audit_history(workflow, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from assessments.selectors import audit_trail
    from tests.samples import pdf_bytes  # a PDF that opens: evidence is parsed, not just sniffed

    settings.MEDIA_ROOT = tmp_path
    w = workflow
    a = services.assessment_start(by=w.officer, round=w.round, commune=w.units.commune)
    score = a.scores.get(criterion__number=2)
    with pytest.raises(ValidationError, match="PDF, JPEG hoặc PNG"):
        services.evidence_add(by=w.officer, score_id=score.pk, seen_version=seen(score),
                              upload=SimpleUploadedFile("so-khai-sinh.pdf", b"MZ\x90\x00 not a pdf"))
    ev = services.evidence_add(by=w.officer, score_id=score.pk, seen_version=seen(score),
                               upload=SimpleUploadedFile("../../so khai sinh.pdf", pdf_bytes()))
    assert ev.content_type == "application/pdf" and ev.original_name == "so khai sinh.pdf"
    assert ev.token in ev.file.name and "khai" not in ev.file.name
    assert audit_trail(a)[0]["what"] == "Tiêu chí 2: tải lên minh chứng “so khai sinh.pdf”"


def test_signed_minutes_must_be_a_real_pdf_and_lose_their_name(workflow, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.samples import pdf_bytes

    settings.MEDIA_ROOT = tmp_path
    w = workflow
    a = services.assessment_start(by=w.officer, round=w.round, commune=w.units.commune)
    with pytest.raises(ValidationError, match="phải là tệp PDF"):
        services.council_save(by=w.officer, assessment_id=a.pk, seen_version=seen(a),
                              meeting_date=datetime.date(2024, 11, 8),
                              conclusion="Đạt", members=[],
                              minutes=SimpleUploadedFile("bien-ban.pdf", b"<html>not a pdf</html>"))
    council = services.council_save(by=w.officer, assessment_id=a.pk, seen_version=seen(a),
                                    meeting_date=datetime.date(2024, 11, 8),
                                    conclusion="Đạt", members=[],
                                    minutes=SimpleUploadedFile("Biên bản họp Nguyễn Văn A.pdf", pdf_bytes()))
    assert council.minutes.name.endswith(".pdf") and "Nguy" not in council.minutes.name


def test_council_members_and_registrations_keep_an_audit_history(workflow):
    from assessments.models import CouncilMember, Registration

    w = workflow
    a = services.assessment_start(by=w.officer, round=w.round, commune=w.units.commune)
    chair = {"name": "Nguyễn Văn Hùng", "position": "Chủ tịch UBND xã", "council_role": "chair"}
    services.council_save(by=w.officer, assessment_id=a.pk, seen_version=seen(a),
                          meeting_date=datetime.date(2024, 11, 8),
                          conclusion="Đạt", members=[chair])
    services.council_save(by=w.officer, assessment_id=a.pk, seen_version=seen(a),
                          meeting_date=datetime.date(2024, 11, 8),
                          conclusion="Đạt", members=[{**chair, "name": "Trần Văn Bình"}])
    trail = [(h.history_type, h.name, h.history_user) for h in CouncilMember.history.order_by("history_id")]
    assert trail == [("+", "Nguyễn Văn Hùng", w.officer), ("-", "Nguyễn Văn Hùng", w.officer),
                     ("+", "Trần Văn Bình", w.officer)]
    services.registration_record(by=w.officer, round=w.round, commune=w.units.commune,
                                 registered_on=datetime.date(2024, 3, 1))
    services.registration_record(by=w.officer, round=w.round, commune=w.units.commune,
                                 registered_on=datetime.date(2024, 3, 15), note="Sửa ngày đăng ký")
    trail = [(h.history_type, h.registered_on.day, h.history_user) for h in Registration.history.order_by("history_id")]
    assert trail == [("+", 1, w.officer), ("~", 15, w.officer)]
    assert Registration.objects.get().note == "Sửa ngày đăng ký"
