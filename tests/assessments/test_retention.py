"""The end of a file's retention (manage.py purge_evidence, assessments.retention): the files of a
decided dossier past retention go through the storage, the rows stay with the file's name and the
day it went, a dry run changes nothing, drafts and recent decisions are never touched, and the page
and the download say the file was removed at the end of its retention."""

import datetime
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from assessments import services
from assessments.models import Assessment, Council, Evidence, EvidenceDownload
from tests.factories import advance, seen
from tests.samples import pdf_bytes, png_bytes


@pytest.fixture
def dossiers(workflow, media):
    """Văn Bàn's commune recognised in the 2024 round (decision signed 5/12/2024) with an evidence
    file and signed minutes, and the neighbour's draft with an evidence file."""
    w = workflow
    a = services.assessment_start(by=w.officer, round=w.round, commune=w.units.commune)
    # started before Văn Bàn decides the round (a decided round takes no new dossier)
    draft = services.assessment_start(by=w.neighbour_officer, round=w.round, commune=w.units.neighbour)
    ev = services.evidence_add(by=w.officer, score_id=a.scores.get(criterion__number=6).pk, seen_version=seen(a),
                               upload=SimpleUploadedFile("so-theo-doi-tre-em.png", png_bytes()))
    a = advance(a, Assessment.Status.RECOGNISED, officer=w.officer, recogniser=w.district, decider=w.chair,
                appraisers=w.appraisers)
    assert a.status == Assessment.Status.RECOGNISED and a.decision.signed_on == datetime.date(2024, 12, 5)
    council = Council.objects.get(assessment=a)
    council.minutes.save("bien-ban.pdf", ContentFile(pdf_bytes()))
    kept = services.evidence_add(by=w.neighbour_officer, score_id=draft.scores.get(criterion__number=6).pk,
                                 seen_version=seen(draft),
                                 upload=SimpleUploadedFile("ban-nhap.png", png_bytes()))
    return a, Evidence.objects.get(pk=ev.pk), Council.objects.get(pk=council.pk), kept


def run(*args):
    out = StringIO()
    call_command("purge_evidence", *args, stdout=out)
    return out.getvalue()


def test_a_dry_run_lists_and_changes_nothing(dossiers):
    a, ev, council, kept = dossiers
    out = run("--older-than", "1", "--dry-run")
    assert "Sẽ xóa: minh chứng “so-theo-doi-tre-em.png”" in out
    assert f"biên bản hội đồng đã ký – hồ sơ {a.pk}" in out
    assert "Sẽ xóa 1 tệp minh chứng và 1 biên bản" in out and "chạy thử" in out
    assert "ban-nhap.png" not in out
    ev.refresh_from_db()
    council.refresh_from_db()
    assert ev.purged_on is None and default_storage.exists(ev.file.name)
    assert council.minutes_purged_on is None and default_storage.exists(council.minutes.name)


def test_a_run_removes_the_old_decided_files_only_and_keeps_the_rows(dossiers, caplog):
    a, ev, council, kept = dossiers
    ev_path, minutes_path = ev.file.name, council.minutes.name
    assert "Đã xóa 0 tệp minh chứng và 0 biên bản" in run("--older-than", "10")  # a recent decision stays
    assert default_storage.exists(ev_path) and default_storage.exists(minutes_path)

    with caplog.at_level("INFO", logger="assessments.retention"):
        out = run("--older-than", "1")
    assert "Đã xóa 1 tệp minh chứng và 1 biên bản" in out
    assert not default_storage.exists(ev_path) and not default_storage.exists(minutes_path)
    ev.refresh_from_db()
    council.refresh_from_db()
    assert ev.purged_on == timezone.localdate() and ev.original_name == "so-theo-doi-tre-em.png" and not ev.file
    assert council.minutes_purged_on == timezone.localdate() and not council.minutes
    assert any("so-theo-doi-tre-em.png" in r.getMessage() for r in caplog.records)
    assert any(minutes_path in r.getMessage() for r in caplog.records)
    # the draft's file is never touched, and a second run finds nothing more
    kept.refresh_from_db()
    assert kept.purged_on is None and default_storage.exists(kept.file.name)
    assert "Đã xóa 0 tệp minh chứng và 0 biên bản" in run("--older-than", "1")


def test_the_page_says_the_file_was_removed_and_the_downloads_answer_410(client, workflow, dossiers):
    a, ev, council, kept = dossiers
    run("--older-than", "1")
    client.force_login(workflow.district)
    page = client.get(reverse("assessments:detail", args=[a.pk])).content.decode()
    assert "so-theo-doi-tre-em.png (đã xóa theo thời hạn lưu trữ" in page
    assert reverse("assessments:evidence", args=[ev.token]) not in page
    assert "Biên bản hội đồng đã ký: đã xóa theo thời hạn lưu trữ" in page
    before = EvidenceDownload.objects.count()
    for url in (reverse("assessments:evidence", args=[ev.token]), reverse("assessments:minutes_file", args=[a.pk])):
        r = client.get(url)
        assert r.status_code == 410
        assert "đã được xóa" in r.content.decode() and "hết thời hạn lưu trữ" in r.content.decode()
    assert EvidenceDownload.objects.count() == before  # nothing was read
