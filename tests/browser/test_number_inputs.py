"""In Chromium: "10,5", "10.5", "1.000", "abc", an empty field over a saved value and a value above
the maximum typed into the sector's appraisal form, a target and an inspection finding; what is
stored and what the page says. Screenshots of the appraisal form and the district's checklist."""

import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import expect

from accounts.models import Role
from assessments import services
from assessments.models import Score
from criteria.selectors import owner_map
from inspections.models import Finding
from reports.models import Target
from tests.assessments.conftest import scored_and_submitted
from tests.factories import seen
from tests.inspections.conftest import plan, start_plan, world  # noqa: F401 - the inspection world
from tests.pages import click_through, log_in, save

pytestmark = pytest.mark.browser
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"


SAVE = "#appraisal-form button[name=save]"
TARGET = "form [type=submit] >> text=Ghi chỉ tiêu"


def appraised(a, n):
    return Score.objects.get(assessment=a, criterion__number=n).appraised_points


def test_typed_points_in_the_appraisal_form(page, live_server, workflow):
    w = workflow
    a = scored_and_submitted(w)
    services.assessment_accept(by=w.district, assessment_id=a.pk, seen_version=seen(a))
    owners = owner_map(w.standard, w.units.province.code)
    health = next(s for s in owners.values() if s.code == "health")
    n, m = sorted(k for k, s in owners.items() if s == health)[:2]
    top = w.standard.criteria.get(number=n).max_points
    log_in(page, live_server, w.appraisers["health"])
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_server.url + reverse("assessments:appraisal", args=[a.pk]))
    expect(page.locator(f"#points_{n}")).to_have_attribute("inputmode", "decimal")
    expect(page.locator(f"#points_{n}")).to_have_attribute("type", "text")
    page.screenshot(path=ARTIFACTS / "appraisal-form.png", full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=ARTIFACTS / "appraisal-form-390.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})

    page.fill(f"#reason_{n}", "Sổ theo dõi của trạm y tế khác số liệu xã báo cáo")
    for typed, said in (("1.000", f"Tiêu chí {n}: “1.000” không rõ là 1000 hay 1"),
                        ("abc", f"Tiêu chí {n}: “abc” không phải là số."),
                        (str(top + 1), f"Tiêu chí {n}: phải từ 0 đến {top}, không phải “{top + 1}”.")):
        page.fill(f"#points_{n}", typed)
        save(page, SAVE, shows=said)
        expect(page.locator("main")).to_contain_text("Chưa lưu gì")
        expect(page.locator(f"#points_{n}")).to_have_value(typed)  # what was typed stays
        expect(page.locator(f"#reason_{n}")).to_have_value(re.compile(r"^Sổ theo dõi"))
        assert appraised(a, n) is None, typed
        if typed == "1.000":
            page.screenshot(path=ARTIFACTS / "appraisal-form-refused.png", full_page=True)

    # "Thống nhất" with a typed point is a contradiction, not an agreement
    page.fill(f"#points_{n}", "10")
    page.check(f"#agree_{n}")
    save(page, SAVE, shows=f"Tiêu chí {n}: đã chọn “Thống nhất” nhưng lại nhập điểm 10")
    assert appraised(a, n) is None
    page.uncheck(f"#agree_{n}")

    page.fill(f"#points_{n}", "10,5")
    save(page, SAVE, shows=f"Đã ghi kết quả thẩm định tiêu chí {n}")
    assert appraised(a, n) == Decimal("10.5")
    expect(page.locator(f"#points_{n}")).to_have_value("10,5")

    page.fill(f"#points_{m}", "10.5")
    page.fill(f"#reason_{m}", "Thiếu minh chứng")
    save(page, SAVE, shows=f"Đã ghi kết quả thẩm định tiêu chí {m}")
    assert appraised(a, m) == Decimal("10.5")

    # an empty field over a saved appraisal: refused, the saved points stay
    page.fill(f"#points_{n}", "")
    page.fill(f"#reason_{n}", "")
    save(page, SAVE, shows=f"Tiêu chí {n} đã được thẩm định")
    assert appraised(a, n) == Decimal("10.5")


def test_the_district_checklist_before_accepting(page, live_server, workflow):
    w = workflow
    a = scored_and_submitted(w)
    log_in(page, live_server, w.district)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_server.url + reverse("assessments:detail", args=[a.pk]))
    checklist = page.locator("#checklist")
    expect(checklist).to_contain_text("Thiếu 2 thành phần", use_inner_text=True)
    expect(checklist).to_contain_text("Chưa tải lên biên bản đã ký", use_inner_text=True)
    page.click("#checklist summary")
    expect(checklist).to_contain_text("Tiêu chí 1: chưa có minh chứng", use_inner_text=True)
    checklist.screenshot(path=ARTIFACTS / "district-checklist.png")
    page.screenshot(path=ARTIFACTS / "district-checklist-page.png", full_page=True)


