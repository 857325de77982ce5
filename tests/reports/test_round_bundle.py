"""The dossier PDFs of a whole round in one ZIP (reports.bundles): asked for on the round page by the
recognising unit, run as a task (the immediate backend here), downloaded from the export status page
and read back: every PDF opens and names its commune."""

import io
import zipfile

import pytest
from django.urls import reverse
from pypdf import PdfReader

from reports.models import ExportJob


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_the_recognising_unit_downloads_the_rounds_dossiers(client, world, cast, django_capture_on_commit_callbacks):
    client.force_login(cast.outsider)  # Lạng Sơn's provincial staff: its 2024 round has Na Sầm's dossier
    page = client.get(reverse("assessments:round", args=[world.ls24.pk])).content.decode()
    assert 'id="round-bundle"' in page and reverse("reports:round_bundle", args=[world.ls24.pk]) in page
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(reverse("reports:round_bundle", args=[world.ls24.pk]))
    job = ExportJob.objects.get(user=cast.outsider)
    assert r["Location"] == reverse("reports:export_status", args=[job.token])
    assert (job.format, job.params) == ("zip", {"round": world.ls24.pk})
    job.refresh_from_db()
    assert job.status == "done", job.error
    html = client.get(r["Location"]).content.decode()
    assert "Tệp nén ZIP các văn bản hồ sơ" in html and 'id="download"' in html
    download = client.get(reverse("reports:export_download", args=[job.token]))
    assert download["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content))) as z:
        names = z.namelist()
        assert names == [f"06124-thi-tran-na-sam/{f}-thi-tran-na-sam-2024.pdf"
                         for f in ("to-trinh", "bang-tu-cham-diem", "bien-ban-hoi-dong", "bao-cao-tham-dinh")]
        for name in names:
            text = " ".join("".join(p.extract_text() for p in PdfReader(io.BytesIO(z.read(name))).pages).split())
            assert "Na Sầm" in text, name


def test_only_the_recognising_unit_asks(client, world, cast):
    url = reverse("reports:round_bundle", args=[world.ls24.pk])
    client.force_login(cast.outsider)
    assert client.get(url).status_code == 405
    client.force_login(cast.provincial)  # another province: its round is not even visible
    assert client.post(url).status_code == 404
    assert 'id="round-bundle"' in client.get(reverse("assessments:round", args=[world.r24.pk])).content.decode()
    client.force_login(cast.district)
    assert client.post(reverse("reports:round_bundle", args=[world.r24.pk])).status_code == 403
    assert 'id="round-bundle"' not in client.get(reverse("assessments:round", args=[world.r24.pk])).content.decode()
    assert not ExportJob.objects.exists()
    client.force_login(cast.provincial)
    assert client.post(f"{reverse('reports:export')}?year=2024", {"format": "zip"}).status_code == 404
