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
    assert "thuộc Thị xã Chũ" in visits[2].notes
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
