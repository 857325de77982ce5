"""The demo plans recreated from seeds 000 and 002, on pre-reform units found by name."""

import datetime as dt

import pytest
from django.core.management import call_command

from communes.models import Kind, Level
from communes.services import unit_create
from inspections.demo import load_inspection_demo
from inspections.models import Plan, Visit


def _unit(name, code, level, kind, parent=None):
    return unit_create(name=name, code=code, level=level, kind=kind, parent=parent,
                       valid_from=dt.date(2008, 1, 1), valid_to=dt.date(2025, 6, 30))


@pytest.fixture
def pre_reform(db):
    call_command("loaddata", "standards", verbosity=0)
    lao_cai = _unit("Tỉnh Lào Cai", "10", Level.PROVINCE, Kind.PROVINCE)
    # after the reform a new Tỉnh Lào Cai exists too: the demo must pick the old one
    unit_create(name="Tỉnh Lào Cai", code="15", level=Level.PROVINCE, kind=Kind.PROVINCE,
                valid_from=dt.date(2025, 7, 1))
    for name, code, kind in (("Thị xã Sa Pa", "088", Kind.TOWN), ("Huyện Văn Bàn", "089", Kind.RURAL_DISTRICT),
                             ("Huyện Si Ma Cai", "084", Kind.RURAL_DISTRICT)):
        _unit(name, code, Level.DISTRICT, kind, lao_cai)
    bac_giang = _unit("Tỉnh Bắc Giang", "24", Level.PROVINCE, Kind.PROVINCE)
    son_dong = _unit("Huyện Sơn Động", "220", Level.DISTRICT, Kind.RURAL_DISTRICT, bac_giang)
    luc_nam = _unit("Huyện Lục Nam", "218", Level.DISTRICT, Kind.RURAL_DISTRICT, bac_giang)
    chu = _unit("Thị xã Chũ", "224", Level.DISTRICT, Kind.TOWN, bac_giang)
    _unit("Xã Phúc Sơn", "07663", Level.COMMUNE, Kind.COMMUNE, son_dong)
    _unit("Xã An Bá", "07690", Level.COMMUNE, Kind.COMMUNE, son_dong)
    _unit("Thị trấn Đồi Ngô", "07510", Level.COMMUNE, Kind.TOWNSHIP, luc_nam)
    _unit("Xã Khám Lạng", "07579", Level.COMMUNE, Kind.COMMUNE, luc_nam)
    _unit("Xã Kiên Thành", "07606", Level.COMMUNE, Kind.COMMUNE, chu)  # Lục Ngạn's in 2024, Chũ's later
    return lao_cai, bac_giang


def test_it_recreates_the_lao_cai_plan_of_seed_000(pre_reform):
    lao_cai, _bg = pre_reform
    load_inspection_demo()
    plan = Plan.objects.get(number="260/KH-UBND")
    assert plan.issuer == lao_cai and plan.issued_on == dt.date(2017, 10, 9)
    assert (plan.review_from_year, plan.review_to_year, plan.status) == (2015, 2017, "approved")
    assert [u.unit.name for u in plan.scope.order_by("unit__name")] == ["Huyện Si Ma Cai", "Huyện Văn Bàn",
                                                                         "Thị xã Sa Pa"]
    by_sector = {}
    for a in plan.assignments.select_related("sector", "criterion"):
        by_sector.setdefault(a.sector.code, []).append(a.criterion.number)
    assert {k: sorted(v) for k, v in by_sector.items()} == {
        "labour": [1, 3, 6, 7, 13, 15], "health": [8, 9, 10], "education": [11, 12], "culture": [14],
        "justice": [2], "police": [4, 5]}
    head = plan.members.get(team_role="head")
    deputy = plan.members.get(team_role="deputy")
    assert head.sector.code == "labour" and deputy.sector.code == "health"
    assert [(s.number, s.leader) for s in plan.subteams.all()] == [(1, head), (2, deputy)]
    assert list(plan.outline.values_list("code", flat=True)) == ["A.I", "A.II", "A.III", "A.IV", "B"]


