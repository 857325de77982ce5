"""In Chromium, the forms of several values other than the scoring page over a weak connection (issue 25):
the sector's appraisal and the decision's list. Typed, sent while offline: kept and not sent; opened again
offline, the draft read-only; back online and opened again, the draft offered ("Bản nháp chưa lưu lúc
HH:MM — khôi phục / bỏ"), restored, saved once, the draft cleared. And a save whose answer was lost on the
way back, sent again: saved once, "đã lưu", no error, the draft cleared."""

import datetime
from types import SimpleNamespace

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from assessments import services
from assessments.models import Assessment, Decision, Score, Transition
from criteria.selectors import owner_map
from tests.assessments.conftest import scored_and_submitted
from tests.factories import AssessmentFactory, seen
from tests.pages import click_through, confirm, log_in
from tests.weaknet import (
    REPEATED,
    controlled,
    drafts,
    go_offline,
    go_online,
    kept,
    lose_the_answer,
    posts,
    reopen,
    reopened_offline_shows_the_draft,
    restore_the_draft,
    send_again,
    sent_offline_and_kept,
)

pytestmark = pytest.mark.browser
S = Assessment.Status
APPRAISE = "#appraisal-form button[name=save]"


@pytest.fixture
def accepted(workflow):
    """A submitted dossier accepted by the district: the health office appraises its criteria."""
    w = workflow
    a = scored_and_submitted(w)
    services.assessment_accept(by=w.district, assessment_id=a.pk, seen_version=seen(a))
    owners = owner_map(w.standard, w.units.province.code)
    first, *rest = sorted(n for n, s in owners.items() if s.code == "health")
    return SimpleNamespace(a=a, first=first, rest=rest, appraiser=w.appraisers["health"],
                           url=reverse("assessments:appraisal", args=[a.pk]))


def appraised(a, n):
    return Score.objects.values_list("appraised_points", "appraisal_reason").get(assessment=a, criterion__number=n)


def type_the_appraisal(page, accepted, points, reason):
    page.fill(f"#points_{accepted.first}", points)
    page.fill(f"#reason_{accepted.first}", reason)
    for n in accepted.rest:
        page.check(f"#agree_{n}")
    kept(page, f"tham-dinh-{accepted.a.pk}", f"reason_{accepted.first}", reason)


def test_the_appraisal_sent_offline_is_kept_then_restored_and_saved_once(page, live_server, accepted):
    a, n = accepted.a, accepted.first
    url = live_server.url + accepted.url
    log_in(page, live_server, accepted.appraiser)
    page.goto(url)
    controlled(page)
    sent = posts(page, accepted.url)
    type_the_appraisal(page, accepted, "20", "Số liệu trạm y tế khác")
    go_offline(page)
    sent_offline_and_kept(page, APPRAISE, form="#appraisal-form")
    reopened_offline_shows_the_draft(page, "Số liệu trạm y tế khác")
    assert sent == [] and appraised(a, n) == (None, "")  # nothing left the browser
    go_online(page)
    page = reopen(page, url)
    expect(page.locator(f"#reason_{n}")).to_have_value("")  # the server's page: nothing saved
    restore_the_draft(page)
    expect(page.locator(f"#points_{n}")).to_have_value("20")
    expect(page.locator(f"#reason_{n}")).to_have_value("Số liệu trạm y tế khác")
    expect(page.locator(f"#agree_{accepted.rest[0]}")).to_be_checked()
    sent = posts(page, accepted.url)
    click_through(page, APPRAISE)
    expect(page.locator("main")).to_contain_text(f"Đã ghi kết quả thẩm định tiêu chí {n}")
    assert len(sent) == 1 and appraised(a, n) == (20, "Số liệu trạm y tế khác")
    assert Score.history.filter(assessment_id=a.pk, criterion__number=n, appraised_points=20).count() == 1
    assert drafts(page) == []  # a saved form clears its draft
    page.reload()
    expect(page.locator(".draft-prompt")).to_have_count(0)


def test_an_appraisal_whose_answer_was_lost_is_saved_once_when_sent_again(page, live_server, accepted):
    a, n = accepted.a, accepted.first
    log_in(page, live_server, accepted.appraiser)
    page.goto(live_server.url + accepted.url)
    type_the_appraisal(page, accepted, "25", "Sổ tiêm chủng của trạm y tế")
    version = seen(a)
    lost = lose_the_answer(page, accepted.url)
    with page.expect_event("requestfailed"):
        page.click(APPRAISE)
    assert lost == [302] and appraised(a, n) == (25, "Sổ tiêm chủng của trạm y tế")  # saved, the page never knew
    history = Score.history.filter(assessment_id=a.pk).count()
    send_again(page)  # the browser's "Tải lại" on its error page: the same form sent again, its old version
    expect(page.locator("main")).to_contain_text("Đã lưu kết quả thẩm định.")
    expect(page.locator("main")).to_contain_text(f"kết quả thẩm định {REPEATED}")
    expect(page.locator(".alert-danger")).to_have_count(0)  # no error, no "someone else saved"
    assert seen(a) == version + 1 and Score.history.filter(assessment_id=a.pk).count() == history  # once
    assert drafts(page) == []


