"""Issue 27 in a real browser: Văn Bàn's office opens the 2023–2024 review of its communes; Khánh Yên's officer,
told of it, finds the figures already drafted from the record, writes the commune's part and sends it (confirmed
on the server); the office sees it beside Võ Lao's unsent part, writes the district's review and sends it up."""

from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from accounts.models import Role
from reviews.models import ReviewPart, ReviewRound
from tests.factories import RoundFactory, recorded_assessment
from tests.pages import click_through, confirm, log_in

pytestmark = pytest.mark.browser
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "browser"


def test_a_communes_part_goes_through_to_the_districts_review(page, live_server, standard, units, make_user):
    for year in (2023, 2024):
        r = RoundFactory(province=units.province, year=year, standard=standard)
        recorded_assessment(r, units.commune, "recognised")
    office = make_user(Role.DISTRICT_OFFICER, units.district)
    officer = make_user(Role.COMMUNE_OFFICER, units.commune)
    make_user(Role.PROVINCIAL_STAFF, units.province)

    # the district's office opens the review
    log_in(page, live_server, office)
    page.goto(live_server.url + reverse("reviews:list"))
    click_through(page, "#open-review")
    page.select_option("select[name=kind]", "final")
    page.fill("input[name=title]", "Tổng kết xây dựng xã phù hợp với trẻ em giai đoạn 2023-2024")
    page.fill("input[name=year_from]", "2023")
    page.fill("input[name=year_to]", "2024")
    page.fill("input[name=commune_due]", "10/12/2026")
    page.fill("input[name=unit_due]", "25/12/2026")
    click_through(page, "#review-round-form button[type=submit]")
    expect(page.locator("#review-deadlines")).to_contain_text("10/12/2026")
    expect(page.locator("#commune-parts")).to_contain_text("Thị trấn Khánh Yên")
    round_ = ReviewRound.objects.get()

    # the commune is told; its part shows the figures drafted from the record
    log_in(page, live_server, officer)
    expect(page.locator("#unread-count")).to_have_text("1")
    click_through(page, "#unread-link")
    click_through(page, page.locator("#notifications li").first.locator("button:text-is('Mở')"))
    expect(page.locator("h1")).to_contain_text("Thị trấn Khánh Yên")
    expect(page.locator("#review-years tr[data-year='2024']")).to_contain_text("100%")
    page.fill("textarea[name=results]", "Thị trấn duy trì đạt chuẩn 2 năm liên tục.")
    page.fill("textarea[name=shortcomings]", "Thiếu cộng tác viên ở thôn.")
    page.fill("textarea[name=lessons]", "Cấp ủy vào cuộc từ đầu năm.")
    page.fill("textarea[name=proposals]", "Hỗ trợ kinh phí cho điểm vui chơi.")
    click_through(page, "#save-part")
    expect(page.locator("main")).to_contain_text("Đã lưu báo cáo.")
    click_through(page, "#move-submit")
    confirm(page, "được gửi lên Huyện Văn Bàn")
    expect(page.locator("#part-status")).to_have_text("Đã gửi")

    # the district sees the communes' parts side by side, writes its own and sends it up
    log_in(page, live_server, office)
    page.goto(live_server.url + reverse("reviews:round", args=[round_.pk]))
    expect(page.locator("#commune-parts")).to_contain_text("Thiếu cộng tác viên ở thôn.")
    expect(page.locator("#commune-parts")).to_contain_text("Chưa gửi.")  # Võ Lao
    click_through(page, "#own-part")
    expect(page.locator("#communes-side-by-side")).to_contain_text("Hỗ trợ kinh phí cho điểm vui chơi.")
    page.fill("textarea[name=results]", "1/2 xã gửi báo cáo đúng hạn; Khánh Yên giữ chuẩn.")
    page.fill("textarea[name=shortcomings]", "Xã Võ Lao chưa gửi báo cáo.")
    page.fill("textarea[name=lessons]", "Đôn đốc các xã từ đầu đợt.")
    page.fill("textarea[name=proposals]", "Tỉnh bố trí kinh phí tổng kết.")
    click_through(page, "#save-part")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "review-district-part.png"), full_page=True)
    click_through(page, "#move-submit")
    confirm(page, "được gửi lên Tỉnh Lào Cai")
    expect(page.locator("#part-status")).to_have_text("Đã gửi")
    own = ReviewPart.objects.get(round=round_, unit=units.district)
    assert own.status == "submitted" and own.submitted_on is not None and not own.late