def test_it_recreates_the_bac_giang_schedule_of_seed_002(pre_reform):
    summary = load_inspection_demo()
    plan = Plan.objects.get(issuer__name="Tỉnh Bắc Giang")
    visits = list(Visit.objects.filter(plan=plan).select_related("unit").order_by("date", "id"))
    assert [(v.date, v.session, v.unit.name) for v in visits] == [
        (dt.date(2024, 5, 20), "morning", "Xã Phúc Sơn"), (dt.date(2024, 5, 20), "afternoon", "Xã An Bá"),
        (dt.date(2024, 5, 22), "morning", "Xã Kiên Thành"),
        (dt.date(2024, 5, 23), "morning", "Thị trấn Đồi Ngô"), (dt.date(2024, 5, 23), "afternoon", "Xã Khám Lạng")]
    # the annex is a document of 2024: it never notes what a later unit list calls the commune (Thị xã Chũ, 2025)
    assert "Chũ" not in visits[2].notes and "Danh mục đơn vị hành chính hiện có" not in visits[2].notes
    assert plan.members.get(team_role="head").name == "Bùi Quang Phát"
    assert plan.outline_due == dt.date(2024, 5, 10)
    assert "Bắc Giang: Lạng Giang" in summary["missing_units"]
    assert "Bắc Giang: Kiên Lao (Lục Ngạn)" in summary["missing_units"]


def test_it_is_idempotent(pre_reform):
    load_inspection_demo()
    counts = (Plan.objects.count(), Visit.objects.count())
    assert load_inspection_demo() == {"created": [], "skipped": [], "missing_units": []}
    assert (Plan.objects.count(), Visit.objects.count()) == counts == (2, 5)


def test_it_skips_quietly_without_the_units(db):
    call_command("loaddata", "standards", verbosity=0)
    summary = load_inspection_demo()
    assert not Plan.objects.exists() and len(summary["skipped"]) == 2


# --- the plans as the seeds write them (issue 20), read back from the PDF -----------------------------

def _plan_text(plan, name):
    """The plan's PDF as text, its pages kept as images to look at (test-artifacts/print/<database>/NAME-N.png),
    the letterhead and the motto on page one."""
    from inspections import exports
    from tests.pdf import pdf_text
    from tests.printed import pdf_pages, words

    pdf = exports.plan_pdf(plan)
    pages = pdf_pages(pdf, name)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in words(pages[0]) and "Độc lập - Tự do - Hạnh phúc" in words(pages[0])
    return pdf_text(pdf)


def test_the_lao_cai_plan_prints_seed_000s_places_team_duties_and_deadline(pre_reform):
    load_inspection_demo()
    plan = Plan.objects.get(number="260/KH-UBND")
    text = _plan_text(plan, "ke-hoach-kiem-tra-lao-cai-2017")
    assert "Cấp huyện: Tại 03 huyện Sa Pa, Văn Bàn và Si Ma Cai." in text  # huyện Sa Pa in 2017
    assert "Cấp xã: Mỗi huyện lựa chọn 02 xã." in text
    assert "Thời gian kiểm tra: trong quý IV/2017, dự kiến vào cuối tháng 10, đầu tháng 11 năm 2017." in text
    assert "01/10/2017" not in text and "31/12/2017" not in text and "chậm nhất" not in text
    assert "Sở Sở" not in text and "Phó Trưởng đoàn: Lãnh đạo Sở Y tế." in text
    assert not plan.members.filter(subteam__isnull=True).exists()  # every department in a sub-team
    for n, body, criteria in ((1, "Sở Lao động - Thương binh và Xã hội", "1, 3, 6, 7, 13, 15"),
                              (2, "Sở Y tế", "8, 9, 10"), (3, "Sở Giáo dục và Đào tạo", "11, 12"),
                              (4, "Sở Văn hóa, Thể thao và Du lịch", "14"), (5, "Sở Tư pháp", "2"),
                              (6, "Công an tỉnh", "4, 5")):
        assert f"{n}. {body}" in text, body
        assert f"thực hiện các tiêu chí số {criteria} theo chức năng quản lý của ngành" in text, body
    assert "Tổng hợp báo cáo kết quả sau khi kết thúc đợt kiểm tra 15 ngày" in text
    assert "7. Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh và Tỉnh Đoàn" in text
    assert "(cơ quan thường trực) trước ngày 30/11/2017 để tổng hợp" in text
    assert plan.duties.get(order=7).due_on == dt.date(2017, 11, 30)
    assert "Phân công thẩm định" not in text  # every assigned department has its duty
    # only departments on the team re-check criteria
    team = set(plan.members.exclude(sector=None).values_list("sector_id", flat=True))
    assert set(plan.assignments.values_list("sector_id", flat=True)) <= team


