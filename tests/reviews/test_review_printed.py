"""A period review's exports as pages to look at (issue 22: every export printed): the Excel and the Word copies
of seed 004's district part through LibreOffice, its PDF rendered page by page, all kept under
test-artifacts/print/<database>/ (tests/printed.py); the letterhead and the motto head page one of each, and
every sheet of the workbook starts a page of its own with them."""

import datetime

import pytest
from django.urls import reverse

from tests.printed import pdf_pages, printed_pages, words
from tests.reviews.test_review_seed_004 import _write_and_send, kon_tum, seed  # noqa: F401  (seed 004's fixtures)

pytestmark = pytest.mark.django_db
MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"


def test_the_district_part_prints_as_pages_in_every_format(seed, client):  # noqa: F811
    r, office, _officers, staff, district, _communes = seed
    own = _write_and_send(r.parts.get(unit=district), office, datetime.date(2020, 11, 24))
    client.force_login(staff)

    def export(view):
        response = client.get(reverse(view, args=[own.pk]))
        assert response.status_code == 200, view
        return response.content

    sheets = [words(p) for p in printed_pages(export("reviews:part_xlsx"), "tong-ket-excel")]
    headed = [p for p in sheets if MOTTO in p]
    assert len(headed) == 4 and all("ỦY BAN NHÂN DÂN" in p for p in headed)  # one per sheet
    assert all("Trang " in p for p in sheets)
    word = [words(p) for p in printed_pages(export("reviews:part_docx"), "tong-ket-word", suffix="docx")]
    assert MOTTO in word[0] and "BÁO CÁO" in word[0]
    pdf = [words(p) for p in pdf_pages(export("reviews:part_pdf"), "tong-ket-pdf")]
    assert MOTTO in pdf[0] and "BÁO CÁO" in pdf[0]