def test_typed_percent_in_the_targets_form(page, live_server, units, make_user):
    district = make_user(Role.DISTRICT_OFFICER, units.district)
    log_in(page, live_server, district)
    url = live_server.url + reverse("reports:targets")
    page.goto(url)
    expect(page.locator("#id_percent")).to_have_attribute("inputmode", "decimal")
    expect(page.locator("#id_percent")).to_have_attribute("type", "text")

    def target(year):
        t = Target.objects.filter(unit=units.district, year=year).first()
        return t.percent if t else None

    for year, typed, said in ((2025, "1.000", "Tỷ lệ đơn vị đạt chuẩn: “1.000” không rõ là 1000 hay 1"),
                              (2025, "abc", "Tỷ lệ đơn vị đạt chuẩn: “abc” không phải là số."),
                              (2025, "100,5", "Tỷ lệ đơn vị đạt chuẩn: phải từ 0 đến 100, không phải “100,5”.")):
        page.fill("#id_year", str(year))
        page.fill("#id_percent", typed)
        save(page, TARGET, shows=said)
        expect(page.locator("#id_percent")).to_have_value(typed)
        assert target(year) is None, typed
    page.fill("#id_year", "2025")
    page.fill("#id_percent", "85,5")
    save(page, TARGET, shows="Đã ghi chỉ tiêu năm 2025")
    assert target(2025) == Decimal("85.5")
    page.fill("#id_year", "2026")
    page.fill("#id_percent", "85.5")
    save(page, TARGET, shows="Đã ghi chỉ tiêu năm 2026")
    assert target(2026) == Decimal("85.5")
    # an empty field over a saved target: refused, the saved one stays
    page.fill("#id_year", "2026")
    page.fill("#id_percent", "")
    page.eval_on_selector("#id_percent", "el => el.removeAttribute('required')")  # as a browser without it
    save(page, TARGET, shows="Trường này là bắt buộc.")
    assert target(2026) == Decimal("85.5")


def test_typed_points_in_the_findings_form(page, live_server, plan, world, start_plan):  # noqa: F811
    plan = start_plan(plan)
    c2, c3 = world.criteria[2], world.criteria[3]
    log_in(page, live_server, world.users.health)
    page.goto(live_server.url + reverse("inspections:findings", kwargs={"pk": plan.pk, "unit_pk": world.vo_lao.pk}))
    field = f"#id_f-p{c2.pk}"
    expect(page.locator(field)).to_have_attribute("inputmode", "decimal")
    expect(page.locator(field)).to_have_attribute("type", "text")

    def finding(c):
        f = Finding.objects.filter(plan=plan, unit=world.vo_lao, criterion=c).first()
        return f.rechecked_points if f else None

    submit = "[data-testid=finding-form] [type=submit]"
    for typed, said in (("1.000", "Tiêu chí 2: “1.000” không rõ là 1000 hay 1"),
                        ("abc", "Tiêu chí 2: “abc” không phải là số."),
                        ("51", "Tiêu chí 2: phải từ 0 đến 50, không phải “51”.")):
        page.fill(field, typed)
        page.fill(f"#id_f-p{c3.pk}", "60")
        save(page, submit, shows=said)
        expect(page.locator(field)).to_have_value(typed)
        assert finding(c2) is None and finding(c3) is None, typed  # the good row was not saved either
    page.fill(field, "10,5")
    page.fill(f"#id_f-p{c3.pk}", "60.5")
    click_through(page, submit)
    expect(page.locator(field)).to_have_value("10,5")
    expect(page.locator(f"#id_f-p{c3.pk}")).to_have_value("60,5")
    assert finding(c2) == Decimal("10.5") and finding(c3) == Decimal("60.5")
    # an empty field over a saved finding is refused, the saved points stay
    page.fill(field, "")
    save(page, submit, shows="Tiêu chí 2 đã có điểm kiểm tra lại (10,5): không thể để trống.")
    assert finding(c2) == Decimal("10.5")
