"""Exports read back: the plan and schedule PDFs, the schedule and findings workbooks and PDF; the workbooks
printed through LibreOffice (tests/printed.py): one page wide, the letterhead and the title on page one, the
header row on every page (issue 22: the schedule split over four pages, its title cut off)."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from core import excel
from inspections import exports, services
from tests.factories import plan_seen
from tests.printed import pdf_pages, printed_pages, words


def pdf_text(content):
    reader = PdfReader(io.BytesIO(content))
    return " ".join("".join(page.extract_text() for page in reader.pages).split()), len(reader.pages)


def _rows(ws):
    """(the title block's rows, the header row and the data rows) of a sheet printed as a document."""
    rows = list(ws.iter_rows(values_only=True))
    return rows[:excel.HEADER_ROW - 1], rows[excel.HEADER_ROW - 1:]


@pytest.fixture
def inspected(plan, world, start_plan, assessment_2016):
    """Two sub-teams, two communes, findings by two departments, a conclusion, a follow-up."""
    u = world.users
    for unit, subteam in ((world.vo_lao, plan.t1), (world.khanh_yen, plan.t2)):
        services.inspection_schedule(by=u.planner, plan_id=plan.pk, seen_version=plan_seen(plan.pk),
                                     unit=unit, date=dt.date(2017, 10, 24),
                                     session="morning", subteam=subteam, notes="Làm việc với UBND xã")
    services.inspection_schedule(by=u.planner, plan_id=plan.pk, seen_version=plan_seen(plan.pk),
                                 unit=world.van_ban, date=dt.date(2017, 10, 24),
                                 session="afternoon", notes="Thông báo kết quả kiểm tra cấp xã")
    t1, t2 = plan.t1, plan.t2
    plan = start_plan(plan, visits=())
    plan.t1, plan.t2 = t1, t2
    for number, points, by in ((1, 75, u.labour), (2, 50, u.health), (3, 60, u.health)):
        services.inspection_record_findings(by=by, plan_id=plan.pk, seen_version=plan_seen(plan), unit=world.vo_lao,
                                            points={world.criteria[number].pk: Decimal(points)},
                                            notes={world.criteria[number].pk: "Đối chiếu sổ theo dõi trẻ em của xã"})
    services.inspection_conclude(by=u.planner, plan_id=plan.pk, seen_version=plan_seen(plan.pk), unit=world.vo_lao,
                                 conclusions="Xã Võ Lao thực hiện đúng trình tự đánh giá; "
                                             "hồ sơ năm 2016 còn thiếu biên bản.",
                                 recommendations="Bổ sung biên bản họp Hội đồng đánh giá.")
    services.inspection_add_follow_up(by=u.planner, plan_id=plan.pk, seen_version=plan_seen(plan.pk), unit=world.vo_lao,
                                      action="Bổ sung biên bản họp Hội đồng đánh giá năm 2016",
                                      owner="UBND xã Võ Lao", due_on=dt.date(2017, 12, 15))
    services.inspection_set_general_conclusion(by=u.planner, plan_id=plan.pk, seen_version=plan_seen(plan.pk),
                                               report_number="15/BC-ĐKT",
                                               general_conclusion="Các đơn vị cơ bản thực hiện đúng quy định.")
    plan.refresh_from_db()
    return plan


def test_the_plan_pdf_is_an_administrative_document_with_the_outline_annex(plan, world):
    text, pages = pdf_text(exports.plan_pdf(plan))
    for expected in ("ỦY BAN NHÂN DÂN TỈNH LÀO CAI", "Số: 260/KH-UBND", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                     "Độc lập - Tự do - Hạnh phúc", "Lào Cai, ngày 09 tháng 10 năm 2017", "KẾ HOẠCH",
                     "Căn cứ Kế hoạch số 171/KH-UBND ngày 17/10/2014", "MỤC ĐÍCH, YÊU CẦU",
                     "Huyện Văn Bàn: Xã Võ Lao, Thị trấn Khánh Yên", "Năm 2015, 2016: hồ sơ đánh giá",
                     "Trưởng đoàn: Trần Văn Bình", "Tổ 1 do Trần Văn Bình", "Tổ 2 do Lê Thị Cúc",
                     "Lao động - Thương binh và Xã hội 1", "Y tế 2, 3",
                     "sau khi kết thúc đợt kiểm tra 15 ngày",
                     "Nơi nhận:", "TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH PHÓ CHỦ TỊCH", "Nguyễn Văn A", "ĐỀ CƯƠNG",
                     "(Kèm theo Kế hoạch số 260/KH-UBND ngày 09/10/2017 của Ủy ban nhân dân tỉnh Lào Cai)",
                     "A.I. Đặc điểm tình hình"):
        assert expected in text, expected
    assert "chậm nhất ngày" not in text  # the plan gives the term, not a day it would have to invent
    assert pages >= 2


def test_the_schedule_reads_back_from_excel(inspected):
    wb = load_workbook(io.BytesIO(exports.schedule_xlsx(inspected)), read_only=True)
    head, rows = _rows(wb.active)
    assert head[0][0] == "ỦY BAN NHÂN DÂN TỈNH LÀO CAI" and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in head[0]
    assert "Lào Cai, ngày 09 tháng 10 năm 2017" in head[2]
    assert head[3][0].startswith("PHỤ LỤC\nLỊCH KIỂM TRA\nKiểm tra liên ngành")
    assert head[4][0].startswith("(Kèm theo Kế hoạch số 260/KH-UBND ngày 09/10/2017 của Ủy ban nhân dân tỉnh Lào Cai;")
    assert rows[0] == ("TT", "Đơn vị cấp huyện", "Đơn vị được kiểm tra", "Ngày", "Buổi", "Bắt đầu", "Tổ kiểm tra",
                       "Ghi chú")
    assert rows[1] == (1, "Huyện Văn Bàn", "Xã Võ Lao", dt.datetime(2017, 10, 24), "Sáng", "07:00", "Tổ 1",
                       "Làm việc với UBND xã")
    assert rows[2][2:7] == ("Thị trấn Khánh Yên", dt.datetime(2017, 10, 24), "Sáng", "07:00", "Tổ 2")
    assert rows[3][1:7] == ("Huyện Văn Bàn", "Làm việc tại Huyện Văn Bàn", dt.datetime(2017, 10, 24), "Chiều",
                            "13:30", "Cả đoàn")


def test_the_schedule_pdf_lists_every_visit(inspected):
    text, _pages = pdf_text(exports.schedule_pdf(inspected))
    assert "LỊCH KIỂM TRA" in text and "Xã Võ Lao" in text and "Thị trấn Khánh Yên" in text
    # an annex of the plan: its number is the plan's, in the "Kèm theo" line, never one of its own
    assert text.startswith("PHỤ LỤC LỊCH KIỂM TRA") and "Số:" not in text
    assert "(Kèm theo Kế hoạch số 260/KH-UBND ngày 09/10/2017 của Ủy ban nhân dân tỉnh Lào Cai;" in text
    assert "24/10/2017" in text and "Chiều 13:30" in text and "buổi chiều bắt đầu từ 13 giờ 30'" in text


def test_the_findings_workbook_has_every_criterion_and_what_is_missing(inspected):
    wb = load_workbook(io.BytesIO(exports.findings_xlsx(inspected)), read_only=True)
    assert wb.sheetnames == ["Kết quả tiêu chí", "Kết luận", "Việc sau kiểm tra", "Còn thiếu"]
    head, rows = _rows(wb["Kết quả tiêu chí"])
    assert head[0][0] == "UBND TỈNH LÀO CAI" and head[1][0] == "ĐOÀN KIỂM TRA LIÊN NGÀNH"
    by_criterion = {(r[0], r[2]): r for r in rows[1:]}
    assert by_criterion[("Xã Võ Lao", 1)][4:11] == ("Lao động - Thương binh và Xã hội", 100, 90, 85, 75, -10,
                                                    "Có chênh lệch")
    assert by_criterion[("Xã Võ Lao", 3)][6:11] == (75, None, 60, -15, "Có chênh lệch")
    assert by_criterion[("Xã Võ Lao", 2)][10] == "Khớp"
    assert by_criterion[("Xã Võ Lao", 4)][10] == "Chưa kiểm tra"
    assert len(by_criterion) == 8  # two communes × four criteria; the district has no criterion rows
    follow = _rows(wb["Việc sau kiểm tra"])[1]
    assert follow[1][2:6] == ("Bổ sung biên bản họp Hội đồng đánh giá năm 2016", "UBND xã Võ Lao",
                              dt.datetime(2017, 12, 15), "Chưa thực hiện")
    missing = _rows(wb["Còn thiếu"])[1]
    assert missing[1] == ("Hạn báo cáo tổng hợp", dt.datetime(2017, 11, 25))
    assert ("Còn thiếu", "Thị trấn Khánh Yên: chưa nhập kết quả kiểm tra và kết luận.") in missing


def test_the_findings_pdf_reports_differences_and_conclusions(inspected):
    text, _pages = pdf_text(exports.findings_pdf(inspected))
    for expected in ("ĐOÀN KIỂM TRA LIÊN NGÀNH", "Số: 15/BC-ĐKT", "BÁO CÁO",
                     "Kết quả kiểm tra theo Kế hoạch số 260/KH-UBND", "1. Xã Võ Lao (Huyện Văn Bàn)",
                     "Có 2 tiêu chí kết quả kiểm tra lại khác điểm thẩm định: tiêu chí 1, tiêu chí 3",
                     "Kết luận: Xã Võ Lao thực hiện đúng trình tự", "Bổ sung biên bản họp Hội đồng đánh giá năm 2016",
                     "Các đơn vị cơ bản thực hiện đúng quy định.", "Hạn báo cáo tổng hợp: 25/11/2017",
                     "TRƯỞNG ĐOÀN", "Trần Văn Bình"):
        assert expected in text, expected
    # the days the team worked, not the planned window; a unit with nothing entered is one line
    assert "đã làm việc ngày 24/10/2017." in text and "10/11/2017" not in text  # window 23/10–10/11
    assert "Đơn vị chưa nhập kết quả kiểm tra (2): - Thị trấn Khánh Yên (Huyện Văn Bàn): chưa nhập." in text
    assert "Thị trấn Khánh Yên: chưa nhập kết quả kiểm tra và kết luận." in text
    assert text.count("Tên tiêu chí") == 1  # no empty checklist for the units without findings


@pytest.mark.parametrize("name, kind", [("plan_pdf", "application/pdf"), ("schedule_pdf", "application/pdf"),
                                        ("findings_pdf", "application/pdf"),
                                        ("schedule_xlsx", "spreadsheetml"), ("findings_xlsx", "spreadsheetml")])
def test_exports_download_for_people_in_scope_only(inspected, world, client, name, kind):
    client.force_login(world.users.district)
    response = client.get(reverse(f"inspections:{name}", kwargs={"pk": inspected.pk}))
    assert response.status_code == 200 and kind in response["Content-Type"]
    assert response["Cache-Control"] == "private, no-store"
    client.force_login(world.users.planner_bg)
    assert client.get(reverse(f"inspections:{name}", kwargs={"pk": inspected.pk})).status_code == 404


# --- printed ------------------------------------------------------------------------------

HEADER = ("TT", "Đơn vị được kiểm tra", "Tổ kiểm tra", "Ghi chú")


def _busy(plan, world):
    """Both sub-teams in a commune every morning and afternoon of the window: 76 visits."""
    day = plan.window_start
    while day <= plan.window_end:
        for session in ("morning", "afternoon"):
            for unit, subteam in ((world.vo_lao, plan.t1), (world.khanh_yen, plan.t2)):
                services.inspection_schedule(
                    by=world.users.planner, plan_id=plan.pk, seen_version=plan_seen(plan.pk), unit=unit, date=day,
                    session=session, subteam=subteam,
                    notes="Làm việc với UBND xã, kiểm tra hồ sơ đánh giá, phỏng vấn cán bộ, trẻ em và cha mẹ")
        day += dt.timedelta(days=1)
    return 19 * 2 * 2


def test_a_short_schedule_prints_on_one_page_with_its_letterhead_and_title(inspected):
    pages = printed_pages(exports.schedule_xlsx(inspected), "lich-kiem-tra")
    assert len(pages) == 1
    page = words(pages[0])
    for expected in ("ỦY BAN NHÂN DÂN TỈNH LÀO CAI", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                     "Độc lập - Tự do - Hạnh phúc", "Lào Cai, ngày 09 tháng 10 năm 2017", "PHỤ LỤC", "LỊCH KIỂM TRA",
                     "Kiểm tra liên ngành thực hiện Quyết định số 34/2014/QĐ-TTg trên địa bàn tỉnh Lào Cai",
                     "(Kèm theo Kế hoạch số 260/KH-UBND ngày 09/10/2017", *HEADER,
                     "Thông báo kết quả kiểm tra cấp xã", "Trang 1/1"):
        assert expected in page, expected


def test_a_long_schedule_repeats_its_header_row_on_every_page_one_page_wide(plan, world):
    visits = _busy(plan, world)
    pages = printed_pages(exports.schedule_xlsx(plan), "lich-kiem-tra-dai")
    assert len(pages) >= 3  # 76 rows of two lines each
    assert "LỊCH KIỂM TRA" in words(pages[0]) and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in words(pages[0])
    for number, page in enumerate(pages, 1):
        text = words(page)
        assert all(h in text for h in HEADER), (number, text[:200])  # every column on every page
        assert f"Trang {number}/{len(pages)}" in text
        if number > 1:
            assert "LỊCH KIỂM TRA" not in text  # the title once, on page one
    assert sum(words(p).count("Làm việc với UBND xã, kiểm tra hồ sơ") for p in pages) == visits  # none cut off
    assert f" {visits} " in words(pages[-1])

    # the schedule as a PDF (WeasyPrint) too: its title on page one, its header row on every page
    pdf = [words(p) for p in pdf_pages(exports.schedule_pdf(plan), "lich-kiem-tra-dai-weasyprint")]
    assert len(pdf) >= 2 and pdf[0].startswith("PHỤ LỤC LỊCH KIỂM TRA Kiểm tra liên ngành")
    for page in pdf:
        assert all(h in page for h in HEADER) and "LỊCH KIỂM TRA" not in page[len("PHỤ LỤC LỊCH KIỂM TRA"):]


def test_the_findings_workbook_prints_a_page_per_sheet_each_with_its_title(inspected):
    pages = [words(p) for p in printed_pages(exports.findings_xlsx(inspected), "ket-qua-kiem-tra")]
    assert len(pages) == 4
    for page, title, header in zip(pages, ("KẾT QUẢ KIỂM TRA LẠI TỪNG TIÊU CHÍ", "KẾT LUẬN VÀ KIẾN NGHỊ",
                                           "VIỆC CẦN LÀM SAU KIỂM TRA", "KẾT QUẢ CÒN THIẾU"),
                                   ("Nhận xét", "Kiến nghị", "Ngày hoàn thành", "Nội dung")):
        above_title = page[:page.index(title)]
        for line in ("UBND TỈNH LÀO CAI", "ĐOÀN KIỂM TRA LIÊN NGÀNH", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                     "Độc lập - Tự do - Hạnh phúc"):
            assert line in above_title, (title, line, above_title)
        assert header in page
    assert "Bổ sung biên bản họp Hội đồng đánh giá." in pages[1]


def test_the_plan_and_findings_pdfs_are_kept_as_page_images(inspected):
    """The plan's and the findings' PDFs (WeasyPrint) rendered page by page under test-artifacts/print/<database>/
    (issue 22: every export as pages to look at), the letterhead and motto on page one of each."""
    for name, pdf in (("ke-hoach-kiem-tra", exports.plan_pdf(inspected)),
                      ("ket-qua-kiem-tra-pdf", exports.findings_pdf(inspected))):
        pages = [words(p) for p in pdf_pages(pdf, name)]
        assert pages and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in pages[0], name
        assert ("ỦY BAN NHÂN DÂN" in pages[0] or "UBND" in pages[0]) and "LÀO" in pages[0], name  # columns interleave
