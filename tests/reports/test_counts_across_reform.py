"""Công nhận mới / không được công nhận lại across the 2025 reform: a commune formed by the reform
counts the year before as recognised when every predecessor that formed it was recognised then
(criteria.rules.recognised_in, as on the history page). Page, PDF and workbook read one summary.

    Tỉnh Bắc Giang (24, until 30/6/2025) › Huyện Yên Thế       2024
        Xã Đồng Tiến, Xã Canh Nậu                            recognised (both)
        Xã Đồng Vương                                        recognised
        Xã Đồng Hưu                                          not recognised
    Tỉnh Bắc Ninh (27, until 30/6/2025) › Huyện Yên Phong
        Xã Tam Giang                                         recognised
    Tỉnh Bắc Ninh (24, from 1/7/2025)                        2025                2026
        Xã Xuân Lương  ← Đồng Tiến + Canh Nậu               recognised: kept    recognised: kept
        Xã Đồng Kỳ     ← Đồng Vương (+ part of Đồng Hưu)     not recognised: lost  recognised: new
        Xã Tam Tiến    ← Đồng Hưu                            recognised: new     recognised: kept
        Xã Tân Sỏi     (no predecessor)                      recognised: new     —
        Xã Yên Phong   ← Tam Giang                           not assessed        not assessed
In 2026 Đồng Kỳ is new again: its predecessors' 2024 is not the year before 2026.
"""

import datetime
import re

import pytest
from openpyxl import load_workbook

from assessments.models import Assessment
from communes.models import Kind, Level, UnitLink
from reports import exports, selectors
from reports.scope import COUNTS_RULE, Scope
from tests.reports.test_report_exports import _header_and_rows, _keep, _pdf_text

pytestmark = pytest.mark.django_db
S = Assessment.Status
END, START = datetime.date(2025, 6, 30), datetime.date(2025, 7, 1)
TODAY = datetime.date(2026, 1, 15)


@pytest.fixture
def reform(standards, make_unit, make_round, assess, make_user):
    std = standards["06/QĐ-TTg"]
    bac_giang = make_unit("Tỉnh Bắc Giang", "24", Level.PROVINCE, Kind.PROVINCE, valid_to=END)
    yen_the = make_unit("Huyện Yên Thế", "215", Level.DISTRICT, Kind.RURAL_DISTRICT, bac_giang, valid_to=END)
    old = {name: make_unit(name, code, Level.COMMUNE, Kind.COMMUNE, yen_the, valid_to=END)
           for name, code in (("Xã Đồng Tiến", "07243"), ("Xã Canh Nậu", "07246"), ("Xã Đồng Vương", "07255"),
                              ("Xã Đồng Hưu", "07258"))}
    old_bac_ninh = make_unit("Tỉnh Bắc Ninh", "27", Level.PROVINCE, Kind.PROVINCE, valid_to=END)
    yen_phong = make_unit("Huyện Yên Phong", "258", Level.DISTRICT, Kind.RURAL_DISTRICT, old_bac_ninh, valid_to=END)
    old["Xã Tam Giang"] = make_unit("Xã Tam Giang", "09202", Level.COMMUNE, Kind.COMMUNE, yen_phong, valid_to=END)
    bac_ninh = make_unit("Tỉnh Bắc Ninh", "24", Level.PROVINCE, Kind.PROVINCE, valid_from=START)
    new = {name: make_unit(name, code, Level.COMMUNE, Kind.COMMUNE, bac_ninh, valid_from=START)
           for name, code in (("Xã Xuân Lương", "07246"), ("Xã Đồng Kỳ", "07282"), ("Xã Tam Tiến", "07258"),
                              ("Xã Tân Sỏi", "07300"), ("Xã Yên Phong", "09202"))}
    for province in (bac_giang, old_bac_ninh):
        UnitLink.objects.create(predecessor=province, successor=bac_ninh, source="NQ 202/2025/QH15")
    for predecessor, successor, default in (("Xã Đồng Tiến", "Xã Xuân Lương", True),
                                            ("Xã Canh Nậu", "Xã Xuân Lương", True),
                                            ("Xã Đồng Vương", "Xã Đồng Kỳ", True),
                                            ("Xã Đồng Hưu", "Xã Tam Tiến", True),
                                            ("Xã Đồng Hưu", "Xã Đồng Kỳ", False),
                                            ("Xã Tam Giang", "Xã Yên Phong", True)):
        UnitLink.objects.create(predecessor=old[predecessor], successor=new[successor], is_default=default,
                                source="NQ 1658/NQ-UBTVQH15")
    r24 = make_round(bac_giang, 2024, std)
    for name in ("Xã Đồng Tiến", "Xã Canh Nậu", "Xã Đồng Vương"):
        assess(r24, old[name], S.RECOGNISED)
    assess(r24, old["Xã Đồng Hưu"], S.NOT_RECOGNISED, points={3: 0})
    assess(make_round(old_bac_ninh, 2024, std), old["Xã Tam Giang"], S.RECOGNISED)
    r25, r26 = make_round(bac_ninh, 2025, std), make_round(bac_ninh, 2026, std)
    for name in ("Xã Xuân Lương", "Xã Tam Tiến", "Xã Tân Sỏi"):
        assess(r25, new[name], S.RECOGNISED)
    assess(r25, new["Xã Đồng Kỳ"], S.NOT_RECOGNISED, points={3: 0})
    for name in ("Xã Xuân Lương", "Xã Đồng Kỳ", "Xã Tam Tiến"):
        assess(r26, new[name], S.RECOGNISED)
    return {"bac_ninh": bac_ninh, "provincial": make_user("provincial_staff", bac_ninh),
            "national": make_user("national_staff", None)}


