"""The council's signed minutes on the dossier page (shown, downloaded with the evidence rules, a size
limit, a refused form that says the file must be chosen again) and the completeness checklist the
recognising unit reads before accepting or returning a dossier."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments import services
from assessments.models import Assessment, EvidenceDownload
from tests.factories import seen
from tests.samples import pdf_bytes, png_bytes
from tests.sql import outer_table

MEMBERS = [{"name": "Nguyễn Văn A", "position": "Chủ tịch UBND", "council_role": "chair"}]


@pytest.fixture
def dossier(scored_draft):
    return scored_draft


def with_minutes(w, a, content=None):
    return services.council_save(by=w.officer, assessment_id=a.pk, seen_version=seen(a),
                                 meeting_date=datetime.date(2024, 11, 8),
                                 conclusion="Đề nghị công nhận", members=MEMBERS,
                                 minutes=SimpleUploadedFile("bien-ban.pdf", content or pdf_bytes()))


def test_the_signed_minutes_are_shown_and_downloaded_by_everyone_who_sees_the_dossier(workflow, dossier, client):
    w, a = workflow, dossier
    with_minutes(w, a)
    url = reverse("assessments:minutes_file", args=[a.pk])
    for user in (w.officer, w.district, w.chair, w.appraisers["health"], w.province_staff):
        client.force_login(user)
        html = client.get(reverse("assessments:detail", args=[a.pk])).content.decode()
        assert f'href="{url}"' in html, user.role
        r = client.get(url)
        if user == w.province_staff:  # outside the need-to-know: asked why first (needs_to_know)
            assert r.status_code == 200 and "Lý do xem" in r.content.decode()
            r = client.post(url, {"reason": "Phúc tra hồ sơ"})
        assert r.status_code == 200 and b"".join(r.streaming_content).startswith(b"%PDF-")
        assert "no-store" in r["Cache-Control"] and "attachment" in r["Content-Disposition"]
    assert EvidenceDownload.objects.filter(council__assessment=a).count() == 5
    assert EvidenceDownload.objects.get(by=w.province_staff).reason == "Phúc tra hồ sơ"
    for outsider in (w.neighbour_officer, w.outsider, w.other_district):
        client.force_login(outsider)
        assert client.get(url).status_code == 404
        assert client.post(url, {"reason": "x"}).status_code == 404


def test_no_minutes_no_link_and_not_found(workflow, dossier, client):
    client.force_login(workflow.district)
    html = client.get(reverse("assessments:detail", args=[dossier.pk])).content.decode()
    assert "Biên bản hội đồng đã ký" not in html
    assert client.get(reverse("assessments:minutes_file", args=[dossier.pk])).status_code == 404


def test_minutes_over_the_evidence_limit_are_refused(workflow, dossier, settings, client):
    settings.EVIDENCE_MAX_BYTES = 1024
    big = pdf_bytes(pages=40)
    assert len(big) > 1024
    with pytest.raises(ValidationError, match="Tệp quá lớn"):
        with_minutes(workflow, dossier, big)
    client.force_login(workflow.officer)
    r = client.post(reverse("assessments:council", args=[dossier.pk]), {
        "version": seen(dossier), "meeting_date": "2024-11-08", "conclusion": "Đề nghị công nhận",
        "minutes": SimpleUploadedFile("bb.pdf", big),
        "m-TOTAL_FORMS": 1, "m-INITIAL_FORMS": 0, "m-MIN_NUM_FORMS": 0, "m-MAX_NUM_FORMS": 1000,
        "m-0-name": "Nguyễn Văn A", "m-0-position": "Chủ tịch UBND", "m-0-council_role": "chair"})
    html = r.content.decode()
    assert r.status_code == 400 and "Tệp quá lớn" in html and "hãy sửa lỗi rồi chọn lại" in html
    assert not hasattr(Assessment.objects.get(pk=dossier.pk), "council")


def test_a_refused_council_form_says_the_chosen_file_must_be_chosen_again(workflow, dossier, client):
    client.force_login(workflow.officer)
    r = client.post(reverse("assessments:council", args=[dossier.pk]), {
        "meeting_date": "", "conclusion": "Đề nghị công nhận",
        "minutes": SimpleUploadedFile("bien-ban-ky.pdf", pdf_bytes()),
        "m-TOTAL_FORMS": 1, "m-INITIAL_FORMS": 0, "m-MIN_NUM_FORMS": 0, "m-MAX_NUM_FORMS": 1000})
    html = r.content.decode()
    assert r.status_code == 400
    assert "Tệp “bien-ban-ky.pdf” chưa được lưu" in html and "chọn lại" in html
    assert "Đề nghị công nhận" in html  # what was typed stays


def test_replacing_the_minutes_removes_the_old_file_after_commit(workflow, dossier, django_capture_on_commit_callbacks):
    first = with_minutes(workflow, dossier).minutes.name
    with django_capture_on_commit_callbacks(execute=True):
        second = with_minutes(workflow, dossier).minutes.name
    assert first != second and default_storage.exists(second) and not default_storage.exists(first)


def checklist(html):
    """{part: ok} read from the checklist on the page."""
    return {m[0]: m[1] == "1" for m in re.findall(r'data-part="(\w+)" data-ok="([01])"', html)}


def test_the_district_sees_what_is_missing_before_accepting_or_returning(workflow, dossier, client):
    w, a = workflow, dossier
    services.council_save(by=w.officer, assessment_id=a.pk, seen_version=seen(a),
                          meeting_date=datetime.date(2024, 11, 8),
                          conclusion="Đề nghị công nhận", members=MEMBERS)
    score = a.scores.get(criterion__number=6)
    services.evidence_add(by=w.officer, score_id=score.pk, seen_version=seen(score),
                          upload=SimpleUploadedFile("a.png", png_bytes()))
    services.assessment_submit(by=w.officer, assessment_id=a.pk, seen_version=seen(a))
    client.force_login(w.district)
    html = client.get(reverse("assessments:detail", args=[a.pk])).content.decode()
    assert checklist(html) == {"request": True, "score_sheet": True, "minutes": False, "evidence": False}
    assert "Chưa tải lên biên bản đã ký" in html and "Thiếu 2 thành phần" in html
    others = ", ".join(str(n) for n in range(1, 14) if n != 6)
    assert f"12 tiêu chí chưa có minh chứng: {others}." in html
    assert html.index('id="checklist"') < html.index(reverse("assessments:accept", args=[a.pk]))
    # the chair sees it too; a council member or an appraiser does not act here and sees none
    client.force_login(w.chair)
    assert 'id="checklist"' in client.get(reverse("assessments:detail", args=[a.pk])).content.decode()
    client.force_login(w.appraisers["health"])
    assert 'id="checklist"' not in client.get(reverse("assessments:detail", args=[a.pk])).content.decode()


def test_a_complete_dossier_passes_the_checklist(workflow, dossier, client):
    w, a = workflow, dossier
    with_minutes(w, a)
    for s in a.scores.all():
        services.evidence_add(by=w.officer, score_id=s.pk, seen_version=seen(s),
                              upload=SimpleUploadedFile("a.png", png_bytes()))
    services.assessment_submit(by=w.officer, assessment_id=a.pk, seen_version=seen(a))
    client.force_login(w.district)
    html = client.get(reverse("assessments:detail", args=[a.pk])).content.decode()
    assert set(checklist(html).values()) == {True} and "Đủ thành phần" in html


def test_an_unscored_draft_lists_the_missing_criteria_to_the_commune(workflow, media, client):
    w = workflow
    a = services.assessment_start(by=w.officer, round=w.round, commune=w.units.commune)
    services.scores_save(by=w.officer, assessment_id=a.pk, seen_version=a.version, points={1: 80, 2: 40})
    client.force_login(w.officer)
    html = client.get(reverse("assessments:detail", args=[a.pk])).content.decode()
    assert checklist(html) == {"request": False, "score_sheet": False, "minutes": False, "evidence": False}
    assert "Còn 11 tiêu chí chưa chấm: 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13." in html
    assert "Chưa ghi nhận cuộc họp của Hội đồng." in html


def test_the_checklist_costs_no_query_of_its_own(workflow, dossier, client, django_assert_num_queries):
    """The district's page of a submitted dossier: the council rides on the assessment's query, the
    evidence is the page's own query; the checklist reads only those."""
    w, a = workflow, dossier
    with_minutes(w, a)
    services.assessment_submit(by=w.officer, assessment_id=a.pk, seen_version=seen(a))
    client.force_login(w.district)
    url = reverse("assessments:detail", args=[a.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as q:
        client.get(url)
    tables = [outer_table(s["sql"]) for s in q.captured_queries]
    assert "assessments_council" not in tables
    with django_assert_num_queries(len(q.captured_queries)):
        assert 'id="checklist"' in client.get(url).content.decode()
    assert len(q.captured_queries) == 5
