"""The main pages in real Chromium: axe-core finds no serious or critical violation, the content
security policy blocks nothing, and no English is left on the page.

axe-core 4.14.1 (npm registry, MPL-2.0) is vendored in tests/security/axe/ and injected by
Playwright; it is never served by the app.
"""

import hashlib
import re
from pathlib import Path

import pytest
from django.urls import reverse

from assessments.models import Assessment
from tests.pages import new_context, policy_refusals, session_of, signed_in
from tests.security.world import World

pytestmark = pytest.mark.browser

S = Assessment.Status
AXE = Path(__file__).parent / "axe" / "axe.min.js"
AXE_SHA256 = "29348999450cdf2849a8e70b7912fc2da85a849da39c0d0d5394f51d4a9ed95c"  # axe-core 4.14.1
BLOCKING = ("serious", "critical")

# English words that have no place on a Vietnamese page (Django's, crispy-forms' and Bootstrap's
# defaults leak these). Words that are also Vietnamese without accents ("an", "do", "to") are left out.
ENGLISH = re.compile(r"\b(the|and|of|this|field|required|please|enter|save|submit|cancel|delete|search|filter|"
                     r"next|previous|home|login|logout|log in|log out|password|username|choose|currently|"
                     r"change|clear|upload|download|back|edit|add|close|loading|select|none|true|false|yes|"
                     r"page|error|warning|forbidden|not found|toggle navigation|unknown|other|total|status|"
                     r"date|name|view|open|show|hide)\b", re.I)
# text a browser shows and a screen reader reads: visible text, labels, placeholders, titles, options
PAGE_TEXTS = """() => {
  const texts = [document.title, document.body.innerText];
  const named = '[placeholder],[aria-label],[title],[alt],option,input[type=submit],input[type=button]';
  for (const el of document.querySelectorAll(named)) {
    for (const a of ['placeholder', 'aria-label', 'title', 'alt']) {
      if (el.getAttribute(a)) texts.push(el.getAttribute(a));
    }
    if (el.tagName === 'OPTION') texts.push(el.textContent);
    if (el.tagName === 'INPUT' && el.value) texts.push(el.value);
  }
  return texts.join('\\n');
}"""


def pages(w):
    """(role, url, what the page is) for the main pages of every role, with data to show."""
    a_draft = w.assessment("own", S.DRAFT)
    w.evidence("own")
    a_accepted = w.assessment("neighbour", S.ACCEPTED)
    w.assessment("other", S.APPRAISED)
    decision = w.decision("own")
    r = w.round("own")
    plan = w.plan("own", "in_progress")
    w.follow_up("own")
    return [
        ("anonymous", reverse("login"), "đăng nhập"),
        ("commune_officer", reverse("home"), "trang chủ của xã"),
        ("commune_officer", reverse("assessments:detail", args=[a_draft.pk]), "chấm điểm tự đánh giá"),
        ("commune_officer", reverse("assessments:council", args=[a_draft.pk]), "hội đồng đánh giá"),
        ("commune_officer", reverse("assessments:register", args=[r.pk]), "đăng ký xây dựng"),
        ("commune_officer", reverse("assessments:excel_upload", args=[r.pk]), "tải lên tệp Excel"),
        ("commune_officer", reverse("password_change"), "đổi mật khẩu"),
        ("sector_appraiser", reverse("assessments:detail", args=[a_accepted.pk]), "thẩm định tiêu chí"),
        ("district_officer", reverse("home"), "trang chủ của huyện"),
        ("district_officer", reverse("assessments:round", args=[r.pk]), "đợt đánh giá"),
        ("council_chair", reverse("assessments:decision", args=[decision.pk]), "quyết định công nhận"),
        ("council_chair", reverse("assessments:merit"), "khen thưởng"),
        ("provincial_staff", reverse("assessments:round_new"), "mở đợt đánh giá"),
        ("provincial_staff", reverse("inspections:list"), "kế hoạch kiểm tra"),
        ("provincial_staff", reverse("inspections:detail", args=[plan.pk]), "kế hoạch"),
        ("provincial_staff", reverse("inspections:team", args=[plan.pk]), "đoàn kiểm tra"),
        ("provincial_staff", reverse("inspections:schedule", args=[plan.pk]), "lịch làm việc"),
        ("provincial_staff", reverse("inspections:outline", args=[plan.pk]), "đề cương"),
        ("provincial_staff", reverse("inspections:results", args=[plan.pk]), "kết quả kiểm tra"),
        ("provincial_staff", reverse("inspections:findings", args=[plan.pk, w.units.commune.pk]), "kết quả tại xã"),
        ("provincial_staff", reverse("reports:summary"), "báo cáo tổng hợp"),
        ("district_officer", reverse("reports:criteria"), "phân tích tiêu chí"),
        ("provincial_staff", reverse("reports:trend"), "xu hướng"),
        ("provincial_staff", reverse("reports:holders"), "đơn vị đạt chuẩn liên tục"),
        ("district_officer", reverse("reports:targets"), "chỉ tiêu"),
        ("national_staff", reverse("home"), "trang chủ Trung ương"),
        ("national_staff", reverse("reports:summary"), "báo cáo toàn quốc"),
        ("commune_officer", "/khong-co-trang-nay/", "trang 404"),
    ]


@pytest.fixture
def world(standard, units, users, media_root):
    return World(standard, units, users)


def test_the_vendored_axe_core_is_the_recorded_release():
    assert hashlib.sha256(AXE.read_bytes()).hexdigest() == AXE_SHA256


def summarise(violations):
    return [f"{v['impact']}: {v['id']} – {v['help']} ({len(v['nodes'])}×: "
            f"{', '.join(n['target'][0] for n in v['nodes'][:3])})" for v in violations]


def test_main_pages_pass_axe_speak_vietnamese_and_break_no_policy(world, live_server, browser, plain_static_storage):
    axe = AXE.read_text(encoding="utf-8")
    sessions = {}
    problems = {}
    for role, path, label in pages(world):
        context = new_context(browser, locale="vi-VN")
        if role != "anonymous":
            if role not in sessions:
                sessions[role] = session_of(world.cast[role])
            signed_in(context, live_server, sessions[role])
        page = context.new_page()
        blocked = policy_refusals(page)
        response = page.goto(live_server.url + path)
        page.wait_for_load_state("load")
        if label == "báo cáo toàn quốc":  # the national view, looked at as an image (issue 15)
            page.screenshot(path="test-artifacts/reports-summary-national.png", full_page=True)
        found = []
        expected_status = 404 if "404" in label else 200
        if response.status != expected_status:
            found.append(f"HTTP {response.status}")
        if page.get_attribute("html", "lang") != "vi":
            found.append("<html> is not lang=vi")
        page.evaluate(axe)  # through the DevTools protocol: the page's own policy does not apply
        result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        found += summarise([v for v in result["violations"] if v["impact"] in BLOCKING])
        text = page.evaluate(PAGE_TEXTS)
        if len(text) < 100:
            found.append(f"almost no text on the page: {text!r}")
        english = sorted({m.group(0) for m in ENGLISH.finditer(text)})
        if english:
            found.append(f"English left on the page: {english}")
        found += [f"blocked by the content security policy: {b}" for b in blocked]
        if found:
            problems[f"{label} ({role}, {path})"] = found
        context.close()

    assert not problems, "\n".join(f"{page}:\n  " + "\n  ".join(items) for page, items in problems.items())
