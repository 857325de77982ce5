"""Several evidence files at once (issue 22): one <input type=file multiple>; each file is checked and
stored, or refused with its own message naming it, the others going on; the page's script sends them one at
a time and reads each one's outcome as JSON."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from assessments import services
from assessments.models import Evidence
from tests.factories import seen
from tests.samples import pdf_bytes, png_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(workflow, media):
    a = services.assessment_start(by=workflow.officer, round=workflow.round, commune=workflow.units.commune)
    return a, a.scores.get(criterion__number=6)


def officer_client(workflow):
    c = Client()
    c.force_login(workflow.officer)
    return c


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


def test_several_files_are_stored_and_a_bad_one_is_refused_by_name(workflow, draft):
    a, score = draft
    files = [SimpleUploadedFile("bien-ban-1.pdf", pdf_bytes()), SimpleUploadedFile("ghi-chu.txt", b"chu thuong"),
             SimpleUploadedFile("so-theo-doi.png", png_bytes()), SimpleUploadedFile("bien-ban-2.pdf", pdf_bytes(2))]
    r = officer_client(workflow).post(reverse("assessments:evidence_upload", args=[a.pk, score.pk]),
                                      {"version": seen(a), "file": files}, follow=True)
    said = messages_of(r)
    assert said == ["Đã tải lên minh chứng “bien-ban-1.pdf” cho tiêu chí 6.",
                    "Chưa tải lên “ghi-chu.txt”: Chỉ nhận tệp PDF, JPEG hoặc PNG (kiểm tra theo nội dung tệp).",
                    "Đã tải lên minh chứng “so-theo-doi.png” cho tiêu chí 6.",
                    "Đã tải lên minh chứng “bien-ban-2.pdf” cho tiêu chí 6."]
    assert sorted(Evidence.objects.filter(score=score).values_list("original_name", flat=True)) == [
        "bien-ban-1.pdf", "bien-ban-2.pdf", "so-theo-doi.png"]
    html = r.content.decode()
    assert 'name="file" id="evidence-file" accept=".pdf,.jpg,.jpeg,.png" multiple required' in html
    assert "js/evidence.js" in html


def test_the_scripts_request_gets_each_files_outcome_as_json(workflow, draft):
    a, score = draft
    c, url = officer_client(workflow), reverse("assessments:evidence_upload", args=[a.pk, score.pk])
    r = c.post(url, {"version": seen(a), "file": SimpleUploadedFile("a.pdf", pdf_bytes())},
               headers={"Accept": "application/json"})
    assert r.status_code == 200 and r.json() == {"files": [
        {"name": "a.pdf", "ok": True, "message": "Đã tải lên minh chứng “a.pdf” cho tiêu chí 6."}]}
    r = c.post(url, {"version": seen(a), "file": SimpleUploadedFile("trong.pdf", b"")},
               headers={"Accept": "application/json"})
    assert r.status_code == 400 and r.json()["files"][0]["message"].startswith("Chưa tải lên “trong.pdf”: Tệp rỗng")
    # the messages wait for the page the script loads next
    assert [str(m) for m in c.get(reverse("assessments:detail", args=[a.pk])).context["messages"]][-1].startswith(
        "Chưa tải lên “trong.pdf”")
    assert Evidence.objects.filter(score=score).count() == 1


def test_a_stale_page_refuses_every_file(workflow, draft):
    a, score = draft
    r = officer_client(workflow).post(
        reverse("assessments:evidence_upload", args=[a.pk, score.pk]),
        {"version": seen(a) - 1, "file": [SimpleUploadedFile("a.pdf", pdf_bytes()),
                                          SimpleUploadedFile("b.pdf", pdf_bytes())]}, follow=True)
    said = messages_of(r)
    assert len(said) == 2 and all(m.startswith("Chưa tải lên “") for m in said)
    assert not Evidence.objects.exists()
