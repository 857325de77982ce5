"""History across the 2025 reform on the real units and the real mapping (import_units --pre-reform,
import_units, import_units --links; about a minute, once for the module).

Tỉnh Bắc Ninh (24, from 1/7/2025) = the former Bắc Giang (24) + Bắc Ninh (27):
- Xã Xuân Lương (07246) was formed from Đồng Tiến, Canh Nậu and Xuân Lương (Yên Thế, Bắc Giang),
  all three recognised 2022-2024; the new commune recognised 2025 and 2026: five years in a row.
- Xã Đồng Kỳ (07282) was formed from Đồng Vương, Đồng Hưu and Đồng Kỳ; Đồng Hưu was not recognised
  in 2024, so the new commune's run is 2025-2026 only.
- One commune of the former Bắc Ninh (Xã Tam Giang, Yên Phong) recognised in 2024.
"""

import datetime
import os
import re
import shutil

import pytest

from assessments.models import Assessment, Round
from communes.models import Level, Unit
from reports import selectors
from reports.scope import HISTORY_RULE, Scope

pytestmark = pytest.mark.django_db
S = Assessment.Status
OLD, NEW = datetime.date(2008, 8, 1), datetime.date(2025, 7, 1)


@pytest.fixture(scope="module")
def reform(django_db_setup, django_db_blocker):
    from tests.communes.conftest import committed

    with committed(django_db_blocker, ("--pre-reform",), (), ("--links",)) as outputs:
        yield outputs


def unit(level, code, period):
    return Unit.objects.get(level=level, code=code, valid_from=period)


def open_round(province, year, standard):
    return Round.objects.create(
        province=province, year=year, standard=standard, period_start=datetime.date(year - 1, 11, 1),
        period_end=datetime.date(year, 10, 31), submission_due=datetime.date(year, 11, 15),
        appraisal_due=datetime.date(year, 11, 30), decision_due=datetime.date(year, 12, 10),
        report_due=datetime.date(year, 12, 10))


@pytest.fixture
def history(reform, standards, assess, make_user):
    standard = standards["06/QĐ-TTg"]
    bac_giang, old_bac_ninh = unit(Level.PROVINCE, "24", OLD), unit(Level.PROVINCE, "27", OLD)
    bac_ninh = unit(Level.PROVINCE, "24", NEW)
    whole_run = [unit(Level.COMMUNE, c, OLD) for c in ("07243", "07246", "07249")]  # → Xuân Lương
    broken = [unit(Level.COMMUNE, c, OLD) for c in ("07255", "07258", "07282")]  # → Đồng Kỳ
    xuan_luong, dong_ky = unit(Level.COMMUNE, "07246", NEW), unit(Level.COMMUNE, "07282", NEW)
    tam_giang = Unit.objects.get(level=Level.COMMUNE, valid_from=OLD, name="Xã Tam Giang",
                                 parent__name="Huyện Yên Phong")
    for year in (2022, 2023, 2024):
        r = open_round(bac_giang, year, standard)
        for c in whole_run + broken:
            failed = c.code == "07258" and year == 2024
            assess(r, c, S.NOT_RECOGNISED if failed else S.RECOGNISED, points={3: 0} if failed else None)
    assess(open_round(old_bac_ninh, 2024, standard), tam_giang, S.RECOGNISED)
    for year in (2025, 2026):
        r = open_round(bac_ninh, year, standard)
        for c in (xuan_luong, dong_ky):
            assess(r, c, S.RECOGNISED)
    return {"bac_ninh": bac_ninh, "xuan_luong": xuan_luong, "dong_ky": dong_ky,
            "national": make_user("national_staff", None), "provincial": make_user("provincial_staff", bac_ninh)}


def test_a_commune_formed_from_three_recognised_ones_continues_their_run(history):
    rows = selectors.holders(Scope(history["provincial"], 2026, history["bac_ninh"]))
    assert [(r["name"], r["run"], r["certificate"]) for r in rows] == [("Xã Xuân Lương", 5, "province")]
    # Đồng Kỳ: 2026, 2025, then Đồng Hưu not recognised in 2024 stops the run at two years
    two = selectors.holders(Scope(history["provincial"], 2026, history["bac_ninh"]), min_years=2)
    assert [(r["name"], r["run"]) for r in two] == [("Xã Xuân Lương", 5), ("Xã Đồng Kỳ", 2)]