def counts(row):
    return (row.units, row.recognised, row.newly, row.lost, row.previously)


def test_predecessors_recognised_the_year_before_carry_over_into_2025(reform):
    s = selectors.summary(Scope(reform["provincial"], 2025, reform["bac_ninh"]), today=TODAY)
    # Xuân Lương kept; Tam Tiến (Đồng Hưu refused) and Tân Sỏi (no predecessor) new; Đồng Kỳ lost;
    # Yên Phong, not assessed, was recognised the year before through Tam Giang
    assert counts(s["total"]) == (5, 3, 2, 1, 3)
    national = {r.unit: r for r in selectors.summary(Scope(reform["national"], 2025), today=TODAY)["rows"]}
    assert counts(national[reform["bac_ninh"]]) == (5, 3, 2, 1, 3)


def test_a_later_year_compares_with_the_communes_own_year_before(reform):
    s = selectors.summary(Scope(reform["provincial"], 2026, reform["bac_ninh"]), today=TODAY)
    assert counts(s["total"]) == (5, 3, 1, 0, 3)  # Đồng Kỳ new: refused in 2025, whatever 2024 was


def test_page_pdf_and_workbook_agree(client, reform, tmp_path):
    scope = Scope(reform["provincial"], 2025, reform["bac_ninh"])
    client.force_login(reform["provincial"])
    html = client.get("/bao-cao/tong-hop/", {"year": 2025}).content.decode()
    assert re.search(r'id="kpi-newly">2<.*id="kpi-lost">1<', html, re.S)
    rule = " ".join(str(COUNTS_RULE).split())  # each says how it counts across the reform
    assert rule in " ".join(html.replace("&ldquo;", "“").replace("&rdquo;", "”").split())

    pdf = tmp_path / "bac-ninh-2025.pdf"
    exports.write_pdf(scope, pdf, today=TODAY)
    assert re.search(r"có 2 đơn vị được công nhận mới \([\d,]+% số đơn vị[^)]*\) và 1 đơn vị không được công nhận "
                     r"lại", _pdf_text(pdf))
    assert rule in _pdftotext(pdf)

    xlsx = tmp_path / "bac-ninh-2025.xlsx"
    exports.write_workbook(scope, xlsx, today=TODAY)
    header, rows = _header_and_rows(load_workbook(xlsx)["Tổng hợp"])
    total = dict(zip(header, rows[-1]))
    assert (total["Công nhận mới"], total["Không được công nhận lại"]) == (2, 1)
    assert load_workbook(xlsx)["Tổng hợp"]["A5"].value.endswith(rule)


