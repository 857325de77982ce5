"""In Chromium, on the commune's scoring page: typed inputs ("10,5", "10.5", "1.000", "abc", an empty
field over a saved score, a value above the maximum) and what is stored and said; the live verdict
changing as the officer types with no reload; the sector filter; the page at 390 px with no
sideways scrolling; screenshots at desktop width and at 390 px."""

import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import expect

from assessments import services
from assessments.models import Assessment, Score
from tests.pages import log_in, save

pytestmark = pytest.mark.browser
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"


@pytest.fixture
def dossier(workflow):
    a = services.assessment_start(by=workflow.officer, round=workflow.round, commune=workflow.units.commune)
    services.scores_save(by=workflow.officer, assessment_id=a.pk, seen_version=a.version, points={1: 80})
    return a


def points(n):
    return Score.objects.filter(criterion__number=n).values_list("points", flat=True).get()


def open_page(page, live_server, w, a, width=1280):
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, live_server, w.officer)
    page.goto(live_server.url + reverse("assessments:detail", args=[a.pk]))


SAVE = "#score-form button[name=save]"
SAVED = "Đã lưu điểm tự đánh giá."


@pytest.mark.parametrize("typed, stored, said", [
    ("10,5", Decimal("10.5"), "Đã lưu điểm tự đánh giá."),
    ("10.5", Decimal("10.5"), "Đã lưu điểm tự đánh giá."),
    ("1.000", None, "Tiêu chí 2: “1.000” không rõ là 1000 hay 1."),
    ("abc", None, "Tiêu chí 2: “abc” không phải là số."),
    ("51", None, "Tiêu chí 2: phải từ 0 đến 50, không phải “51”."),
])
def test_what_is_typed_in_a_points_field_is_stored_or_refused_next_to_it(page, live_server, workflow, dossier,
                                                                         typed, stored, said):
    open_page(page, live_server, workflow, dossier)
    field = page.locator("#points_2")
    assert field.get_attribute("type") == "text" and field.get_attribute("inputmode") == "decimal"
    field.fill(typed)
    page.fill("#points_3", "60")
    if stored is None:
        save(page, SAVE, shows=said, where="#errors-2")
        expect(page.locator("#errors-2")).to_have_text(re.compile(r"^\s*" + re.escape(said)), use_inner_text=True)
        expect(page.locator("#points_2")).to_have_value(typed)
        expect(page.locator("#points_3")).to_have_value("60")
        assert points(2) is None and points(3) is None  # nothing on the page was saved
    else:
        save(page, SAVE, shows=said)
        assert points(2) == stored and points(3) == 60
        expect(page.locator("#points_2")).to_have_value("10,5")  # shown back the Vietnamese way


def test_an_empty_field_over_a_saved_score_is_refused_and_xoa_diem_clears_it(page, live_server, workflow, dossier):
    open_page(page, live_server, workflow, dossier)
    expect(page.locator("#points_1")).to_have_value("80")
    page.fill("#points_1", "")
    save(page, SAVE, shows="Muốn bỏ điểm này, hãy chọn “Xóa điểm”", where="#errors-1")
    assert points(1) == 80
    page.check("#clear_1")
    save(page, SAVE, shows=SAVED)
    assert points(1) is None


def test_the_verdict_changes_while_typing_without_a_reload(page, live_server, workflow, dossier):
    """The sticky bar (assessments/_live_bar.html) shows the verdict of what is typed, in place: the
    saved verdict at the top of the page and every field stay where they are."""
    open_page(page, live_server, workflow, dossier)
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)  # a CSP refusal says so
    page.evaluate("window.__noReload = 'same page'")
    total = page.locator("#live-total")
    expect(total).to_have_text("80")
    where = "[...document.querySelectorAll('#points_5, #score-form button[name=save]')].map(" \
            "e => e.getBoundingClientRect().top + window.scrollY)"  # in the document, wherever it is scrolled
    field_at = page.evaluate(where)
    page.locator("#points_2").press_sequentially("10,5")
    expect(total).to_have_text("90,5")
    expect(page.locator("#live-bar")).to_contain_text("chưa chấm 11 tiêu chí")
    page.fill("#points_3", "0")
    expect(page.locator("#live-bar")).to_contain_text("0 điểm: 3")
    page.fill("#points_4", "abc")
    expect(page.locator("#live-errors")).to_contain_text("Tiêu chí 4: “abc” không phải là số.")
    expect(page.locator("#live-invalid-list")).to_have_text("4")
    expect(page.locator("#points_4")).to_have_class(re.compile(r"\bis-invalid\b"))  # marked where it is
    page.evaluate("window.scrollTo(0, 0)")
    assert page.evaluate(where)[0] == field_at[0]  # the field did not move
    expect(page.locator("#self-verdict .verdict-total")).to_have_text("80")  # the saved verdict
    assert page.evaluate("window.__noReload") == "same page"  # no full reload happened
    assert not errors, errors
    assert Score.objects.filter(points__isnull=False).count() == 1  # nothing was saved by typing
    for n in range(4, 14):  # every criterion at its maximum: the verdict turns to "Đạt"
        page.fill(f"#points_{n}", str(workflow.standard.criteria.get(number=n).max_points))
    page.fill("#points_2", "50")
    page.fill("#points_3", "100")
    page.fill("#points_1", "100")
    expect(total).to_have_text("1000")
    expect(page.locator("#live-outcome")).to_have_text("Đạt")
    expect(page.locator("#live-invalid-list")).to_have_text("không có")
    expect(page.locator("#points_4")).not_to_have_class(re.compile(r"\bis-invalid\b"))
    assert page.evaluate("window.__noReload") == "same page"


