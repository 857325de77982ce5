"""In Chromium: the buttons on the dossier's evidence list replace and delete a file (their forms sit
outside the score form and are reached through the form= attribute, which only a browser resolves)."""

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assessments import services
from assessments.models import Evidence
from tests.pages import log_in
from tests.samples import pdf_bytes, png_bytes

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)  # the file goes after commit: the test must see real commits
def test_replace_then_delete_from_the_evidence_list(page, live_server, workflow, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    w = workflow
    a = services.assessment_start(by=w.officer, round=w.round, commune=w.units.commune)
    score = a.scores.get(criterion__number=6)
    ev = services.evidence_add(by=w.officer, score_id=score.pk,
                               upload=SimpleUploadedFile("so-theo-doi.png", png_bytes()))
    old_path = ev.file.name
    pdf = tmp_path / "bien-ban-kiem-tra.pdf"
    pdf.write_bytes(pdf_bytes())

    log_in(page, live_server, w.officer)
    page.goto(live_server.url + reverse("assessments:detail", args=[a.pk]))
    item = page.locator(f".evidence-item[data-evidence='{ev.pk}']")
    item.locator("summary").click()
    item.locator("input[type=file]").set_input_files(str(pdf))
    with page.expect_navigation():
        item.locator("button:has-text('Thay')").click()
    assert "Đã thay tệp minh chứng" in page.inner_text("body")
    ev.refresh_from_db()
    assert ev.original_name == "bien-ban-kiem-tra.pdf" and ev.content_type == "application/pdf"
    assert not default_storage.exists(old_path) and default_storage.exists(ev.file.name)

    with page.expect_navigation():
        page.locator(f".evidence-item[data-evidence='{ev.pk}'] button[form='ev-del-{ev.pk}']").click()
    assert "Đã xóa minh chứng “bien-ban-kiem-tra.pdf”" in page.inner_text("body")
    assert not Evidence.objects.filter(pk=ev.pk).exists() and not default_storage.exists(ev.file.name)
    assert page.locator(".evidence-item").count() == 0
