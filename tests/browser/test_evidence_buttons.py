"""In Chromium: the buttons on the dossier's evidence list replace and delete a file (their forms sit
outside the score form and are reached through the form= attribute, which only a browser resolves)."""

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from playwright.sync_api import expect

from assessments import services
from assessments.models import Evidence
from tests.factories import seen
from tests.pages import log_in, save
from tests.samples import pdf_bytes, png_bytes

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)  # the file goes after commit: the test must see real commits
def test_replace_then_delete_from_the_evidence_list(page, live_server, workflow, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    w = workflow
    a = services.assessment_start(by=w.officer, round=w.round, commune=w.units.commune)
    score = a.scores.get(criterion__number=6)
    ev = services.evidence_add(by=w.officer, score_id=score.pk, seen_version=seen(score),
                               upload=SimpleUploadedFile("so-theo-doi.png", png_bytes()))
    old_path = ev.file.name
    pdf = tmp_path / "bien-ban-kiem-tra.pdf"
    pdf.write_bytes(pdf_bytes())

    log_in(page, live_server, w.officer)
    page.goto(live_server.url + reverse("assessments:detail", args=[a.pk]))
    item = page.locator(f".evidence-item[data-evidence='{ev.pk}']")
    item.locator("summary").click()
    item.locator("input[type=file]").set_input_files(str(pdf))
    save(page, item.locator("button:has-text('Thay')"), shows="Đã thay tệp minh chứng")
    ev.refresh_from_db()
    assert ev.original_name == "bien-ban-kiem-tra.pdf" and ev.content_type == "application/pdf"
    assert not default_storage.exists(old_path) and default_storage.exists(ev.file.name)

    save(page, f".evidence-item[data-evidence='{ev.pk}'] button[form='ev-del-{ev.pk}']",
         shows="Đã xóa minh chứng “bien-ban-kiem-tra.pdf”")
    assert not Evidence.objects.filter(pk=ev.pk).exists() and not default_storage.exists(ev.file.name)
    expect(page.locator(".evidence-item")).to_have_count(0)
