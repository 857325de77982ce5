"""A target's every value is kept: a new value for the same year replaces the old on the same row, and the audit
history (django-simple-history) records each, with who set it through the page and when; the admin shows it."""

import re
from decimal import Decimal

from django.urls import reverse

from reports import services
from reports.models import Target

TARGETS = reverse("reports:targets")


def test_each_value_of_a_target_is_recorded_with_who_set_it(client, world, cast, make_user):
    client.force_login(cast.district)
    first = {"year": 2025, "percent": "85,5", "source": "Kế hoạch số 12/KH-UBND"}
    assert client.post(TARGETS, first).status_code == 302
    assert client.post(TARGETS, first).status_code == 302  # the same values again: nothing written, nothing recorded
    colleague = make_user("district_officer", world.ninh_son)  # another officer of the district changes it
    client.force_login(colleague)
    assert client.post(TARGETS, {**first, "percent": "90"}).status_code == 302
    target = Target.objects.get(unit=world.ninh_son, year=2025)
    assert target.percent == Decimal("90")
    trail = list(target.history.order_by("history_date").values_list(
        "history_type", "percent", "source", "history_user_id"))
    assert trail == [("+", Decimal("85.5"), "Kế hoạch số 12/KH-UBND", cast.district.pk),
                     ("~", Decimal("90"), "Kế hoạch số 12/KH-UBND", colleague.pk)]


def test_the_admin_shows_a_targets_history(client, world, cast, django_user_model):
    target = services.target_record(by=cast.district, year=2025, percent="80", source="Kế hoạch số 12/KH-UBND")
    services.target_record(by=cast.district, year=2025, percent="82,5", source="Kế hoạch số 12/KH-UBND")
    # called without a request, the service names its officer in the history all the same
    assert set(target.history.values_list("history_user_id", flat=True)) == {cast.district.pk}
    admin = django_user_model.objects.create_superuser("quantri-lichsu", "qt@example.vn", "mat-khau-dai-2024")
    client.force_login(admin)
    page = client.get(reverse("admin:reports_target_history", args=[target.pk]))
    assert page.status_code == 200
    rows = " ".join(re.sub(r"<[^>]+>", " ", page.content.decode()).split()).split("Change reason Changes")[1]
    assert "82,50" in rows and "80,00" in rows  # both values, newest first
    assert "Tỷ lệ (%): 80.00 &nbsp;&rarr;&nbsp;&nbsp;82.50" in rows  # and what changed between them
