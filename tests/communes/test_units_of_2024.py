"""Bắc Giang in 2024 as it was (issue 20): NQ 1191/NQ-UBTVQH15 took effect on 1/1/2025, so a 2024 report
groups Yên Dũng's communes under huyện Yên Dũng (the snapshot puts them under the city it joined), and the
Sở LĐTBXH's 2024 inspection plan (seed 002) lists its twenty communes, Quang Minh and Đại Hóa among them."""

import datetime
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from communes.models import Kind, Level, Tier, Unit, UnitTier
from communes.unit_changes import import_changes
from tests import factories

CHANGES = Path(settings.BASE_DIR) / "fixtures" / "unit_changes"
NQ_1191 = CHANGES / "nq_1191_2024_bac_giang.csv"
TODAY = datetime.date(2026, 12, 6)


def _rows_of(path, codes):
    lines = path.read_text(encoding="utf-8").splitlines()
    return "\n".join([lines[0], *(line for line in lines[1:] if line.split(",")[1] in codes)]) + "\n"


@pytest.fixture
def yen_dung(units, make_unit):
    """The snapshot's Tân An (a ward of the city) and the shipped NQ 1191 rows of Yên Dũng, Tân An and Lão Hộ."""
    city = make_unit("Thành phố Bắc Giang", "213", Level.DISTRICT, Kind.PROVINCIAL_CITY, units.other_province)
    tan_an = make_unit("Phường Tân An", "07682", Level.COMMUNE, Kind.WARD, city)
    tho_xuong = make_unit("Phường Thọ Xương", "07201", Level.COMMUNE, Kind.WARD, city)
    result = import_changes(_rows_of(NQ_1191, ("221", "07682", "07684")))
    assert (result.problems, result.units_created, result.created) == ([], 2, 3)
    lao_ho = Unit.objects.get(code="07684")  # ended with Yên Dũng: a round of 2024 needs its tier too
    UnitTier.objects.create(unit=lao_ho, tier=Tier.OTHER, valid_from=lao_ho.valid_from, valid_to=lao_ho.valid_to,
                            source="fixtures/tiers/demo_bac_giang_bac_ninh.csv")
    return city, tan_an, tho_xuong


def test_a_2024_report_lists_huyen_yen_dung_with_its_communes(yen_dung, units, standard, make_user,
                                                              django_assert_num_queries):
    from reports import selectors
    from reports.scope import Scope

    city, tan_an, tho_xuong = yen_dung
    for year in (2024, 2025):
        r = factories.RoundFactory(province=units.other_province, year=year, standard=standard)
        factories.recorded_assessment(r, tan_an, "appraised")
    user = make_user("provincial_staff", units.other_province)
    with django_assert_num_queries(6):  # as many as grouped by the stored parents (the subquery adds none)
        rows = selectors.summary(Scope(user, 2024, units.other_province), today=TODAY)["rows"]
    assert [(row.label, row.units, row.assessed) for row in rows] == [
        ("Thành phố Bắc Giang", 1, 0), ("Huyện Sơn Động", 1, 0), ("Huyện Yên Dũng", 2, 1)]  # by code: 213, 220, 221
    rows = selectors.summary(Scope(user, 2025, units.other_province), today=TODAY)["rows"]
    assert [(row.label, row.units, row.assessed) for row in rows] == [
        ("Thành phố Bắc Giang", 2, 1), ("Huyện Sơn Động", 1, 0)]
    # the city's own report of 2024 has its communes of then, not Yên Dũng's (stored under it since 2025)
    city_2024 = selectors.summary(Scope(user, 2024, city), today=TODAY)
    assert [(row.label, row.units) for row in city_2024["rows"]] == [("Thành phố Bắc Giang", 1)]
    assert city_2024["total"].units == 1
    assert [row.units for row in selectors.summary(Scope(user, 2025, city), today=TODAY)["rows"]] == [2]


def test_the_2024_report_pdf_names_the_rural_district(yen_dung, units, standard, make_user, tmp_path):
    from reports import exports
    from reports.scope import Scope
    from tests.pdf import pdf_text

    _city, tan_an, _tho_xuong = yen_dung
    r = factories.RoundFactory(province=units.other_province, year=2024, standard=standard)
    factories.recorded_assessment(r, tan_an, "appraised")
    user = make_user("provincial_staff", units.other_province)
    path = exports.write_pdf(Scope(user, 2024, units.other_province), tmp_path / "bao-cao.pdf", today=TODAY)
    text = " ".join(pdf_text(path.read_bytes()).split())
    assert "Huyện Yên Dũng" in text


def test_huyen_yen_dungs_own_2024_report_has_its_communes_of_then(yen_dung, units, standard, make_user):
    """The former district is a report's unit for the years it existed: its communes are those under it then
    (stored under the city since 1/1/2025), not an empty report."""
    from reports import selectors
    from reports.scope import Scope

    city, tan_an, tho_xuong = yen_dung
    r = factories.RoundFactory(province=units.other_province, year=2024, standard=standard)
    factories.recorded_assessment(r, tan_an, "appraised")
    user = make_user("provincial_staff", units.other_province)
    yen_dung_unit = Unit.objects.get(code="221")
    report = selectors.summary(Scope(user, 2024, yen_dung_unit), today=TODAY)
    assert [(row.label, row.units, row.assessed) for row in report["rows"]] == [("Huyện Yên Dũng", 2, 1)]
    assert (report["total"].units, report["total"].assessed) == (2, 1)


