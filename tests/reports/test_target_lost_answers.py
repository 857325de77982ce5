"""A target saved but whose answer was lost, sent again (issue 25): the targets form carries no page version,
so what is stored equal to what was sent is the whole test; the page says it is saved and nothing is
written a second time. Other values are written as before."""

from decimal import Decimal

import pytest
from django.urls import reverse

from reports import services
from reports.models import Target

TARGETS = reverse("reports:targets")


def test_the_same_target_sent_again_is_written_once_and_said_so(client, world, cast):
    client.force_login(cast.district)
    data = {"year": 2025, "percent": "85,5", "source": "Kế hoạch số 12/KH-UBND"}
    assert client.post(TARGETS, data).status_code == 302
    stored = Target.objects.get(unit=world.ninh_son, year=2025)
    again = client.post(TARGETS, data)
    assert again.status_code == 302
    page = client.get(again["Location"]).content.decode()
    assert "Đã ghi chỉ tiêu năm 2025." in page and "không ghi lại lần nữa" in page and "alert-danger" not in page
    assert Target.objects.filter(unit=world.ninh_son, year=2025).count() == 1
    assert Target.objects.get(pk=stored.pk).updated_at == stored.updated_at  # not written again


@pytest.mark.parametrize("percent, source", [("86", "Kế hoạch"), ("85,5", "Kế hoạch khác")])
def test_other_values_are_written(world, cast, percent, source):
    first = services.target_record(by=cast.district, year=2025, percent="85,5", source="Kế hoạch")
    assert not first.repeated
    assert services.target_record(by=cast.district, year=2025, percent="85.50", source="Kế hoạch").repeated
    second = services.target_record(by=cast.district, year=2025, percent=percent, source=source)
    assert not second.repeated and second.pk == first.pk
    stored = Target.objects.get(pk=first.pk)
    assert (stored.percent, stored.source) == (Decimal(percent.replace(",", ".")), source)
