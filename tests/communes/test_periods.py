"""Both shapes in one database: codes are reused, periods never mix."""

import datetime

import pytest

from communes.models import Level, Unit
from communes.selectors import recognising_unit

pytestmark = pytest.mark.django_db

REFORM = datetime.date(2025, 7, 1)


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
    assert (recognising_unit(old).name, recognising_unit(old).level) == (
        "Huyện Văn Bàn", Level.DISTRICT)
    assert (recognising_unit(new).name, recognising_unit(new).level) == (
        "Thành phố Hà Nội", Level.PROVINCE)
    with pytest.raises(ValueError):
        recognising_unit(new.parent)


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
