"""The Excel path of scoring: download the round's template, fill it offline, upload it all or nothing.

Every file here is a real .xlsx written by openpyxl (or a real package edited byte for byte) and
read back by the application; "nothing changed" compares every Score row, every assessment and the
audit history before and after.
"""

import datetime
import io
import re
import zipfile
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.shortcuts import resolve_url
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from accounts.models import Role
from assessments import excel, services
from assessments.models import Assessment, Round, Score

pytestmark = pytest.mark.django_db
S = Assessment.Status
# the template's rows (assessments.excel): the round's lines, the header row, the first two communes
ROUND, STANDARD, STAMP = excel.ROUND_CELL[0], excel.STANDARD_CELL[0], excel.STAMP_CELL[0]
H, R1, R2 = excel.HEADER_ROW, excel.FIRST_ROW, excel.FIRST_ROW + 1


# --- helpers ---------------------------------------------------------------------------------

def snapshot():
    """Everything an upload could change, in a comparable form."""
    return (
        list(Score.objects.order_by("assessment_id", "criterion_id").values_list(
            "assessment_id", "criterion_id", "points", "appraised_points", "source_note", "figures")),
        list(Assessment.objects.order_by("pk").values_list("pk", "status", "version", "self_total")),
        Score.history.count(),
    )


def download(client, user, round_, unit=None):
    client.force_login(user)
    url = reverse("assessments:excel_template", args=[round_.pk])
    response = client.get(url, {"unit": unit.pk} if unit else {})
    assert response.status_code == 200, response.status_code
    return response.content


def edit(content, change):
    """Open a real workbook, let change(ws, wb) edit it, save it back to bytes."""
    wb = load_workbook(io.BytesIO(content))
    change(wb.active, wb)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def fill(content, values):
    """values: {row: {column letter: value}}."""
    def change(ws, _wb):
        for row, cells in values.items():
            for column, value in cells.items():
                ws[f"{column}{row}"] = value
    return edit(content, change)


def as_upload(content, name="diem.xlsx"):
    return SimpleUploadedFile(name, content, content_type=excel.XLSX_CONTENT_TYPE)


def import_(w, content, by=None):
    return excel.scores_import(by=by or w.officer, round=w.round, upload=as_upload(content))


def rejected(w, content, by=None):
    """Upload and return the problems as (row, column, message); the database must not change."""
    before = snapshot()
    with pytest.raises(excel.UploadRejected) as info:
        import_(w, content, by)
    assert snapshot() == before
    return [(p.row, p.column, p.message) for p in info.value.problems]


def column_of(number):
    """The letter of criterion `number`'s column (criteria start at column C)."""
    from openpyxl.utils import get_column_letter
    return get_column_letter(2 + number)