def test_the_merit_lists_use_the_same_rule(history):
    from assessments.selectors import consecutive_years

    runs = consecutive_years([history["xuan_luong"].pk, history["dong_ky"].pk])
    assert runs == {history["xuan_luong"].pk: 5, history["dong_ky"].pk: 2}


def test_the_2026_trend_of_the_new_province_shows_the_former_provinces_years(history):
    bac_ninh = history["bac_ninh"]
    data = selectors.trend(Scope(history["provincial"], 2026, bac_ninh))
    assert data["years"] == [2022, 2023, 2024, 2025, 2026]
    total = {p["year"]: (p["recognised"], p["units"]) for p in data["total"]}
    # before the reform: the former communes whose default successor is in the new province
    former = Unit.objects.filter(level=Level.COMMUNE, valid_from=OLD, successor_links__is_default=True,
                                 successor_links__successor__parent=bac_ninh).count()
    # the two former provinces' 316 communes but three of Bắc Giang city (Tân An, Nham Sơn, Thắng
    # Cương) that the mapping's newer list no longer has (import_units --links reports them)
    assert Unit.objects.filter(level=Level.COMMUNE, valid_from=OLD, parent__parent__code__in=["24", "27"]).count() \
        == former + 3 == 316
    new = Unit.objects.filter(level=Level.COMMUNE, valid_from=NEW, parent=bac_ninh).count()
    assert total == {2022: (6, former), 2023: (6, former), 2024: (6, former), 2025: (2, new), 2026: (2, new)}
    lines = {line["label"]: [p["recognised"] for p in line["points"]] for line in data["lines"]}
    assert lines["Huyện Yên Thế"] == [6, 6, 5, 0, 0]
    assert lines["Huyện Yên Phong"] == [0, 0, 1, 0, 0]
    assert lines["Tỉnh Bắc Ninh"] == [0, 0, 0, 2, 2]


def test_the_trend_page_states_the_rule_and_the_summary_shows_the_former_districts(client, history):
    client.force_login(history["provincial"])
    r = client.get("/bao-cao/xu-huong/", {"year": 2026})
    text = " ".join(re.sub(r"<[^>]+>", " ", r.content.decode()).split())
    assert str(HISTORY_RULE) in text
    assert "Huyện Yên Thế" in text and "2022" in text
    r = client.get("/bao-cao/tong-hop/", {"year": 2024})  # the form offers the former provinces' years
    assert r.context["scope"].year == 2024
    assert {row.unit.name for row in r.context["rows"]} >= {"Huyện Yên Thế", "Huyện Yên Phong"}
    r = client.get("/bao-cao/tieu-chi/", {"year": 2024})
    assert r.context["analysis"]["dossiers"] == 7


def test_the_national_view_lists_34_provinces_then_the_63_former_ones(client, history):
    client.force_login(history["national"])
    r = client.get("/bao-cao/tong-hop/")
    assert r.context["scope"].year == 2026  # the latest year with data
    html = r.content.decode()
    select = html[html.index('<select name="province"'):]
    select = select[:select.index("</select>")]
    current, former = select.split('<optgroup label="trước 01/7/2025">')
    assert current.count("<option") == 1 + 34  # "Toàn quốc", then the provinces in force
    assert former.count("<option") == 63 and "Tỉnh Bắc Giang (đến 30/06/2025)" in former
    rows = {row.label: row for row in r.context["rows"]}
    assert len(rows) == 34 and (rows["Tỉnh Bắc Ninh"].recognised, rows["Tỉnh Bắc Ninh"].units) == (2, 99)
    assert r.context["group_label"] == "Tỉnh, thành phố"
    r = client.get("/bao-cao/tong-hop/", {"year": 2024})
    assert r.context["group_label"] == "Tỉnh, thành phố trước 01/7/2025"
    rows = {row.label: row for row in r.context["rows"]}
    assert len(rows) == 63 and rows["Tỉnh Bắc Giang"].recognised == 5 and rows["Tỉnh Bắc Ninh"].recognised == 1


