"""Issue 6 in a real browser: a province plans an inspection, builds its team and schedule, two
departments record findings, and the province closes the plan."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from inspections.models import Finding, Plan
from tests.pages import click_through as submit
from tests.pages import log_in, save

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _browser_setup(plain_static_storage):
    """live_server serves unhashed static files."""


def test_a_plan_from_draft_to_closed(page, live_server, world, assessment_2016):
    u = world.users
    # 1. provincial staff draw up the plan
    log_in(page, live_server, u.planner)
    page.goto(live_server.url + reverse("inspections:list"))
    submit(page, "text=Lập kế hoạch")
    page.select_option("select[name=standard]", str(world.standard.pk))
    page.fill("input[name=number]", "260/KH-UBND")
    page.fill("textarea[name=title]", "Kiểm tra liên ngành thực hiện Quyết định số 34/2014/QĐ-TTg")
    page.fill("textarea[name=legal_basis]", "Căn cứ Kế hoạch số 171/KH-UBND ngày 17/10/2014 của UBND tỉnh Lào Cai")
    page.fill("input[name=review_from_year]", "2015")
    page.fill("input[name=review_to_year]", "2017")
    page.fill("textarea[name=review_notes]", "2015, 2016: kiểm tra hồ sơ đánh giá\n2017: công tác triển khai")
    page.fill("input[name=score_year]", "2016")
    page.fill("input[name=window_start]", "2017-10-23")
    page.fill("input[name=window_end]", "2017-11-10")
    page.fill("input[name=report_days]", "15")  # seed 000: "sau khi kết thúc đợt kiểm tra 15 ngày"
    submit(page, "form [type=submit]:has-text('Lưu kế hoạch')")
    expect(page.locator("[data-testid=plan-status]")).to_contain_text("Dự thảo")
    expect(page.locator("[data-testid=findings-due]")).to_contain_text("25/11/2017")
    plan = Plan.objects.get(number="260/KH-UBND")

    # 2. the team: two sub-teams, LĐTBXH heads the team and Tổ 1, Y tế is deputy and leads Tổ 2, GD&ĐT (criterion
    # 4's department: only departments on the team re-check criteria) joins Tổ 2
    submit(page, "a.nav-link:has-text('Đoàn kiểm tra')")
    save(page, "text=Thêm tổ kiểm tra", shows="Đã thêm")
    save(page, "text=Thêm tổ kiểm tra", shows="Đã thêm")
    subteams = {s.number: s.pk for s in plan.subteams.all()}
    for role, sector, organisation, name, subteam in (
            ("head", "labour", "Sở Lao động - Thương binh và Xã hội", "Trần Văn Bình", 1),
            ("deputy", "health", "Sở Y tế", "Lê Thị Cúc", 2),
            ("member", "education", "Sở Giáo dục và Đào tạo", "", 2)):
        page.select_option("select[name=team_role]", role)
        page.select_option("select[name=sector]", str(world.sectors[sector].pk))
        page.fill("input[name=organisation]", organisation)
        page.fill("input[name=name]", name)
        page.select_option("select[name=subteam]", str(subteams[subteam]))
        if role != "member":
            page.check("input[name=leads_subteam]")
        submit(page, "form [type=submit]:has-text('Thêm vào đoàn')")
    expect(page.locator("[data-testid=team-table]")).to_contain_text("Trần Văn Bình")

    # 3. scope and schedule, with a clash refused
    submit(page, "a.nav-link:has-text('Địa bàn và lịch')")
    for unit in (world.vo_lao, world.khanh_yen):
        page.select_option("select[name=scope-unit]", str(unit.pk))
        submit(page, "form [type=submit]:has-text('Thêm đơn vị')")

    def book(unit, session, subteam):
        page.select_option("select[name=visit-unit]", str(unit.pk))
        page.fill("input[name=visit-date]", "2017-10-24")
        page.select_option("select[name=visit-session]", session)
        page.select_option("select[name=visit-subteam]", str(subteams[subteam]))
        submit(page, "form [type=submit]:has-text('Xếp lịch')")

    book(world.vo_lao, "morning", 1)
    book(world.khanh_yen, "morning", 1)
    expect(page.locator("[data-testid=visit-form] .alert")).to_contain_text("Trùng lịch")
    book(world.khanh_yen, "morning", 2)
    expect(page.locator("[data-testid=visits] tbody tr")).to_have_count(2)

    # 4. approve and start
    submit(page, "a.nav-link:has-text('Tổng quan')")
    submit(page, "button:has-text('Phê duyệt kế hoạch')")
    # what approving does
    expect(page.locator("#confirm-consequence")).to_contain_text("không sửa được nội dung kế hoạch")
    submit(page, "#confirm-move")
    submit(page, "button:has-text('Bắt đầu kiểm tra')")
    submit(page, "#confirm-move")
    expect(page.locator("[data-testid=plan-status]")).to_contain_text("Đang kiểm tra")
    expect(page.locator("#plan-status-history")).to_contain_text("Đã phê duyệt → Đang kiểm tra")

    # 5. two departments record their findings at Võ Lao
    findings_url = live_server.url + reverse("inspections:findings", kwargs={"pk": plan.pk, "unit_pk": world.vo_lao.pk})
    log_in(page, live_server, u.health)
    page.goto(findings_url)
    page.fill(f"input[name=f-p{world.criteria[2].pk}]", "50")
    page.fill(f"input[name=f-p{world.criteria[3].pk}]", "60")
    page.fill(f"textarea[name=f-n{world.criteria[3].pk}]", "Sổ theo dõi tai nạn thương tích chưa cập nhật.")
    submit(page, "[data-testid=finding-form] [type=submit]")
    expect(page.locator("[data-testid=findings] tr[data-criterion='3'].table-danger")).to_have_count(1)
    log_in(page, live_server, u.labour)
    page.goto(findings_url)
    expect(page.locator(f"input[name=f-p{world.criteria[1].pk}]")).to_be_visible()
    expect(page.locator(f"input[name=f-p{world.criteria[2].pk}]")).to_have_count(0)  # not LĐTBXH's criterion
    page.fill(f"input[name=f-p{world.criteria[1].pk}]", "85")
    save(page, "[data-testid=finding-form] [type=submit]", shows="Đã lưu kết quả kiểm tra")
    assert {f.sector.code for f in Finding.objects.filter(plan=plan)} == {"health", "labour"}

    # 6. the province concludes at each visited unit and closes the plan
    log_in(page, live_server, u.planner)
    for unit in (world.vo_lao, world.khanh_yen):
        page.goto(live_server.url + reverse("inspections:findings", kwargs={"pk": plan.pk, "unit_pk": unit.pk}))
        page.fill("textarea[name=c-conclusions]", f"{unit.name} thực hiện đúng trình tự đánh giá.")
        save(page, "[data-testid=conclusion-form] [type=submit]", shows=f"Đã lưu kết luận tại {unit}")
    page.goto(live_server.url + reverse("inspections:detail", kwargs={"pk": plan.pk}))
    submit(page, "button:has-text('Kết thúc kiểm tra')")
    submit(page, "#confirm-move")
    expect(page.locator("[data-testid=plan-status]")).to_contain_text("Đã kết thúc")
    assert Plan.objects.get(pk=plan.pk).status == "closed"
