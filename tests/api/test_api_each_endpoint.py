"""Issue 26's "done when", endpoint by endpoint: every list pages through each of its rows once, every filter of
every list narrows it to exactly the records it names, every answer (list, record, report) costs a 304 while
nothing changed and comes as CSV. Scope (a key of Lào Cai reads nothing of Bắc Giang) is
tests/security/test_api_keys.py's, for every endpoint too."""

import csv
import datetime as dt
import io
from types import SimpleNamespace

import pytest
from django.urls import reverse

from assessments.models import Registration
from communes.models import Kind, Level
from reports.models import Target
from tests import factories

# every list and the field that names its rows
LISTS = {"api:unit-list": "id", "api:standard-list": "id", "api:sector-list": "code", "api:round-list": "id",
         "api:dossier-list": "id", "api:decision-list": "id", "api:registration-list": "id", "api:target-list": "id"}
REPORTS = ("api:report_summary", "api:report_criteria", "api:report_trend", "api:report_holders")


def _record(api, name):
    """The kwargs of one record of Lào Cai's (or a national one) for each detail endpoint."""
    return {"api:unit-detail": {"pk": api.units.commune.pk}, "api:standard-detail": {"pk": api.standard.pk},
            "api:sector-detail": {"code": api.world.cast_sector.code}, "api:round-detail": {"pk": api.own.round_id},
            "api:dossier-detail": {"pk": api.own.pk}, "api:decision-detail": {"pk": api.own.decision_id},
            "api:registration-detail": {"pk": api.registrations["own"].pk},
            "api:target-detail": {"pk": api.targets["own"].pk}}[name]


DETAILS = ("api:unit-detail", "api:standard-detail", "api:sector-detail", "api:round-detail", "api:dossier-detail",
           "api:decision-detail", "api:registration-detail", "api:target-detail")


def _url(api, name):
    return reverse(name, kwargs=_record(api, name)) if name in DETAILS else reverse(name)


@pytest.mark.parametrize("name", sorted(LISTS))
def test_every_list_pages_through_each_of_its_rows_once(api, name):
    client, key = api.keys["national"].client, LISTS[name]
    whole = client.get(reverse(name), {"page_size": 500}).json()
    expected = [row[key] for row in whole["results"]]
    assert len(expected) >= 2 and whole["count"] == len(expected) and whole["next"] is None
    seen, url = [], f"{reverse(name)}?page_size=1"
    while url:
        page = client.get(url).json()
        assert page["count"] == len(expected) and len(page["results"]) == 1
        if seen:  # each page links back to the one before
            assert [row[key] for row in client.get(page["previous"]).json()["results"]] == seen[-1:]
        else:
            assert page["previous"] is None
        seen += [row[key] for row in page["results"]]
        url = page["next"]
    assert seen == expected  # the same rows in the same order as one large page, none twice


@pytest.fixture
def more(api, standards):
    """Beside the world's 2024 rounds: a 2018 round of Lào Cai on QĐ 34/2014 with a dossier and a registration, a
    former commune of Văn Bàn (ended 2019) and a target of newly recognised units."""
    staff = api.users.provincial_staff
    old = factories.RoundFactory(province=api.units.province, year=2018, standard=standards["34/2014/QĐ-TTg"],
                                 opened_by=staff)
    dossier = factories.AssessmentFactory(round=old, commune=api.units.commune)
    registration = Registration.objects.create(round=old, commune=api.units.neighbour,
                                               registered_on=dt.date(2018, 3, 1))
    former = factories.UnitFactory(name="Xã Làng Cũ", code="03058", level=Level.COMMUNE, kind=Kind.COMMUNE,
                                   parent=api.units.district, valid_to=dt.date(2019, 12, 31))
    new = Target.objects.create(unit=api.units.province, kind=Target.Kind.NEW_SHARE, year=2020, percent=3,
                                source="Kế hoạch của tỉnh Lào Cai")
    api.more = SimpleNamespace(round=old, dossier=dossier, registration=registration, former=former, target=new)
    return api


def _rows(client, name, **query):
    r = client.get(reverse(name), {"page_size": 500, **query})
    assert r.status_code == 200, (query, r.content)
    return r.json()["results"]


def _ids(client, name, **query):
    return {row["id"] for row in _rows(client, name, **query)}


def test_the_units_filters(more):
    client, u, former = more.keys["national"].client, more.units, more.more.former
    name = "api:unit-list"
    assert _ids(client, name, level="district") == {u.district.pk, u.other_district.pk}
    assert _ids(client, name, kind="thi_tran") == {u.commune.pk}
    assert _ids(client, name, code="03058") == {former.pk}
    assert _ids(client, name, current="false") == {former.pk}
    assert former.pk not in _ids(client, name, current="true") and u.commune.pk in _ids(client, name, current="true")
    assert former.pk in _ids(client, name, year=2018) and former.pk not in _ids(client, name, year=2024)
    assert _ids(client, name, unit=u.district.pk) == {u.district.pk, u.commune.pk, u.neighbour.pk, former.pk}
    assert _ids(client, name, unit=u.district.pk, current="true", level="commune") == {u.commune.pk, u.neighbour.pk}


def test_the_rounds_filters(more):
    client, own, other, old = more.keys["national"].client, more.own.round, more.other.round, more.more.round
    name = "api:round-list"
    assert _ids(client, name) == {own.pk, other.pk, old.pk}
    assert _ids(client, name, year=2018) == {old.pk}
    assert _ids(client, name, year=2024) == {own.pk, other.pk}
    assert _ids(client, name, standard="34/2014/QĐ-TTg") == {old.pk}
    assert _ids(client, name, standard="06/QĐ-TTg") == {own.pk, other.pk}
    assert _ids(client, name, unit=more.units.province.pk) == {own.pk, old.pk}
    assert _ids(client, name, unit=more.units.other_commune.pk) == {other.pk}  # the round of the unit's province
    assert _ids(client, name, unit=more.units.province.pk, year=2024) == {own.pk}