def test_the_trend_counts_a_commune_under_its_district_of_each_year(yen_dung, units, standard, make_user,
                                                                   django_assert_num_queries):
    """Tân An, recognised in 2024 and 2025: in the province's trend it counts under huyện Yên Dũng in 2024 and
    under the city from 2025; the city's own trend has no Yên Dũng line."""
    from reports import selectors
    from reports.scope import Scope

    city, tan_an, tho_xuong = yen_dung
    for year in (2024, 2025):
        r = factories.RoundFactory(province=units.other_province, year=year, standard=standard)
        factories.recorded_assessment(r, tan_an, "recognised")
    user = make_user("provincial_staff", units.other_province)
    with django_assert_num_queries(5):  # the periods under another parent are part of the unit counts' statement
        trend = selectors.trend(Scope(user, 2025, units.other_province))
    points = {line["label"]: [(p["year"], p["units"], p["recognised"]) for p in line["points"]]
              for line in trend["lines"]}
    assert points["Huyện Yên Dũng"] == [(2024, 2, 1), (2025, 0, 0)]
    assert points["Thành phố Bắc Giang"] == [(2024, 1, 0), (2025, 2, 1)]
    assert [(p["units"], p["recognised"]) for p in trend["total"]] == [(4, 1), (3, 1)]
    city_trend = selectors.trend(Scope(user, 2025, city))
    assert [line["label"] for line in city_trend["lines"]] == ["Thành phố Bắc Giang"]
    assert [(p["year"], p["units"], p["recognised"]) for p in city_trend["total"]] == [(2024, 1, 0), (2025, 2, 1)]


# --- the demo's 2024 inspection plan on the real unit lists -------------------------------------------------

@pytest.fixture
def bac_giang_2024(pre_reform_import, db):
    call_command("loaddata", "standards", verbosity=0)
    for path in sorted(CHANGES.glob("*.csv")):
        call_command("import_unit_changes", str(path), stdout=StringIO())


SEED_002 = [  # appendix 01 of seed 002: district as the plan names it, the two communes
    ("Huyện Sơn Động", "Xã Phúc Sơn", "Xã An Bá"), ("Huyện Lục Ngạn", "Xã Kiên Thành", "Xã Kiên Lao"),
    ("Huyện Lục Nam", "Thị trấn Đồi Ngô", "Xã Khám Lạng"), ("Huyện Lạng Giang", "Xã Tân Thanh", "Xã Nghĩa Hưng"),
    ("Huyện Yên Thế", "Xã Canh Nậu", "Thị trấn Phồn Xương"), ("Huyện Hiệp Hòa", "Xã Thường Thắng", "Xã Quang Minh"),
    ("Thị xã Việt Yên", "Xã Minh Đức", "Xã Nghĩa Trung"), ("Huyện Tân Yên", "Xã Đại Hóa", "Xã Tân Trung"),
    ("Huyện Yên Dũng", "Thị trấn Tân An", "Xã Quỳnh Sơn"), ("Thành phố Bắc Giang", "Phường Thọ Xương",
                                                          "Phường Ngô Quyền")]


def test_the_demo_plan_lists_the_twenty_communes_of_seed_002(bac_giang_2024):
    from inspections import exports
    from inspections.demo import load_inspection_demo
    from inspections.models import Plan
    from tests.pdf import pdf_text

    summary = load_inspection_demo()
    assert [m for m in summary["missing_units"] if m.startswith("Bắc Giang")] == []
    plan = Plan.objects.get(issuer__name="Tỉnh Bắc Giang")
    communes = {u.name: u for u in plan.scope.filter(unit__level=Level.COMMUNE).select_related("unit")}
    assert len(communes) == plan.visits.count() == 20
    for district, *names in SEED_002:
        for name in names:
            assert communes[name].parent_name == district, name
    # Quang Minh is the unit the current list calls Xã Sơn Thịnh (its code went on); Đại Hóa ended on 31/12/2024
    assert communes["Xã Quang Minh"].unit.name == "Xã Sơn Thịnh"
    assert communes["Xã Đại Hóa"].unit.valid_to == datetime.date(2024, 12, 31)
    text = " ".join(pdf_text(exports.plan_pdf(plan)).split())
    for line in ("+ Huyện Hiệp Hòa: Xã Thường Thắng, Xã Quang Minh.", "+ Huyện Tân Yên: Xã Đại Hóa, Xã Tân Trung.",
                 "+ Huyện Yên Dũng: Thị trấn Tân An, Xã Quỳnh Sơn."):
        assert line in text, line
    # a document of 2024: nothing in it (the annex's notes included) names a unit as a later list does
    for later in ("Sơn Thịnh", "Thị xã Chũ", "Phường Tân An", "Danh mục đơn vị hành chính hiện có"):
        assert later not in text, later
    assert "Huyện Hiệp Hòa kiểm tra theo Quyết định số 1982/QĐ-UBND ngày 19/12/2023 của UBND tỉnh" in text

