"""The report pages in real Chromium, as provincial staff and as a district officer.

Screenshots land in test-artifacts/ (git-ignored) for a look.
"""

import re
import subprocess
from html import unescape
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import expect

from tests.pages import click_through, log_in, save
from tests.printed import pdf_pages

ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _browser_setup(plain_static_storage):
    ARTIFACTS.mkdir(exist_ok=True)


def row(text, *, whole=True):
    """A table row's text as shown, from its first cell (to its last when ``whole``), whatever the
    spaces between the cells: for expect(...).to_have_text / to_contain_text with use_inner_text."""
    words = r"\s+".join(re.escape(w) for w in text.split())
    return re.compile(r"^\s*" + words + (r"\s*$" if whole else ""))


def test_provincial_staff_walks_every_report(page, live_server, world, cast):
    page.set_viewport_size({"width": 1400, "height": 1000})
    log_in(page, live_server, cast.provincial)
    click_through(page, page.get_by_role("link", name="Báo cáo").first)
    expect(page).to_have_url(re.compile(r"/bao-cao/tong-hop/$"))
    expect(page.locator("#kpi-units")).to_have_text("7")
    expect(page.locator("#kpi-recognised")).to_have_text("2")
    rows = page.locator("#summary-table tbody tr")
    # no target of its own for the year: the national 65% is 2025's (targets belong to their year)
    expect(rows.nth(0)).to_have_text(
        row("Huyện Bác Ái 2 1 2 1 chưa đăng ký 2 0 0,00% 0 0 chưa có chỉ tiêu", whole=False), use_inner_text=True)
    expect(rows.nth(1)).to_have_text(row("Huyện Ninh Sơn 5 4 4 1 chưa đăng ký 3 2 40,00% 1 1 60%", whole=False),
                                     use_inner_text=True)
    chart = page.locator("figure.report-chart svg")
    expect(chart).to_have_count(1)
    expect(chart).to_be_visible()
    assert chart.bounding_box()["height"] > 100
    page.screenshot(path=ARTIFACTS / "reports-summary-province.png", full_page=True)

    page.select_option("#id_year", "2023")
    click_through(page, ".report-filter [type=submit]")
    expect(page).to_have_url(re.compile(r"year=2023"))
    expect(page.locator("#summary-table tfoot tr").first).to_have_text(
        row("Tổng cộng 7 0 5 5 chưa đăng ký 5 3 42,86%", whole=False), use_inner_text=True)

    click_through(page, ".report-tabs >> text=Phân tích tiêu chí")
    expect(page).to_have_url(re.compile(r"/bao-cao/tieu-chi/.*year=2023"))  # the filter follows the tabs
    page.select_option("#id_year", "2024")
    click_through(page, ".report-filter [type=submit]")
    expect(page).to_have_url(re.compile(r"year=2024"))
    expect(page.locator("#veto-summary")).to_contain_text("Trên 5 hồ sơ đã nộp: 2 hồ sơ có tiêu chí 0 điểm")
    page.screenshot(path=ARTIFACTS / "reports-criteria-province.png", full_page=True)

    click_through(page, ".report-tabs >> text=Xu hướng")
    expect(page).to_have_url(re.compile(r"/bao-cao/xu-huong/"))
    expect(page.locator("#trend-table tbody tr")).to_contain_text([row("Toàn địa bàn 42,86% 28,57%")],
                                                                 use_inner_text=True)
    page.screenshot(path=ARTIFACTS / "reports-trend-province.png", full_page=True)

    click_through(page, ".report-tabs >> text=Khen thưởng")
    expect(page).to_have_url(re.compile(r"/bao-cao/khen-thuong/"))
    click_through(page, ".report-tabs >> text=Chỉ tiêu")
    expect(page).to_have_url(re.compile(r"/bao-cao/chi-tieu/"))
    expect(page.locator("#targets-table tbody tr")).to_contain_text(["Tỉnh Ninh Thuận"], use_inner_text=True)

    page.goto(live_server.url + reverse("reports:summary") + f"?year=2024&district={world.ninh_son.pk}")
    expect(page.locator("#summary-table tbody tr").first).to_have_text(
        row("Huyện Ninh Sơn 5 4 4 1 chưa đăng ký 3 2 40,00%", whole=False), use_inner_text=True)
    expect(page.locator("#commune-table tbody tr")).to_have_count(5)


