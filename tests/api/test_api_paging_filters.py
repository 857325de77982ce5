"""Paging with a fixed maximum page size, and the filters (year, unit with its subtree, standard, status):
a value the filter cannot read answers 400 with the field named, never 500."""

import pytest
from django.urls import reverse
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from api.base import MAX_PAGE_SIZE, Paging


def test_pages_follow_one_another_and_a_page_past_the_last_is_not_found(api):
    client = api.keys["national"].client
    url = reverse("api:unit-list")
    first = client.get(url, {"page_size": 2}).json()
    assert first["count"] == 7 and len(first["results"]) == 2 and first["previous"] is None
    assert "page=2" in first["next"] and "page_size=2" in first["next"]
    seen = [u["id"] for u in first["results"]]
    for page in (2, 3, 4):
        seen += [u["id"] for u in client.get(url, {"page_size": 2, "page": page}).json()["results"]]
    assert len(seen) == len(set(seen)) == 7  # every unit once, none twice
    r = client.get(url, {"page_size": 2, "page": 5})
    assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"


def test_the_dossiers_next_link_reads_on_after_the_last_one_read(api):
    """The dossiers, newest first, carry ``after=<id>`` in their next link: the next page is read from the index
    after the last dossier read, so a dossier created meanwhile shifts nothing (an OFFSET page would repeat one)."""
    from tests import factories

    client, url = api.keys["national"].client, reverse("api:dossier-list")
    ids = [r["id"] for r in client.get(url, {"page_size": 500}).json()["results"]]
    assert len(ids) >= 2 and ids == sorted(ids, reverse=True)
    first = client.get(url, {"page_size": 1}).json()
    assert [r["id"] for r in first["results"]] == ids[:1] and first["previous"] is None
    assert first["next"] == f"http://testserver/api/v1/dossiers/?after={ids[0]}&page=2&page_size=1"
    later = factories.RoundFactory(province=api.units.province, year=2025, standard=api.standard,
                                   opened_by=api.users.provincial_staff)
    created = factories.AssessmentFactory(round=later, commune=api.units.commune)  # 2024's rounds are decided
    second = client.get(first["next"]).json()
    assert [r["id"] for r in second["results"]] == ids[1:2] and second["count"] == len(ids) + 1
    assert second["previous"] == "http://testserver/api/v1/dossiers/?page_size=1"
    by_number = client.get(url, {"page_size": 1, "page": 2}).json()  # page 2 counted from the top: one later
    assert [r["id"] for r in by_number["results"]] == ids[:1]
    walked, next_url = [], first["next"]
    while next_url:
        page = client.get(next_url).json()
        walked += [r["id"] for r in page["results"]]
        next_url = page["next"]
    assert walked == ids[1:]  # the walk goes on from where it was: none twice, none skipped
    assert [r["id"] for r in client.get(url, {"page_size": 500}).json()["results"]] == [created.pk, *ids]
    assert client.get(url, {"after": ids[-1]}).json()["results"] == []


@pytest.mark.parametrize("query", [{"page": "abc"}, {"page": "0"}, {"page": "-1"}, {"page_size": "0"},
                                   {"page_size": "x"}, {"page": "1" * 30}, {"page": "٣"}, {"after": "x"},
                                   {"after": "0"}, {"after": "-5"}])
def test_a_page_or_size_that_is_not_a_positive_number_is_a_bad_request(api, query):
    r = api.keys["national"].client.get(reverse("api:dossier-list"), query)
    assert r.status_code == 400
    error = r.json()["error"]
    assert error["code"] == "invalid_filter" and list(error["fields"]) == list(query)
    assert error["message"] == "Tham số lọc không hợp lệ."


def test_the_page_size_never_exceeds_the_maximum(db):
    request = Request(APIRequestFactory().get("/", {"page_size": 100_000}))
    assert Paging().get_page_size(request) == MAX_PAGE_SIZE == 500
    assert Paging().get_page_size(Request(APIRequestFactory().get("/"))) == 100


def _ids(client, name, **query):
    r = client.get(reverse(name), query)
    assert r.status_code == 200, r.content
    return {row["id"] for row in r.json()["results"]}


