"""The dossier's history as people read it (issue 22): points with a decimal comma, an evidence file or the
signed minutes replaced (and removed at the end of retention) named as such."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assessments import retention, services
from assessments.selectors import audit_trail
from tests.assessments.conftest import full_points
from tests.factories import agree_the_rest, seen, versions
from tests.samples import pdf_bytes, png_bytes

pytestmark = pytest.mark.django_db


def council(w, a, name):
    return services.council_save(by=w.officer, assessment_id=a.pk, seen_version=seen(a),
                                 meeting_date=datetime.date(2024, 11, 8), conclusion="Đề nghị công nhận", members=[],
                                 minutes=SimpleUploadedFile(name, pdf_bytes()) if name else None)


def test_points_replacements_and_minutes_are_in_the_dossiers_history(workflow, media, client):
    w = workflow
    a = services.assessment_start(by=w.officer, round=w.round, commune=w.units.commune)
    services.scores_save(by=w.officer, assessment_id=a.pk, seen_version=seen(a), points={1: "80,5"})
    services.scores_save(by=w.officer, assessment_id=a.pk, seen_version=seen(a), points={1: "90"})
    score = a.scores.get(criterion__number=6)
    ev = services.evidence_add(by=w.officer, score_id=score.pk, seen_version=seen(a),
                               upload=SimpleUploadedFile("so-cu.png", png_bytes()))
    services.evidence_replace(by=w.officer, assessment_id=a.pk, seen_version=seen(a), evidence_id=ev.pk,
                              upload=SimpleUploadedFile("so-moi.pdf", pdf_bytes()))
    council(w, a, None)  # the meeting without its minutes: no line about minutes
    council(w, a, "bien-ban.pdf")
    council(w, a, "bien-ban-ky-lai.pdf")
    council(w, a, None)  # the meeting edited again, the minutes kept: no new line
    lines = [line["what"] for line in audit_trail(a)]
    assert lines[:5] == ["thay biên bản họp Hội đồng đã ký", "tải lên biên bản họp Hội đồng đã ký",
                         "Tiêu chí 6: thay minh chứng “so-cu.png” bằng tệp “so-moi.pdf”",
                         "Tiêu chí 6: tải lên minh chứng “so-cu.png”",
                         "Tiêu chí 1: điểm tự đánh giá 80,5 → 90"]
    assert lines[5] == "Tiêu chí 1: điểm tự đánh giá — → 80,5"
    client.force_login(w.officer)
    page = client.get(reverse("assessments:history", args=[a.pk])).content.decode()
    assert "thay minh chứng “so-cu.png” bằng tệp “so-moi.pdf”" in page and "80,5 → 90" in page
    assert "80.5" not in page


def test_files_removed_at_the_end_of_retention_are_named_so(workflow, media):
    w = workflow
    a = services.assessment_start(by=w.officer, round=w.round, commune=w.units.commune)
    services.scores_save(by=w.officer, assessment_id=a.pk, seen_version=seen(a), points=full_points(w.standard))
    services.evidence_add(by=w.officer, score_id=a.scores.get(criterion__number=6).pk, seen_version=seen(a),
                          upload=SimpleUploadedFile("so.png", png_bytes()))
    council(w, a, "bien-ban.pdf")
    services.assessment_submit(by=w.officer, assessment_id=a.pk, seen_version=seen(a))
    services.assessment_accept(by=w.district, assessment_id=a.pk, seen_version=seen(a))
    agree_the_rest(a, w.appraisers)
    services.assessment_complete_appraisal(by=w.district, assessment_id=a.pk, seen_version=seen(a))
    d = services.decision_issue(by=w.chair, round=w.round, issuer=w.chair.unit, outcomes={a.pk: (True, "")},
                                number="12/QĐ-UBND", signed_on=datetime.date(2024, 12, 20),
                                signer_name="Nguyễn Văn A", signer_title="Chủ tịch", seen_versions=versions(a))
    assert len(retention.purge(10, today=d.signed_on.replace(year=2035))) == 2
    assert {line["what"] for line in audit_trail(a)[:2]} == {
        "biên bản họp Hội đồng đã ký được xóa theo thời hạn lưu trữ",
        "Tiêu chí 6: tệp minh chứng “so.png” được xóa theo thời hạn lưu trữ"}