def rewrite_sheet(content, transform):
    """Rewrite the first worksheet's XML in a real package (for what openpyxl cannot write)."""
    src, out = zipfile.ZipFile(io.BytesIO(content)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = transform(data.decode()).encode()
            dst.writestr(info.filename, data)
    return out.getvalue()


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """These tests log users in with force_login: hashing their passwords slowly proves nothing here."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def w(standards, units, make_user):
    """A 2024 round of Lào Cai on QĐ 06/QĐ-TTg; Khánh Yên already scored on criteria 1–3.

    (Existing points make "nothing changed" mean something.)
    """
    std = standards["06/QĐ-TTg"]
    r = Round.objects.create(province=units.province, year=2024, standard=std,
                             period_start=datetime.date(2023, 11, 1), period_end=datetime.date(2024, 10, 31),
                             submission_due=datetime.date(2024, 11, 15), appraisal_due=datetime.date(2024, 11, 30),
                             decision_due=datetime.date(2024, 12, 10), report_due=datetime.date(2024, 12, 10))
    cast = SimpleNamespace(
        round=r, standard=std, units=units,
        officer=make_user(Role.COMMUNE_OFFICER, units.commune),
        neighbour_officer=make_user(Role.COMMUNE_OFFICER, units.neighbour),
        outsider=make_user(Role.COMMUNE_OFFICER, units.other_commune),
        district=make_user(Role.DISTRICT_OFFICER, units.district))
    a = services.assessment_start(by=cast.officer, round=r, commune=units.commune)
    services.scores_save(by=cast.officer, assessment_id=a.pk, seen_version=a.version,
                         points={1: 80, 2: 50, 3: Decimal("90.5")})
    cast.assessment = Assessment.objects.get(pk=a.pk)
    return cast


@pytest.fixture
def template(w, client):
    """Khánh Yên's template as its officer downloads it."""
    return download(client, w.officer, w.round)


# --- the good path ---------------------------------------------------------------------------

def test_the_template_has_the_title_block_header_validation_and_existing_points(w, template):
    ws = load_workbook(io.BytesIO(template)).active
    assert ws[f"B{ROUND}"].value == w.round.pk and ws[f"B{ROUND + 1}"].value == "10"
    assert ws[f"B{STANDARD}"].value == "06/QĐ-TTg"
    assert "Tỉnh Lào Cai" in ws[f"C{ROUND}"].value and ws[f"C{STANDARD}"].value == w.standard.title
    header = [c.value for c in ws[H]]
    assert header[:4] == ["Mã đơn vị", "Tên đơn vị", "TC1 (tối đa 100)", "TC2 (tối đa 50)"]
    assert header[7] == "TC6 (tối đa 125)" and len(header) == 2 + 13
    assert [ws[f"A{R1}"].value, ws[f"B{R1}"].value] == ["03055", "Thị trấn Khánh Yên"]
    assert [ws[f"{c}{R1}"].value for c in "CDEF"] == [80, 50, 90.5, None]
    assert ws.freeze_panes == f"C{R1}" and all(r.max_row < H for r in ws.merged_cells.ranges)  # the letterhead
    rules = {str(dv.sqref): (dv.type, dv.formula1, dv.formula2) for dv in ws.data_validations.dataValidation}
    assert rules[f"C{R1}"] == ("decimal", "0", "100") and rules[f"H{R1}"] == ("decimal", "0", "125")
    assert len(rules) == 13


def test_a_filled_template_round_trips_through_the_upload_page(w, client, template):
    values = {n: Decimal(c.max_points) for n, c in ((c.number, c) for c in w.standard.criteria.all())}
    values[6] = Decimal("112.5")
    content = fill(template, {R1: {column_of(n): float(v) for n, v in values.items()}})

    response = client.post(reverse("assessments:excel_upload", args=[w.round.pk]),
                           {"file": as_upload(content)})

    assert response.status_code == 302 and response.url == reverse("assessments:detail", args=[w.assessment.pk])
    saved = dict(w.assessment.scores.values_list("criterion__number", "points"))
    assert saved == values
    w.assessment.refresh_from_db()
    assert w.assessment.self_total == Decimal("987.5") and w.assessment.version == 3
    # and the next download shows what was saved
    again = load_workbook(io.BytesIO(download(client, w.officer, w.round))).active
    assert [again[f"{column_of(n)}{R1}"].value for n in sorted(values)] == [
        float(v) if v % 1 else int(v) for _n, v in sorted(values.items())]


def test_the_template_prints_as_a_document_and_still_reads_back(w, template):
    """The letterhead (the commune's People's Committee, the national motto), the title and the round's line are
    merged above the header row (core.excel.Document); the upload reads the file back all the same."""
    ws = load_workbook(io.BytesIO(template)).active
    assert ws["A1"].value == "ỦY BAN NHÂN DÂN THỊ TRẤN KHÁNH YÊN"
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in [c.value for c in ws[1]]
    assert ws["A4"].value == "MẪU CHẤM ĐIỂM TỰ ĐÁNH GIÁ XÃ, PHƯỜNG, THỊ TRẤN PHÙ HỢP VỚI TRẺ EM"
    assert ws.print_title_rows == f"${H}:${H}" and int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4)
    assert ws[f"A{R1}"].number_format == "@" and ws[f"A{R1}"].border.left.style == "thin"
    assert import_(w, fill(template, {R1: {"C": 95}})) == [w.assessment]
    assert w.assessment.scores.get(criterion__number=1).points == Decimal(95)


