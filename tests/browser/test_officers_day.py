"""Issue 22 in a real browser, each as the role that meets it:

- the district office (before the 2025 reform) is told when a commune submits: the header's count rises on its
  next page and "Việc chờ tôi" leads to the dossier where it accepts or returns it;
- "Cần tôi xử lý" narrows the dossiers and the decisions lists, for the district office and for the new
  province's office, the filter kept in the URL;
- the new Bắc Ninh reads a dossier of the former Bắc Giang it succeeded: read-only, and its evidence opens after a
  reason, the download on the dossier's log.

The screenshots the README's user guide shows are saved under test-artifacts/guide/ (docs/img/ holds copies)."""

import datetime
import re
import secrets
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from assessments.models import Assessment, Decision, Evidence, EvidenceDownload
from tests import factories
from tests.factories import AssessmentFactory
from tests.pages import WAIT_MS, click_through, confirm, log_in, new_context
from tests.samples import png_bytes

pytestmark = pytest.mark.browser

GUIDE = Path(settings.BASE_DIR) / "test-artifacts" / "guide"


def shot(page, name, **kwargs):
    GUIDE.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=GUIDE / f"{name}.png", **kwargs)


def rows_named(page):
    """The first cell's link of each row of the list, in order."""
    return [t.strip() for t in page.locator("#list tbody tr td:first-child a").all_inner_texts()]


def filter_by(page, **choices):
    """Tick or choose the list's filters and press "Lọc" (a GET form: the page that answers has them in its URL)."""
    for label, value in choices.items():
        control = page.get_by_label(label, exact=True)
        if value is True:
            control.check()
        else:
            control.select_option(label=value)
    click_through(page, page.get_by_role("button", name="Lọc"))


def test_the_district_office_is_told_when_a_commune_submits(page, browser, live_server, workflow):
    w = workflow
    a = AssessmentFactory(round=w.round, commune=w.units.commune, officer=w.officer, state="scored")
    page.set_viewport_size({"width": 1100, "height": 700})
    log_in(page, live_server, w.district)
    expect(page.locator("#unread-count")).to_have_count(0)

    commune_desk = new_context(browser)
    try:
        commune_page = commune_desk.new_page()
        log_in(commune_page, live_server, w.officer)
        commune_page.goto(live_server.url + reverse("assessments:detail", args=[a.pk]))
        click_through(commune_page, "form[data-move=submit] button")
        confirm(commune_page, "được gửi lên Huyện Văn Bàn")
        expect(commune_page.locator("#status")).to_contain_text("Đã nộp hồ sơ")
    finally:
        commune_desk.close()

    page.reload()
    expect(page.locator("#unread-count")).to_have_text("1")
    shot(page, "header-count", clip={"x": 0, "y": 0, "width": 1100, "height": 160})
    click_through(page, "#unread-link")
    expect(page.locator("h1")).to_have_text("Việc chờ tôi")
    notice = page.locator("#notifications li").first
    expect(notice).to_contain_text("Hồ sơ năm 2024 của Thị trấn Khánh Yên đã nộp, chờ tiếp nhận")
    shot(page, "viec-cho-toi")
    click_through(page, notice.locator("button:text-is('Mở')"))
    expect(page).to_have_url(live_server.url + reverse("assessments:detail", args=[a.pk]))
    expect(page.locator("form[data-move=accept] button")).to_be_visible()
    expect(page.locator("form[data-move=return] button")).to_be_visible()
    expect(page.locator("#unread-count")).to_have_count(0)


@pytest.fixture
def reform(standard, media):
    """tests.factories.reform_world, with a decision of Lục Nam's 2023 round on which nothing waits (issued on its
    signing day, as 1522 is: an unissued one would wait for Lục Nam to keep its record) and a piece of
    evidence on Thị trấn Đồi Ngô's recognised 2024 dossier."""
    world = factories.reform_world(standard)
    r23 = factories.RoundFactory(province=world.bac_giang, year=2023, standard=standard,
                                 opened_by=world.users.bac_giang)
    done = factories.recorded_assessment(r23, world.doi_ngo, Assessment.Status.RECOGNISED)
    earlier = Decision.objects.create(round=r23, issuer=world.luc_nam, number="980/QĐ-UBND",
                                      signed_on=datetime.date(2023, 12, 6), signer_name="Nguyễn Văn A",
                                      signer_title="CHỦ TỊCH", issued_path=Decision.IssuedBy.BEFORE_RULE,
                                      issued_at=timezone.make_aware(datetime.datetime(2023, 12, 6)))
    Assessment.objects.filter(pk=done.pk).update(decision=earlier)
    a = world.dossiers.doi_ngo
    ev = Evidence(score=a.scores.get(criterion__number=6), token=secrets.token_urlsafe(24),
                  original_name="so-theo-doi-tre-em.png", content_type="image/png", size=len(png_bytes()))
    ev.file.save("so-theo-doi-tre-em.png", ContentFile(png_bytes()), save=False)
    ev.save()
    world.evidence = ev
    return world


