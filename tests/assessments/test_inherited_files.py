"""A successor province reads an inherited dossier's files (issue 22): the new Bắc Ninh's officers open the
evidence and the signed council minutes of the former Bắc Giang's dossiers, read-only, under the same
need-to-know rule as every other reader (they are neither the commune, nor its recognising unit, nor its
appraisers, so they give a reason) and every download is on the dossier's log; a province that succeeded
nothing still gets 404, and no act on the files is open to the successor."""

import secrets

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse

from assessments.models import Council, Evidence, EvidenceDownload
from tests import factories
from tests.samples import pdf_bytes, png_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(standard, media):
    w = factories.reform_world(standard)
    a = w.dossiers.doi_ngo  # Thị trấn Đồi Ngô, 2024, recognised by Lục Nam: the former Bắc Giang's
    ev = Evidence(score=a.scores.get(criterion__number=6), token=secrets.token_urlsafe(24),
                  original_name="so-theo-doi-tre-em.png", content_type="image/png", size=len(png_bytes()))
    ev.file.save("so-theo-doi-tre-em.png", ContentFile(png_bytes()), save=False)
    ev.save()
    council = Council(assessment=a, conclusion="Đề nghị công nhận")
    council.minutes.save("bien-ban.pdf", ContentFile(pdf_bytes()), save=False)
    council.save()
    w.ev = ev
    return w


def as_(user):
    c = Client(enforce_csrf_checks=True)
    c.force_login(user)
    return c


def downloaded(c, url, reason):
    """The reason page first (a GET gives no file), then the file for a reason posted with the CSRF token."""
    r = c.get(url)
    assert r.status_code == 200 and not r.has_header("Content-Disposition")
    assert "Lý do xem" in r.content.decode()
    r = c.post(url, {"reason": reason, "csrfmiddlewaretoken": c.cookies["csrftoken"].value})
    assert r.status_code == 200 and r.has_header("Content-Disposition")
    return b"".join(r.streaming_content)


def test_the_successor_reads_the_inherited_files_with_a_reason_and_each_download_is_logged(world):
    a = world.dossiers.doi_ngo
    evidence_url = reverse("assessments:evidence", args=[world.ev.token])
    minutes_url = reverse("assessments:minutes_file", args=[a.pk])
    for user in (world.users.bac_ninh, world.users.bac_ninh_office):
        c = as_(user)
        page = c.get(reverse("assessments:detail", args=[a.pk])).content.decode()
        assert "Chỉ xem" in page and evidence_url in page and minutes_url in page  # the links are on the page
        assert downloaded(c, evidence_url, "Xét công nhận lại Xã Lục Nam") == png_bytes()
        assert downloaded(c, minutes_url, "Xét công nhận lại Xã Lục Nam") == pdf_bytes()
        log = EvidenceDownload.objects.filter(by=user)
        assert sorted((bool(d.evidence_id), bool(d.council_id), d.reason) for d in log) == [
            (False, True, "Xét công nhận lại Xã Lục Nam"), (True, False, "Xét công nhận lại Xã Lục Nam")]


def test_the_former_recognising_office_still_opens_them_directly(world):
    c = Client()
    c.force_login(world.users.luc_nam)
    r = c.get(reverse("assessments:evidence", args=[world.ev.token]))
    assert r.status_code == 200 and r.has_header("Content-Disposition")
    b"".join(r.streaming_content)
    assert EvidenceDownload.objects.get(by=world.users.luc_nam).reason == ""


def test_a_province_that_succeeded_nothing_gets_404(world, make_user):
    other = factories.ProvinceFactory(name="Tỉnh Lạng Sơn", code="20", valid_from=factories.dt.date(2025, 7, 1))
    c = as_(make_user("provincial_staff", other))
    for url in (reverse("assessments:evidence", args=[world.ev.token]),
                reverse("assessments:minutes_file", args=[world.dossiers.doi_ngo.pk])):
        assert c.get(url).status_code == 404
        assert c.post(url, {"reason": "Tò mò", "csrfmiddlewaretoken": c.cookies["csrftoken"].value
                            if "csrftoken" in c.cookies else ""}).status_code in (403, 404)
    assert not EvidenceDownload.objects.exists()


def test_the_successor_cannot_change_or_read_the_log_of_an_inherited_dossier(world):
    a, office = world.dossiers.doi_ngo, world.users.bac_ninh_office
    c = Client()
    c.force_login(office)
    for name, args in (("assessments:evidence_delete", [a.pk, world.ev.pk]),
                       ("assessments:evidence_replace", [a.pk, world.ev.pk])):
        assert c.post(reverse(name, args=args), {"version": a.version, "confirm": "1"}).status_code in (403, 404)
    assert c.get(reverse("assessments:download_log", args=[a.pk])).status_code in (403, 404)
    assert Evidence.objects.filter(pk=world.ev.pk, purged_on=None).exists()
