"""Numbers on the recognising unit's pages as people read them (issue 22): decimal commas, and "Điểm điều
chỉnh" as the points the appraisal changed (appraised − self-assessed), beside how many criteria."""

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from core import formatting
from tests.factories import recorded_assessment

pytestmark = pytest.mark.django_db


def test_signed_changes_read_the_vietnamese_way():
    assert [formatting.signed(v) for v in (Decimal("-12.5"), Decimal("5.00"), 0, None)] == ["-12,5", "+5", "0", ""]


def test_the_round_page_shows_points_changed_and_decimal_commas(workflow):
    w = workflow
    a = recorded_assessment(w.round, w.units.commune, "appraised", points={6: Decimal("80.5"), 8: Decimal("40")},
                            appraised={6: Decimal("68"), 8: Decimal("40"), 9: Decimal("30")})
    b = recorded_assessment(w.round, w.units.neighbour, "appraised", appraised={6: Decimal("90")})
    c = Client()
    c.force_login(w.district)
    html = c.get(reverse("assessments:round", args=[w.round.pk])).content.decode()
    row_a = html.split(f'href="/danh-gia/ho-so/{a.pk}/"')[1].split("</tr>")[0]
    row_b = html.split(f'href="/danh-gia/ho-so/{b.pk}/"')[1].split("</tr>")[0]
    nine = w.standard.criteria.get(number=9).max_points
    changed = Decimal("68") - Decimal("80.5") + (30 - nine)
    assert f"{formatting.signed(changed)} <small" in row_a and "2 tiêu chí" in row_a
    assert formatting.number(a.self_total, 2) in row_a and "80.5" not in html and "." + "50<" not in html
    assert "1 tiêu chí" in row_b


def test_a_commune_that_self_assessed_without_registering_is_counted_and_labelled(workflow):
    import datetime

    from assessments import services

    w = workflow
    services.registration_record(by=w.neighbour_officer, round=w.round, commune=w.units.neighbour,
                                 registered_on=datetime.date(2024, 3, 1))
    recorded_assessment(w.round, w.units.commune, "draft")  # Văn Bàn's commune never registered
    c = Client()
    c.force_login(w.district)
    html = c.get(reverse("assessments:round", args=[w.round.pk])).content.decode()
    assert "1 đơn vị đã tự đánh giá, trong đó 1 đơn vị tự đánh giá nhưng chưa đăng ký xây dựng." in html
    assert f"{w.units.commune.name} (tự đánh giá, chưa đăng ký)" in html
    assert f"{w.units.neighbour.name} (tự đánh giá" not in html
