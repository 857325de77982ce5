"""Evidence can be deleted or replaced while the dossier is a draft or returned, with the audit
history keeping what was there and the stored file going once the change has committed; after
submission nothing can be removed, neither through the service nor through the page."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assessments import services
from assessments.models import Evidence, EvidenceDownload
from tests.assessments.conftest import full_points
from tests.factories import seen
from tests.samples import pdf_bytes, png_bytes


@pytest.fixture
def draft(workflow, media):
    w = workflow
    a = services.assessment_start(by=w.officer, round=w.round, commune=w.units.commune)
    score = a.scores.get(criterion__number=6)
    ev = services.evidence_add(by=w.officer, score_id=score.pk, seen_version=seen(score),
                               upload=SimpleUploadedFile("so-theo-doi.png", png_bytes()))
    return a, score, ev


def submit(w, a):
    services.scores_save(by=w.officer, assessment_id=a.pk, seen_version=a.version, points=full_points(w.standard))
    services.council_save(by=w.officer, assessment_id=a.pk, seen_version=seen(a),
                          meeting_date=datetime.date(2024, 11, 8),
                          conclusion="Đề nghị công nhận",
                          members=[{"name": "Nguyễn Văn A", "position": "Chủ tịch UBND", "council_role": "chair"}])
    services.assessment_submit(by=w.officer, assessment_id=a.pk, seen_version=seen(a))


def test_deleting_evidence_keeps_it_in_the_history_and_removes_the_file_after_commit(
        workflow, draft, django_capture_on_commit_callbacks):
    a, score, ev = draft
    path = ev.file.name
    services.evidence_downloaded(by=workflow.district, evidence=ev)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.evidence_delete(by=workflow.officer, assessment_id=a.pk, seen_version=seen(a), evidence_id=ev.pk)
    assert not Evidence.objects.filter(pk=ev.pk).exists()
    assert default_storage.exists(path), "the file stays until the deletion has committed"
    for callback in callbacks:
        callback()
    assert not default_storage.exists(path)
    gone = Evidence.history.filter(id=ev.pk).order_by("-history_date").first()
    assert gone.history_type == "-" and gone.history_user == workflow.officer
    assert gone.original_name == "so-theo-doi.png"
    # who read the file stays on record, by name
    log = EvidenceDownload.objects.get(by=workflow.district)
    assert log.evidence is None and log.original_name == "so-theo-doi.png"


def test_replacing_evidence_gives_a_new_file_and_link_and_removes_the_old_file(
        workflow, draft, django_capture_on_commit_callbacks):
    a, score, ev = draft
    old_path, old_token = ev.file.name, ev.token
    with django_capture_on_commit_callbacks(execute=True):
        new = services.evidence_replace(by=workflow.officer, assessment_id=a.pk, seen_version=seen(a),
                                        evidence_id=ev.pk,
                                        upload=SimpleUploadedFile("bien-ban-kiem-tra.pdf", pdf_bytes()))
    new.refresh_from_db()
    assert new.pk == ev.pk and new.token != old_token and new.content_type == "application/pdf"
    assert new.original_name == "bien-ban-kiem-tra.pdf" and default_storage.exists(new.file.name)
    assert not default_storage.exists(old_path)
    kinds = list(Evidence.history.filter(id=ev.pk).order_by("history_date")
                 .values_list("history_type", "original_name"))
    assert kinds == [("+", "so-theo-doi.png"), ("~", "bien-ban-kiem-tra.pdf")]


def test_a_bad_replacement_changes_nothing(workflow, draft, django_capture_on_commit_callbacks):
    a, score, ev = draft
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError, match="Chỉ nhận tệp"):
        services.evidence_replace(by=workflow.officer, assessment_id=a.pk, seen_version=seen(a), evidence_id=ev.pk,
                                  upload=SimpleUploadedFile("x.pdf", b"<html>not a pdf</html>"))
    ev.refresh_from_db()
    assert ev.original_name == "so-theo-doi.png" and default_storage.exists(ev.file.name)


def test_evidence_can_be_deleted_in_a_returned_dossier(workflow, draft, django_capture_on_commit_callbacks):
    a, score, ev = draft
    submit(workflow, a)
    services.assessment_return(by=workflow.district, assessment_id=a.pk, seen_version=seen(a),
                               comment="Bổ sung minh chứng")
    with django_capture_on_commit_callbacks(execute=True):
        services.evidence_delete(by=workflow.officer, assessment_id=a.pk, seen_version=seen(a), evidence_id=ev.pk)
    assert not Evidence.objects.filter(pk=ev.pk).exists()


def test_after_submission_nothing_can_be_removed_or_replaced(workflow, draft, client):
    a, score, ev = draft
    submit(workflow, a)
    with pytest.raises(ValidationError, match="Hồ sơ đã nộp"):
        services.evidence_delete(by=workflow.officer, assessment_id=a.pk, seen_version=seen(a), evidence_id=ev.pk)
    with pytest.raises(ValidationError, match="Hồ sơ đã nộp"):
        services.evidence_replace(by=workflow.officer, assessment_id=a.pk, seen_version=seen(a), evidence_id=ev.pk,
                                  upload=SimpleUploadedFile("b.png", png_bytes()))
    client.force_login(workflow.officer)
    r = client.post(reverse("assessments:evidence_delete", args=[a.pk, ev.pk]), {"version": seen(a)}, follow=True)
    assert "không thể xóa hay thay minh chứng" in r.content.decode()
    assert Evidence.objects.filter(pk=ev.pk).exists() and default_storage.exists(ev.file.name)
    # and the page offers no button to try
    html = client.get(reverse("assessments:detail", args=[a.pk])).content.decode()
    assert f'form="ev-del-{ev.pk}"' not in html
    assert reverse("assessments:evidence_delete", args=[a.pk, ev.pk]) not in html


def test_only_the_communes_officer_may_remove_evidence(workflow, draft, client):
    a, score, ev = draft
    with pytest.raises(PermissionDenied):
        services.evidence_delete(by=workflow.district, assessment_id=a.pk, seen_version=seen(a), evidence_id=ev.pk)
    url = reverse("assessments:evidence_delete", args=[a.pk, ev.pk])
    client.force_login(workflow.district)
    assert client.post(url).status_code == 403
    client.force_login(workflow.neighbour_officer)
    assert client.post(url).status_code == 404
    client.force_login(workflow.officer)
    assert client.get(url).status_code == 405
    assert Evidence.objects.filter(pk=ev.pk).exists()


def test_the_page_deletes_and_replaces_through_the_buttons_on_the_evidence_list(
        workflow, draft, client, django_capture_on_commit_callbacks):
    a, score, ev = draft
    client.force_login(workflow.officer)
    html = client.get(reverse("assessments:detail", args=[a.pk])).content.decode()
    assert f'form="ev-del-{ev.pk}"' in html and f'form="ev-rep-{ev.pk}"' in html
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(reverse("assessments:evidence_replace", args=[a.pk, ev.pk]),
                        {"version": seen(a), "file": SimpleUploadedFile("anh-moi.png", png_bytes())}, follow=True)
    assert "Đã thay tệp minh chứng" in r.content.decode() and "anh-moi.png" in r.content.decode()
    r = client.post(reverse("assessments:evidence_replace", args=[a.pk, ev.pk]), follow=True)
    assert "Hãy chọn tệp mới" in r.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(reverse("assessments:evidence_delete", args=[a.pk, ev.pk]), {"version": seen(a)},
                        follow=True)
    assert "Đã xóa minh chứng" in r.content.decode() and not Evidence.objects.filter(pk=ev.pk).exists()