def test_a_template_downloaded_before_the_letterhead_still_reads_back(w):
    """The earlier layout (the round's lines in rows 2–5, the header in row 6, no letterhead) is found by its
    labels, so a file downloaded before the change is not refused."""
    from django.utils import timezone

    wb = Workbook()
    ws = wb.active
    ws.title = excel.SHEET_TITLE
    for row in (["MẪU CHẤM ĐIỂM"], ["Đợt đánh giá", w.round.pk], ["Tỉnh", "10"], ["Bộ tiêu chuẩn", "06/QĐ-TTg"],
                ["Tải mẫu lúc", excel._stamp(w.round, timezone.now())],
                ["Mã đơn vị", "Tên đơn vị", *(f"TC{n} (tối đa {c.max_points})" for n, c in
                                              ((c.number, c) for c in w.standard.criteria.order_by("number")))],
                ["03055", "Thị trấn Khánh Yên", 70, 50, 90.5]):
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    assert import_(w, out.getvalue()) == [w.assessment]
    assert w.assessment.scores.get(criterion__number=1).points == Decimal(70)
    problems = rejected(w, fill(out.getvalue(), {7: {"C": 101}, 5: {"B": "hôm qua"}}))
    assert [(r, c) for r, c, _m in problems] == [(7, "C"), (5, "B")]  # placed where the earlier layout has them


def test_an_upload_starts_the_assessment_when_the_commune_has_none(w, client):
    assert not Assessment.objects.filter(commune=w.units.neighbour).exists()
    content = fill(download(client, w.neighbour_officer, w.round), {R1: {"C": 100, "D": "45,5"}})

    saved = import_(w, content, by=w.neighbour_officer)

    a = Assessment.objects.get(round=w.round, commune=w.units.neighbour)
    assert saved == [a] and a.scores.count() == 13
    assert dict(a.scores.exclude(points=None).values_list("criterion__number", "points")) == {
        1: Decimal(100), 2: Decimal("45.5")}


def test_an_emptied_cell_over_a_saved_point_is_refused_like_the_scoring_page(w, template):
    """A scored criterion is never silently unscored: "Xóa điểm" on the page is the explicit way."""
    problems = rejected(w, fill(template, {R1: {"E": None}}))
    assert [m for _r, _c, m in problems] == [
        "Tiêu chí 3: ô điểm bị để trống trong khi đã có điểm 90,5. Muốn bỏ điểm này, hãy chọn “Xóa điểm” "
        "ở dòng của tiêu chí trên trang chấm điểm."]
    assert w.assessment.scores.get(criterion__number=3).points == Decimal("90.5")


def test_a_changed_point_clears_the_raw_figures_that_no_longer_explain_it(w, template):
    Score.objects.filter(assessment=w.assessment, criterion__number=2).update(
        figures={"1": {"numerator": "98", "denominator": "100", "points": "50"}})
    import_(w, fill(template, {R1: {"D": 40}}))
    score = w.assessment.scores.get(criterion__number=2)
    assert (score.points, score.figures) == (Decimal(40), {})


def test_a_district_officer_downloads_every_commune_of_the_district(w, client):
    services.assessment_start(by=w.neighbour_officer, round=w.round, commune=w.units.neighbour)
    ws = load_workbook(io.BytesIO(download(client, w.district, w.round, w.units.district))).active
    assert [(r[0].value, r[1].value, r[2].value) for r in ws.iter_rows(min_row=R1)] == [
        ("03055", "Thị trấn Khánh Yên", 80), ("03061", "Xã Võ Lao", None)]
    one = load_workbook(io.BytesIO(download(client, w.district, w.round, w.units.neighbour))).active
    assert one.max_row == R1 and one[f"A{R1}"].value == "03061"


# --- who may download and upload ---------------------------------------------------------------

def test_download_refuses_units_outside_the_users_scope(w, client):
    client.force_login(w.officer)
    url = reverse("assessments:excel_template", args=[w.round.pk])
    assert client.get(url, {"unit": w.units.neighbour.pk}).status_code == 404
    assert client.get(url, {"unit": w.units.district.pk}).status_code == 404
    assert client.get(url, {"unit": "abc"}).status_code == 404
    client.force_login(w.district)
    assert client.get(url, {"unit": w.units.other_commune.pk}).status_code == 404
    client.force_login(w.outsider)  # another province: the round itself is out of sight
    assert client.get(url).status_code == 404


def test_download_rejects_post_and_anonymous_users(w, client):
    url = reverse("assessments:excel_template", args=[w.round.pk])
    response = client.get(url)
    assert response.status_code == 302 and response.url.startswith(resolve_url(django_settings.LOGIN_URL))
    client.force_login(w.officer)
    assert client.post(url).status_code == 405