def test_the_dossiers_filters_by_year_standard_and_round(more):
    client, old = more.keys["national"].client, more.more.dossier
    name = "api:dossier-list"
    assert _ids(client, name, year=2018) == {old.pk}
    assert _ids(client, name, standard="34/2014/QĐ-TTg") == {old.pk}
    assert _ids(client, name, round=old.round_id) == {old.pk}
    assert _ids(client, name, unit=more.units.commune.pk) == {more.own.pk, old.pk}
    assert _ids(client, name, unit=more.units.commune.pk, year=2024, status="recognised") == {more.own.pk}
    assert [row["id"] for row in _rows(client, name, unit=more.units.commune.pk)] == [old.pk, more.own.pk]  # newest


def test_the_decisions_filters(more):
    client, own, other = more.keys["national"].client, more.own.decision_id, more.other.decision_id
    name = "api:decision-list"
    assert _ids(client, name) == {own, other}
    assert _ids(client, name, year=2024) == {own, other}
    assert _ids(client, name, year=2018) == set()
    assert _ids(client, name, standard="06/QĐ-TTg") == {own, other}
    assert _ids(client, name, standard="34/2014/QĐ-TTg") == set()
    assert _ids(client, name, unit=more.units.province.pk) == {own}  # issued within Lào Cai
    assert _ids(client, name, unit=more.units.other_district.pk) == {other}


def test_the_registrations_filters(more):
    client, r = more.keys["national"].client, more.registrations
    old = more.more.registration
    name = "api:registration-list"
    assert _ids(client, name) == {r["own"].pk, r["other"].pk, old.pk}
    assert _ids(client, name, year=2018) == {old.pk}
    assert _ids(client, name, standard="06/QĐ-TTg") == {r["own"].pk, r["other"].pk}
    assert _ids(client, name, standard="34/2014/QĐ-TTg") == {old.pk}
    assert _ids(client, name, unit=more.units.district.pk) == {r["own"].pk, old.pk}
    assert _ids(client, name, unit=more.units.other_commune.pk) == {r["other"].pk}


def test_the_targets_filters(more):
    client, t, new = more.keys["national"].client, more.targets, more.more.target
    name = "api:target-list"
    everything = _rows(client, name)
    assert {t["own"].pk, t["other"].pk, new.pk} <= {row["id"] for row in everything}
    news = _rows(client, name, kind="new")
    assert new.pk in {row["id"] for row in news} and {row["kind"] for row in news} == {"new"}
    assert {row["id"] for row in news} == {row["id"] for row in everything if row["kind"] == "new"}
    in_2020 = _rows(client, name, year=2020)
    assert {row["id"] for row in in_2020} == {row["id"] for row in everything if row["year"] == 2020} and in_2020
    assert _ids(client, name, unit=more.units.province.pk) == {t["own"].pk, new.pk}
    assert _ids(client, name, unit=more.units.province.pk, kind="recognised") == {t["own"].pk}


@pytest.mark.parametrize("name", REPORTS)
def test_every_report_reads_its_year_province_and_district(more, name):
    client, u = more.keys["national"].client, more.units
    scope = client.get(reverse(name)).json()["scope"]
    assert scope["year"] == 2024 and scope["unit"] is None  # the latest year with dossiers, the whole country
    scope = client.get(reverse(name), {"year": 2018, "province": u.province.pk}).json()["scope"]
    assert scope["year"] == 2018 and scope["unit"]["id"] == u.province.pk
    scope = client.get(reverse(name), {"province": u.province.pk, "district": u.district.pk}).json()["scope"]
    assert scope["unit"]["id"] == u.district.pk
    scope = more.keys["lao_cai"].client.get(reverse(name), {"district": u.district.pk}).json()["scope"]
    assert scope["unit"]["id"] == u.district.pk  # a province's key chooses among its districts
    r = more.keys["lao_cai"].client.get(reverse(name), {"district": u.other_district.pk})
    assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"


EVERY = sorted(LISTS) + list(DETAILS) + list(REPORTS)


@pytest.mark.parametrize("name", EVERY)
def test_every_answer_costs_a_304_while_nothing_changed(api, name):
    client, url = api.keys["lao_cai"].client, _url(api, name)
    first = client.get(url)
    assert first.status_code == 200 and first["ETag"].startswith('"')
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b"" and again["ETag"] == first["ETag"]
    assert client.get(url, HTTP_IF_NONE_MATCH='"autre"').status_code == 200
    if name in ("api:dossier-list", "api:dossier-detail"):  # the dossiers also say when they last changed
        assert client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304


@pytest.mark.parametrize("name", EVERY)
def test_every_answer_comes_as_csv(api, name):
    client, url = api.keys["lao_cai"].client, _url(api, name)
    r = client.get(url, {"format": "csv"})
    assert r.status_code == 200 and r["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(r.content.decode("utf-8").removeprefix("\ufeff"))))
    assert rows or name == "api:report_holders"  # no commune has 3 years in a row here: an empty table
    if name in DETAILS:  # a record is one row
        key = "code" if name == "api:sector-detail" else "id"
        assert len(rows) == 1 and rows[0][key] == str(client.get(url).json()[key])
