"""Inspected units answer the report outline: text per section or an uploaded file."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from inspections import services
from inspections.models import UnitReport
from tests.factories import plan_seen
from tests.samples import pdf_bytes


@pytest.fixture
def approved(plan, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    services.inspection_transition(by=world.users.planner, plan_id=plan.pk, seen_version=plan_seen(plan), to="approved")
    return plan


def submit(plan, world, by, unit=None, answers=None, upload=None):
    return services.inspection_submit_report(by=by, plan_id=plan.pk, seen_version=plan_seen(plan.pk),
                                             unit=unit or world.vo_lao,
                                             answers=answers or {}, upload=upload)


def test_a_commune_answers_the_outline(approved, world):
    section = approved.outline.get()
    report = submit(approved, world, world.users.commune,
                    answers={section.pk: "Xã Võ Lao có 1.245 trẻ em dưới 16 tuổi."})
    assert report.answers == {str(section.pk): "Xã Võ Lao có 1.245 trẻ em dưới 16 tuổi."}
    assert report.submitted_by == world.users.commune


def test_the_district_may_send_the_report_of_its_commune(approved, world):
    report = submit(approved, world, world.users.district, upload=SimpleUploadedFile(
        "Báo cáo xã Võ Lao.pdf", pdf_bytes(), content_type="application/pdf"))
    assert report.content_type == "application/pdf" and report.original_name == "Báo cáo xã Võ Lao.pdf"
    assert "Võ Lao" not in report.file.name  # nothing personal in the stored path
    assert report.file.read().startswith(b"%PDF")


def test_a_file_is_checked_by_its_content_not_its_name(approved, world):
    fake = SimpleUploadedFile("bao-cao.pdf", b"<script>alert(1)</script>", content_type="application/pdf")
    with pytest.raises(ValidationError, match="PDF hoặc Word"):
        submit(approved, world, world.users.commune, upload=fake)
    assert not UnitReport.objects.exists()


def test_an_empty_report_is_refused(approved, world):
    with pytest.raises(ValidationError, match="Báo cáo trống"):
        submit(approved, world, world.users.commune)


def test_another_unit_cannot_report_for_this_one(approved, world):
    with pytest.raises(PermissionDenied):
        submit(approved, world, world.users.commune_other, answers={approved.outline.get().pk: "x"})
    with pytest.raises(PermissionDenied):
        submit(approved, world, world.users.planner, answers={approved.outline.get().pk: "x"})


def test_reports_wait_for_approval(plan, world):
    with pytest.raises(ValidationError, match="gửi báo cáo"):
        submit(plan, world, world.users.commune, answers={plan.outline.get().pk: "x"})
