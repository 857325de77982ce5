"""What is stored never disagrees with what is shown (issue 21): a standard a round uses is corrected
only through assessments.corrections, which recomputes every undecided dossier's stored verdict."""

import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from assessments import corrections
from assessments.models import Assessment, StandardCorrection
from reports import exports
from reports.scope import Scope
from tests.factories import CommuneFactory, recorded_assessment

SOURCE = "Quyết định đính chính (minh họa cho kiểm thử), điều 1"


@pytest.fixture
def dossiers(workflow):
    """Khánh Yên's submitted dossier at 1,000 points (undecided) and Võ Lao's, decided, in the same group."""
    pending = recorded_assessment(workflow.round, workflow.units.commune, Assessment.Status.SUBMITTED)
    decided = recorded_assessment(workflow.round, workflow.units.neighbour, Assessment.Status.RECOGNISED,
                                  tier="other")
    assert pending.meets_standard and decided.meets_standard and pending.final_total == 1000
    return pending, decided


def _row_of(page, name):
    return next(row for row in re.findall(r"<tr.*?</tr>", page, re.S) if name in row)


def test_a_threshold_corrected_in_the_admin_reaches_every_page_and_export(admin_client, client, workflow,
                                                                           dossiers, tmp_path):
    pending, decided = dossiers
    standard = workflow.standard
    change = admin_client.get(reverse("admin:criteria_standard_change", args=[standard.pk])).content.decode()
    assert 'name="threshold_other"' not in change and "Đính chính bộ tiêu chuẩn" in change  # read-only in use

    response = admin_client.post(reverse("admin:assessments_standardcorrection_add"), {
        "standard": standard.pk, "field": "threshold_other", "new_value": "1001", "source": SOURCE,
        "decided_on": "01/12/2026"})
    assert response.status_code == 302, response.content.decode()[:2000]

    correction = StandardCorrection.objects.get()
    assert (correction.old_value, correction.new_value, correction.dossiers_recomputed) == ("850", "1001", 1)
    assert correction.made_by.is_superuser and correction.decided_on == dt.date(2026, 12, 1)
    pending.refresh_from_db()
    decided.refresh_from_db()
    assert not pending.meets_standard and decided.meets_standard  # a decision keeps its verdict

    client.force_login(workflow.district)
    page = client.get(reverse("assessments:detail", args=[pending.pk])).content.decode()
    assert "1001" in page and "Chưa đạt" in page
    review = client.get(reverse("assessments:round", args=[workflow.round.pk])).content.decode()
    assert "Chưa đạt" in _row_of(review, "Khánh Yên") and "Chưa đạt" not in _row_of(review, "Võ Lao")

    path = tmp_path / "lao-cai-2024.xlsx"
    exports.write_workbook(Scope(workflow.province_staff, 2024, workflow.units.province), path)
    sheet = load_workbook(path)["Điểm chi tiết"]
    verdicts = {row[1]: row for row in sheet.iter_rows(values_only=True) if row[1] in ("Thị trấn Khánh Yên",
                                                                                        "Xã Võ Lao")}
    assert "Không" in verdicts["Thị trấn Khánh Yên"] and "Có" in verdicts["Xã Võ Lao"]


def test_a_correction_needs_its_text_a_past_day_and_a_new_value(workflow, dossiers):
    standard, admin = workflow.standard, workflow.users.sysadmin
    admin.is_superuser = True
    admin.save()

    def correct(**kw):
        args = {"by": admin, "standard_id": standard.pk, "field": "threshold_other", "value": "900",
                "source": SOURCE, "decided_on": dt.date(2026, 12, 1), "today": dt.date(2026, 12, 6)} | kw
        return corrections.standard_correct(**args)

    for kw, said in [({"source": "  "}, "Hãy ghi căn cứ"), ({"decided_on": dt.date(2026, 12, 7)}, "ngày đã qua"),
                     ({"value": "850"}, "bằng giá trị hiện hành"), ({"value": "8,5"}, "số nguyên"),
                     ({"value": "٩٠٠"}, "số nguyên"), ({"field": "total_points"}, "không đính chính"),
                     ({"by": workflow.officer}, "Chỉ quản trị")]:
        with pytest.raises(ValidationError, match=said):
            correct(**kw)
    assert not StandardCorrection.objects.exists()
    standard.refresh_from_db()
    assert standard.threshold_other == 850

    assert correct(field="zero_blocks", value="0").old_value == "1"
    standard.refresh_from_db()
    assert not standard.zero_blocks


def test_recomputing_costs_the_same_queries_for_one_dossier_or_many(workflow, dossiers, django_assert_num_queries):
    pending, _decided = dossiers
    # select_for_update of the dossiers, their scores, the rules, one bulk update
    with django_assert_num_queries(4):
        assert corrections.recompute_undecided(workflow.standard) == 1
    recorded_assessment(workflow.round, CommuneFactory(parent=workflow.units.district), Assessment.Status.DRAFT)
    with django_assert_num_queries(4):
        assert corrections.recompute_undecided(workflow.standard) == 2