def test_raw_figures_give_the_band_points_and_show_after_saving(page, live_server, workflow, dossier):
    ind = workflow.standard.criteria.get(number=7).indicators.get()
    open_page(page, live_server, workflow, dossier)
    page.fill(f"input[name=fig_7_{ind.pk}_numerator]", "99")
    page.fill(f"input[name=fig_7_{ind.pk}_denominator]", "100")
    save(page, SAVE, shows=SAVED)
    assert points(7) == 50
    expect(page.locator(f"input[name=fig_7_{ind.pk}_numerator]")).to_have_value("99")
    expect(page.locator("#criterion-7")).to_contain_text("Điểm 50 tính từ số liệu theo thang điểm.")


def test_the_sector_filter_hides_rows_and_keeps_what_was_typed(page, live_server, workflow, dossier):
    open_page(page, live_server, workflow, dossier)
    page.fill("#points_2", "40")
    page.select_option("#sector-select", "justice")
    expect(page.locator("#criterion-2")).to_be_visible()
    expect(page.locator("#criterion-1")).to_be_hidden()
    page.select_option("#sector-select", "")
    expect(page.locator("#criterion-1")).to_be_visible()
    expect(page.locator("#points_2")).to_have_value("40")


@pytest.mark.parametrize("width, name", [(1280, "scoring-page-desktop.png"), (390, "scoring-page-390.png")])
def test_screenshots_and_no_sideways_scrolling_on_a_phone(page, live_server, workflow, dossier, width, name):
    open_page(page, live_server, workflow, dossier, width=width)
    page.fill("#points_2", "10,5")
    expect(page.locator("#live-total")).to_have_text("90,5")
    widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], widths
    box = page.locator("#points_2").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= width
    page.locator("#points_9").focus()  # in the middle of the page: the sticky bar stays in sight
    for part in ("#points_9", "#live-total", "#live-threshold", "#live-outcome", "#live-invalid-list", SAVE):
        expect(page.locator(part)).to_be_in_viewport(ratio=1)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / name.replace(".png", "-typing.png"))
    page.screenshot(path=ARTIFACTS / name, full_page=True)
    assert Assessment.objects.get(pk=dossier.pk).self_total == 80


def test_97_percent_immunised_asks_for_the_guidances_points_instead_of_0(page, live_server, workflow, dossier):
    # QĐ 06 indicator 7.1: only "từ 98% trở lên: 50 điểm" is known; 97% has points the app does not know
    from criteria.models import Indicator

    ind = Indicator.objects.get(criterion__standard=workflow.standard, criterion__number=7, number=1)
    prefix = f"fig_7_{ind.pk}_"
    open_page(page, live_server, workflow, dossier)
    expect(page.locator(f"#bands-7-{ind.number}")).to_contain_text("Thang điểm chưa đầy đủ")
    page.fill(f"[name={prefix}numerator]", "97")
    page.fill(f"[name={prefix}denominator]", "100")
    save(page, SAVE, shows="không tự cho 0 điểm", where="#errors-7")
    assert points(7) is None  # refused, not 0
    expect(page.locator(f"[name={prefix}numerator]")).to_have_value("97")  # nothing typed is lost
    expect(page.locator(f"[name={prefix}points]")).to_have_class(re.compile("is-invalid"))
    page.fill(f"[name={prefix}points]", "40,5")
    save(page, SAVE, shows=SAVED)
    assert points(7) == Decimal("40.5")
    expect(page.locator(f"[name={prefix}points]")).to_have_value("40,5")
    expect(page.locator("#score-form")).to_contain_text("trong đó có điểm nhập theo hướng dẫn")
    page.locator(f"#bands-7-{ind.number}").locator("xpath=ancestor::td").screenshot(
        path=str(ARTIFACTS / "scoring-below-band.png"))
