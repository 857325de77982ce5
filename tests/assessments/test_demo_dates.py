"""No printed document of a past round carries a date after its year.

load_demo builds Bắc Giang's 2022–2024 rounds as a province recording its past would. Every PDF the
demo can print for those rounds (each dossier's request letter, score sheet and council minutes, the
appraisal report, the decision, and the province's and Lục Nam's reports of each year) is rendered by
WeasyPrint and read back with pypdf: each "ngày … tháng … năm …" date and each dd/mm/yyyy date lies in
or before the round's year, every date line follows the NĐ 30/2020 zero rule, and each document's
date line is the day of its act (core.formatting.nd30_date).
"""

import io
import re

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from accounts.models import User
from assessments import documents
from assessments.models import Assessment, Decision, Round
from core.formatting import nd30_date
from core.pdf import render_pdf
from reports import documents as report_documents
from reports.scope import Scope

pytestmark = pytest.mark.django_db

DATE_LINE = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})")
SLASHED = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")


def text_of(pdf: bytes) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())


def check_dates(text, year, what):
    """Every date of the text in or before ``year``, written as NĐ 30 asks; returns the date lines."""
    lines = DATE_LINE.findall(text)
    for day, month, y in lines:
        assert int(y) <= year, f"{what}: ngày {day} tháng {month} năm {y} is after {year}"
        assert day == f"{int(day):02d}", f"{what}: the day {day} needs its leading zero (NĐ 30)"
        assert month == (f"{int(month):02d}" if int(month) in (1, 2) else str(int(month))), \
            f"{what}: month {month} (NĐ 30: a leading zero only for months 1 and 2)"
    for day, month, y in SLASHED.findall(text):
        assert int(y) <= year, f"{what}: {day}/{month}/{y} is after {year}"
    assert "20……" in text or lines, f"{what}: no date line"
    return lines


def test_every_pdf_of_the_past_rounds_is_dated_inside_its_year():
    call_command("load_demo", stdout=io.StringIO())
    check_acts_inside_their_years()
    rounds = list(Round.objects.filter(year__lte=2024).select_related("province", "standard").order_by("year"))
    assert [r.year for r in rounds] == [2022, 2023, 2024]
    printed = 0
    for r in rounds:
        for a in Assessment.objects.filter(round=r).select_related("commune", "round"):
            expected = {"request": a.request_on, "score_sheet": a.request_on,
                        "minutes": a.council.meeting_date, "appraisal": a.appraisal_report_on}
            for slug, doc in documents.DOCUMENTS.items():
                if not doc.ready(a):
                    continue
                what = f"{doc.filename} {a.commune.name} {r.year}"
                text = text_of(render_pdf(doc.template, doc.build(a)))
                check_dates(text, r.year, what)
                if expected[slug] is not None:
                    assert expected[slug].year == r.year, what
                    assert nd30_date(expected[slug]) in text, f"{what}: its date line is not the act's day"
                printed += 1
        for d in Decision.objects.filter(round=r):
            text = text_of(render_pdf("documents/assessments/decision.html", documents.decision_context(d)))
            check_dates(text, r.year, f"decision {d.number}")
            assert d.signed_on.year == r.year and nd30_date(d.signed_on) in text
            printed += 1
        for username, unit in (("tinh.bacgiang", r.province), ("huyen.lucnam", None)):
            user = User.objects.get(username=username)
            scope = Scope(user, r.year, unit or user.unit)
            context = report_documents.report_context(scope)
            text = text_of(render_pdf(report_documents.document_template(scope), context))
            check_dates(text, r.year, f"report {username} {r.year}")
            printed += 1
    assert printed > 40


def check_acts_inside_their_years():
    """Every act of the 2022–2024 dossiers on a day of its round's year."""
    for a in Assessment.objects.filter(round__year__lte=2024).exclude(status=Assessment.Status.DRAFT):
        days = [a.request_on, a.submitted_on, a.accepted_on, a.appraisal_report_on, a.council.meeting_date,
                *a.scores.values_list("appraised_on", flat=True),
                *a.transitions.values_list("acted_on", flat=True)]
        assert all(d is None or d.year == a.round.year for d in days), (a, days)
    years = set(Decision.objects.values_list("signed_on__year", "round__year"))
    assert {(2022, 2022), (2023, 2023), (2024, 2024)} <= years and all(s == r for s, r in years)
