"""In Chromium, the scoring page over a weak connection (issue 25): nothing typed is lost, nothing is
saved twice. Offline in the middle of typing, the page keeps what is typed and says the save failed;
after a reload the draft is offered and saved once the connection is back; a save whose answer is lost
and is sent again is saved once, with no error; on a slow 3G network with a slowed CPU a value typed
and saved at once is saved; the drafts of two dossiers and two users on one browser never meet."""

import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import expect

from assessments import services
from assessments.models import Assessment, Score
from tests import factories, weaknet
from tests.pages import click_through, log_in, log_out
from tests.weaknet import PROMPT, controlled, drafts, go_offline, go_online, posts

pytestmark = pytest.mark.browser
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"

SAVE = "#score-form button[name=save]"
SAVED = "Đã lưu điểm tự đánh giá."
# Chromium DevTools' "Slow 3G" (throttling presets): 400 kbit/s each way, 2 s of latency per request
SLOW_3G = {"offline": False, "latency": 2000, "downloadThroughput": 500 * 1000 / 8 * 0.8,
           "uploadThroughput": 500 * 1000 / 8 * 0.8}
NOT_SENT = "Không có kết nối: chưa gửi"


@pytest.fixture
def dossier(workflow):
    a = services.assessment_start(by=workflow.officer, round=workflow.round, commune=workflow.units.commune)
    services.scores_save(by=workflow.officer, assessment_id=a.pk, seen_version=a.version, points={1: 80})
    return a


def points(a, n):
    return Score.objects.filter(assessment=a, criterion__number=n).values_list("points", flat=True).get()


def detail(live_server, a):
    return live_server.url + reverse("assessments:detail", args=[a.pk])


def kept(page, a, field, value):
    """Wait until the draft of dossier ``a`` holds ``value`` for ``field``."""
    weaknet.kept(page, f"diem-{a.pk}", field, value)


def test_offline_in_the_middle_of_typing_keeps_the_page_and_the_draft_then_saves(page, live_server, workflow,
                                                                                   dossier):
    """One outcome only: the page knows it is offline, so "Lưu điểm" sends nothing (no request the browser
    reports failed can reach the server later); the draft is kept, shown read-only offline, offered back
    online, restored and saved once."""
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, live_server, workflow.officer)
    page.goto(detail(live_server, dossier))
    controlled(page)
    saves = posts(page, reverse("assessments:scores", args=[dossier.pk]))
    page.fill("#points_2", "40")
    go_offline(page)
    page.fill("#points_3", "75,5")
    kept(page, dossier, "points_3", "75,5")
    page.click(SAVE)
    expect(page.locator("#save-status")).to_contain_text(NOT_SENT)
    expect(page.locator("#save-retry")).to_be_visible()
    expect(page.locator("#points_3")).to_have_value("75,5")  # the page is kept as typed
    assert saves == [] and points(dossier, 2) is None and points(dossier, 3) is None  # nothing left the browser

    page.reload()  # offline: the service worker answers "Không có kết nối" with the draft, read-only
    expect(page.locator("h1")).to_have_text("Không có kết nối")
    expect(page.locator("#offline-draft")).to_be_visible()
    expect(page.locator("#offline-draft-title")).to_contain_text("Thị trấn Khánh Yên")
    expect(page.get_by_role("row", name="Điểm tiêu chí 3 75,5")).to_be_visible()
    expect(page.locator("#offline-draft input")).to_have_count(0)  # read-only
    page.screenshot(path=str(ARTIFACTS / "offline-draft-390.png"), full_page=True)
    go_online(page)
    page.goto(detail(live_server, dossier))
    saves = posts(page, reverse("assessments:scores", args=[dossier.pk]))
    prompt = page.locator(".draft-prompt")
    expect(prompt).to_have_text(PROMPT)
    expect(page.locator("#points_3")).to_have_value("")  # the server's page: nothing saved yet
    assert points(dossier, 3) is None
    prompt.locator("button.draft-restore").click()
    expect(page.locator("#points_2")).to_have_value("40")
    expect(page.locator("#points_3")).to_have_value("75,5")
    expect(page.locator("#live-total")).to_have_text("195,5")  # the restored values count in the verdict
    click_through(page, SAVE)
    expect(page.locator("main")).to_contain_text(SAVED)
    assert len(saves) == 1
    assert points(dossier, 2) == 40 and points(dossier, 3) == Decimal("75.5")
    assert Score.history.filter(assessment_id=dossier.pk, criterion__number=3, points=Decimal("75.5")).count() == 1
    page.goto(detail(live_server, dossier))
    expect(page.locator("#points_3")).to_have_value("75,5")
    expect(page.locator(".draft-prompt")).to_have_count(0)
    assert drafts(page) == []  # a saved form clears its draft


