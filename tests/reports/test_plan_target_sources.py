"""The national targets name the decision they come from (QĐ 23/QĐ-TTg of 07/01/2021), not "chưa đối chiếu"."""

import io

import pytest
from django.core.management import call_command

from reports.models import Target

pytestmark = pytest.mark.django_db


def test_national_targets_cite_decision_23_of_2021():
    call_command("load_plan_targets", stdout=io.StringIO())
    national = Target.objects.filter(unit__isnull=True).order_by("year")
    assert [(t.year, t.percent) for t in national] == [(2025, 65), (2030, 75)]
    for t in national:
        assert "Quyết định số 23/QĐ-TTg ngày 07/01/2021" in t.source
        assert "Chương trình hành động quốc gia vì trẻ em giai đoạn 2021 - 2030" in t.source
        assert "chưa đối chiếu" not in t.source
