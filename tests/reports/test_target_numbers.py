"""A target's percentage is read by core.numbers, the one reader of typed numbers: "85,5" and "85.5"
are the same, "1.000", text, an empty field and above 100 are refused with the same messages as
the scoring page, and nothing is saved."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from reports import services
from reports.models import Target

TARGETS = reverse("reports:targets")


@pytest.mark.parametrize("typed, expected", [("85,5", Decimal("85.5")), ("85.5", Decimal("85.5")),
                                             ("80", Decimal(80)), (Decimal("12.25"), Decimal("12.25"))])
def test_the_service_reads_the_percent_the_vietnamese_way(world, cast, typed, expected):
    t = services.target_record(by=cast.district, year=2025, percent=typed)
    assert Target.objects.get(pk=t.pk).percent == expected


@pytest.mark.parametrize("typed, message", [
    ("1.000", "“1.000” không rõ là 1000 hay 1"), ("abc", "“abc” không phải là số"),
    ("", "hãy nhập tỷ lệ"), ("100,5", "phải từ 0 đến 100"), ("-5", "không được là số âm"),
    ("12,345", "không rõ là 12345 hay 12,345"),
])
def test_the_service_refuses_what_it_cannot_read_exactly(world, cast, typed, message):
    with pytest.raises(ValidationError, match=message):
        services.target_record(by=cast.district, year=2025, percent=typed)
    assert not Target.objects.filter(unit=world.ninh_son, year=2025).exists()


@pytest.mark.parametrize("typed, expected", [("85,5", Decimal("85.5")), ("85.5", Decimal("85.5"))])
def test_the_page_saves_a_comma_or_a_dot(client, world, cast, typed, expected):
    client.force_login(cast.district)
    r = client.post(TARGETS, {"year": 2025, "percent": typed, "source": "Kế hoạch 2025"})
    assert r.status_code == 302
    assert Target.objects.get(unit=world.ninh_son, year=2025).percent == expected


@pytest.mark.parametrize("typed, message", [
    ("1.000", "Tỷ lệ đơn vị đạt chuẩn: “1.000” không rõ là 1000 hay 1"),
    ("abc", "Tỷ lệ đơn vị đạt chuẩn: “abc” không phải là số."),
    ("", "Trường này là bắt buộc."),
    ("101", "Tỷ lệ đơn vị đạt chuẩn: phải từ 0 đến 100, không phải “101”."),
])
def test_the_page_refuses_with_a_message_and_keeps_what_was_typed(client, world, cast, typed, message):
    client.force_login(cast.district)
    r = client.post(TARGETS, {"year": 2025, "percent": typed, "source": "Kế hoạch 2025"})
    html = r.content.decode()
    assert r.status_code == 200 and message in html
    assert f'value="{typed}"' in html if typed else 'name="percent"' in html
    assert not Target.objects.filter(unit=world.ninh_son, year=2025).exists()


def test_the_percent_field_takes_a_decimal_comma(client, world, cast):
    client.force_login(cast.district)
    html = client.get(TARGETS).content.decode()
    field = next(tag for tag in html.split("<input") if 'name="percent"' in tag)
    assert 'type="text"' in field and 'inputmode="decimal"' in field