def test_needs_my_action_narrows_the_dossiers_and_the_decisions(page, live_server, reform):
    page.set_viewport_size({"width": 1280, "height": 800})
    # the district office of Lục Nam (its 2024 round): Bảo Sơn to accept, Tam Dị's appraisal to complete
    log_in(page, live_server, reform.users.luc_nam)
    click_through(page, page.get_by_role("link", name="Hồ sơ", exact=True))
    expect(page.locator("#list tbody tr")).to_have_count(4)  # Đồi Ngô's 2023 and 2024 dossiers, Tam Dị, Bảo Sơn
    filter_by(page, **{"Cần tôi xử lý": True})
    expect(page).to_have_url(re.compile(r"[?&]cho_toi=on"))
    expect(page.locator("#list tbody tr")).to_have_count(2)
    assert sorted(rows_named(page)) == ["Xã Bảo Sơn", "Xã Tam Dị"]
    expect(page.locator("#list tbody tr .badge", has_text="Cần tôi xử lý")).to_have_count(2)
    expect(page.get_by_label("Cần tôi xử lý", exact=True)).to_be_checked()
    shot(page, "loc-can-toi-xu-ly", full_page=True)

    click_through(page, page.get_by_role("link", name="Quyết định công nhận", exact=True))
    expect(page.locator("#list tbody tr")).to_have_count(2)  # 1522 (2024) and 980 (2023)
    filter_by(page, **{"Cần tôi xử lý": True})
    expect(page).to_have_url(re.compile(r"[?&]cho_toi=on"))
    expect(page.locator("#list tbody tr")).to_have_count(1)  # its 2024 round still waits for its next decision
    assert rows_named(page) == ["1522/QĐ-UBND"]
    shot(page, "quyet-dinh-can-toi-xu-ly", full_page=True)

    # the new province's office: of the six dossiers it reads, its own submitted Xã Lục Nam waits for it
    log_in(page, live_server, reform.users.bac_ninh_office)
    page.goto(live_server.url + reverse("assessments:list"))
    expect(page.locator("#list tbody tr")).to_have_count(7)
    filter_by(page, **{"Cần tôi xử lý": True, "Năm": "2026"})
    expect(page.locator("#list tbody tr")).to_have_count(1)
    assert rows_named(page) == ["Xã Lục Nam"]
    page.goto(live_server.url + reverse("assessments:decisions") + "?cho_toi=on")
    expect(page.locator("#list tbody td.text-muted")).to_contain_text("Không có quyết định nào khớp với bộ lọc")


def test_the_successor_province_reads_an_inherited_dossier_and_its_evidence(page, live_server, reform):
    office = reform.users.bac_ninh_office
    log_in(page, live_server, office)
    click_through(page, page.get_by_role("link", name="Hồ sơ", exact=True))
    page.get_by_label("Tìm kiếm").fill("doi ngo")
    filter_by(page, **{"Năm": "2024"})
    assert rows_named(page) == ["Thị trấn Đồi Ngô"]
    click_through(page, page.locator("#list tbody tr").first.get_by_role("link", name="Thị trấn Đồi Ngô"))
    expect(page.locator("#read-only")).to_contain_text("Chỉ xem")
    expect(page.locator("#read-only")).to_contain_text("Tỉnh Bắc Ninh kế thừa")
    expect(page.locator("form[data-move]")).to_have_count(0)  # no act offered
    shot(page, "chi-xem-ho-so-ke-thua", full_page=True)

    click_through(page, page.get_by_role("link", name="so-theo-doi-tre-em.png"))
    expect(page.locator("h1")).to_have_text("Lý do xem tệp")  # outside the need-to-know: a reason first
    page.get_by_label("Lý do xem").fill("Xét công nhận lại Xã Lục Nam")
    with page.expect_download(timeout=WAIT_MS) as download:
        page.get_by_role("button", name="Xem tệp").click()
    assert Path(download.value.path()).read_bytes() == png_bytes()
    logged = EvidenceDownload.objects.get(evidence=reform.evidence)
    assert (logged.by_id, logged.reason) == (office.pk, "Xét công nhận lại Xã Lục Nam")
