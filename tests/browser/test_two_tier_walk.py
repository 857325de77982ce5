"""Issue 15's walk in a real browser: a ward of Bắc Ninh after the 2025 reform goes from empty scores to
the provincial People's Committee's decision, with the province's own users (no district): the ward
officer, the provincial office that checks completeness and returns, the provincial departments that
appraise (child affairs under Sở Y tế adjusts a criterion), the council chair who signs; the decision
PDF is read back and rendered to PNG."""

import datetime
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import Role
from assessments import services
from assessments.demo import _bac_ninh_ownership
from assessments.models import Assessment, Decision
from communes.models import Kind, Level
from criteria.models import Sector
from tests.factories import agree_the_rest
from tests.pages import click_through, confirm, log_in, log_out, return_resubmit_accept, save

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
REFORM = datetime.date(2025, 7, 1)


def pdf_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "decision.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def test_a_ward_of_bac_ninh_walks_to_the_provinces_decision(page, live_server, standards, make_unit, make_user,
                                                             tmp_path):
    std = standards["06/QĐ-TTg"]
    province = make_unit("Tỉnh Bắc Ninh", "24", Level.PROVINCE, Kind.PROVINCE, valid_from=REFORM)
    ward = make_unit("Phường Kinh Bắc", "09187", Level.COMMUNE, Kind.WARD, province, valid_from=REFORM)
    sectors = {s.code: s for s in Sector.objects.all()}
    _bac_ninh_ownership(province, std, sectors)  # the demo's table: a provincial department per criterion
    today = timezone.localdate()
    year = today.year
    r = services.round_open(
        by=make_user(Role.PROVINCIAL_STAFF, province), province=province, year=year, standard=std,
        period_start=datetime.date(year - 1, 11, 1), period_end=datetime.date(year, 10, 31),
        submission_due=datetime.date(year, 11, 15), appraisal_due=datetime.date(year, 11, 30),
        decision_due=datetime.date(year, 12, 10), report_due=datetime.date(year, 12, 10))
    officer = make_user(Role.COMMUNE_OFFICER, ward)
    office = make_user(Role.DISTRICT_OFFICER, province)  # the provincial office: completeness, return
    chair = make_user(Role.COUNCIL_CHAIR, province)
    appraisers = {code: make_user(Role.SECTOR_APPRAISER, province, s) for code, s in sectors.items()}
    child_affairs = appraisers["labour"]  # named Y tế since the hand-over of child affairs

    # 1. the ward officer scores every criterion, records the council and submits to the province
    log_in(page, live_server, officer)
    click_through(page, f"text=Bắt đầu tự đánh giá năm {year}")
    click_through(page, "text=Bắt đầu chấm điểm")
    expect(page.locator("#score-form")).to_be_visible()
    a = Assessment.objects.get(round=r, commune=ward)
    for c in std.criteria.all():
        page.fill(f"#points_{c.number}", str(c.max_points if c.number != 6 else c.max_points - 5))
    save(page, "button[name=save]", shows="Đã lưu điểm tự đánh giá")
    expect(page.locator(".verdict-card").first).to_contain_text("995")
    click_through(page, "a.btn:text-is('Hội đồng đánh giá')")
    page.fill("input[name=meeting_date]", (today - datetime.timedelta(days=3)).strftime("%d/%m/%Y"))
    page.fill("textarea[name=conclusion]", "Hội đồng thống nhất đề nghị công nhận.")
    page.fill("input[name='m-0-name']", "Nguyễn Văn Hùng")
    page.fill("input[name='m-0-position']", "Chủ tịch UBND phường")
    page.select_option("select[name='m-0-council_role']", "chair")
    click_through(page, "form [type=submit]:has-text('Lưu hội đồng')")
    click_through(page, "form[data-move=submit] button")
    confirm(page, "được gửi lên Tỉnh Bắc Ninh")  # the recognising unit is the province: no district
    expect(page.locator("main")).to_contain_text("Đã nộp hồ sơ")
    log_out(page)

    # 2–4. the provincial office returns it; the ward corrects and resubmits; the office accepts
    return_resubmit_accept(page, live_server, a.pk, office=office, officer=officer,
                           reason="Bổ sung nguồn số liệu tiêu chí 6", criterion=6,
                           note="Sổ theo dõi trẻ em có hoàn cảnh đặc biệt của phường")
    log_in(page, live_server, child_affairs)
    page.goto(live_server.url + reverse("assessments:detail", args=[a.pk]))
    click_through(page, "text=Thẩm định các tiêu chí của ngành")
    for n in (1, 3, 5, 11, 13):
        page.check(f"#agree_{n}")
    page.fill("#points_6", "100")
    page.fill("#reason_6", "Hai trường hợp trẻ em bị bỏ rơi chưa có kế hoạch hỗ trợ được phê duyệt")
    save(page, "#appraisal-form button[name=save]", shows="Đã ghi kết quả thẩm định tiêu chí 1, 3, 5, 6, 11, 13")
    page.screenshot(path=str(ARTIFACTS / "two-tier-appraisal.png"), full_page=True)
    log_out(page)
    # the other provincial departments agree (the same form as Sở Y tế's)
    agree_the_rest(Assessment.objects.get(pk=a.pk), appraisers)

    # 5. the provincial office completes the appraisal; the council chair decides for the province
    log_in(page, live_server, office)
    page.goto(live_server.url + reverse("assessments:detail", args=[a.pk]))
    click_through(page, "form[data-move=complete_appraisal] button")
    confirm(page, "được chốt")
    log_out(page)
    log_in(page, live_server, chair)
    page.goto(live_server.url + reverse("assessments:round", args=[r.pk]))
    expect(page.locator("#review-list")).to_contain_text("975")
    page.select_option(f"#outcome_{a.pk}", "yes")
    page.fill("input[name=number]", "3125/QĐ-UBND")
    page.fill("input[name=signed_on]", today.strftime("%d/%m/%Y"))
    page.fill("input[name=signer_name]", "Mai Sơn")
    page.fill("input[name=signer_title]", "Phó Chủ tịch")
    click_through(page, "text=Ghi quyết định")
    confirm(page, "được công nhận đạt chuẩn theo quyết định này")
    expect(page.locator("main")).to_contain_text("Quyết định số 3125/QĐ-UBND")

    a.refresh_from_db()
    assert a.status == Assessment.Status.RECOGNISED and a.final_total == 975
    assert a.transitions.count() == 6
    decision = Decision.objects.get(number="3125/QĐ-UBND")
    assert decision.issuer == province

    # 6. the decision PDF, as the chair downloads it, read back and looked at
    response = page.request.get(live_server.url + reverse("assessments:decision_pdf", args=[decision.pk]))
    assert response.ok and response.headers["content-type"] == "application/pdf"
    text = pdf_text(response.body(), tmp_path)
    flat = " ".join(text.split())
    assert "ỦY BAN NHÂN DÂN TỈNH BẮC NINH" in flat
    assert "Số: 3125/QĐ-UBND" in flat
    assert "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH BẮC NINH" in flat
    assert "Phường Kinh Bắc" in flat and "975" in flat
    assert "KT. CHỦ TỊCH" in flat and "PHÓ CHỦ TỊCH" in flat and "Mai Sơn" in flat
    assert "Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025" in flat  # the two-tier law
    assert "Sở Y tế" in flat and "huyện" not in flat.lower()  # the two-tier period: no district anywhere
    assert "Chủ tịch Ủy ban nhân dân các xã, phường, đặc khu có tên tại Điều 1" in flat  # no township left
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "two-tier-decision.pdf").write_bytes(response.body())
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(ARTIFACTS / "two-tier-decision.pdf"),
                    str(ARTIFACTS / "two-tier-decision")], check=True)
    assert (ARTIFACTS / "two-tier-decision-1.png").stat().st_size > 10_000
