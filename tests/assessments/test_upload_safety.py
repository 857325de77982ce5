"""Stored files follow their row: a save that fails, even at commit, leaves no file behind; names
with control or bidirectional characters are refused, not rewritten."""

import copy
import datetime
import os

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError

from assessments import services
from assessments.models import Council, Evidence
from tests.factories import seen
from tests.samples import pdf_bytes, png_bytes


def stored(media):
    return sorted(os.path.relpath(os.path.join(d, f), media) for d, _dirs, files in os.walk(media) for f in files)


def ghost_of(user):
    """The same officer as a row that is not in the database: the save fails on its foreign key."""
    ghost = copy.copy(user)
    ghost.pk = ghost.id = 987_654_321
    return ghost


@pytest.mark.django_db(transaction=True)
def test_evidence_failing_at_commit_leaves_no_file(workflow, media):
    w = workflow
    a = services.assessment_start(by=w.officer, round=w.round, commune=w.units.commune)
    score = a.scores.get(criterion__number=6)
    with pytest.raises(IntegrityError):  # the uploader's row does not exist: refused when the row commits
        services.evidence_add(by=ghost_of(w.officer), score_id=score.pk, seen_version=seen(a),
                              upload=SimpleUploadedFile("so-theo-doi.png", png_bytes()))
    assert not Evidence.objects.exists()
    assert stored(media) == []
    ev = services.evidence_add(by=w.officer, score_id=score.pk, seen_version=seen(score),
                               upload=SimpleUploadedFile("a.png", png_bytes()))
    with pytest.raises(IntegrityError):
        services.evidence_replace(by=ghost_of(w.officer), assessment_id=a.pk, seen_version=seen(a),
                                  evidence_id=ev.pk,
                                  upload=SimpleUploadedFile("b.pdf", pdf_bytes()))
    assert stored(media) == [ev.file.name], "the replaced file stays, the new one is gone"


def test_minutes_of_a_failing_council_save_leave_no_file(workflow, media):
    w = workflow
    a = services.assessment_start(by=w.officer, round=w.round, commune=w.units.commune)
    with pytest.raises(IntegrityError):  # a member without a name fails after the minutes were stored
        services.council_save(by=w.officer, assessment_id=a.pk, seen_version=seen(a),
                              meeting_date=datetime.date(2024, 11, 8),
                              conclusion="Đề nghị công nhận", minutes=SimpleUploadedFile("bb.pdf", pdf_bytes()),
                              members=[{"name": None, "position": "Chủ tịch UBND", "council_role": "chair"}])
    assert stored(media) == []
    assert not Council.objects.filter(assessment=a).exclude(minutes="").exists()


@pytest.mark.parametrize("name", ["bien-ban\u202efdp.exe", "anh\x00.png", "tep\u2066an.png", "a\nb.png"])
def test_names_with_control_or_bidirectional_characters_are_refused(workflow, media, name):
    w = workflow
    a = services.assessment_start(by=w.officer, round=w.round, commune=w.units.commune)
    score = a.scores.get(criterion__number=6)
    with pytest.raises(ValidationError, match="ký tự điều khiển hoặc ký tự đảo chiều"):
        services.evidence_add(by=w.officer, score_id=score.pk, seen_version=seen(score),
                              upload=SimpleUploadedFile(name, png_bytes()))
    with pytest.raises(ValidationError, match="ký tự điều khiển hoặc ký tự đảo chiều"):
        services.council_save(by=w.officer, assessment_id=a.pk, seen_version=seen(a),
                              meeting_date=datetime.date(2024, 11, 8),
                              conclusion="Đề nghị công nhận", members=[],
                              minutes=SimpleUploadedFile(name.replace(".png", ".pdf"), pdf_bytes()))
    assert stored(media) == [] and not Evidence.objects.exists()
    kept = services.evidence_add(by=w.officer, score_id=score.pk, seen_version=seen(score),
                                 upload=SimpleUploadedFile("Sổ theo dõi trẻ em 2024.png", png_bytes()))
    assert kept.original_name == "Sổ theo dõi trẻ em 2024.png"
