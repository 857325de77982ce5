"""After the 2025 reform the new province reads the reviews of the units it succeeded, as it reads their dossiers
(accounts.permissions.readable): Bắc Ninh opens Lục Nam's 2023–2024 review, its figures whole, and changes
nothing; a province that succeeded nothing of it finds nothing."""

import datetime

import pytest
from django.urls import reverse

from reviews import drafting
from reviews import services as reviews
from tests.factories import ProvinceFactory, ProvincialStaffFactory, reform_world

pytestmark = pytest.mark.django_db


def test_the_successor_reads_the_former_districts_review_and_writes_nothing(standard, client):
    w = reform_world(standard)
    r = reviews.review_round_open(by=w.users.luc_nam, kind="final", year_from=2023, year_to=2024,
                                  title="Tổng kết 2023-2024", commune_due=datetime.date(2024, 11, 10),
                                  unit_due=datetime.date(2024, 11, 25))
    own = r.parts.get(unit=w.luc_nam)
    assert set(r.parts.values_list("unit__name", flat=True)) == {"Thị trấn Đồi Ngô", "Xã Tam Dị", "Xã Bảo Sơn",
                                                                  "Huyện Lục Nam"}
    client.force_login(w.users.bac_ninh)
    assert client.get(reverse("reviews:round", args=[r.pk])).status_code == 200
    page = client.get(reverse("reviews:part", args=[own.pk]))
    assert page.status_code == 200 and 'id="part-form"' not in page.content.decode()
    rows = page.context["draft"]["rows"]
    assert [(x.year, x.units, x.recognised) for x in rows] == [(2023, 3, 0), (2024, 3, 1)]  # Đồi Ngô in 2024
    assert rows == drafting.year_rows(own, w.users.luc_nam)[0]  # the same figures as the district's own
    assert client.get(reverse("reviews:part_pdf", args=[own.pk])).status_code == 200
    assert "Tổng kết 2023-2024" in client.get(reverse("reviews:list")).content.decode()
    before = own.version
    assert client.post(reverse("reviews:part", args=[own.pk]), {"version": before, "results": "x"}).status_code == 404
    own.refresh_from_db()
    assert own.version == before and own.results == ""

    client.force_login(ProvincialStaffFactory(unit=ProvinceFactory(name="Tỉnh Lạng Sơn", code="20")))
    assert client.get(reverse("reviews:part", args=[own.pk])).status_code == 404
    assert client.get(reverse("reviews:round", args=[r.pk])).status_code == 404