def test_only_commune_officers_may_open_the_upload_page(w, client):
    url = reverse("assessments:excel_upload", args=[w.round.pk])
    client.force_login(w.district)
    assert client.get(url).status_code == 403
    client.force_login(w.officer)
    page = client.get(url)
    assert page.status_code == 200 and "Tải lên điểm tự đánh giá từ Excel" in page.content.decode()
    assert client.put(url).status_code == 405
    client.force_login(w.outsider)  # a commune officer of another province does not even see the round
    assert client.get(url).status_code == 404


def test_a_district_file_uploaded_by_a_commune_officer_lists_the_other_commune(w, client):
    content = fill(download(client, w.district, w.round, w.units.district), {R1: {"C": 99}, R2: {"C": 50}})
    problems = rejected(w, content)
    assert [(r, c) for r, c, _m in problems] == [(R2, "A")]
    assert "Xã Võ Lao" in problems[0][2] and "ngoài phạm vi" in problems[0][2]


def test_the_services_rule_holds_even_for_a_district_officer_calling_the_import(w, template):
    problems = rejected(w, fill(template, {R1: {"C": 99}}), by=w.district)
    assert [(r, c) for r, c, _m in problems] == [(R1, "A")]


# --- bad files: each listed with its row and column, nothing saved ------------------------------

BAD_CELLS = [
    # (cells to write, expected row, column, words in the message)
    ({R1: {"C": "năm mươi"}}, R1, "C", "không phải là số"),
    ({R1: {"D": "50đ"}}, R1, "D", "không phải là số"),
    ({R1: {"D": -5}}, R1, "D", "Tiêu chí 2: không được là số âm"),
    ({R1: {"C": 101}}, R1, "C", "Tiêu chí 1: phải từ 0 đến 100"),
    ({R1: {"H": 125.01}}, R1, "H", "Tiêu chí 6: phải từ 0 đến 125"),
    ({R1: {"C": 12.345}}, R1, "C", "quá 2 chữ số thập phân"),
    ({R1: {"F": datetime.date(2024, 5, 1)}}, R1, "F", "ngày giờ"),
    ({R1: {"C": True}}, R1, "C", "“ĐÚNG” không phải là số"),
    ({R1: {"E": "=50+25"}}, R1, "E", "công thức"),
    ({R1: {"Q": 5}}, R1, "Q", "cột không có tiêu đề"),
    ({R2: {"A": "99999", "C": 10}}, R2, "A", "không có đơn vị cấp xã nào mang mã 99999"),
    ({R2: {"A": "07621", "C": 10}}, R2, "A", "không thuộc Tỉnh Lào Cai"),
    ({R2: {"A": "03061", "C": 10}}, R2, "A", "ngoài phạm vi"),
    ({R2: {"A": "03055", "C": 10}}, R2, "A", f"lặp lại (đã có ở dòng {R1})"),
    ({R2: {"A": 3055, "C": 10}}, R2, "A", "lặp lại"),  # a code retyped as a number is still the same commune
    ({R2: {"B": "Xã mới", "C": 10}}, R2, "A", "thiếu mã đơn vị"),
    ({H: {"A": "Mã xã"}}, H, "A", "tiêu đề phải là “Mã đơn vị”"),
    ({H: {"P": "TC14 (tối đa 50)"}}, H, "P", "tiêu chí 14 không thuộc bộ tiêu chuẩn 06/QĐ-TTg"),
    ({H: {"C": "TC1 (tối đa 75)"}}, H, "C", "bộ tiêu chuẩn khác"),
    ({H: {"O": None}}, H, None, "thiếu cột của tiêu chí 13"),
    ({H: {"E": "TC1 (tối đa 100)"}}, H, "E", "bị lặp"),
    ({H: {"D": "Điểm"}}, H, "D", "không phải là một cột tiêu chí"),
    ({ROUND: {"B": 999}}, ROUND, "B", "không phải mẫu của đợt đánh giá"),
    ({STANDARD: {"B": "34/2014/QĐ-TTg"}}, STANDARD, "B", "bộ tiêu chuẩn 34/2014/QĐ-TTg"),
    ({STAMP: {"B": "hôm qua"}}, STAMP, "B", "thời điểm tải mẫu"),
]


@pytest.mark.parametrize("cells,row,column,words", BAD_CELLS,
                         ids=[f"{r}{c or ''}-{words}" for _cells, r, c, words in BAD_CELLS])