def test_a_year_before_the_reform_does_not_state_the_rule(client, reform):
    client.force_login(reform["national"])
    r = client.get("/bao-cao/tong-hop/", {"year": 2024})
    assert r.context["counts_rule"] == "" and "hình thành từ 01/7/2025" not in r.content.decode()


@pytest.mark.parametrize("year", [2024, 2025, 2026])
def test_the_benchmarks_floor_and_naive_paths_count_the_same(reform, year):
    from bench import floor, naive

    rows = selectors.summary(Scope(reform["national"], year), today=TODAY)["rows"]
    product = {r.unit.pk: tuple(getattr(r, name) for name in floor.COUNTERS) for r in rows}  # the ones both count
    assert floor.summary(year, TODAY) == naive.summary(year, TODAY) == product


def _pdftotext(path):
    import subprocess

    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(out.split())


def test_the_new_provinces_report_of_a_year_before_it_existed_names_only_bodies_of_the_reporting_date(
        reform, tmp_path):
    scope = Scope(reform["provincial"], 2024, reform["bac_ninh"])
    pdf = tmp_path / "bac-ninh-2024.pdf"
    exports.write_pdf(scope, pdf, today=TODAY)
    _keep(pdf)
    text = _pdftotext(pdf)
    # headed, addressed and signed as of the reporting date: the province of two tiers and its Sở Y tế ...
    for expected in ("UBND TỈNH BẮC NINH", "SỞ Y TẾ", "/BC-SYT", "UBND các xã, phường, đặc khu", "KT. GIÁM ĐỐC",
                     # ... saying whose figures it gives
                     "năm 2024 của tỉnh Bắc Giang (cũ) và tỉnh Bắc Ninh (cũ)",
                     "Số liệu năm 2024 là của tỉnh Bắc Giang (cũ) và tỉnh Bắc Ninh (cũ) theo đơn vị hành chính trước "
                     "ngày 01/7/2025, nay thuộc tỉnh Bắc Ninh; cơ quan báo cáo và nơi nhận ghi theo tổ chức bộ máy tại "
                     "thời điểm báo cáo.", "Huyện Yên Thế", "Huyện Yên Phong"):
        assert expected in text, expected
    # never a body of 2024 beside one of 2026
    for mixed in ("LAO ĐỘNG - THƯƠNG BINH", "Lao động - Thương binh", "UBND các huyện", "thị xã, thành phố"):
        assert mixed not in text, mixed

    xlsx = tmp_path / "bac-ninh-2024.xlsx"
    exports.write_workbook(scope, xlsx, today=TODAY)
    ws = load_workbook(xlsx)["Tổng hợp"]
    assert (ws["A1"].value, ws["A2"].value) == ("UBND TỈNH BẮC NINH", "SỞ Y TẾ")
    assert ws["A5"].value.startswith("Phạm vi: tỉnh Bắc Giang (cũ) và tỉnh Bắc Ninh (cũ) · Năm 2024")
    assert "nay thuộc tỉnh Bắc Ninh" in ws["A5"].value


def test_a_former_provinces_own_report_keeps_its_own_bodies(reform, tmp_path):
    from communes.models import Unit

    bac_giang = Unit.objects.get(name="Tỉnh Bắc Giang")
    pdf = tmp_path / "bac-giang-2024.pdf"
    exports.write_pdf(Scope(reform["national"], 2024, bac_giang), pdf, today=TODAY)
    text = _pdftotext(pdf)
    for expected in ("UBND TỈNH BẮC GIANG", "SỞ LAO ĐỘNG - THƯƠNG BINH", "UBND các huyện"):
        assert expected in text, expected
    assert "(cũ)" not in text and "SỞ Y TẾ" not in text
