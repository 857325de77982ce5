"""The demo's rounds as a province would record its past: days no text sets are marked MINH HỌA (no
registration deadline, no other province's plan cited), every act meets its deadline but one deliberately
late dossier (Xã Cẩm Lý's 2023 submission, counted in the reports), and every history line of a dossier
names its actor and a day of its round's year (never the day the demo was loaded, never "—")."""

import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from assessments import deadlines, demo, selectors
from assessments.models import Assessment, Council, CouncilMember, Decision, Registration, Round, Score, Transition
from reports import selectors as report_selectors
from reports.scope import Scope

pytestmark = pytest.mark.django_db
OTHER_PLANS = re.compile(r"Ninh Thuận|Lạng Sơn|Kon Tum|seed|mẫu", re.IGNORECASE)


def test_the_demo_rounds_meet_their_marked_deadlines_but_one_and_date_every_history_line(client):
    call_command("load_demo", stdout=io.StringIO())
    rounds = list(Round.objects.select_related("province").order_by("year"))
    assert [r.year for r in rounds] == [2022, 2023, 2024, 2025, 2026]
    for r in rounds:
        check_deadlines(r)
    from criteria.models import Ownership  # sources shown to users name documents, never "seed"
    assert not Ownership.objects.filter(source__icontains="seed").exists()
    late = [(a.commune.name, a.round.year) for a in Assessment.objects.select_related("commune", "round", "decision")
            if not on_time(a)]
    assert late == [demo.LATE]
    for username, year, overdue in (("tinh.bacgiang", 2022, 0), ("tinh.bacgiang", 2023, 1)):
        user = User.objects.get(username=username)
        assert report_selectors.summary(Scope(user, year, user.unit))["total"].overdue == overdue

    today = timezone.localdate().strftime("%d/%m/%Y")
    client.force_login(User.objects.get(username="trunguong"))
    for a in Assessment.objects.select_related("round", "commune"):
        check_history(a)
        html = client.get(reverse("assessments:history", args=[a.pk])).content.decode()
        assert "<strong>—</strong>" not in html and (a.round.year == 2026 or today not in html), a
    check_audit_rows()
    dated = audit_times()
    call_command("load_demo", stdout=io.StringIO())
    assert audit_times() == dated  # a second load dates nothing again


def audit_times():
    return (list(Transition.objects.order_by("pk").values_list("at", flat=True))
            + list(Assessment.history.order_by("history_id").values_list("history_date", flat=True))
            + list(Score.history.order_by("history_id").values_list("history_date", flat=True)))


def check_deadlines(r):
    items = deadlines.of_round(r)
    assert r.registration_due is None and "registration" not in [d.key for d in items]  # no text sets one
    assert [d.key for d in items] == (["submission", "appraisal", "decision", "district_report", "report"]
                                      if r.year < 2025 else ["submission", "appraisal", "decision", "report"])
    assert r.deadlines_source.startswith("MINH HỌA")
    for d in items:
        assert d.source == f"MINH HỌA cho bản demo: chưa có văn bản của {r.province.name} đặt hạn này", d
        assert not OTHER_PLANS.search(d.source)


def on_time(a):
    r = a.round
    return all(day is None or day <= due for day, due in (
        (a.submitted_on, r.submission_due), (a.appraisal_report_on, r.appraisal_due),
        (a.decision.signed_on if a.decision_id else None, r.decision_due)))


def check_history(a):
    year = a.round.year
    for t in a.transitions.select_related("by"):
        assert t.by is not None and t.acted_on.year == year, (a, t)
        assert timezone.localtime(t.at).date() == t.acted_on, (a, t)  # recorded, as shown, on the act's day
    for line in selectors.audit_trail(a):
        assert line["who"] != "—" and timezone.localtime(line["when"]).year == year, (a, line)


def check_audit_rows():
    """Every audit row of the dossiers' records: an actor and a day of the round's year."""
    year_of = dict(Assessment.objects.values_list("pk", "round__year"))
    council_year = {c.pk: year_of[c.assessment_id] for c in Council.objects.all()}
    rows = [(h, h.year) for h in Round.history.all()]
    rows += [(h, Round.objects.get(pk=h.round_id).year) for model in (Registration, Decision)
             for h in model.history.all()]
    rows += [(h, year_of[h.id]) for h in Assessment.history.all()]
    rows += [(h, year_of[h.assessment_id]) for model in (Score, Council) for h in model.history.all()]
    rows += [(h, council_year[h.council_id]) for h in CouncilMember.history.all()]
    assert len(rows) > 500
    for h, year in rows:
        assert h.history_user_id is not None and timezone.localtime(h.history_date).year == year, (h, year)
