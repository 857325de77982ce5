"""Bad evidence uploads: the type is read from the content (never the name), size is capped,
hostile file names never reach the disk, and a refusal leaves no row and no file behind."""

import unicodedata
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assessments import services
from assessments.models import Evidence
from tests.assessments.conftest import scored_and_submitted
from tests.factories import seen
from tests.reliability.conftest import page_messages, post, sign_in, snapshot
from tests.samples import pdf_bytes, png_bytes

pytestmark = pytest.mark.django_db

ONLY_PDF_JPEG_PNG = "Chỉ nhận tệp PDF, JPEG hoặc PNG (kiểm tra theo nội dung tệp)."
BROKEN = "không mở được"


@pytest.fixture
def draft(workflow, media):
    a = services.assessment_start(by=workflow.officer, round=workflow.round, commune=workflow.units.commune)
    return a, a.scores.get(criterion__number=6)


def upload_url(a, score):
    return reverse("assessments:evidence_upload", args=[a.pk, score.pk])


DISGUISED = {
    "html page named .pdf": (b"<!doctype html><script>alert(document.cookie)</script>", "bien-ban.pdf", ONLY_PDF_JPEG_PNG),  # noqa: E501
    "svg with a script named .png": (b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "anh.png",
                                     ONLY_PDF_JPEG_PNG),
    "windows program named .jpg": (b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + bytes(200), "anh.jpg", ONLY_PDF_JPEG_PNG),
    "zip (an .xlsx or .docx) named .pdf": (b"PK\x03\x04\x14\x00\x06\x00" + bytes(100), "bao-cao.pdf",
                                           ONLY_PDF_JPEG_PNG),
    "gif named .png": (b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "anh.png", ONLY_PDF_JPEG_PNG),
    "shell script named .pdf": (b"#!/bin/sh\nrm -rf /\n", "x.pdf", ONLY_PDF_JPEG_PNG),
    "empty file": (b"", "trong.pdf", "Chưa tải lên “trong.pdf”: Tệp rỗng (0 byte)"),
    "html behind a pdf header": (b"%PDF-1.7\n<html><script>alert(1)</script></html>", "bien-ban.pdf", BROKEN),
    "html behind a png signature": (b"\x89PNG\r\n\x1a\n<html><script>alert(1)</script>", "anh.png", BROKEN),
    "truncated pdf": (pdf_bytes()[:200], "bien-ban.pdf", BROKEN),
    "truncated png": (png_bytes()[:30], "anh.png", BROKEN),
}


@pytest.mark.parametrize("content, name, message", DISGUISED.values(), ids=DISGUISED.keys())
def test_a_file_that_is_not_what_it_claims_is_refused_with_nothing_stored(workflow, draft, content, name, message):
    a, score = draft
    c = sign_in(workflow.officer)
    before = snapshot()
    r = post(c, upload_url(a, score), {"version": seen(a), "file": SimpleUploadedFile(name, content)}, follow=True)
    assert any(message in m for m in page_messages(r)), page_messages(r)
    assert snapshot() == before  # no row, no history, no file on disk


@pytest.mark.parametrize("content, name, content_type", [
    (pdf_bytes(), "bien-ban.png", "application/pdf"),
    (png_bytes(), "anh-san-choi.pdf", "image/png"),
    (png_bytes(), "khong-duoi", "image/png"),
])
def test_the_type_comes_from_the_content_not_the_name(workflow, draft, content, name, content_type):
    a, score = draft
    r = post(sign_in(workflow.officer), upload_url(a, score), {"version": seen(a),
                                                               "file": SimpleUploadedFile(name, content)},
             follow=True)
    assert f"Đã tải lên minh chứng “{name}” cho tiêu chí 6." in page_messages(r)
    ev = Evidence.objects.get(score=score)
    assert (ev.content_type, ev.original_name, ev.size) == (content_type, name, len(content))


def test_a_file_over_the_limit_is_refused(workflow, draft, settings):
    a, score = draft
    c = sign_in(workflow.officer)
    before = snapshot()
    too_big = pdf_bytes() + b"%" + bytes(settings.EVIDENCE_MAX_BYTES)  # a real PDF padded past 10 MB
    r = post(c, upload_url(a, score), {"version": seen(a),
                                       "file": SimpleUploadedFile("quet.pdf", too_big)}, follow=True)
    assert any("Tệp quá lớn" in m and "tối đa 10 MB" in m for m in page_messages(r)), page_messages(r)
    assert snapshot() == before


def test_the_limit_is_exact(workflow, draft, settings):
    a, score = draft
    settings.EVIDENCE_MAX_BYTES = len(pdf_bytes())
    services.evidence_add(by=workflow.officer, score_id=score.pk, seen_version=seen(score),
                          upload=SimpleUploadedFile("a.pdf", pdf_bytes()))
    with pytest.raises(ValidationError, match="Tệp quá lớn"):
        services.evidence_add(by=workflow.officer, score_id=score.pk, seen_version=seen(score),
                              upload=SimpleUploadedFile("b.pdf", pdf_bytes() + b"\n"))
    assert Evidence.objects.filter(score=score).count() == 1


