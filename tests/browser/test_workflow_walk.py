"""Issue 4's walk in a real browser: a Bắc Giang commune from empty scores to a recognised
decision, with a return for correction and a sector adjustment, by four different users."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from accounts.models import Role
from assessments.models import Assessment
from criteria.models import Sector
from tests.factories import RoundFactory, agree_the_rest
from tests.pages import click_through, confirm, log_in, log_out, return_resubmit_accept, save

pytestmark = pytest.mark.browser


def test_a_commune_walks_from_empty_scores_to_recognition(page, live_server, standards, units, make_user):
    province, district, commune = units.other_province, units.other_district, units.other_commune
    std = standards["06/QĐ-TTg"]
    r = RoundFactory(province=province, year=2024, standard=std)  # opened by the province's staff
    officer = make_user(Role.COMMUNE_OFFICER, commune)
    district_officer = make_user(Role.DISTRICT_OFFICER, district)
    chair = make_user(Role.COUNCIL_CHAIR, district)
    appraisers = {s.code: make_user(Role.SECTOR_APPRAISER, district, s) for s in Sector.objects.all()}
    health = appraisers["health"]

    # 1. the commune officer scores every criterion, records the council and submits
    log_in(page, live_server, officer)
    click_through(page, "text=Bắt đầu tự đánh giá năm 2024")
    click_through(page, "text=Bắt đầu chấm điểm")
    expect(page.locator("#score-form")).to_be_visible()
    a = Assessment.objects.get(round=r, commune=commune)
    for c in std.criteria.all():
        page.fill(f"#points_{c.number}", str(c.max_points if c.number != 8 else c.max_points - 5))
    save(page, "button[name=save]", shows="Đã lưu điểm tự đánh giá")
    expect(page.locator(".verdict-card").first).to_contain_text("995")
    # the button, not the signed minutes' link (the checklist names the council too)
    click_through(page, "a.btn:text-is('Hội đồng đánh giá')")
    page.fill("input[name=meeting_date]", "2024-11-08")
    page.fill("textarea[name=conclusion]", "Hội đồng thống nhất đề nghị công nhận.")
    page.fill("input[name='m-0-name']", "Nguyễn Văn Hùng")
    page.fill("input[name='m-0-position']", "Chủ tịch UBND xã")
    page.select_option("select[name='m-0-council_role']", "chair")
    click_through(page, "form [type=submit]:has-text('Lưu hội đồng')")
    click_through(page, "form[data-move=submit] button")
    confirm(page, "được gửi lên Huyện")  # the confirmation step says what submitting does
    expect(page.locator("main")).to_contain_text("Đã nộp hồ sơ")
    log_out(page)

    # 2–4. the district office returns it; the commune corrects and resubmits; the district accepts
    return_resubmit_accept(page, live_server, a.pk, office=district_officer, officer=officer,
                           reason="Bổ sung nguồn số liệu tiêu chí 8", criterion=8,
                           note="Sổ theo dõi trạm y tế xã")
    # the health appraiser adjusts criterion 8 with a reason
    log_in(page, live_server, health)
    page.goto(live_server.url + reverse("assessments:detail", args=[a.pk]))
    click_through(page, "text=Thẩm định các tiêu chí của ngành")
    # one form for the sector's criteria: 7 and 9 agreed, 8 adjusted with a reason
    page.check("#agree_7")
    page.check("#agree_9")
    page.fill("#points_8", "60")
    page.fill("#reason_8", "Tỷ lệ suy dinh dưỡng thấp còi cao hơn số liệu xã báo cáo")
    save(page, "#appraisal-form button[name=save]", shows="Đã ghi kết quả thẩm định tiêu chí 7, 8, 9")
    log_out(page)
    # the other four sectors agree (their pages are the same form as the health appraiser's)
    agree_the_rest(Assessment.objects.get(pk=a.pk), appraisers)

    # 5. the district completes the appraisal, the council chair decides
    log_in(page, live_server, district_officer)
    page.goto(live_server.url + reverse("assessments:detail", args=[a.pk]))
    click_through(page, "form[data-move=complete_appraisal] button")
    confirm(page, "được chốt")
    log_out(page)
    log_in(page, live_server, chair)
    page.goto(live_server.url + reverse("assessments:round", args=[r.pk]))
    expect(page.locator("#review-list")).to_contain_text("985")
    page.select_option(f"#outcome_{a.pk}", "yes")
    page.fill("input[name=number]", "1350/QĐ-UBND")
    page.fill("input[name=signed_on]", "2024-12-05")
    page.fill("input[name=signer_name]", "Đỗ Văn Quang")
    click_through(page, "text=Ghi quyết định")
    confirm(page, "được công nhận đạt chuẩn theo quyết định này")
    expect(page.locator("main")).to_contain_text("Quyết định số 1350/QĐ-UBND")

    a.refresh_from_db()
    assert a.status == Assessment.Status.RECOGNISED and a.final_total == 985
    assert a.transitions.count() == 6
