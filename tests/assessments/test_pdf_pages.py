"""A PDF's pages are counted from its page tree's root, not by walking the tree: a small file listing
100,000 pages (7–10 s of a worker when pypdf listed them) is refused at once, and nothing is stored."""

import io
import time

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from assessments import services
from assessments.models import Council, Evidence
from core.uploads import MAX_PDF_PAGES, PDF, opens_as
from tests.factories import seen
from tests.samples import pdf_bytes


def pages_pdf(n):
    """A valid PDF whose page tree lists ``n`` pages (one page object, referenced ``n`` times)."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Count %d /Kids [" % n + b"3 0 R " * n + b"] >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"]
    out, offsets = io.BytesIO(b"%PDF-1.4\n"), []
    out.seek(0, io.SEEK_END)
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.write(b"".join(b"%010d 00000 n \n" % offset for offset in offsets))
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def test_a_pdf_of_100000_pages_is_refused_in_well_under_a_second():
    upload = io.BytesIO(pages_pdf(100_000))
    started = time.monotonic()
    with pytest.raises(ValidationError, match="quá nhiều trang \\(100.000\\): tối đa 2.000 trang"):
        opens_as(upload, PDF)
    assert time.monotonic() - started < 1


def test_pdfs_up_to_the_bound_open():
    assert opens_as(io.BytesIO(pages_pdf(MAX_PDF_PAGES)), PDF)
    assert opens_as(io.BytesIO(pdf_bytes(3)), PDF)
    assert not opens_as(io.BytesIO(pages_pdf(0)), PDF)


def test_the_evidence_and_the_minutes_are_refused_and_nothing_is_stored(workflow, media):
    w = workflow
    a = services.assessment_start(by=w.officer, round=w.round, commune=w.units.commune)
    with pytest.raises(ValidationError, match="quá nhiều trang"):
        services.evidence_add(by=w.officer, score_id=a.scores.get(criterion__number=6).pk, seen_version=seen(a),
                              upload=SimpleUploadedFile("so-theo-doi.pdf", pages_pdf(100_000)))
    with pytest.raises(ValidationError, match="quá nhiều trang"):
        services.council_save(by=w.officer, assessment_id=a.pk, seen_version=seen(a), meeting_date=w.round.period_end,
                              conclusion="Đề nghị công nhận", members=[],
                              minutes=SimpleUploadedFile("bien-ban.pdf", pages_pdf(100_000)))
    assert not Evidence.objects.exists() and not Council.objects.exists()
    assert not any(media.rglob("*.pdf"))