def test_a_bad_cell_is_listed_with_its_row_and_column_and_nothing_is_saved(w, template, cells, row, column, words):
    good = {R1: {"C": 100, "I": 50}}  # a valid change in the same file must not be saved either
    problems = rejected(w, fill(template, {**good, **{r: {**good.get(r, {}), **c} for r, c in cells.items()}}))
    assert any(p[:2] == (row, column) and words in p[2] for p in problems), problems


def test_the_upload_page_lists_the_problems_with_row_and_column(w, client, template):
    client.force_login(w.officer)
    before = snapshot()
    response = client.post(reverse("assessments:excel_upload", args=[w.round.pk]),
                           {"file": as_upload(fill(template, {R1: {"C": 100, "D": "abc", "E": 101}}))})
    page = response.content.decode()
    assert response.status_code == 400 and snapshot() == before
    assert "Tệp có 2 lỗi – không có điểm nào được lưu" in page
    assert re.search(rf"<td>{R1}</td><td>D</td><td>Tiêu chí 2: “abc” không phải là số.</td>", page)
    assert re.search(rf"<td>{R1}</td><td>E</td><td>Tiêu chí 3: phải từ 0 đến 100, không phải “101”", page)


def test_merged_cells_are_refused(w, template):
    problems = rejected(w, edit(template, lambda ws, _wb: ws.merge_cells(f"C{R1}:D{R1}")))
    assert (R1, "C", f"các ô C{R1}:D{R1} bị gộp; mẫu không dùng ô gộp, hãy bỏ gộp ô.") in problems


def test_extra_sheets_are_refused_rather_than_ignored(w, template):
    problems = rejected(w, edit(template, lambda _ws, wb: wb.create_sheet("Nháp")))
    assert len(problems) == 1 and "2 trang tính (Chấm điểm, Nháp)" in problems[0][2]


def test_a_formula_is_refused_even_with_a_cached_value(w, template):
    # Excel stores the last computed value beside the formula; reading values only would hide it.
    content = rewrite_sheet(fill(template, {R1: {"C": 1}}), lambda xml: re.sub(
        rf'<c r="C{R1}"([^>]*)><v>1</v></c>', rf'<c r="C{R1}"\1><f>50+50</f><v>100</v></c>', xml))
    assert "<f>50+50</f>" in zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml").decode()
    problems = rejected(w, content)
    assert [(r, c) for r, c, _m in problems] == [(R1, "C")] and "=50+50" in problems[0][2]


def test_a_submitted_assessment_is_refused(w, template):
    Assessment.objects.filter(pk=w.assessment.pk).update(status=S.SUBMITTED)
    problems = rejected(w, fill(template, {R1: {"C": 100}}))
    assert problems == [(R1, "A", "hồ sơ của Thị trấn Khánh Yên đang ở trạng thái “Đã nộp hồ sơ”: "
                                 "xã không thể sửa điểm.")]


def test_an_assessment_changed_after_the_download_is_refused(w, template):
    services.scores_save(by=w.officer, assessment_id=w.assessment.pk, seen_version=w.assessment.version,
                         points={4: 70})
    problems = rejected(w, fill(template, {R1: {"C": 100}}))
    assert [(r, c) for r, c, _m in problems] == [(R1, "A")] and "sau khi tải mẫu" in problems[0][2]
    assert w.assessment.scores.get(criterion__number=4).points == Decimal(70)


def test_the_same_template_cannot_be_uploaded_twice(w, template):
    content = fill(template, {R1: {"C": 100}})
    import_(w, content)
    assert "sau khi tải mẫu" in rejected(w, content)[0][2]


def test_a_template_of_another_round_is_refused(w, client, template):
    other = Round.objects.create(province=w.units.province, year=2025, standard=w.standard,
                                 period_start=datetime.date(2024, 11, 1), period_end=datetime.date(2025, 10, 31),
                                 submission_due=datetime.date(2025, 11, 15), appraisal_due=datetime.date(2025, 11, 30),
                                 decision_due=datetime.date(2025, 12, 10), report_due=datetime.date(2025, 12, 10))
    before = snapshot()
    with pytest.raises(excel.UploadRejected) as info:
        excel.scores_import(by=w.officer, round=other, upload=as_upload(fill(template, {R1: {"C": 100}})))
    assert [(p.row, p.column) for p in info.value.problems] == [(ROUND, "B")] and snapshot() == before


