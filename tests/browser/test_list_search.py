"""An officer of the new Bắc Ninh finds a dossier by typing a commune's name without its diacritics in the
list's search box (issue 22), the filters kept in the URL; the former Bắc Giang's dossiers are listed too."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

from tests import factories
from tests.pages import click_through, log_in

ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"

pytestmark = pytest.mark.browser


def test_typing_luc_nam_finds_lục_nam(page, live_server, standard):
    world = factories.reform_world(standard)
    log_in(page, live_server, world.users.bac_ninh_office)
    click_through(page, page.get_by_role("link", name="Hồ sơ", exact=True))
    rows = page.locator("#list tbody tr")
    expect(rows).to_have_count(6)  # its own and the former Bắc Giang's
    page.get_by_label("Tìm kiếm").type("Luc Nam")
    page.evaluate("document.documentElement.dataset.leaving = 'yes'")
    page.get_by_label("Tìm kiếm").press("Enter")
    expect(page.locator("html[data-leaving]")).to_have_count(0)
    expect(page).to_have_url(re.compile(r"[?&]q=Luc\+Nam"))
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Xã Lục Nam")
    expect(page.get_by_label("Tìm kiếm")).to_have_value("Luc Nam")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "list-search-luc-nam.png", full_page=True)
    click_through(page, rows.first.get_by_role("link", name="Lịch sử"))  # the commune's history
    expect(page.locator("h1")).to_contain_text("Lịch sử công nhận: Xã Lục Nam")
