"""Need-to-know for a dossier's files (NĐ 13/2023): the commune, the recognising unit's officers and
council and the appraisers of the file's criterion open it directly; anyone else who sees the dossier
is asked why first (a POST with the CSRF token), and the reason is on the download log, which the
recognising unit and the administrators read (page and admin)."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from assessments import services
from assessments.models import EvidenceDownload
from criteria import reference
from tests import factories
from tests.factories import seen
from tests.samples import pdf_bytes, png_bytes


@pytest.fixture
def dossier(workflow, media):
    w = workflow
    a = services.assessment_start(by=w.officer, round=w.round, commune=w.units.commune)
    ev = services.evidence_add(by=w.officer, score_id=a.scores.get(criterion__number=6).pk, seen_version=seen(a),
                               upload=SimpleUploadedFile("so-theo-doi-tre-em.png", png_bytes()))
    services.council_save(by=w.officer, assessment_id=a.pk, seen_version=seen(a),
                          meeting_date=datetime.date(2024, 11, 8),
                          conclusion="Đề nghị công nhận", members=[],
                          minutes=SimpleUploadedFile("bien-ban.pdf", pdf_bytes()))
    owners = {s.code for s in reference.for_round(w.round).sharers[6]}
    owner = next(u for code, u in w.appraisers.items() if code in owners)
    stranger = next(u for code, u in w.appraisers.items() if code not in owners)
    return a, ev, owner, stranger


def as_(user, csrf=False):
    c = Client(enforce_csrf_checks=csrf)
    c.force_login(user)
    return c


def is_file(r):
    return r.status_code == 200 and r.has_header("Content-Disposition")


def test_those_who_need_to_know_download_directly_and_every_download_is_logged(workflow, dossier):
    a, ev, owner, stranger = dossier
    url = reverse("assessments:evidence", args=[ev.token])
    for user in (workflow.officer, workflow.district, workflow.chair, owner):
        r = as_(user).get(url)
        assert is_file(r), user.role
        b"".join(r.streaming_content)
        assert EvidenceDownload.objects.filter(evidence=ev, by=user, reason="").count() == 1
    r = as_(workflow.district).get(reverse("assessments:minutes_file", args=[a.pk]))
    assert is_file(r)
    b"".join(r.streaming_content)


@pytest.mark.parametrize("who", ["stranger", "province_staff", "national"])
def test_others_see_the_file_exists_and_open_it_only_with_a_reason(workflow, dossier, who):
    a, ev, owner, stranger = dossier
    user = {"stranger": stranger, "province_staff": workflow.province_staff,
            "national": factories.NationalStaffFactory()}[who]
    page = as_(user).get(reverse("assessments:detail", args=[a.pk])).content.decode()
    assert "so-theo-doi-tre-em.png" in page  # the file exists
    urls = [reverse("assessments:evidence", args=[ev.token]), reverse("assessments:minutes_file", args=[a.pk])]
    if who == "stranger":  # an appraiser of the dossier (another criterion) opens the minutes directly
        r = as_(user).get(urls.pop())
        assert is_file(r)
        b"".join(r.streaming_content)
        EvidenceDownload.objects.filter(by=user).delete()
    for url in urls:
        c = as_(user, csrf=True)
        r = c.get(url)
        assert r.status_code == 200 and not r.has_header("Content-Disposition")
        assert "Lý do xem" in r.content.decode() and 'name="csrfmiddlewaretoken"' in r.content.decode()
        assert c.post(url, {"reason": "Kiểm tra"}).status_code == 403  # no CSRF token: refused
        token = c.cookies["csrftoken"].value
        r = c.post(url, {"reason": "   ", "csrfmiddlewaretoken": token})
        assert r.status_code == 200 and not r.has_header("Content-Disposition")
        assert "Hãy ghi lý do xem tệp" in r.content.decode()
        assert not EvidenceDownload.objects.filter(by=user).exists()  # nothing read, nothing logged
        r = c.post(url, {"reason": "Phúc tra hồ sơ theo đơn phản ánh", "csrfmiddlewaretoken": token})
        assert is_file(r)
        b"".join(r.streaming_content)
        assert EvidenceDownload.objects.get(by=user).reason == "Phúc tra hồ sơ theo đơn phản ánh"
        EvidenceDownload.objects.filter(by=user).delete()


def test_the_log_is_read_by_the_recognising_unit_and_the_administrator(workflow, dossier, django_assert_num_queries):
    a, ev, owner, stranger = dossier
    services.evidence_downloaded(by=workflow.province_staff, evidence=ev, reason="Phúc tra hồ sơ")
    services.minutes_downloaded(by=workflow.officer, council=a.council)
    url = reverse("assessments:download_log", args=[a.pk])
    admin = factories.SysadminFactory()
    for user in (workflow.district, workflow.chair, admin):
        c = as_(user)
        c.get(url)
        with django_assert_num_queries(4):  # session, user, the dossier, the log
            page = c.get(url).content.decode()
        assert "Phúc tra hồ sơ" in page and "so-theo-doi-tre-em.png" in page and "Biên bản hội đồng đã ký" in page
    assert "Nhật ký tải tệp" in as_(workflow.district).get(reverse("assessments:detail", args=[a.pk])).content.decode()
    for user in (workflow.officer, owner, workflow.province_staff, factories.NationalStaffFactory()):
        assert as_(user).get(url).status_code == 403
        assert "Nhật ký tải tệp" not in as_(user).get(reverse("assessments:detail", args=[a.pk])).content.decode()
    admin.is_staff = admin.is_superuser = True
    admin.save()
    r = as_(admin).get(reverse("admin:assessments_evidencedownload_changelist"))
    assert r.status_code == 200 and "Phúc tra hồ sơ" in r.content.decode()


def test_the_log_names_every_readers_unit_national_staff_included(workflow, dossier):
    a, ev, _owner, _stranger = dossier
    national = factories.NationalStaffFactory(first_name="Thanh", last_name="Bùi Thị",
                                              position="Chuyên viên Cục Trẻ em")
    services.evidence_downloaded(by=national, evidence=ev, reason="Giám sát chương trình")
    services.evidence_downloaded(by=workflow.province_staff, evidence=ev, reason="Phúc tra hồ sơ")
    page = as_(workflow.district).get(reverse("assessments:download_log", args=[a.pk])).content.decode()
    assert "Bùi Thị Thanh <span class=\"text-body-secondary\">(Trung ương – Chuyên viên Cục Trẻ em)</span>" in page
    staff = workflow.province_staff
    assert f"({staff.unit}{' – ' + staff.position if staff.position else ''})" in page