def test_the_filters_narrow_the_dossiers(api):
    from tests import factories

    client, own, other = api.keys["national"].client, api.own, api.other
    draft = factories.AssessmentFactory(round=own.round, commune=api.units.neighbour)
    name = "api:dossier-list"
    assert _ids(client, name) == {own.pk, other.pk, draft.pk}
    assert _ids(client, name, year=2024) == {own.pk, other.pk, draft.pk}
    assert _ids(client, name, year=2023) == set()
    assert _ids(client, name, unit=api.units.province.pk) == {own.pk, draft.pk}  # the province's subtree
    assert _ids(client, name, unit=api.units.district.pk) == {own.pk, draft.pk}
    assert _ids(client, name, unit=api.units.neighbour.pk) == {draft.pk}
    assert _ids(client, name, status="recognised") == {own.pk, other.pk}
    assert _ids(client, name, status="draft", unit=api.units.province.pk) == {draft.pk}
    assert _ids(client, name, standard="06/QĐ-TTg") == {own.pk, other.pk, draft.pk}
    assert _ids(client, name, standard="34/2014/QĐ-TTg") == set()
    assert _ids(client, name, round=other.round_id) == {other.pk}
    # the same filters on the other tables
    assert _ids(client, "api:round-list", unit=api.units.commune.pk) == {own.round_id}
    assert _ids(client, "api:decision-list", unit=api.units.other_province.pk) == {other.decision_id}
    assert _ids(client, "api:registration-list", year=2024, unit=api.units.district.pk) == {api.registrations["own"].pk}
    assert _ids(client, "api:target-list", unit=api.units.other_province.pk) == {api.targets["other"].pk}
    assert _ids(client, "api:unit-list", unit=api.units.district.pk) == {
        api.units.district.pk, api.units.commune.pk, api.units.neighbour.pk}
    assert _ids(client, "api:unit-list", level="province") == {api.units.province.pk, api.units.other_province.pk}
    assert _ids(client, "api:unit-list", code="03061") == {api.units.neighbour.pk}


@pytest.mark.parametrize("query", [{"year": "abc"}, {"year": "20245"}, {"year": "1.5"}, {"status": "done"},
                                   {"unit": "abc"}, {"unit": "999999999"}, {"unit": "9" * 25},
                                   {"standard": "99/QĐ-TTg"}, {"round": "x"}, {"format": "xml"}])
def test_a_bad_filter_is_a_bad_request_with_a_vietnamese_message(api, query):
    r = api.keys["national"].client.get(reverse("api:dossier-list"), query)
    assert r.status_code == 400, r.content
    error = r.json()["error"]
    if "format" in query:
        assert error == {"code": "unsupported_format",
                         "message": "Định dạng không hỗ trợ: dùng format=json hoặc format=csv."}
    else:
        assert error["code"] == "invalid_filter" and list(error["fields"]) == list(query)


@pytest.mark.parametrize("query", [{"year": "abc"}, {"year": "1999"}, {"province": "x"}, {"district": "1" * 30}])
def test_a_bad_report_filter_is_a_bad_request(api, query):
    r = api.keys["national"].client.get(reverse("api:report_summary"), query)
    assert r.status_code == 400 and r.json()["error"]["code"] == "invalid_filter"
    assert list(r.json()["error"]["fields"]) == [next(iter(query))]


@pytest.mark.parametrize("path", ["/api/v1/khong-co/", "/api/v1/dossiers/1/scores/", "/api/v2/units/", "/api/"])
def test_a_path_under_the_api_that_names_no_endpoint_is_the_apis_json_404(api, path):
    r = api.keys["national"].client.get(path)
    assert r.status_code == 404 and r["Content-Type"] == "application/json"
    assert r.json()["error"] == {"code": "not_found",
                                 "message": "Không tìm thấy (hoặc không thuộc phạm vi được đọc)."}


def test_a_page_that_does_not_exist_is_still_the_html_404(client):
    r = client.get("/khong-co-trang-nay/")
    assert r.status_code == 404 and r["Content-Type"].startswith("text/html")
