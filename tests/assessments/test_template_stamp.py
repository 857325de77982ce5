"""The template's download stamp (column B of "Tải mẫu lúc") is signed: an edited time, a bare time or another round's
stamp is refused, so a stale file cannot be made to look fresh."""

import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from assessments import excel
from tests.factories import CommuneFactory, RoundFactory

STAMP_REFUSED = "không đọc được thời điểm tải mẫu"


def _with_b5(content, value):
    wb = load_workbook(io.BytesIO(content))
    wb.active.cell(*excel.STAMP_CELL).value = value
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _problems(r, content):
    result = excel.parse_upload(SimpleUploadedFile("diem.xlsx", content), round=r, user=r.opened_by)
    return [p.message for p in result.problems]


def test_the_stamp_is_signed_and_checked(db):
    r = RoundFactory()
    CommuneFactory(parent=r.province)
    content = excel.build_template(round=r, communes=excel.template_communes(r, r.province))
    stamp = load_workbook(io.BytesIO(content)).active.cell(*excel.STAMP_CELL).value
    assert stamp.startswith(f"{r.pk}|") and not any(STAMP_REFUSED in m for m in _problems(r, content))

    later = (datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=365)).isoformat()
    forged = stamp.replace(stamp.split("|", 1)[1].rsplit(":", 1)[0], later)
    for value in (later, forged, stamp + "x"):
        assert any(STAMP_REFUSED in m for m in _problems(r, _with_b5(content, value))), value

    other = RoundFactory(province=r.province, year=2025)
    assert any("không phải mẫu của đợt đánh giá" in m for m in _problems(other, content))
    other_stamp = _with_b5(content, stamp.replace(f"{r.pk}|", f"{other.pk}|", 1))  # the signature breaks
    assert any(STAMP_REFUSED in m for m in _problems(r, other_stamp))
