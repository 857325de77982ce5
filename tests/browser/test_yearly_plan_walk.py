"""Issue 27 (the yearly plan) in a real browser: Lào Cai's provincial staff draw up the 2024 plan from the menu, give
it its number and day, write a target and the communes' deadline in its parts, apply the deadline to the 2024
round, and download the plan as PDF; a commune officer of the province reads it and is offered no change."""

from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from assessments.models import Round
from planning.models import Plan
from reports.models import Target
from tests.pages import click_through, log_in
from tests.pdf import pdf_text

pytestmark = pytest.mark.browser
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "browser"


def test_the_province_draws_up_its_plan_and_the_round_takes_its_deadline(page, live_server, users, units, round_2024):
    log_in(page, live_server, users.provincial_staff)
    click_through(page, "nav.app-nav a[href='/ke-hoach/'] >> visible=true")
    click_through(page, "#new-plan")
    page.select_option("select[name=unit]", str(units.province.pk))
    page.fill("input[name=year]", "2024")
    page.select_option("select[name=issued_by]", "committee")
    page.fill("input[name=title]", "Xây dựng xã, phường, thị trấn phù hợp với trẻ em năm 2024")
    click_through(page, "#create-plan")
    expect(page.locator("textarea[name=issuer_body]")).to_have_value("ỦY BAN NHÂN DÂN\nTỈNH LÀO CAI")
    page.fill("input[name=number]", "85")
    page.fill("input[name=issued_on]", "2024-03-05")
    page.fill("textarea[name=basis]", "Thực hiện Quyết định số 06/QĐ-TTg ngày 03/01/2019 của Thủ tướng Chính phủ.")
    click_through(page, "#save")
    expect(page.locator("h1")).to_contain_text("85/KH-UBND")

    click_through(page, "#edit-outline")
    # the default parts: I. MỤC ĐÍCH, YÊU CẦU, II. MỤC TIÊU, … V. TỔ CHỨC THỰC HIỆN
    page.select_option("select[name=e-0-depth]", "2")
    page.fill("input[name=e-0-part]", "2")
    page.select_option("select[name=e-0-kind]", "target")
    page.fill("textarea[name=e-0-text]", "Phấn đấu 70% xã, phường, thị trấn đạt chuẩn phù hợp với trẻ em.")
    page.select_option("select[name=e-0-target_kind]", "recognised")
    page.fill("input[name=e-0-target_percent]", "70")
    page.fill("input[name=e-0-target_year]", "2024")
    page.fill("input[name=e-1-part]", "5")
    page.select_option("select[name=e-1-kind]", "task")
    page.fill("input[name=e-1-heading]", "UBND các xã, phường, thị trấn")
    page.fill("textarea[name=e-1-text]", "Gửi hồ sơ đề nghị công nhận về UBND huyện trước ngày 14/11/2024.")
    page.select_option("select[name=e-1-level]", "commune")
    page.fill("input[name=e-1-due_on]", "2024-11-14")
    page.select_option("select[name=e-1-deadline]", "submission")
    click_through(page, "#save")
    expect(page.locator("#plan-text")).to_contain_text("II. MỤC TIÊU")
    expect(page.locator("#plan-text")).to_contain_text("- Phấn đấu 70% xã")
    expect(page.locator("#plan-text")).to_contain_text("V. TỔ CHỨC THỰC HIỆN")
    expect(page.locator("#plan-targets")).to_contain_text("70%")
    plan = Plan.objects.get()
    assert Target.objects.get(unit=units.province).source == \
        "Kế hoạch số 85/KH-UBND ngày 5/3/2024 của Ủy ban nhân dân tỉnh Lào Cai"

    click_through(page, page.locator(".apply-deadlines").first)
    expect(page.locator("main")).to_contain_text(
        "Đợt đánh giá năm 2024 đã lấy các hạn từ kế hoạch: Hạn xã gửi hồ sơ đề nghị công nhận về UBND cấp huyện.")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=ARTIFACTS / "yearly-plan.png", full_page=True)
    r = Round.objects.get(pk=round_2024.pk)
    assert r.submission_source.startswith("Kế hoạch số 85/KH-UBND ngày 5/3/2024 của Ủy ban nhân dân tỉnh Lào Cai, "
                                          "mục V.1")
    click_through(page, page.locator("a", has_text="2024 (06/QĐ-TTg)"))
    expect(page.locator("main")).to_contain_text("mục V.1")  # the round page shows where its deadline comes from

    pdf = page.request.get(live_server.url + reverse("planning:pdf", args=[plan.pk]))
    text = pdf_text(pdf.body())
    assert "Số: 85/KH-UBND" in text and "Lào Cai, ngày 05 tháng 3 năm 2024" in text
    assert "II. MỤC TIÊU - Phấn đấu 70% xã, phường, thị trấn đạt chuẩn phù hợp với trẻ em." in text

    log_in(page, live_server, users.commune_officer)
    page.goto(live_server.url + reverse("planning:detail", args=[plan.pk]))
    expect(page.locator("#plan-text")).to_contain_text("UBND các xã, phường, thị trấn")
    expect(page.locator("#edit-outline")).to_have_count(0)
    expect(page.locator(".apply-deadlines")).to_have_count(0)
