"""In Chromium (issue 22, "act on many at once"): the appraisal form's "Đồng ý toàn bộ điểm tự chấm", several
evidence files chosen at once (real PDFs), and the council's member rows added and removed on the page."""

from decimal import Decimal

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from assessments import services
from assessments.models import Assessment, Evidence, Score
from criteria.selectors import owner_map
from tests.assessments.conftest import full_points, scored_and_submitted
from tests.factories import seen
from tests.pages import click_through, log_in, save
from tests.samples import pdf_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_agree_with_every_self_assessed_point_then_adjust_one(page, live_server, workflow):
    w = workflow
    a = scored_and_submitted(w)
    services.assessment_accept(by=w.district, assessment_id=a.pk, seen_version=seen(a))
    owners = owner_map(w.standard, w.units.province.code)
    health = owners[6]
    numbers = sorted(n for n, s in owners.items() if s == health)
    log_in(page, live_server, w.appraisers[health.code])
    page.goto(live_server.url + reverse("assessments:appraisal", args=[a.pk]))
    page.fill(f"#points_{numbers[0]}", "10,5")
    page.fill(f"#reason_{numbers[0]}", "Sổ theo dõi chưa khớp")
    page.click("#agree-all")  # in the page: nothing sent
    expect(page.locator("#agree-all-status")).to_contain_text(f"“Thống nhất” cho {len(numbers) - 1} tiêu chí")
    for n in numbers[1:]:
        expect(page.locator(f"#agree_{n}")).to_be_checked()
    expect(page.locator(f"#agree_{numbers[0]}")).not_to_be_checked()  # the typed adjustment is kept
    assert not Score.objects.filter(assessment=a, appraised_at__isnull=False).exists()
    page.uncheck(f"#agree_{numbers[-1]}")  # each row is still the appraiser's to change
    page.fill(f"#points_{numbers[-1]}", "0")
    page.fill(f"#reason_{numbers[-1]}", "Không có minh chứng")
    save(page, "#appraisal-form button[name=save]", shows="Đã ghi kết quả thẩm định tiêu chí")
    saved = {s.criterion.number: s for s in Score.objects.filter(assessment=a, criterion__number__in=numbers)
             .select_related("criterion")}
    assert saved[numbers[0]].appraised_points == Decimal("10.5")
    assert saved[numbers[-1]].appraised_points == 0 and saved[numbers[-1]].appraisal_reason == "Không có minh chứng"
    assert all(saved[n].appraised_points == saved[n].points for n in numbers[1:-1])


def test_several_evidence_files_at_once_each_with_its_outcome(page, live_server, workflow, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    w = workflow
    a = services.assessment_start(by=w.officer, round=w.round, commune=w.units.commune)
    files = []
    for name, content in (("bien-ban-kiem-tra.pdf", pdf_bytes()), ("danh-sach-tre.pdf", pdf_bytes(3)),
                          ("ghi-chu.txt", b"khong phai PDF")):
        path = tmp_path / name
        path.write_bytes(content)
        files.append(str(path))
    log_in(page, live_server, w.officer)
    page.goto(live_server.url + reverse("assessments:detail", args=[a.pk]))
    page.select_option("#evidence-criterion", label="Tiêu chí 6")
    page.set_input_files("#evidence-file", files)
    save(page, "#evidence-form [type=submit]", shows="Đã tải lên minh chứng “bien-ban-kiem-tra.pdf” cho tiêu chí 6.")
    main = page.locator("main")
    expect(main).to_contain_text("Đã tải lên minh chứng “danh-sach-tre.pdf” cho tiêu chí 6.")
    expect(main).to_contain_text("Chưa tải lên “ghi-chu.txt”: Chỉ nhận tệp PDF, JPEG hoặc PNG")
    expect(page.locator("#criterion-6 .evidence-item")).to_have_count(2)
    assert sorted(Evidence.objects.filter(score__assessment=a).values_list("original_name", flat=True)) == [
        "bien-ban-kiem-tra.pdf", "danh-sach-tre.pdf"]


def test_council_rows_are_added_and_removed_on_the_page(page, live_server, workflow, media):
    w = workflow
    a = services.assessment_start(by=w.officer, round=w.round, commune=w.units.commune)
    services.scores_save(by=w.officer, assessment_id=a.pk, seen_version=a.version, points=full_points(w.standard))
    log_in(page, live_server, w.officer)
    page.goto(live_server.url + reverse("assessments:council", args=[a.pk]))
    rows = page.locator("#council-members tbody tr")
    expect(rows).to_have_count(3)
    page.fill("input[name=meeting_date]", "08/11/2024")
    page.fill("textarea[name=conclusion]", "Hội đồng thống nhất đề nghị công nhận.")
    members = [("Nguyễn Văn Hùng", "Chủ tịch UBND xã", "chair"),
               ("Lò Thị Mai", "Công chức văn hóa - xã hội", "standing"),
               ("Hoàng Văn Nam", "Trưởng Công an xã", "member"), ("Vàng Thị Dung", "Bí thư Đoàn xã", "member"),
               ("Lý Văn Sáng", "Hiệu trưởng trường tiểu học", "secretary")]
    for i, (name, position, role) in enumerate(members):
        if i >= 3:
            page.click("#add-member")  # a row in the page, nothing sent
            expect(rows).to_have_count(i + 1)
        page.fill(f"input[name='m-{i}-name']", name)
        page.fill(f"input[name='m-{i}-position']", position)
        page.select_option(f"select[name='m-{i}-council_role']", role)
    page.check("input[name='m-3-DELETE']")  # Vàng Thị Dung is not on the council after all
    expect(rows.nth(3)).to_have_class("council-member text-decoration-line-through")
    click_through(page, "form [type=submit]:has-text('Lưu hội đồng')")
    expect(page.locator("main")).to_contain_text("Đã lưu thông tin Hội đồng đánh giá.")
    council = Assessment.objects.get(pk=a.pk).council
    assert sorted(council.members.values_list("name", flat=True)) == sorted(
        m[0] for i, m in enumerate(members) if i != 3)

    # back on the page: the four members and one blank row; removing one and adding one in a single save
    page.goto(live_server.url + reverse("assessments:council", args=[a.pk]))
    expect(rows).to_have_count(5)
    page.check("input[name='m-1-DELETE']")
    page.click("#add-member")
    page.fill("input[name='m-5-name']", "Đặng Thị Hoa")
    page.fill("input[name='m-5-position']", "Công chức văn hóa - xã hội")
    page.select_option("select[name='m-5-council_role']", "standing")
    click_through(page, "form [type=submit]:has-text('Lưu hội đồng')")
    expect(page.locator("main")).to_contain_text("Đã lưu thông tin Hội đồng đánh giá.")
    names = set(council.members.values_list("name", flat=True))
    assert "Lò Thị Mai" not in names and "Đặng Thị Hoa" in names and len(names) == 4
