"""The report endpoints give the figures of the report pages: the same selectors through the same filter
(reports.forms.ReportFilterForm), for a province's key as for the province's staff."""

from django.urls import reverse

from reports import selectors
from reports.forms import ReportFilterForm


def _scope(user, **query):
    return ReportFilterForm(query, user=user).scope()


def test_the_summary_is_the_pages_summary(api):
    staff = api.users.provincial_staff
    page = selectors.summary(_scope(staff))
    data = api.keys["lao_cai"].client.get(reverse("api:report_summary")).json()
    assert data["scope"]["year"] == 2024 and data["scope"]["unit"]["name"] == "Tỉnh Lào Cai"
    assert [(r["label"], r["units"], r["recognised"], r["assessed"]) for r in data["rows"]] == [
        (r.label, r.units, r.recognised, r.assessed) for r in page["rows"]]
    assert data["total"]["recognised"] == page["total"].recognised == 1
    assert data["total"]["share"] == float(page["total"].share)
    # the session of the province's staff reads the same
    from django.test import Client

    session = Client()
    session.force_login(staff)
    assert session.get(reverse("api:report_summary")).json() == data


def test_the_national_summary_groups_by_province(api):
    national = api.users.national_staff
    page = selectors.summary(_scope(national, year="2024"))
    data = api.keys["national"].client.get(reverse("api:report_summary"), {"year": 2024}).json()
    assert [r["label"] for r in data["rows"]] == [r.label for r in page["rows"]] == ["Tỉnh Lào Cai", "Tỉnh Bắc Giang"]
    assert data["scope"]["unit"] is None


def test_criteria_trend_and_consecutive_years_are_the_pages(api):
    staff = api.users.provincial_staff
    client = api.keys["lao_cai"].client
    analysis = selectors.criteria_analysis(_scope(staff))
    data = client.get(reverse("api:report_criteria")).json()
    assert [(r["number"], r["zeros"], r["scored"]) for r in data["rows"]] == [
        (r["number"], r["zeros"], r["scored"]) for r in analysis["rows"]]
    assert data["dossiers"] == analysis["dossiers"]
    trend = selectors.trend(_scope(staff))
    data = client.get(reverse("api:report_trend")).json()
    assert data["years"] == trend["years"] and [p["recognised"] for p in data["total"]] == [
        p["recognised"] for p in trend["total"]]
    assert client.get(reverse("api:report_holders")).json()["rows"] == selectors.holders(_scope(staff))
