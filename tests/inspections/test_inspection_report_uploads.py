"""Inspection report files are checked by content like evidence: a PDF that opens, a real Word
document (not any ZIP); the stored name carries the real type's extension; names with control or
bidirectional characters are refused; a save that fails leaves no file."""

import copy
import io
import os
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError

from inspections import services
from inspections.models import UnitReport
from tests.factories import plan_seen
from tests.samples import pdf_bytes

DOCX_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    'content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.document.main+xml"/></Types>')


def docx_bytes():
    """A minimal Word package: its content types and word/document.xml."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", DOCX_CONTENT_TYPES)
        z.writestr("word/document.xml", '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/'
                                        '2006/main"><w:body><w:p><w:r><w:t>Báo cáo</w:t></w:r></w:p></w:body>'
                                        '</w:document>')
    return out.getvalue()


def zip_bytes():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", DOCX_CONTENT_TYPES)
        z.writestr("payload.html", "<script>alert(1)</script>")
    return out.getvalue()


@pytest.fixture
def approved(plan, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    services.inspection_transition(by=world.users.planner, plan_id=plan.pk, seen_version=plan_seen(plan), to="approved")
    return plan


def submit(plan, world, upload, by=None):
    return services.inspection_submit_report(by=by or world.users.commune, plan_id=plan.pk, unit=world.vo_lao,
                                             seen_version=plan_seen(plan.pk),
                                             answers={}, upload=upload)


def stored(root):
    return [f for _d, _s, files in os.walk(root) for f in files]


@pytest.mark.parametrize(("name", "content", "extension"), [
    ("bao-cao.pdf", pdf_bytes, ".pdf"), ("bao-cao.docx", docx_bytes, ".docx"),
    ("bao-cao.exe", pdf_bytes, ".pdf"), ("bao-cao.pdf", docx_bytes, ".docx")])
def test_the_stored_name_carries_the_real_type(approved, world, name, content, extension):
    report = submit(approved, world, SimpleUploadedFile(name, content()))
    assert report.file.name.endswith(extension) and report.token in report.file.name


@pytest.mark.parametrize(("content", "message"), [
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj broken", "không mở được như một tệp PDF"),
    (zip_bytes(), "không mở được như một tệp DOCX"),
    (b"<html>bao cao</html>", "PDF hoặc Word")])
def test_a_file_that_does_not_open_as_its_type_is_refused(approved, world, tmp_path, content, message):
    with pytest.raises(ValidationError, match=message):
        submit(approved, world, SimpleUploadedFile("bao-cao.pdf", content))
    assert not UnitReport.objects.exists() and stored(tmp_path) == []


def test_a_name_with_a_bidirectional_override_is_refused(approved, world, tmp_path):
    with pytest.raises(ValidationError, match="ký tự đảo chiều"):
        submit(approved, world, SimpleUploadedFile("bao-cao\u202excod.exe", docx_bytes()))
    assert stored(tmp_path) == []


@pytest.mark.django_db(transaction=True)
def test_a_save_failing_at_commit_leaves_no_file_and_keeps_the_previous_one(approved, world, tmp_path):
    first = submit(approved, world, SimpleUploadedFile("bao-cao.pdf", pdf_bytes()))
    ghost = copy.copy(world.users.commune)
    ghost.pk = ghost.id = 987_654_321  # the row names a user that is not there: refused when it commits
    with pytest.raises(IntegrityError):
        submit(approved, world, SimpleUploadedFile("moi.docx", docx_bytes()), by=ghost)
    assert stored(tmp_path) == [os.path.basename(first.file.name)]
    assert UnitReport.objects.get().file.name == first.file.name
