"""The product's own code paths: whole requests through the test client for pages (as the user who
would open them), the export functions for the workbook and the PDF.

Each ``*_numbers`` function reads the numbers back out of what the product produced (the page's
template context, the workbook's cells) in the shape of the floor's results, for the equality check.
"""

from decimal import Decimal

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models import Assessment, Round
from reports.scope import Scope


class Pages:
    """A signed-in test client per bench user (sessions live in the database, as in production)."""

    def __init__(self, users):
        self.clients = {}
        for name, user in users.items():
            client = Client(HTTP_HOST="127.0.0.1")
            client.force_login(user)
            self.clients[name] = client

    def get(self, user, url):
        response = self.clients[user].get(url)
        if response.status_code != 200:
            raise AssertionError(f"GET {url} as {user}: HTTP {response.status_code}")
        return response

    def count_queries(self, user, url):
        with CaptureQueriesContext(connection) as ctx:
            self.get(user, url)
        return len(ctx.captured_queries)


def summary_url(year, unit=None):
    return f"{reverse('reports:summary')}?year={year}" + (f"&province={unit.pk}" if unit is not None else "")


def criteria_url(year):
    return f"{reverse('reports:criteria')}?year={year}"


def trend_url(year):
    return f"{reverse('reports:trend')}?year={year}"


def scoring_url(world):
    a = (Assessment.objects.filter(commune=world.users["bench_commune"].unit, round__year=world.year).get())
    return reverse("assessments:detail", args=[a.pk])


def decisions_round(world):
    return Round.objects.get(province_id=world.users["bench_district"].unit.province_id, year=world.year)


def decisions_url(world):
    return reverse("assessments:round", args=[decisions_round(world).pk])


def frame_url():
    return reverse("help")


# --- numbers read back from the pages --------------------------------------------------------------

COUNTERS = ("units", "registered", "assessed", "submitted", "recognised", "newly", "lost", "previously", "overdue")


def summary_numbers(response):
    rows, total = response.context["rows"], response.context["total"]
    out = {row.unit.pk: tuple(getattr(row, name) for name in COUNTERS) for row in rows}
    summed = tuple(sum(v[i] for v in out.values()) for i in range(len(COUNTERS)))
    if summed != tuple(getattr(total, name) for name in COUNTERS):
        raise AssertionError(f"the summary's total row {total} is not the sum of its rows {summed}")
    return out


def criteria_numbers(response):
    analysis = response.context["analysis"]
    return {"rows": {r["criterion"].pk: (r["scored"], r["zeros"], r["average"], r["average_share"], r["blocks"])
                     for r in analysis["rows"] if r["scored"]},
            "dossiers": analysis["dossiers"], "with_zero": analysis["with_zero"], "blocked": analysis["blocked"]}


def trend_numbers(response):
    trend = response.context["trend"]
    out = {}
    for line in trend["lines"]:
        for p in line["points"]:
            if p["units"] or p["recognised"]:
                out[(p["year"], line["unit"].pk)] = (p["units"], p["recognised"])
    return out


def decisions_numbers(response):
    """Every figure and name a row of the decision list prints, as the floor reads them (the names as stored:
    the page names each unit as of the round, which the benchmark's units do not change)."""
    def cents(value):
        return None if value is None else Decimal(str(value)).quantize(Decimal("0.01"))

    return {a.pk: (a.status, cents(a.final_total), a.discrepancies, cents(a.self_total), a.meets_standard,
                   a.zero_criteria, cents(a.adjustment), a.commune.name,
                   a.commune.parent.name if a.commune.parent_id else None,
                   a.decision.number if a.decision_id else None, a.decision_signed_path, a.decision_signer)
            for a in response.context["rows"]}


# --- exports -----------------------------------------------------------------------------------------

def write_workbook(user, year, path, today):
    from reports.exports import write_workbook

    return write_workbook(Scope(user, year, None), path, today=today)


def write_pdf(user, unit, year, path, today):
    from reports.exports import write_pdf

    return write_pdf(Scope(user, year, unit), path, today=today)


def pdf_text(path):
    from pypdf import PdfReader

    return " ".join("".join(page.extract_text() for page in PdfReader(path).pages).split())


# --- the read-only API (issue 26), beside the page's own selector ------------------------------------

class ApiReader:
    """A client system reading the API with its key (Authorization: Api-Key), as a ministry's system would."""

    def __init__(self, secret):
        self.client = Client(HTTP_HOST="127.0.0.1", HTTP_AUTHORIZATION=f"Api-Key {secret}")

    def get(self, url):
        response = self.client.get(url)
        if response.status_code != 200:
            raise AssertionError(f"GET {url} with the bench key: HTTP {response.status_code}")
        return response.json()


def api_dossiers(reader, year):
    """The national list of a year's dossiers through the API: every page, at the largest page size."""
    rows, url = [], f"{reverse('api:dossier-list')}?year={year}&page_size=500"
    while url:
        page = reader.get(url)
        rows += page["results"]
        url = page["next"]
    return rows


def api_dossier_numbers(rows):
    return {r["id"]: (r["status"], Decimal(str(r["final_total"])).quantize(Decimal("0.01"))) for r in rows}


def page_dossiers(user, year):
    """The dossiers' list page's selector (assessments.selectors.dossier_rows) for the year, every row."""
    from assessments.selectors import dossier_rows

    return list(dossier_rows(user).filter(round__year=year))


def page_dossier_numbers(rows):
    return {a.pk: (a.status, a.final_total.quantize(Decimal("0.01"))) for a in rows}


def api_summary(reader, year):
    return reader.get(f"{reverse('api:report_summary')}?year={year}")


def api_summary_numbers(data):
    return {r["unit"]["id"]: tuple(r[name] for name in COUNTERS) for r in data["rows"]}


def summary_selector(user, year):
    """The summary page's selector (reports.selectors.summary) on the national scope, as the page calls it."""
    from reports.selectors import summary

    return summary(Scope(user, year, None))


def selector_summary_numbers(data):
    return {row.unit.pk: tuple(getattr(row, name) for name in COUNTERS) for row in data["rows"]}