def test_district_officer_sees_only_its_district(page, live_server, world, cast):
    page.set_viewport_size({"width": 1400, "height": 1000})
    log_in(page, live_server, cast.district)
    page.goto(live_server.url + reverse("reports:summary"))
    expect(page.locator("#summary-table tbody tr")).to_have_text(
        ["Huyện Ninh Sơn 5 4 4 1 chưa đăng ký 3 2 40,00% 1 1 60% 20,00 điểm % 1 đơn vị 2"], use_inner_text=True)
    communes = page.locator("#commune-table tbody tr td:nth-child(2)")
    expect(communes).to_have_text(["Thị trấn Tân Sơn", "Xã Lâm Sơn", "Xã Lương Sơn", "Xã Quảng Sơn", "Xã Mỹ Sơn"],
                                  use_inner_text=True)
    expect(page.locator("#id_province")).to_have_count(0)
    expect(page.locator("#id_district")).to_have_count(0)
    expect(page.locator("main")).not_to_contain_text("Bác Ái")
    page.screenshot(path=ARTIFACTS / "reports-summary-district.png", full_page=True)

    page.goto(live_server.url + reverse("reports:summary") + f"?district={world.bac_ai.pk}")
    expect(page.locator("body")).to_contain_text("Không tìm thấy")  # the 404 page

    page.goto(live_server.url + reverse("reports:targets"))
    page.fill("#id_year", "2025")
    page.fill("#id_percent", "80")
    page.fill("#id_source", "Báo cáo số 12/BC-UBND")
    save(page, "form [type=submit] >> text=Ghi chỉ tiêu", shows="Đã ghi chỉ tiêu năm 2025")
    expect(page.locator("#targets-table tbody tr")).to_contain_text(
        [row("Huyện Ninh Sơn Tỷ lệ đơn vị đạt chuẩn 80% 2025", whole=False)], use_inner_text=True)


@pytest.mark.django_db(transaction=True)
def test_excel_export_runs_in_the_background_and_downloads(page, live_server, world, cast, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    log_in(page, live_server, cast.provincial)
    page.goto(live_server.url + reverse("reports:summary") + "?year=2024")
    click_through(page, "text=Bảng tính Excel")
    expect(page).to_have_url(re.compile(r"/bao-cao/xuat/"))
    # the status page refreshes until the file is ready
    expect(page.locator("#download")).to_be_visible(timeout=60_000)
    page.screenshot(path=ARTIFACTS / "reports-export-done.png", full_page=True)
    with page.expect_download() as download:
        page.click("#download")
    path = tmp_path / "downloaded.xlsx"
    download.value.save_as(path)
    from openpyxl import load_workbook

    rows = list(load_workbook(path)["Tổng hợp"].iter_rows(min_row=8, values_only=True))
    assert rows[-1][1:7] == ("Tổng cộng", 7, 5, 6, 5, 2)


def _printed_words(pdf):
    """(page width, words) of every page of a PDF: pdftotext -bbox, in points."""
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", "-bbox", "-", "-"], input=pdf, capture_output=True,
                         check=True).stdout.decode()
    width = float(re.search(r'<page width="([\d.]+)"', out)[1])
    found = re.findall(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>', out)
    return width, [(float(x0), float(x1), unescape(text)) for x0, x1, text in found]


@pytest.mark.parametrize("view, table, last_header", [("reports:summary", "#summary-table", "hạn"),
                                                      ("reports:criteria", "table", None)])
def test_a_report_page_prints_its_whole_table_without_the_menu(page, live_server, world, cast, view, table,
                                                               last_header):
    """Chromium's print to PDF (A4): the print stylesheet (static/css/app.css) drops the menu, the filter and
    the buttons, and fits the table to the page's width, its right edge on the page (issue 22)."""
    page.set_viewport_size({"width": 1400, "height": 1000})
    log_in(page, live_server, cast.provincial)
    page.goto(live_server.url + reverse(view) + f"?year=2024&district={world.ninh_son.pk}")
    name = view.split(":")[1]
    pdf = page.pdf(format="A4", prefer_css_page_size=True, print_background=True)
    pdf_pages(pdf, f"trang-bao-cao-{name}")  # kept as PNG under test-artifacts/print/ for a look
    width, words = _printed_words(pdf)
    text = " ".join(w for _x0, _x1, w in words)
    for menu in ("Danh mục chức năng", "Đăng xuất", "Đổi mật khẩu", "Xuất báo cáo", "Bảng tính Excel", "Lọc"):
        assert menu not in text, menu
    assert "Huyện Ninh Sơn" in text and "Thị trấn Tân Sơn" in text or name != "summary"
    assert max(x1 for _x0, x1, _w in words) <= width - 20  # nothing runs off the page's right edge
    if last_header:
        assert last_header in [w for _x0, _x1, w in words]

    # the same layout on screen with the print rules, as wide as the paper less its margins (A4, 12 mm):
    # the table's right edge is inside the page, and no box scrolls it sideways
    page.emulate_media(media="print")
    page.set_viewport_size({"width": 703, "height": 1000})
    for box in page.locator(f"main {table}").all():
        edge = box.evaluate("t => [t.getBoundingClientRect().right, t.parentElement.scrollWidth,"
                            " t.parentElement.clientWidth]")
        assert edge[0] <= 703 and edge[1] <= edge[2], edge