def test_back_online_the_save_clicked_offline_is_sent_once_by_itself(page, live_server, workflow, dossier):
    log_in(page, live_server, workflow.officer)
    page.goto(detail(live_server, dossier))
    saves = posts(page, reverse("assessments:scores", args=[dossier.pk]))
    go_offline(page)
    page.fill("#points_2", "33")
    page.click(SAVE)
    expect(page.locator("#save-status")).to_contain_text(NOT_SENT)
    assert saves == []
    page.evaluate("document.documentElement.dataset.leaving = 'yes'")
    go_online(page)  # the "online" event: the page sends the save once by itself
    expect(page.locator("html[data-leaving]")).to_have_count(0)
    expect(page.locator("main")).to_contain_text(SAVED)
    assert len(saves) == 1 and points(dossier, 2) == 33
    assert Score.history.filter(assessment_id=dossier.pk, criterion__number=2, points=33).count() == 1


def test_a_save_whose_answer_was_lost_is_saved_once_when_sent_again(page, live_server, workflow, dossier):
    version = Assessment.objects.get(pk=dossier.pk).version
    log_in(page, live_server, workflow.officer)
    page.goto(detail(live_server, dossier))
    lost = []

    def answer_lost(route):
        if not lost:
            lost.append(route.fetch().status)  # the server saves and answers; the answer never arrives
            route.abort("connectionreset")
        else:
            route.continue_()

    page.route(re.compile(r"/ho-so/\d+/diem/$"), answer_lost)
    page.fill("#points_2", "45")
    page.fill("#note_2", "Sổ hộ tịch xã")
    page.click(SAVE)
    expect(page.locator("#save-status")).to_contain_text("Chưa lưu")
    assert lost == [200]
    assert points(dossier, 2) == 45  # it was saved, though the page could not know
    click_through(page, "#save-retry")  # the officer tries again: the same values, the old page version
    expect(page.locator("main")).to_contain_text(SAVED)
    expect(page.locator("main")).to_contain_text("điểm được lưu một lần")
    expect(page.locator(".alert-danger")).to_have_count(0)  # no error, no "someone else saved"
    a = Assessment.objects.get(pk=dossier.pk)
    assert a.version == version + 1  # saved once
    history = Score.history.filter(assessment_id=a.pk, criterion__number=2).order_by("history_date")
    assert [(h.points, h.source_note) for h in history][-1] == (45, "Sổ hộ tịch xã")
    assert history.filter(points=45).count() == 1
    assert drafts(page) == []


def test_a_value_typed_and_saved_at_once_on_slow_3g_with_a_busy_cpu_is_saved(page, live_server, workflow, dossier):
    log_in(page, live_server, workflow.officer)
    page.goto(detail(live_server, dossier))
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", SLOW_3G)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": 6})
    page.set_default_timeout(60_000)
    for n, typed in ((2, "41"), (3, "72,5")):  # typed and clicked at once, while previews are in flight
        page.locator(f"#points_{n}").press_sequentially(typed, delay=20)
    page.evaluate("document.documentElement.dataset.leaving = 'yes'")
    page.click(SAVE)
    expect(page.locator("html[data-leaving]")).to_have_count(0, timeout=60_000)
    expect(page.locator("main")).to_contain_text(SAVED, timeout=60_000)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": 1})
    assert points(dossier, 2) == 41 and points(dossier, 3) == Decimal("72.5")


def test_draft_keys_never_cross_two_dossiers_or_two_users(page, live_server, workflow, dossier):
    """The draft module's keys (static/js/drafts.js, driven in the page): a user's draft of one dossier
    is found for that user and dossier only."""
    log_in(page, live_server, workflow.officer)
    page.goto(detail(live_server, dossier))
    found = page.evaluate("""() => {
        const D = window.TreemDrafts, put = (u, name, v) => localStorage.setItem(D.keyFor(u, name, v),
            JSON.stringify({at: Date.now(), version: String(v), fields: [["points_1", u + name]], view: []}));
        put("7", "diem-5", 3); put("8", "diem-5", 3); put("7", "diem-50", 3); put("7", "diem-5", 2);
        put("77", "diem-5", 3);
        const keys = (u, name) => D.draftsOf(u, name).map(d => d.key).sort();
        return {a: keys("7", "diem-5"), b: keys("8", "diem-5"), c: keys("7", "diem-50"), d: keys("9", "diem-5"),
                e: keys("", "diem-5")};
    }""")
    assert found == {"a": ["treem:draft:u7:diem-5:v2", "treem:draft:u7:diem-5:v3"],
                     "b": ["treem:draft:u8:diem-5:v3"], "c": ["treem:draft:u7:diem-50:v3"], "d": [], "e": []}


