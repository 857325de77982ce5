"""Both shapes in one database: codes are reused, periods never mix."""

import datetime
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from communes.models import Level, Unit
from communes.selectors import recognising_unit, recognising_units

pytestmark = pytest.mark.django_db

REFORM = datetime.date(2025, 7, 1)
DAY_2024, DAY_2026 = datetime.date(2024, 6, 1), datetime.date(2026, 6, 1)
CHANGES = Path(settings.BASE_DIR) / "fixtures" / "unit_changes"


def test_both_shapes_coexist_with_reused_codes(both_imports):
    (pre_out, _), (current_out, _) = both_imports
    assert "(created 10810, updated 0)" in pre_out
    assert "(created 3355, updated 0)" in current_out
    assert Unit.objects.count() == 10810 + 3355
    assert Unit.objects.current().provinces().count() == 34
    assert Unit.objects.filter(valid_to=REFORM - datetime.timedelta(days=1)).provinces().count() == 63
    # code 24 was Bắc Giang, now Bắc Ninh; code 00070 was Hàng Trống, now Hoàn Kiếm
    assert sorted(Unit.objects.filter(level=Level.PROVINCE, code="24")
                  .values_list("valid_from", "name")) == [
        (datetime.date(2008, 8, 1), "Tỉnh Bắc Giang"), (REFORM, "Tỉnh Bắc Ninh")]
    assert sorted(Unit.objects.filter(level=Level.COMMUNE, code="00070")
                  .values_list("valid_from", "name")) == [
        (datetime.date(2008, 8, 1), "Phường Hàng Trống"), (REFORM, "Phường Hoàn Kiếm")]


def test_subtrees_never_cross_periods(both_imports):
    for province in Unit.objects.provinces():
        periods = set(Unit.objects.within(province).values_list("valid_from", "valid_to"))
        assert periods == {(province.valid_from, province.valid_to)}


def test_the_recognising_unit_is_the_parent_whatever_its_level(both_imports):
    old = Unit.objects.get(level=Level.COMMUNE, code="03055", valid_to__isnull=False)
    new = Unit.objects.current().get(level=Level.COMMUNE, code="00070")
    in_2024, in_2026 = recognising_unit(old, DAY_2024), recognising_unit(new, DAY_2026)
    assert (in_2024.name, in_2024.level) == ("Huyện Văn Bàn", Level.DISTRICT)  # before the reform: its district
    assert (in_2026.name, in_2026.level) == ("Thành phố Hà Nội", Level.PROVINCE)  # after: its province
    with pytest.raises(ValueError):
        recognising_unit(new.parent, DAY_2026)


def test_yen_dungs_communes_were_recognised_by_huyen_yen_dung_in_2024(both_imports):
    """The snapshot puts them under Thành phố Bắc Giang; NQ 1191/2024's change list says where they were."""
    call_command("import_unit_changes", str(CHANGES / "nq_1191_2024_bac_giang.csv"), stdout=StringIO())
    tan_an, tu_mai = (Unit.objects.select_related("parent").get(level=Level.COMMUNE, code=code,
                                                                valid_to__isnull=False) for code in ("07682", "07741"))
    assert (tan_an.parent.name, tu_mai.parent.name) == ("Thành phố Bắc Giang", "Thành phố Bắc Giang")
    with CaptureQueriesContext(connection) as queries:
        then = recognising_units([tan_an, tu_mai], DAY_2024)
    assert len(queries) == 1  # one query for any number of communes
    assert {then[tan_an.pk].name, then[tu_mai.pk].name} == {"Huyện Yên Dũng"}
    assert (then[tan_an.pk].level, then[tan_an.pk].code) == (Level.DISTRICT, "221")
    assert recognising_unit(tan_an, datetime.date(2025, 1, 1)).name == "Thành phố Bắc Giang"
    successor = Unit.objects.current().communes().filter(path__startswith=Unit.objects.current().get(
        level=Level.PROVINCE, code="24").path).first()  # Bắc Giang's communes are Bắc Ninh's after the reform
    assert (recognising_unit(successor, DAY_2026).name, recognising_unit(successor, DAY_2026).level) == (
        "Tỉnh Bắc Ninh", Level.PROVINCE)


def test_the_province_is_read_from_the_path(both_imports):
    old = Unit.objects.get(level=Level.COMMUNE, code="03055", valid_to__isnull=False)
    new = Unit.objects.current().get(level=Level.COMMUNE, code="00070")
    assert Unit.objects.get(pk=old.province_id).name == "Tỉnh Lào Cai"
    assert Unit.objects.get(pk=old.parent.province_id).name == "Tỉnh Lào Cai"
    assert Unit.objects.get(pk=new.province_id).name == "Thành phố Hà Nội"
    assert new.parent.province_id == new.parent.pk


def test_communes_within_a_unit_are_its_own_period_only(both_imports):
    old_hanoi = Unit.objects.get(level=Level.PROVINCE, code="01", valid_to__isnull=False)
    new_hanoi = Unit.objects.current().get(level=Level.PROVINCE, code="01")
    assert Unit.objects.within(new_hanoi).communes().count() == new_hanoi.children.count() == 126
    old = Unit.objects.within(old_hanoi).communes()
    assert old.count() == Unit.objects.filter(level=Level.COMMUNE, parent__parent=old_hanoi).count()
    assert not old.filter(valid_to__isnull=True).exists()
    district = Unit.objects.get(level=Level.DISTRICT, name="Huyện Văn Bàn")
    assert set(Unit.objects.within(district).communes()) == set(district.children.all())
    ward = Unit.objects.current().get(level=Level.COMMUNE, code="00070")
    assert list(Unit.objects.within(ward).communes()) == [ward]
