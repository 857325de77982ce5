import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from communes.models import Kind, Level, Tier, Unit

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("plain_static_storage")]

CHANGELIST = reverse("admin:communes_unit_changelist")


def test_it_lists_units_with_their_parent(admin_client, units):
    page = admin_client.get(CHANGELIST).content.decode()
    for text in ("03055", "Thị trấn Khánh Yên", "Huyện Văn Bàn", "Cấp xã", "Thị trấn"):
        assert text in page


def test_a_units_page_shows_its_tiers_with_their_source(admin_client, units):
    page = admin_client.get(reverse("admin:communes_unit_change", args=[units.commune.pk])).content.decode()
    assert "Miền núi, hải đảo" in page and "Dữ liệu kiểm thử" in page


def test_it_searches_by_code_and_name(admin_client, units):
    by_code = admin_client.get(CHANGELIST, {"q": "03055"}).context["cl"].result_list
    assert list(by_code) == [units.commune]
    by_name = admin_client.get(CHANGELIST, {"q": "Võ Lao"}).context["cl"].result_list
    assert list(by_name) == [units.neighbour]


def test_it_filters_by_level_tier_and_whether_in_force(admin_client, units, make_unit):
    current = make_unit("Tỉnh Lào Cai", "15", Level.PROVINCE, Kind.PROVINCE,
                        valid_from=datetime.date(2025, 7, 1))
    Unit.objects.exclude(pk=current.pk).update(valid_to=datetime.date(2025, 6, 30))

    def listed(**params):
        return set(admin_client.get(CHANGELIST, params).context["cl"].result_list)

    assert listed(in_force="yes") == {current}
    assert current not in listed(in_force="no") and units.commune in listed(in_force="no")
    assert listed(tiers__tier__exact=Tier.REMOTE) == {units.neighbour, units.other_commune}
    assert listed(level__exact=Level.DISTRICT) == {units.district, units.other_district}


def test_the_list_costs_the_same_queries_for_one_row_and_many(admin_client, units):
    def queries(**params):
        with CaptureQueriesContext(connection) as ctx:
            assert admin_client.get(CHANGELIST, params).status_code == 200
        return len(ctx)

    assert queries(q="03055") == queries()


# the tier periods inline (management form, no row added or changed)
NO_TIER_ROWS = {"tiers-TOTAL_FORMS": "0", "tiers-INITIAL_FORMS": "0", "tiers-MIN_NUM_FORMS": "0",
                "tiers-MAX_NUM_FORMS": "1000"}


def test_adding_a_unit_by_hand_gives_it_a_path(admin_client, units):
    response = admin_client.post(reverse("admin:communes_unit_add"), {
        "code": "03999", "name": "Xã Thử Nghiệm", "level": Level.COMMUNE, "kind": Kind.COMMUNE,
        "parent": units.district.pk, "valid_from": "01/08/2008",
        **NO_TIER_ROWS, "tiers-TOTAL_FORMS": "1", "tiers-0-tier": Tier.REMOTE, "tiers-0-valid_from": "01/01/2016",
        "tiers-0-source": "Quyết định số 12/QĐ-UBND ngày 05/01/2016 của UBND tỉnh",
    })
    assert response.status_code == 302
    unit = Unit.objects.get(code="03999")
    assert unit.path == f"{units.district.path}{unit.pk}/"
    assert unit in Unit.objects.within(units.district)
    # the tier the recognition rule reads has its period and source
    assert list(unit.tiers.values_list("tier", "valid_from", "valid_to", "source")) == [
        (Tier.REMOTE, datetime.date(2016, 1, 1), None, "Quyết định số 12/QĐ-UBND ngày 05/01/2016 của UBND tỉnh")]


def test_an_administrator_changes_the_tier_but_not_the_parent(admin_client, units):
    url = reverse("admin:communes_unit_change", args=[units.commune.pk])
    tier = units.commune.tiers.get()  # the tier is a period with its source (UnitTier), edited inline
    response = admin_client.post(url, {
        "code": "03055", "name": "Thị trấn Khánh Yên", "level": Level.COMMUNE,
        "kind": Kind.TOWNSHIP, "valid_from": "01/08/2008",
        "parent": units.other_district.pk, **NO_TIER_ROWS, "tiers-TOTAL_FORMS": "1", "tiers-INITIAL_FORMS": "1",
        "tiers-0-id": tier.pk, "tiers-0-unit": units.commune.pk, "tiers-0-tier": Tier.REMOTE,
        "tiers-0-valid_from": "01/08/2008", "tiers-0-source": "Quyết định số 12/QĐ-UBND ngày 05/01/2016 của UBND tỉnh",
    })
    assert response.status_code == 302
    units.commune.refresh_from_db()
    assert units.commune.tiers.get().tier == Tier.REMOTE
    assert units.commune.parent == units.district