def test_two_users_and_two_dossiers_on_one_browser_never_see_each_others_draft(page, live_server, workflow,
                                                                              dossier):
    colleague = factories.CommuneOfficerFactory(unit=workflow.units.commune)
    other = services.assessment_start(by=workflow.neighbour_officer, round=workflow.round,
                                      commune=workflow.units.neighbour)
    log_in(page, live_server, workflow.officer)
    page.goto(detail(live_server, dossier))
    page.fill("#points_2", "12")
    kept(page, dossier, "points_2", "12")
    page.reload()
    expect(page.locator(".draft-prompt")).to_have_text(PROMPT)  # the officer's own draft, offered

    log_in(page, live_server, colleague)  # the session ends without logging out: the draft stays
    page.goto(detail(live_server, dossier))
    expect(page.locator("#score-form")).to_be_visible()
    expect(page.locator(".draft-prompt")).to_have_count(0)  # not the colleague's
    log_in(page, live_server, workflow.neighbour_officer)
    page.goto(detail(live_server, other))
    expect(page.locator("#score-form")).to_be_visible()
    expect(page.locator(".draft-prompt")).to_have_count(0)  # not another dossier's
    version = Assessment.objects.get(pk=dossier.pk).version
    assert drafts(page) == [f"treem:draft:u{workflow.officer.pk}:diem-{dossier.pk}:v{version}"]

    log_in(page, live_server, workflow.officer)
    page.goto(detail(live_server, dossier))
    page.locator(".draft-prompt button.draft-discard").click()  # "bỏ": the draft goes
    expect(page.locator(".draft-prompt")).to_have_count(0)
    assert drafts(page) == []
    page.fill("#points_4", "20")
    kept(page, dossier, "points_4", "20")
    log_out(page)  # logging out clears every draft
    assert drafts(page) == []


def test_a_form_sent_while_offline_stays_and_is_sent_when_the_connection_is_back(page, live_server, workflow):
    """Any form with a draft (here the sector's appraisal): offline, "send" keeps the page as typed and
    says so; back online, the form is sent once by itself and saved."""
    from criteria.selectors import owner_map
    from tests.assessments.conftest import scored_and_submitted
    from tests.factories import seen

    w = workflow
    a = scored_and_submitted(w)
    services.assessment_accept(by=w.district, assessment_id=a.pk, seen_version=seen(a))
    n = min(k for k, s in owner_map(w.standard, w.units.province.code).items() if s.code == "health")
    log_in(page, live_server, w.appraisers["health"])
    page.goto(live_server.url + reverse("assessments:appraisal", args=[a.pk]))
    page.fill(f"#points_{n}", "25")
    page.fill(f"#reason_{n}", "Sổ tiêm chủng của trạm y tế")
    sent = posts(page, reverse("assessments:appraisal", args=[a.pk]))
    go_offline(page)
    page.evaluate("document.documentElement.dataset.before = 'kept'")
    page.click("#appraisal-form button[name=save]")
    expect(page.locator(".draft-offline")).to_contain_text("Không có kết nối: chưa gửi")
    assert page.evaluate("document.documentElement.dataset.before") == "kept"  # the same page, as typed
    expect(page.locator(f"#reason_{n}")).to_have_value("Sổ tiêm chủng của trạm y tế")
    assert sent == [] and Score.objects.get(assessment=a, criterion__number=n).appraised_points is None
    page.evaluate("document.documentElement.dataset.leaving = 'yes'")
    go_online(page)
    expect(page.locator("html[data-leaving]")).to_have_count(0)  # sent by itself: a page answered
    expect(page.locator("main")).to_contain_text(f"Đã ghi kết quả thẩm định tiêu chí {n}")
    assert len(sent) == 1 and Score.objects.get(assessment=a, criterion__number=n).appraised_points == 25
    assert drafts(page) == []