def test_the_bac_giang_plan_prints_seed_002s_section_vi_and_its_communes_as_in_2024(pre_reform):
    load_inspection_demo()
    plan = Plan.objects.get(issuer__name="Tỉnh Bắc Giang")
    text = _plan_text(plan, "ke-hoach-kiem-tra-bac-giang-2024")
    assert "1. Sở Lao động - Thương binh và Xã hội 1.1. Giao Phòng Trẻ em và Bình đẳng giới:" in text
    assert "1.2. Giao Phòng Kế hoạch - Tài chính: Tham mưu phê duyệt dự toán" in text
    assert "2. Đề nghị Sở Giáo dục và Đào tạo, Sở Y tế, Hội Liên hiệp phụ nữ tỉnh, Tỉnh đoàn thanh niên Bố trí" in text
    assert "3. Ủy ban nhân dân các huyện, thị xã, thành phố" in text
    assert "Các báo cáo gửi về Sở Lao động - Thương binh và Xã hội trước ngày 10/5/2024" in text
    assert "Trưởng đoàn: Bùi Quang Phát, Phó Giám đốc Sở Lao động - Thương binh và Xã hội." in text
    assert "Sở Sở" not in text and "chậm nhất" not in text
    # Kiên Thành was Lục Ngạn's in 2024 (Thị xã Chũ's from NQ 1191/NQ-UBTVQH15): the plan names it so
    assert "+ Huyện Lục Ngạn: Xã Kiên Thành." in text
    assert "(Kèm theo Kế hoạch số …/KH-SLĐTBXH của Sở Lao động - Thương binh và Xã hội)" in text
    assert "Huyện Lục Ngạn Xã Kiên Thành 22/05/2024" in text  # the schedule annex
    assert plan.report_days is None and selectors_progress(plan).due is None  # seed 002 sets no such term


def selectors_progress(plan):
    from inspections.selectors import progress

    return progress(plan, today=dt.date(2026, 12, 6))


def test_the_demo_plans_history_is_dated_on_their_acts_and_names_who_acted(pre_reform):
    from accounts.models import Role, User
    from inspections.selectors import status_history

    User.objects.create(username="tinh.bacgiang", role=Role.PROVINCIAL_STAFF, first_name="Nguyễn Thị Bình")
    User.objects.create(username="so.ldtbxh.bacgiang", role=Role.SECTOR_APPRAISER, first_name="Bùi Quang Phát")
    load_inspection_demo()
    lao_cai = status_history(Plan.objects.get(number="260/KH-UBND"))
    bac_giang = status_history(Plan.objects.get(issuer__name="Tỉnh Bắc Giang"))
    assert [(h["when"].date(), h["who"], h["to"]) for h in lao_cai] == [
        (dt.date(2017, 10, 9), "Lý Thị Hoa", "Dự thảo"), (dt.date(2017, 10, 9), "Lý Thị Hoa", "Đã phê duyệt")]
    assert [(h["when"].date(), h["who"], h["to"]) for h in bac_giang] == [
        (dt.date(2024, 4, 1), "Nguyễn Thị Bình", "Dự thảo"), (dt.date(2024, 4, 1), "Bùi Quang Phát", "Đã phê duyệt")]
    assert all(h["who"] != "—" for h in lao_cai + bac_giang)
