"""Every list of the API costs the same queries for a page of 1 row as for a page of many: each relation a row
shows is joined or prefetched (pinned here with django_assert_num_queries), as read with a key."""

import datetime as dt

import pytest
from django.urls import reverse

from assessments.models import Registration
from communes.models import Kind, Level
from tests import factories

# queries of a list, whatever its page size: the key (1), the count (1), the page (1) and its prefetches; the
# dossiers count their rows and read their latest change (Last-Modified) in one aggregate
PINNED = {"api:unit-list": 6, "api:standard-list": 6, "api:sector-list": 4, "api:round-list": 3,
          "api:dossier-list": 3, "api:decision-list": 4, "api:registration-list": 4, "api:target-list": 3}


@pytest.fixture
def many(api):
    """Six more communes of Văn Bàn with a dossier and a registration each, and a decision on them."""
    round_ = api.own.round
    for i in range(6):
        commune = factories.UnitFactory(name=f"Xã Thử {i}", code=f"0390{i}", level=Level.COMMUNE, kind=Kind.COMMUNE,
                                        parent=api.units.district)
        factories.recorded_assessment(round_, commune, "recognised")
        Registration.objects.create(round=round_, commune=commune, registered_on=dt.date(2024, 3, 1))
    return api


@pytest.mark.parametrize("name", sorted(PINNED))
def test_a_list_costs_the_same_queries_for_one_row_as_for_many(many, name, django_assert_num_queries):
    client = many.keys["national"].client
    client.get(reverse(name))  # the key's first use is recorded once (an UPDATE); then at most once a minute
    for size in (1, 50):
        with django_assert_num_queries(PINNED[name]):
            r = client.get(reverse(name), {"page_size": size})
        assert r.status_code == 200
        assert len(r.json()["results"]) == min(size, r.json()["count"])
    assert r.json()["count"] > 1 or name in ("api:target-list",)


def test_a_page_of_dossiers_read_on_after_the_last_one_costs_the_same_queries(many, django_assert_num_queries):
    client = many.keys["national"].client
    url = reverse("api:dossier-list")
    newest = client.get(url, {"page_size": 1}).json()["results"][0]["id"]
    for size in (1, 50):
        with django_assert_num_queries(PINNED["api:dossier-list"]):  # the key, the count with Last-Modified, the page
            r = client.get(url, {"page_size": size, "page": 2, "after": newest})
        assert len(r.json()["results"]) == min(size, r.json()["count"] - 1)


def test_a_dossier_with_its_points_costs_three_queries(many, django_assert_num_queries):
    client = many.keys["national"].client
    url = reverse("api:dossier-detail", kwargs={"pk": many.own.pk})
    client.get(url)
    with django_assert_num_queries(3):  # the key, the dossier, its points
        r = client.get(url)
    assert [p["criterion"] for p in r.json()["points"]] == list(range(1, 14))
    assert r.json()["points"][0]["final_points"] == 100


# a report: the key and the filter (ReportFilterForm, as the page), then its selector's own queries; pinned so a
# change that adds a query per unit or per year shows here (the trend reads more nationally than in a province)
REPORTS = {("api:report_summary", "national"): 7, ("api:report_summary", "lao_cai"): 7,
           ("api:report_criteria", "national"): 6, ("api:report_criteria", "lao_cai"): 6,
           ("api:report_trend", "national"): 11, ("api:report_trend", "lao_cai"): 9,
           ("api:report_holders", "national"): 3, ("api:report_holders", "lao_cai"): 3}


@pytest.mark.parametrize("name,key", sorted(REPORTS))
def test_a_report_costs_a_fixed_number_of_queries(many, name, key, django_assert_num_queries):
    client = many.keys[key].client
    client.get(reverse(name))
    for query in ({}, {"year": 2024}):
        with django_assert_num_queries(REPORTS[(name, key)]):
            r = client.get(reverse(name), query)
        assert r.status_code == 200
