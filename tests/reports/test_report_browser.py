"""The report pages in real Chromium, as provincial staff and as a district officer.

Screenshots land in test-artifacts/ (git-ignored) for a look.
"""

from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from tests.pages import log_in

ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _browser_setup(plain_static_storage, context):
    context.set_default_timeout(15_000)
    ARTIFACTS.mkdir(exist_ok=True)



def cells(page, selector):
    return [" ".join(t.split()) for t in page.locator(selector).all_inner_texts()]


def test_provincial_staff_walks_every_report(page, live_server, world, cast):
    page.set_viewport_size({"width": 1400, "height": 1000})
    log_in(page, live_server, cast.provincial)
    page.get_by_role("link", name="Báo cáo").first.click()
    page.wait_for_url("**/bao-cao/tong-hop/")
    assert page.locator("#kpi-units").inner_text() == "7"
    assert page.locator("#kpi-recognised").inner_text() == "2"
    rows = cells(page, "#summary-table tbody tr")
    # no target of its own for the year: the national 65% is 2025's (targets belong to their year)
    assert rows[0].startswith("Huyện Bác Ái 2 1 2 2 0 0,00% 0 0 chưa có chỉ tiêu")
    assert rows[1].startswith("Huyện Ninh Sơn 5 4 4 3 2 40,00% 1 1 60%")
    chart = page.locator("figure.report-chart svg")
    assert chart.count() == 1 and chart.bounding_box()["height"] > 100
    page.screenshot(path=ARTIFACTS / "reports-summary-province.png", full_page=True)

    page.select_option("#id_year", "2023")
    page.click(".report-filter [type=submit]")
    page.wait_for_url("**year=2023**")
    assert cells(page, "#summary-table tfoot tr")[0].startswith("Tổng cộng 7 0 5 5 3 42,86%")

    page.click(".report-tabs >> text=Phân tích tiêu chí")
    page.wait_for_url("**/bao-cao/tieu-chi/**")
    assert "year=2023" in page.url  # the filter follows the tabs
    page.select_option("#id_year", "2024")
    page.click(".report-filter [type=submit]")
    page.wait_for_url("**year=2024**")
    assert "Trên 5 hồ sơ đã nộp: 2 hồ sơ có tiêu chí 0 điểm" in page.inner_text("#veto-summary")
    page.screenshot(path=ARTIFACTS / "reports-criteria-province.png", full_page=True)

    page.click(".report-tabs >> text=Xu hướng")
    page.wait_for_url("**/bao-cao/xu-huong/**")
    assert "Toàn địa bàn 42,86% 28,57%" in cells(page, "#trend-table tbody tr")
    page.screenshot(path=ARTIFACTS / "reports-trend-province.png", full_page=True)

    page.click(".report-tabs >> text=Khen thưởng")
    page.wait_for_url("**/bao-cao/khen-thuong/**")
    page.click(".report-tabs >> text=Chỉ tiêu")
    page.wait_for_url("**/bao-cao/chi-tieu/**")
    assert any("Tỉnh Ninh Thuận" in r for r in cells(page, "#targets-table tbody tr"))

    page.goto(live_server.url + reverse("reports:summary") + f"?year=2024&district={world.ninh_son.pk}")
    assert cells(page, "#summary-table tbody tr")[0].startswith("Huyện Ninh Sơn 5 4 4 3 2 40,00%")
    assert page.locator("#commune-table tbody tr").count() == 5


def test_district_officer_sees_only_its_district(page, live_server, world, cast):
    page.set_viewport_size({"width": 1400, "height": 1000})
    log_in(page, live_server, cast.district)
    page.goto(live_server.url + reverse("reports:summary"))
    assert cells(page, "#summary-table tbody tr") == [
        "Huyện Ninh Sơn 5 4 4 3 2 40,00% 1 1 60% 20,00 điểm % 1 đơn vị 2"]
    communes = cells(page, "#commune-table tbody tr td:nth-child(2)")
    assert communes == ["Thị trấn Tân Sơn", "Xã Lâm Sơn", "Xã Lương Sơn", "Xã Quảng Sơn", "Xã Mỹ Sơn"]
    assert page.locator("#id_province").count() == 0 and page.locator("#id_district").count() == 0
    assert "Bác Ái" not in page.inner_text("main")
    page.screenshot(path=ARTIFACTS / "reports-summary-district.png", full_page=True)

    page.goto(live_server.url + reverse("reports:summary") + f"?district={world.bac_ai.pk}")
    assert "404" in page.title() or "Không tìm thấy" in page.inner_text("body")

    page.goto(live_server.url + reverse("reports:targets"))
    page.fill("#id_year", "2025")
    page.fill("#id_percent", "80")
    page.fill("#id_source", "Báo cáo số 12/BC-UBND")
    with page.expect_navigation():
        page.click("form [type=submit] >> text=Ghi chỉ tiêu")
    assert any(r.startswith("Huyện Ninh Sơn Tỷ lệ đơn vị đạt chuẩn 80% 2025") for r in
               cells(page, "#targets-table tbody tr"))


@pytest.mark.django_db(transaction=True)
def test_excel_export_runs_in_the_background_and_downloads(page, live_server, world, cast, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    log_in(page, live_server, cast.provincial)
    page.goto(live_server.url + reverse("reports:summary") + "?year=2024")
    page.click("text=Bảng tính Excel")
    page.wait_for_url("**/bao-cao/xuat/**")
    page.wait_for_selector("#download", timeout=60_000)  # the status page refreshes until the file is ready
    page.screenshot(path=ARTIFACTS / "reports-export-done.png", full_page=True)
    with page.expect_download() as download:
        page.click("#download")
    path = tmp_path / "downloaded.xlsx"
    download.value.save_as(path)
    from openpyxl import load_workbook

    rows = list(load_workbook(path)["Tổng hợp"].iter_rows(min_row=8, values_only=True))
    assert rows[-1][1:7] == ("Tổng cộng", 7, 5, 6, 5, 2)