@pytest.fixture
def to_decide(workflow):
    """Khánh Yên passing, Võ Lao failing (criterion 7 at 0), both appraised: the council chair decides."""
    w = workflow
    passing = AssessmentFactory(round=w.round, commune=w.units.commune, officer=w.officer, state=S.APPRAISED)
    failing = AssessmentFactory(round=w.round, commune=w.units.neighbour, officer=w.neighbour_officer,
                                state=S.APPRAISED, points={7: 0})
    return SimpleNamespace(passing=passing, failing=failing, chair=w.chair, round=w.round,
                           url=reverse("assessments:round", args=[w.round.pk]),
                           decide=reverse("assessments:decide", args=[w.round.pk]))


def type_the_decision(page, d, number):
    page.select_option(f"#outcome_{d.passing.pk}", "yes")
    page.select_option(f"#outcome_{d.failing.pk}", "no")
    page.fill(f"#reason_{d.failing.pk}", "Tiêu chí 7 đạt 0 điểm")
    page.fill("input[name=number]", number)
    page.fill("input[name=signed_on]", "2024-12-05")
    page.fill("input[name=signer_name]", "Đỗ Văn Quang")
    kept(page, f"quyet-dinh-dot-{d.round.pk}", "signer_name", "Đỗ Văn Quang")


def decided(d):
    return {a.pk: (a.status, a.decision_reason) for a in Assessment.objects.filter(round=d.round)}


DECIDED = "Đã ghi nhận quyết định công nhận."


def test_the_decision_sent_offline_is_kept_then_restored_and_recorded_once(page, live_server, to_decide):
    d = to_decide
    url = live_server.url + d.url
    log_in(page, live_server, d.chair)
    page.goto(url)
    controlled(page)
    sent = posts(page, d.decide)
    type_the_decision(page, d, "125/QĐ-UBND")
    go_offline(page)
    sent_offline_and_kept(page, "#decision-form button[type=submit]", form="#decision-form")
    reopened_offline_shows_the_draft(page, "125/QĐ-UBND", "Tiêu chí 7 đạt 0 điểm")
    assert sent == [] and not Decision.objects.exists()
    go_online(page)
    page = reopen(page, url)
    expect(page.locator("input[name=number]")).to_have_value("")
    restore_the_draft(page)
    expect(page.locator(f"#outcome_{d.failing.pk}")).to_have_value("no")
    expect(page.locator("input[name=number]")).to_have_value("125/QĐ-UBND")
    click_through(page, "#decision-form button[type=submit]")
    confirm(page, "Quyết định gồm 2 xã, phường: 1 được công nhận, 1 không được công nhận.")
    expect(page.locator("main")).to_contain_text(DECIDED)
    assert Decision.objects.get().number == "125/QĐ-UBND"
    assert decided(d) == {d.passing.pk: (S.RECOGNISED, ""), d.failing.pk: (S.NOT_RECOGNISED, "Tiêu chí 7 đạt 0 điểm")}
    assert drafts(page) == []  # cleared on the decision's page, past the confirmation step
    page.goto(url)
    expect(page.locator(".draft-prompt")).to_have_count(0)


def test_a_decision_whose_answer_was_lost_is_recorded_once_when_confirmed_again(page, live_server, to_decide):
    d = to_decide
    log_in(page, live_server, d.chair)
    page.goto(live_server.url + d.url)
    type_the_decision(page, d, "126/QĐ-UBND")
    lost = lose_the_answer(page, d.decide, when=lambda request: "confirm=1" in (request.post_data or ""))
    click_through(page, "#decision-form button[type=submit]")
    expect(page.locator(".confirm-move")).to_contain_text("1 được công nhận, 1 không được công nhận")
    with page.expect_event("requestfailed"):
        page.click("#confirm-move")
    decision = Decision.objects.get()  # the server recorded it; the answer never arrived
    assert lost == [302] and decision.number == "126/QĐ-UBND"
    moves = Transition.objects.count()
    send_again(page)  # the browser's "Tải lại" on its error page: the same confirmation sent again
    expect(page.locator("main")).to_contain_text(DECIDED)
    expect(page.locator("main")).to_contain_text(f"quyết định {REPEATED}")
    expect(page.locator("main")).to_contain_text("Quyết định số 126/QĐ-UBND")
    expect(page.locator(".alert-danger")).to_have_count(0)  # not "Số quyết định … đã được sử dụng"
    assert Decision.objects.count() == 1 and Transition.objects.count() == moves
    assert decided(d)[d.failing.pk] == (S.NOT_RECOGNISED, "Tiêu chí 7 đạt 0 điểm")
    assert drafts(page) == []
    assert datetime.date(2024, 12, 5) == decision.signed_on
