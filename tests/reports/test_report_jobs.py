"""Exports off the request: the job row, its status page, the download (tasks run by the immediate backend;
the queue with real workers is tests/reports/test_export_queue.py)."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from reports import jobs
from reports.models import ExportJob, Target

EXPORT = reverse("reports:export")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _export(client, django_capture_on_commit_callbacks, user, fmt, query="year=2024", **fields):
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(f"{EXPORT}?{query}", {"format": fmt, **fields})
    assert r.status_code == 302
    return ExportJob.objects.get(user=user, format=fmt)


def test_excel_export_through_the_status_page(client, world, cast, django_capture_on_commit_callbacks):
    job = _export(client, django_capture_on_commit_callbacks, cast.provincial, "xlsx")
    assert (job.status, job.progress, job.params["unit"], job.params["year"]) == ("done", 100, world.nt.pk, 2024)
    status = client.get(reverse("reports:export_status", args=[job.token]))
    assert status.status_code == 200 and 'id="download"' in status.content.decode()
    assert '<meta http-equiv="refresh"' not in status.content.decode()
    r = client.get(reverse("reports:export_download", args=[job.token]))
    assert r.status_code == 200
    assert r["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert "T%E1%BB%95ng%20h%E1%BB%A3p%20n%C4%83m%202024" in r["Content-Disposition"]  # "Tổng hợp năm 2024"
    wb = load_workbook(io.BytesIO(b"".join(r.streaming_content)))
    rows = list(wb["Tổng hợp"].iter_rows(min_row=8, values_only=True))
    page = client.get(reverse("reports:summary"), {"year": 2024})
    for row, page_row in zip(rows, page.context["rows"]):
        assert row[1:7] == (page_row.label, page_row.units, page_row.registered, page_row.assessed,
                            page_row.submitted, page_row.recognised)
        assert round(row[7] * 100, 2) == float(page_row.share)
    assert rows[-1][1:7] == ("Tổng cộng", 7, 5, 6, 5, 2)


def test_pdf_export_carries_number_and_signer(client, world, cast, django_capture_on_commit_callbacks):
    job = _export(client, django_capture_on_commit_callbacks, cast.district, "pdf",
                  number="45/BC-UBND", signer_name="Trần Văn Bình", signer_title="Chủ tịch")
    r = client.get(reverse("reports:export_download", args=[job.token]))
    assert r["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(b"".join(r.streaming_content)))
    text = " ".join("".join(p.extract_text() for p in reader.pages).split())
    assert "Số: 45/BC-UBND" in text and "Trần Văn Bình" in text
    assert "TM. ỦY BAN NHÂN DÂN CHỦ TỊCH Trần Văn Bình" in text  # the chairman signs himself: no "KT."
    assert "Toàn huyện Ninh Sơn có 5 xã, thị trấn" in text


def test_national_export_covers_the_country(client, world, cast, django_capture_on_commit_callbacks):
    job = _export(client, django_capture_on_commit_callbacks, cast.national, "xlsx")
    assert job.params["unit"] is None
    wb = load_workbook(job.file.path, read_only=True)
    codes = [r[0] for r in wb["Điểm chi tiết"].iter_rows(min_row=8, values_only=True)]
    assert codes == ["06124", "22783", "22786", "22810", "22813", "22816", "22819"]  # Lạng Sơn (20), then 58


def test_job_keeps_the_users_scope(client, world, cast, django_capture_on_commit_callbacks):
    job = _export(client, django_capture_on_commit_callbacks, cast.district, "xlsx", query="year=2024")
    wb = load_workbook(job.file.path, read_only=True)
    codes = [r[0] for r in wb["Điểm chi tiết"].iter_rows(min_row=8, values_only=True)]
    assert codes == ["22810", "22813", "22816", "22819"]


def test_someone_elses_job_is_404(client, world, cast, django_capture_on_commit_callbacks):
    job = _export(client, django_capture_on_commit_callbacks, cast.provincial, "xlsx")
    client.force_login(cast.other_district)
    assert client.get(reverse("reports:export_status", args=[job.token])).status_code == 404
    assert client.get(reverse("reports:export_download", args=[job.token])).status_code == 404


def test_export_refuses_get_unknown_format_and_commune_officers(client, world, cast):
    client.force_login(cast.provincial)
    assert client.get(EXPORT).status_code == 405
    assert client.post(f"{EXPORT}?year=2024", {"format": "docx"}).status_code == 404
    assert client.post(f"{EXPORT}?province={world.ls.pk}", {"format": "xlsx"}).status_code == 404
    client.force_login(cast.commune)
    assert client.post(f"{EXPORT}?year=2024", {"format": "xlsx"}).status_code == 403
    assert not ExportJob.objects.exists()


def test_queued_job_page_refreshes_until_done_or_failed(client, world, cast):
    job = ExportJob.objects.create(user=cast.provincial, format="xlsx", title="Tổng hợp", params={})
    client.force_login(cast.provincial)
    html = client.get(reverse("reports:export_status", args=[job.token])).content.decode()
    assert '<meta http-equiv="refresh" content="2">' in html and "Đang chờ trong hàng đợi" in html
    assert client.get(reverse("reports:export_download", args=[job.token])).status_code == 404
    ExportJob.objects.filter(pk=job.pk).update(status="running", attempts=2, progress=40)
    html = client.get(reverse("reports:export_status", args=[job.token])).content.decode()
    assert "Đang tạo (lần thử thứ 2)" in html and 'aria-valuenow="40"' in html and "refresh" in html
    ExportJob.objects.filter(pk=job.pk).update(status="failed")
    html = client.get(reverse("reports:export_status", args=[job.token])).content.decode()
    assert "Không tạo được tệp (đã thử 2 lần)" in html and "refresh" not in html


def test_a_failed_job_records_why(world, cast):
    job = ExportJob.objects.create(user=cast.district, format="xlsx", title="x",
                                   params={"year": 2024, "unit": world.nt.pk})  # outside the district: refused
    assert jobs.export_run(job.pk) is None
    job.refresh_from_db()
    assert job.status == "failed" and job.error
    assert jobs.export_run(job.pk) is None  # a finished job is not run twice


def test_prune_deletes_old_files(world, cast):
    job = jobs.export_request(by=cast.provincial, scope=_scope(cast, world), format="xlsx")  # on commit: never here
    assert jobs.export_run(job.pk) == f"exports/{job.token}.xlsx"
    job.refresh_from_db()
    path = job.file.path
    assert jobs.prune(now=job.created_at + datetime.timedelta(days=8)) == 1
    assert not ExportJob.objects.exists()
    import os

    assert not os.path.exists(path)


def test_prune_exports_command(world, cast):
    ExportJob.objects.create(user=cast.provincial, format="xlsx", title="x", params={})
    out = io.StringIO()
    call_command("prune_exports", "--days", "0", stdout=out)
    assert out.getvalue().strip() == "prune_exports: 1 exports older than 0 days removed"
    assert not ExportJob.objects.exists()


def _scope(cast, world):
    from reports.scope import Scope

    return Scope(cast.provincial, 2024, world.nt)


def test_load_plan_targets_is_idempotent(world):
    Target.objects.all().delete()
    out = io.StringIO()
    call_command("load_plan_targets", stdout=out)
    call_command("load_plan_targets", stdout=out)
    assert out.getvalue().splitlines()[-1] == "load_plan_targets: 5 targets"
    nt = {(t.kind, t.year): t for t in Target.objects.filter(unit=world.nt)}
    assert nt[("recognised", 2020)].percent == 80
    assert (nt[("new", 2020)].percent, nt[("new", 2020)].percent_max, nt[("new", 2020)].year_from) == (3, 5, 2017)
    assert "965/KH-UBND" in nt[("recognised", 2020)].source
    assert Target.objects.get(unit=world.ls).percent == 95
    assert sorted(Target.objects.filter(unit=None).values_list("year", "percent")) == [(2025, 65), (2030, 75)]
    assert Target.objects.count() == 5