HOSTILE_NAMES = [
    "../../../../etc/passwd.pdf",
    "..\\..\\..\\Windows\\win.ini.pdf",
    "/var/lib/postgresql/data/x.pdf",
    "C:\\Users\\Public\\bien-ban.pdf",
    "bien\x00ban.pdf",
    "bien-ban.pdf\r\nContent-Type: text/html",
    "\x1b[31mdo\x1b[0m.pdf",
    "\u202efdp.exe",  # right-to-left override: shows as "exe.pdf"
    "a" * 5000 + ".pdf",
    "..",
    "",
    "Biên bản họp Hội đồng (lần 2) – 08/11/2024.pdf",
]


@pytest.mark.parametrize("name", HOSTILE_NAMES, ids=range(len(HOSTILE_NAMES)))
def test_a_hostile_name_is_stored_under_a_random_token_and_sanitised(workflow, draft, media, name):
    """The name exactly as sent: Django's own clean-up of upload names is bypassed on purpose, so this
    proves the service's defence by itself (an import or an API may hand it a raw name one day)."""
    a, score = draft
    upload = SimpleUploadedFile("x.pdf", pdf_bytes())
    upload.__dict__["_name"] = name
    assert upload.name == name
    base = name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") for ch in base):
        # a control or bidirectional character in the name is refused, never rewritten (682d1f7)
        with pytest.raises(ValidationError, match="ký tự điều khiển hoặc ký tự đảo chiều"):
            services.evidence_add(by=workflow.officer, score_id=score.pk, seen_version=seen(score), upload=upload)
        assert not Evidence.objects.exists() and not [p for p in media.rglob("*") if p.is_file()]
        return
    ev = services.evidence_add(by=workflow.officer, score_id=score.pk, seen_version=seen(score), upload=upload)
    stored = Path(ev.file.path).resolve()
    assert ev.file.name == f"evidence/{a.pk}/{ev.token}" and len(ev.token) >= 32
    assert stored.is_relative_to(media.resolve()) and stored.read_bytes() == pdf_bytes()
    assert [p for p in media.rglob("*") if p.is_file()] == [stored]  # nothing written anywhere else
    shown = ev.original_name
    assert 0 < len(shown) <= 200 and "/" not in shown and "\\" not in shown
    assert not any(unicodedata.category(ch).startswith("C") for ch in shown), repr(shown)

    # the download gives the bytes back under a harmless name, with no header injection
    r = sign_in(workflow.officer).get(reverse("assessments:evidence", args=[ev.token]))
    disposition = r["Content-Disposition"]
    assert r.status_code == 200 and b"".join(r.streaming_content) == pdf_bytes()
    assert disposition.startswith("attachment;") and "\r" not in disposition and "\n" not in disposition
    assert "/" not in disposition.split("filename", 1)[1] and "no-store" in r["Cache-Control"]


def test_hostile_names_through_the_real_upload_form(workflow, draft, media):
    """The multipart parser and the service together: every file lands under its token."""
    a, score = draft
    c = sign_in(workflow.officer)
    for name in HOSTILE_NAMES[:8]:
        r = post(c, upload_url(a, score), {"version": seen(a),
                                           "file": SimpleUploadedFile(name, pdf_bytes())}, follow=True)
        assert any(m.startswith("Đã tải lên minh chứng “") for m in page_messages(r)), (name, page_messages(r))
    files = sorted(p.relative_to(media).as_posix() for p in media.rglob("*") if p.is_file())
    assert files == sorted(f"evidence/{a.pk}/{t}" for t in Evidence.objects.values_list("token", flat=True))
    assert len(set(files)) == 8  # the same name twice never overwrites


def test_evidence_is_refused_after_submission_and_outside_the_users_scope(workflow, media):
    w = workflow
    a = scored_and_submitted(w)
    score = a.scores.get(criterion__number=6)
    before = snapshot()
    r = post(sign_in(w.officer), upload_url(a, score), {"version": seen(a),
                                                        "file": SimpleUploadedFile("a.pdf", pdf_bytes())},
             follow=True)
    assert "Chưa tải lên “a.pdf”: Hồ sơ đã nộp: không thể thêm minh chứng." in page_messages(r)
    for stranger in (w.neighbour_officer, w.outsider):
        r = post(sign_in(stranger), upload_url(a, score), {"version": seen(a),
                                                           "file": SimpleUploadedFile("a.pdf", pdf_bytes())})
        assert r.status_code == 404
    assert snapshot() == before


def test_a_score_of_another_assessment_in_the_url_is_not_found(workflow, draft):
    w = workflow
    a, _score = draft
    other = services.assessment_start(by=w.neighbour_officer, round=w.round, commune=w.units.neighbour)
    foreign = other.scores.get(criterion__number=6)
    before = snapshot()
    r = post(sign_in(w.officer), upload_url(a, foreign), {"version": seen(a),
                                                          "file": SimpleUploadedFile("a.pdf", pdf_bytes())})
    assert r.status_code == 404 and snapshot() == before


def test_no_file_and_a_get_are_refused(workflow, draft):
    a, score = draft
    c = sign_in(workflow.officer)
    r = post(c, upload_url(a, score), {"version": seen(a)}, follow=True)
    assert "Hãy chọn một tệp minh chứng." in page_messages(r)
    assert c.get(upload_url(a, score)).status_code == 405
    assert not Evidence.objects.exists()
