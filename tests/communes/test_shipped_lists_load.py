"""The shipped tier lists load on the whole country once the shipped change lists are in (issue 20): the
tiers follow the kinds of their time, so lao_cai.csv (Sa Pa's wards remote while they were xã or thị trấn)
and city_wards.csv (Hải Phòng's wards of 2025) are refused before, by row, and load twice unchanged after."""

from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from communes.models import Tier, UnitTier

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
TIERS = [str(FIXTURES / "tiers" / name) for name in ("city_wards.csv", "dac_khu.csv", "lao_cai.csv")]


def test_the_tiers_follow_the_change_lists(both_imports, db):
    err = StringIO()
    with pytest.raises(CommandError, match="lao_cai.csv: 3 lỗi, không lưu dòng nào"):
        call_command("import_tiers", TIERS[2], stdout=StringIO(), stderr=err)
    # without the change list of NQ 767/2019, Sa Pa's three wards look like wards in 2008–2019 too
    assert [line.split(": ", 1)[1].split(" là ")[0] for line in err.getvalue().splitlines()] == [
        "Phường Sa Pa", "Phường Hàm Rồng", "Phường Cầu Mây"]
    call_command("import_unit_changes", *map(str, sorted((FIXTURES / "unit_changes").glob("*.csv"))),
                 stdout=StringIO())
    out = StringIO()
    call_command("import_tiers", *TIERS, stdout=out)
    assert "lao_cai.csv: 253 rows (created 253" in out.getvalue()
    stored = sorted(UnitTier.objects.values_list("unit_id", "tier", "valid_from", "valid_to", "source"))
    again = StringIO()
    call_command("import_tiers", *TIERS, stdout=again)
    assert "lao_cai.csv: 253 rows (created 0, updated 0, unchanged 253)" in again.getvalue()
    assert sorted(UnitTier.objects.values_list("unit_id", "tier", "valid_from", "valid_to", "source")) == stored
    assert not UnitTier.objects.filter(tier=Tier.REMOTE, unit__kind="phuong", valid_from__year__gte=2020).exists()


def test_son_tays_wards_are_city_wards_from_qd_06_and_the_merged_three_end_in_2019(both_imports, db):
    """QĐ 34's 850-point group is "phường thuộc các quận", QĐ 06's 900-point one "phường thuộc quận, thị xã, thành
    phố của thành phố trực thuộc trung ương": a ward of thị xã Sơn Tây is `other` in 2018 and a city ward in 2019.
    The demo's list cuts the three Yên Dũng communes NQ 813 merged on 31/12/2019, so it loads after the change
    lists that end them."""
    import datetime

    from communes.models import Level, Unit
    from communes.selectors import tier_in_year

    call_command("import_unit_changes", *map(str, sorted((FIXTURES / "unit_changes").glob("*.csv"))),
                 stdout=StringIO())
    call_command("import_tiers", TIERS[0], str(FIXTURES / "tiers" / "demo_bac_giang_bac_ninh.csv"), stdout=StringIO())
    son_tay = Unit.objects.get(level=Level.DISTRICT, code="269")
    wards = list(Unit.objects.filter(parent=son_tay, kind="phuong"))
    assert len(wards) == 7
    assert {(tier_in_year(w, 2018), tier_in_year(w, 2019), tier_in_year(w, 2024)) for w in wards} == {
        (Tier.OTHER, Tier.CITY_WARD, Tier.CITY_WARD)}
    tan_an = Unit.objects.get(level=Level.COMMUNE, code="07693", valid_from=datetime.date(2008, 8, 1))
    assert list(UnitTier.objects.filter(unit=tan_an).values_list("valid_to", flat=True)) == [
        datetime.date(2019, 12, 31)]
