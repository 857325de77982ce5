"""Evidence files (children's personal data, Nghị định 13/2023/NĐ-CP) leave only through a checked view.

Uploaded through assessments.services.evidence_add; downloaded through assessments:evidence, which
scopes by the assessment, records every download and forbids caching. MEDIA_ROOT has no URL.
"""

import io
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.views.static import serve
from PIL import Image

from assessments import services
from assessments.models import EvidenceDownload
from tests import factories
from tests.factories import seen
from tests.security.urlconf import all_patterns

# who sees Khánh Yên's assessment (own commune, its district, its province, the centre)
ALLOWED = ("officer", "appraiser", "district", "member", "chair", "province", "national", "sysadmin")
# who sees it but opens the file only with a reason (assessments.permissions.needs_to_know)
NEED_A_REASON = ("province", "national", "sysadmin")
# who does not (a commune beside it, another district's and another province's staff)
REFUSED = ("neighbour", "outsider", "other_district", "other_province", "other_appraiser")


def png_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def world(units, users, round_2024, media_root):
    cast = SimpleNamespace(
        officer=users.commune_officer, appraiser=users.sector_appraiser, district=users.district_officer,
        member=users.council_member, chair=users.council_chair, province=users.provincial_staff,
        national=users.national_staff, sysadmin=factories.SysadminFactory(is_superuser=True),
        neighbour=factories.CommuneOfficerFactory(unit=units.neighbour),
        outsider=factories.CommuneOfficerFactory(unit=units.other_commune),
        other_district=factories.DistrictOfficerFactory(unit=units.other_district),
        other_province=factories.ProvincialStaffFactory(unit=units.other_province),
        other_appraiser=factories.SectorAppraiserFactory(unit=units.other_district,
                                                         sector=users.sector_appraiser.sector),
    )
    a = factories.AssessmentFactory(round=round_2024, commune=units.commune, officer=cast.officer)
    score = a.scores.order_by("criterion__number").first()
    upload = SimpleUploadedFile("Danh sách trẻ em Nguyễn Văn An.png", png_bytes(), content_type="image/png")
    evidence = services.evidence_add(by=cast.officer, score_id=score.pk, seen_version=seen(score), upload=upload)
    return SimpleNamespace(users=cast, evidence=evidence, url=reverse("assessments:evidence", args=[evidence.token]))


def as_user(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("who", ALLOWED)
def test_a_user_who_sees_the_assessment_downloads_it_and_the_download_is_recorded(world, who):
    user = getattr(world.users, who)
    client = as_user(user)

    response = client.get(world.url)
    reason = ""
    if who in NEED_A_REASON:  # outside the need-to-know: asked why first, nothing served or logged
        assert response.status_code == 200 and not response.has_header("Content-Disposition")
        assert "Lý do xem" in response.content.decode() and not EvidenceDownload.objects.exists()
        reason = "Phúc tra hồ sơ"
        response = client.post(world.url, {"reason": reason})

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == png_bytes()
    assert response["Content-Type"] == "image/png"
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert response["Content-Disposition"].startswith("attachment;")
    download = EvidenceDownload.objects.get()
    assert (download.evidence, download.by, download.reason) == (world.evidence, user, reason)
    assert download.at is not None


@pytest.mark.parametrize("who", REFUSED)
def test_anyone_else_gets_not_found_and_nothing_is_recorded(world, who):
    response = as_user(getattr(world.users, who)).get(world.url)

    assert response.status_code == 404
    assert not EvidenceDownload.objects.exists()


def test_an_anonymous_visitor_is_sent_to_the_login_page(world, client):
    response = client.get(world.url)

    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert not EvidenceDownload.objects.exists()


def test_a_guessed_token_finds_nothing(world):
    client = as_user(world.users.sysadmin)

    assert client.get(reverse("assessments:evidence", args=["A" * 32])).status_code == 404
    assert client.get(world.url.rstrip("/") + "x/").status_code == 404


def test_nothing_personal_is_in_the_url_or_the_stored_path(world):
    ev = world.evidence
    assert ev.original_name == "Danh sách trẻ em Nguyễn Văn An.png"
    assert world.url == f"/danh-gia/minh-chung/{ev.token}/"
    assert ev.file.name == f"evidence/{ev.score.assessment_id}/{ev.token}"
    assert len(ev.token) >= 32


def test_the_media_folder_is_served_under_no_url(world, settings):
    client = as_user(world.users.sysadmin)
    name = world.evidence.file.name
    assert (settings.MEDIA_ROOT / name).exists()

    for url in (f"/{name}", f"/media/{name}", f"{settings.MEDIA_URL}{name}", f"/static/../media/{name}"):
        assert client.get(url).status_code == 404, url
    assert not EvidenceDownload.objects.exists()


def test_no_url_pattern_serves_files_from_disk():
    servers = [name for name, pattern in all_patterns(include_admin=True) if pattern.callback is serve]
    assert servers == []