def test_the_national_summary_pdf(history, tmp_path):
    from pypdf import PdfReader

    from reports import exports

    path = tmp_path / "bao-cao-toan-quoc-2026.pdf"
    exports.write_pdf(Scope(history["national"], 2026), path, today=datetime.date(2026, 12, 20),
                      params={"number": "15/BC-BYT", "signer_name": "Nguyễn Thị Lan"})
    keep = os.environ.get("REPORTS_KEEP")
    if keep:
        shutil.copy(path, keep)
    reader = PdfReader(path)
    text = " ".join("".join(p.extract_text() for p in reader.pages).split())
    for expected in ("BỘ Y TẾ", "Số: 15/BC-BYT", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                     "Hà Nội, ngày", "BÁO CÁO", "năm 2026", "Tỉnh Bắc Ninh",
                     "KT. BỘ TRƯỞNG", "THỨ TRƯỞNG", "Nguyễn Thị Lan", "Nơi nhận:"):
        assert expected in text, expected
    assert reader.pages[0].mediabox.width < reader.pages[0].mediabox.height  # A4 portrait


def test_the_merged_provinces_pdf_carries_the_former_provinces_years(history, tmp_path):
    from pypdf import PdfReader

    from reports import exports

    path = tmp_path / "bao-cao-bac-ninh-2026.pdf"
    exports.write_pdf(Scope(history["provincial"], 2026, history["bac_ninh"]), path, today=datetime.date(2026, 12, 20))
    keep = os.environ.get("REPORTS_KEEP")
    if keep:
        shutil.copy(path, keep)
    text = " ".join("".join(p.extract_text() for p in PdfReader(path).pages).split())
    for expected in ("UBND TỈNH BẮC NINH", "SỞ Y TẾ", "năm 2022:", "năm 2024:", "năm 2026: 2,02%"):
        assert expected in text, expected


def test_a_new_communes_page_shows_its_predecessors_years(client, history, django_assert_num_queries):
    client.force_login(history["provincial"])
    url = f"/don-vi/{history['xuan_luong'].pk}/lich-su/"
    # session; user with unit; the commune; its links; its mergers before the reform; the assessments; their names
    with django_assert_num_queries(7):
        r = client.get(url)
    text = " ".join(re.sub(r"<[^>]+>", " ", r.content.decode()).split())
    for name in ("Xã Đồng Tiến – Huyện Yên Thế", "Xã Canh Nậu – Huyện Yên Thế", "Xã Xuân Lương – Huyện Yên Thế"):
        assert name in text
    assert [(y["year"], y["recognised"]) for y in r.context["years"]] == [
        (2026, True), (2025, True), (2024, True), (2023, True), (2022, True)]
    r = client.get(f"/don-vi/{history['dong_ky'].pk}/lich-su/")
    assert [(y["year"], y["recognised"]) for y in r.context["years"]] == [
        (2026, True), (2025, True), (2024, False), (2023, True), (2022, True)]
    assert "Không được công nhận" in r.content.decode() or "không được công nhận" in r.content.decode().lower()


def test_a_divided_wards_page_names_its_successors(client, history, reform):
    from tests.factories import NationalStaffFactory

    client.force_login(NationalStaffFactory())
    lang_ha = unit(Level.COMMUNE, "00199", OLD)
    r = client.get(f"/don-vi/{lang_ha.pk}/lich-su/")
    html = r.content.decode()
    section = html[html.index('id="successors"'):]
    assert section.index("Phường Láng") < section.index("kế thừa chính") < section.index("Phường Giảng Võ")
    lang = unit(Level.COMMUNE, "00187", NEW)
    text = " ".join(re.sub(r"<[^>]+>", " ", client.get(f"/don-vi/{lang.pk}/lich-su/").content.decode()).split())
    assert "Phường Ngọc Khánh – Quận Ba Đình (một phần" in text and "Phường Láng Thượng – Quận Đống Đa" in text