NOT_WORKBOOKS = [
    (b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n", "không phải là sổ làm việc Excel"),
    ("Mã đơn vị;Tên đơn vị;TC1\n03055;Khánh Yên;100\n".encode(), "không phải là sổ làm việc Excel"),
    (excel.OLE_MAGIC + b"\0" * 504, "định dạng Excel cũ (.xls)"),
    (b"", "không phải là sổ làm việc Excel"),
]


@pytest.mark.parametrize("content,words", NOT_WORKBOOKS, ids=["pdf", "csv", "xls", "empty"])
def test_a_file_that_is_not_a_workbook_is_refused_by_content(w, content, words):
    problems = rejected(w, content)
    assert len(problems) == 1 and problems[0][:2] == (None, None) and words in problems[0][2]


def test_a_zip_that_is_not_a_workbook_and_a_truncated_workbook_are_refused(w, template):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("diem.txt", "03055;100")
    assert "không phải là sổ làm việc Excel" in rejected(w, out.getvalue())[0][2]
    assert len(rejected(w, template[: len(template) // 2])) == 1


def test_a_macro_workbook_is_refused(w, template):
    src, out = zipfile.ZipFile(io.BytesIO(template)), io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            dst.writestr(info.filename, src.read(info.filename))
        dst.writestr("xl/vbaProject.bin", b"\0" * 64)
    assert "macro" in rejected(w, out.getvalue())[0][2]


def test_a_file_over_5_mb_is_refused_before_it_is_read(w):
    problems = rejected(w, b"PK\x03\x04" + b"\0" * excel.MAX_BYTES)
    assert problems == [(None, None, "Tệp quá lớn: tối đa 5 MB.")]


def test_a_zip_bomb_is_refused_before_it_is_parsed(w, template):
    src, out = zipfile.ZipFile(io.BytesIO(template)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, src.read(info.filename))
        dst.writestr("xl/media/padding.bin", b"\0" * (excel.MAX_UNPACKED_BYTES + 1))
    content = out.getvalue()
    assert len(content) < excel.MAX_BYTES
    assert "giải nén ra quá lớn" in rejected(w, content)[0][2]


def _many_rows(w, rows, drop_dimension=False):
    wb = Workbook()  # the ordinary writer declares the sheet's size (<dimension ref="A1:O20007"/>)
    ws = wb.active
    ws.append(["Mẫu"])
    ws.append(["Đợt đánh giá", w.round.pk])
    ws.append(["Tỉnh", "10"])
    ws.append(["Bộ tiêu chuẩn", "06/QĐ-TTg"])
    ws.append(["Tải mẫu lúc", datetime.datetime.now(datetime.UTC).isoformat()])
    for column, label in enumerate(["Mã đơn vị", "Tên đơn vị"] + [f"TC{n}" for n in range(1, 14)], 1):
        ws.cell(H, column, label)  # the header where today's template has it
    for i in range(rows):
        ws.append([f"{90000 + i}", "Xã", 1])
    out = io.BytesIO()
    wb.save(out)
    content = out.getvalue()
    if drop_dimension:
        content = rewrite_sheet(content, lambda xml: re.sub(r"<dimension [^>]*/>", "", xml))
    return content


def test_more_than_20000_rows_are_refused(w):
    problems = rejected(w, _many_rows(w, excel.MAX_ROWS + 1))
    assert len(problems) == 1 and "vượt quá giới hạn 20.000 dòng dữ liệu" in problems[0][2]


def test_more_than_20000_rows_are_refused_when_the_sheet_hides_its_size(w):
    content = _many_rows(w, excel.MAX_ROWS + 1, drop_dimension=True)
    assert b"<dimension" not in zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml")
    problems = rejected(w, content)
    assert problems == [(excel.LAST_ROW + 1, None,
                         f"Tệp có dữ liệu quá dòng {excel.LAST_ROW}: tối đa 20.000 dòng dữ liệu.")]


def test_a_sheet_without_the_header_row_is_refused(w):
    wb = Workbook()
    wb.active.append(["03055", "Khánh Yên", 100])
    out = io.BytesIO()
    wb.save(out)
    problems = rejected(w, out.getvalue())
    assert len(problems) == 1 and "Không thấy dòng tiêu đề" in problems[0][2]


# --- property: whatever breaks a file, the database does not change ------------------------------

def _breakers(n_criteria):
    """Strategies for one change that makes a template invalid, as functions of (ws, wb)."""
    criterion_column = st.integers(3, 2 + n_criteria).map(column_of_index)
    printable = st.characters(codec="utf-8", exclude_categories=("Cc", "Cs"))
    texts = st.text(printable, min_size=1, max_size=12).filter(
        lambda t: t.strip() and not re.fullmatch(r"-?[0-9]+([.,][0-9]+)?", t.strip()) and not t.startswith("="))

    def put(cell, value):
        def change(ws, _wb):
            ws[cell] = value
        return change

    return st.one_of(
        st.tuples(criterion_column, texts).map(lambda t: put(f"{t[0]}{R1}", t[1])),
        st.tuples(criterion_column, st.floats(max_value=-0.01, allow_nan=False, allow_infinity=False)
                  | st.integers(max_value=-1)).map(lambda t: put(f"{t[0]}{R1}", t[1])),
        st.tuples(criterion_column, st.integers(126, 10**9)).map(lambda t: put(f"{t[0]}{R1}", t[1])),
        st.tuples(criterion_column, st.integers(0, 50)).map(lambda t: put(f"{t[0]}{R1}", f"={t[1]}+0")),
        st.sampled_from(["99999", "07621", "03061", "03055", "00000"]).map(
            lambda code: lambda ws, _wb: (ws.cell(R2, 1, code), ws.cell(R2, 3, 1))),
        st.integers(1, 2 + n_criteria).map(lambda i: put(f"{column_of_index(i)}{H}", "Cột lạ")),
        st.integers(15, 30).map(lambda i: put(f"P{i - 15 + R1}", i)),  # data right of the last criterion
        st.integers(1, 3).map(lambda i: lambda ws, _wb: ws.merge_cells(f"A{H + i}:B{H + i}")),
        st.text("abcxyzĐđ 0123", max_size=20).map(lambda name: lambda _ws, wb: wb.create_sheet(name or "Trang 2")),
        st.sampled_from([None, 0, -1, 10**6, "đợt khác"]).map(lambda v: put(f"B{ROUND}", v)),
    )


def column_of_index(index):
    from openpyxl.utils import get_column_letter
    return get_column_letter(index)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(data=st.data())
def test_property_any_broken_workbook_changes_nothing(w, template, data):
    good = data.draw(st.dictionaries(st.integers(1, 13), st.integers(0, 50), max_size=4), label="valid changes")
    breakers = data.draw(st.lists(_breakers(13), min_size=1, max_size=4), label="breakages")

    def change(ws, wb):
        for number, value in good.items():
            ws[f"{column_of(number)}{R1}"] = value
        for breaker in breakers:
            breaker(ws, wb)

    rejected(w, edit(template, change))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(noise=st.binary(max_size=2000), prefix=st.sampled_from([b"", b"PK\x03\x04", excel.OLE_MAGIC]))
def test_property_random_bytes_are_refused_and_change_nothing(w, noise, prefix):
    rejected(w, prefix + noise)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_property_a_corrupted_package_changes_nothing(w, template, data):
    """Flip bytes inside a real template: refused or, if still readable, valid — never half-saved."""
    content = bytearray(template)
    for _ in range(data.draw(st.integers(1, 8))):
        content[data.draw(st.integers(0, len(content) - 1))] = data.draw(st.integers(0, 255))
    before = snapshot()
    try:
        import_(w, bytes(content))
    except excel.UploadRejected:
        assert snapshot() == before


def test_the_round_page_links_the_template_and_the_upload_for_the_right_users(w, client):
    url = reverse("assessments:round", args=[w.round.pk])
    template_url = reverse("assessments:excel_template", args=[w.round.pk])
    upload_url = reverse("assessments:excel_upload", args=[w.round.pk])
    client.force_login(w.officer)
    page = client.get(url).content.decode()
    assert template_url in page and upload_url in page
    client.force_login(w.district)
    page = client.get(url).content.decode()
    assert template_url in page and "(Huyện Văn Bàn)" in page and upload_url not in page


def test_an_unchanged_point_keeps_the_raw_figures_that_explain_it(w, template):
    Score.objects.filter(assessment=w.assessment, criterion__number=2).update(
        figures={"1": {"numerator": "98", "denominator": "100", "points": "50"}})
    import_(w, fill(template, {R1: {"C": 90}}))  # criterion 2's cell still holds the 50 it was downloaded with
    score = w.assessment.scores.get(criterion__number=2)
    assert (score.points, score.figures) == (Decimal(50), {"1": {"numerator": "98", "denominator": "100",
                                                                  "points": "50"}})