def test_a_provinces_review_goes_commune_to_district_to_province(page, live_server, standard, units, make_user):
    """Before 1/7/2025 (the cast's Lào Cai still has its districts): Lào Cai's staff open a review of three levels;
    Khánh Yên sends its part to Văn Bàn, whose office sees it side by side, writes the district's part and sends it
    to the province; the province sees Văn Bàn's part beside its own text boxes and sends its own upward."""
    for year in (2023, 2024):
        r = RoundFactory(province=units.province, year=year, standard=standard)
        recorded_assessment(r, units.commune, "recognised")
    staff = make_user(Role.PROVINCIAL_STAFF, units.province)
    office = make_user(Role.DISTRICT_OFFICER, units.district)
    officer = make_user(Role.COMMUNE_OFFICER, units.commune)

    log_in(page, live_server, staff)
    page.goto(live_server.url + reverse("reviews:list"))
    click_through(page, "#open-review")
    page.fill("input[name=title]", "Tổng kết xây dựng xã phù hợp với trẻ em của tỉnh giai đoạn 2023-2024")
    page.fill("input[name=year_from]", "2023")
    page.fill("input[name=year_to]", "2024")
    page.fill("input[name=commune_due]", "10/12/2026")
    page.fill("input[name=unit_due]", "25/12/2026")
    click_through(page, "#review-round-form button[type=submit]")  # without the districts' deadline: refused
    expect(page.locator("main")).to_contain_text("hãy ghi hạn cấp huyện gửi báo cáo lên tỉnh")
    page.fill("input[name=district_due]", "18/12/2026")
    click_through(page, "#review-round-form button[type=submit]")
    expect(page.locator("#review-deadlines")).to_contain_text("Cấp huyện gửi báo cáo về Tỉnh Lào Cai")
    expect(page.locator("#commune-parts")).to_contain_text("Huyện Văn Bàn")
    round_ = ReviewRound.objects.get()

    # the commune sends to its district
    log_in(page, live_server, officer)
    page.goto(live_server.url + reverse("reviews:round", args=[round_.pk]))
    click_through(page, "#own-part")
    for name, text in (("results", "Thị trấn duy trì đạt chuẩn."), ("shortcomings", "Thiếu cộng tác viên."),
                       ("lessons", "Cấp ủy vào cuộc."), ("proposals", "Kinh phí cho điểm vui chơi.")):
        page.fill(f"textarea[name={name}]", text)
    click_through(page, "#save-part")
    click_through(page, "#move-submit")
    confirm(page, "được gửi lên Huyện Văn Bàn")
    expect(page.locator("#part-status")).to_have_text("Đã gửi")

    # the district reads it side by side, writes its own and sends it to the province
    log_in(page, live_server, office)
    page.goto(live_server.url + reverse("reviews:round", args=[round_.pk]))
    click_through(page, "#own-part")
    expect(page.locator("h1")).to_contain_text("Huyện Văn Bàn")
    expect(page.locator("#communes-side-by-side")).to_contain_text("Kinh phí cho điểm vui chơi.")
    for name, text in (("results", "Khánh Yên giữ chuẩn."), ("shortcomings", "Võ Lao chưa gửi."),
                       ("lessons", "Đôn đốc sớm."), ("proposals", "Tỉnh hỗ trợ kinh phí.")):
        page.fill(f"textarea[name={name}]", text)
    click_through(page, "#save-part")
    click_through(page, "#move-submit")
    confirm(page, "được gửi lên Tỉnh Lào Cai")
    expect(page.locator("#part-status")).to_have_text("Đã gửi")

    # the province sees the district's part beside its own and sends its own
    log_in(page, live_server, staff)
    page.goto(live_server.url + reverse("reviews:round", args=[round_.pk]))
    click_through(page, "#own-part")
    expect(page.locator("#communes-side-by-side")).to_contain_text("Tỉnh hỗ trợ kinh phí.")
    expect(page.locator("#communes-side-by-side")).not_to_contain_text("Kinh phí cho điểm vui chơi.")
    for name, text in (("results", "Văn Bàn báo cáo đúng hạn."), ("shortcomings", "Còn xã chưa gửi."),
                       ("lessons", "Ba cấp cùng một hạn."), ("proposals", "Bộ hướng dẫn mẫu báo cáo.")):
        page.fill(f"textarea[name={name}]", text)
    click_through(page, "#save-part")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "review-province-part.png"), full_page=True)
    click_through(page, "#move-submit")
    confirm(page, "được gửi lên Bộ")
    expect(page.locator("#part-status")).to_have_text("Đã gửi")
    assert set(ReviewPart.objects.filter(round=round_).values_list("unit__level", "status")) >= {
        ("province", "submitted"), ("district", "submitted"), ("commune", "submitted")}
