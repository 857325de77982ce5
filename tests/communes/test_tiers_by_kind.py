"""Tiers by the unit's kind and period (issue 20).

The 800-point group of QĐ 06 is "xã, thị trấn thuộc miền núi, hải đảo; xã đặc biệt khó khăn": never a ward.
The city-ward group is for wards; a unit's kind changes over time (Hải Phòng's wards of NQ 1232/NQ-UBTVQH15
were xã or thị trấn until 31/12/2024), so a tier is judged by the kind the unit had in the tier's period.
"""

import datetime
from pathlib import Path

import pytest
from django.conf import settings

from communes.models import Kind, Level, Tier, UnitTier
from communes.selectors import tier_in_year
from communes.tiers import import_tiers
from communes.unit_changes import import_changes, read_changes

pytestmark = pytest.mark.django_db

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
TIER_HEADER = "unit_code,tier,valid_from,valid_to,source\n"
CHANGE_HEADER = "level,code,valid_from,valid_to,name,parent_code,source\n"
SOURCE = "Quyết định thử"


def shipped_rows(path, codes):
    """The header and the rows of a shipped list for ``codes`` (column 2 of a change list, 1 of a tier list)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    column = 1 if "unit_changes" in str(path) else 0
    return "\n".join([lines[0], *(line for line in lines[1:] if line.split(",")[column] in codes)]) + "\n"


@pytest.fixture
def ward(units, make_unit):
    """Phường Cốc Lếu of Lào Cai (no tier recorded yet)."""
    unit = make_unit("Phường Cốc Lếu", "02641", Level.COMMUNE, Kind.WARD, units.district)
    unit.tiers.all().delete()
    return unit


@pytest.fixture
def an_dong(make_unit):
    """Hải Phòng's Phường An Đồng of Quận An Dương as the 2025 snapshot has them, with the shipped rows of
    NQ 1232 for the two units loaded (no tier recorded yet)."""
    city = make_unit("Thành phố Hải Phòng", "31", Level.PROVINCE, Kind.CENTRAL_CITY)
    district = make_unit("Quận An Dương", "312", Level.DISTRICT, Kind.URBAN_DISTRICT, city)
    ward = make_unit("Phường An Đồng", "11623", Level.COMMUNE, Kind.WARD, district)
    ward.tiers.all().delete()
    result = import_changes(shipped_rows(FIXTURES / "unit_changes" / "nq_1232_2024_hai_phong.csv", {"312", "11623"}))
    assert (result.problems, result.created) == ([], 2)
    return ward


def test_a_ward_in_the_remote_group_is_refused_with_its_row(ward):
    result = import_tiers(TIER_HEADER + f'03061,remote,01/08/2008,,"{SOURCE}"\n'
                          + f'02641,remote,01/08/2008,30/06/2025,"{SOURCE}"\n')
    assert [str(p) for p in result.problems] == [
        "Dòng 3, cột B (tier): Phường Cốc Lếu là phường: nhóm remote (xã, thị trấn thuộc miền núi, hải đảo; "
        "xã đặc biệt khó khăn) không có phường."]
    assert not UnitTier.objects.filter(unit=ward).exists()


def test_a_ward_that_was_a_commune_may_be_remote_while_it_was_one(ward):
    import_changes(CHANGE_HEADER + f'commune,02641,2008-08-01,2019-12-31,Xã Cốc Lếu,,"{SOURCE}"\n')
    refused = import_tiers(TIER_HEADER + f'02641,remote,01/08/2008,30/06/2025,"{SOURCE}"\n')
    assert [str(p) for p in refused.problems] == [
        "Dòng 2, cột B (tier): Phường Cốc Lếu (01/01/2020–30/06/2025) là phường: nhóm remote (xã, thị trấn thuộc "
        "miền núi, hải đảo; xã đặc biệt khó khăn) không có phường."]
    result = import_tiers(TIER_HEADER + f'02641,remote,01/08/2008,31/12/2019,"{SOURCE}"\n'
                          + f'02641,other,01/01/2020,30/06/2025,"{SOURCE}"\n')
    assert (result.problems, result.created) == ([], 2)
    assert (tier_in_year(ward, 2019), tier_in_year(ward, 2020)) == (Tier.REMOTE, Tier.OTHER)


def test_a_hai_phong_ward_of_nq_1232_is_a_city_ward_only_from_2025(an_dong):
    from_2008 = import_tiers(TIER_HEADER + f'11623,city_ward,2008-08-01,2025-06-30,"{SOURCE}"\n')
    assert [str(p) for p in from_2008.problems] == [
        "Dòng 2, cột B (tier): Xã An Đồng (01/08/2008–31/12/2024) không phải phường: nhóm city_ward chỉ dành cho "
        "phường thuộc thành phố trực thuộc Trung ương."]
    shipped = import_tiers(shipped_rows(FIXTURES / "tiers" / "city_wards.csv", {"11623"}))
    assert shipped.problems == []
    assert list(UnitTier.objects.filter(unit=an_dong).values_list("tier", "valid_from", "valid_to")) == [
        (Tier.OTHER, datetime.date(2008, 8, 1), datetime.date(2024, 12, 31)),
        (Tier.CITY_WARD, datetime.date(2025, 1, 1), datetime.date(2025, 6, 30))]
    assert (tier_in_year(an_dong, 2024), tier_in_year(an_dong, 2025)) == (Tier.OTHER, Tier.CITY_WARD)
    assert "1232/NQ-UBTVQH15" in UnitTier.objects.get(unit=an_dong, tier=Tier.OTHER).source


def test_the_shipped_lists_put_no_ward_in_the_remote_group_and_son_tay_apart():
    from communes.data import build_tiers
    from communes.sources import current_rows, pre_reform_rows

    pre, cur = pre_reform_rows(), current_rows()
    files = build_tiers.build(pre, cur)
    was_not_ward = build_tiers._not_ward_until(read_changes(sorted((FIXTURES / "unit_changes").glob("*.csv"))))
    wards = {period: {r.code for r in rows if r.level == Level.COMMUNE and r.kind == Kind.WARD}
             for period, rows in (("pre", pre), ("cur", cur))}
    remote_wards = [(code, start, end) for code, tier, start, end, _s in files["lao_cai.csv"]
                    if tier == Tier.REMOTE and code in wards["pre" if start < "2025-07-01" else "cur"]]
    # a ward of the snapshot is remote only while it was a xã or thị trấn (Sa Pa before 2020)
    assert remote_wards and all(end == was_not_ward[code][0].isoformat() for code, _start, end in remote_wards)
    assert sum(1 for row in files["lao_cai.csv"] if row[1] == Tier.OTHER) == 26
    # Sơn Tây is a thị xã: its wards are not in QĐ 34's group ("phường thuộc các quận"), but QĐ 06's is "phường
    # thuộc quận, thị xã, thành phố của thành phố trực thuộc trung ương" (from 03/01/2019)
    son_tay = {r.code for r in pre if r.parent_code == "269" and r.kind == Kind.WARD}
    assert len(son_tay) == 7
    assert {(row[1], row[2], row[3]) for row in files["city_wards.csv"] if row[0] in son_tay and row[2] < "2025"} == {
        (Tier.OTHER, "2008-08-01", "2019-01-02"), (Tier.CITY_WARD, "2019-01-03", "2025-06-30")}
    assert all("thị xã" in row[4] for row in files["city_wards.csv"]
               if row[0] in son_tay and row[1] == Tier.CITY_WARD and row[2] < "2025")
    # a commune a change list merged into another ends there in the demo's list too (NQ 813/2019, Xã Tân An)
    assert [row[2:4] for row in files["demo_bac_giang_bac_ninh.csv"] if row[0] == "07693"] == [
        ("2008-08-01", "2019-12-31")]
    hai_phong = [row for row in files["city_wards.csv"] if "1232/NQ-UBTVQH15" in row[4]]
    assert len(hai_phong) == 30 and {(r[1], r[3]) for r in hai_phong} == {(Tier.OTHER, "2024-12-31")}
