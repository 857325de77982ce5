"""import_unit_changes: names, kinds and parents of units by period, from a CSV per resolution (issue 20).

The pre-reform list is a snapshot of mid-2025, so Sa Pa is "Thị xã Sa Pa" from 2008 there; the change
lists shipped under fixtures/unit_changes/ say what units were before NQ 767/2019 (Sa Pa), NQ 1191/2024
(Bắc Giang: Yên Dũng, Thị xã Chũ) and NQ 1232/2024 (Hải Phòng's 30 wards). unit_on / units_on read them.
"""

import datetime
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from communes.models import Kind, Level, Unit, UnitVersion
from communes.selectors import unit_on, units_on
from communes.unit_changes import import_changes

CHANGES = Path(settings.BASE_DIR) / "fixtures" / "unit_changes"
FILES = sorted(CHANGES.glob("*.csv"))
HEADER = "level,code,valid_from,valid_to,name,parent_code,source\n"
DAY_2017, DAY_2024, DAY_2025 = datetime.date(2017, 6, 1), datetime.date(2024, 5, 23), datetime.date(2025, 3, 1)


def _unit(level, code):
    return Unit.objects.select_related("parent").get(level=level, code=code, valid_to__isnull=False,
                                                     valid_from=datetime.date(2008, 8, 1))


@pytest.fixture
def changes(pre_reform_import, db):
    """The pre-reform units with every shipped change list loaded."""
    for path in FILES:
        call_command("import_unit_changes", str(path), stdout=StringIO())


def test_the_shipped_lists_load_and_a_second_load_changes_nothing(pre_reform_import, db):
    assert [p.name for p in FILES] == ["nq_1191_2024_bac_giang.csv", "nq_1232_2024_hai_phong.csv",
                                       "nq_767_2019_sa_pa.csv", "nq_813_2019_yen_dung.csv",
                                       "nq_938_2023_viet_yen.csv"]
    first = [import_changes(p.read_text(encoding="utf-8")) for p in FILES]
    assert [r.problems for r in first] == [[], [], [], [], []]
    # NQ 1191: Huyện Yên Dũng and 17 communes that ended with it (Lão Hộ, Đại Hóa, Quang Minh's neighbours …);
    # NQ 813/2019: three communes of the snapshot ended on 31/12/2019 (merged into two thị trấn)
    assert [(r.units_created, r.units_ended, r.created) for r in first] == [
        (18, 0, 60), (0, 0, 32), (0, 0, 10), (0, 3, 3), (0, 0, 10)]
    stored = sorted(UnitVersion.objects.values_list("unit_id", "valid_from", "valid_to", "name", "kind",
                                                    "parent_id", "source"))
    units = Unit.objects.count()
    again = [import_changes(p.read_text(encoding="utf-8")) for p in FILES]
    assert [(r.units_created, r.units_ended, r.created, r.updated, r.unchanged) for r in again] == [
        (0, 0, 0, 0, 60), (0, 0, 0, 0, 32), (0, 0, 0, 0, 10), (0, 0, 0, 0, 3), (0, 0, 0, 0, 10)]
    assert Unit.objects.count() == units
    assert sorted(UnitVersion.objects.values_list("unit_id", "valid_from", "valid_to", "name", "kind",
                                                  "parent_id", "source")) == stored


def test_sa_pa_was_a_rural_district_until_2020(changes):
    district, ward = _unit(Level.DISTRICT, "088"), _unit(Level.COMMUNE, "03001")
    assert (district.name, ward.name) == ("Thị xã Sa Pa", "Phường Sa Pa")  # the snapshot's names
    then = unit_on(ward, DAY_2017)
    assert (then.name, then.kind, then.parent.name, then.parent.kind) == (
        "Thị trấn Sa Pa", Kind.TOWNSHIP, "Huyện Sa Pa", Kind.RURAL_DISTRICT)
    assert then.parent.parent.name == "Tỉnh Lào Cai"
    assert unit_on(district, datetime.date(2019, 12, 31)).name == "Huyện Sa Pa"
    now = unit_on(ward, datetime.date(2020, 1, 1))
    assert (now.name, now.parent.name) == ("Phường Sa Pa", "Thị xã Sa Pa")


def test_bac_giang_2024_has_yen_dung_and_luc_ngan_as_they_were(changes):
    tan_an, kien_thanh = _unit(Level.COMMUNE, "07682"), _unit(Level.COMMUNE, "07558")
    before = units_on([tan_an, kien_thanh], DAY_2024)
    assert (before[tan_an.pk].name, before[tan_an.pk].parent.name) == ("Thị trấn Tân An", "Huyện Yên Dũng")
    assert (before[kien_thanh.pk].name, before[kien_thanh.pk].parent.name) == ("Xã Kiên Thành", "Huyện Lục Ngạn")
    yen_dung = Unit.objects.get(level=Level.DISTRICT, code="221")  # created by the change list: it ended
    assert (yen_dung.valid_from, yen_dung.valid_to, yen_dung.parent.name) == (
        datetime.date(2008, 8, 1), datetime.date(2024, 12, 31), "Tỉnh Bắc Giang")
    assert yen_dung.path.startswith(yen_dung.parent.path)
    # NQ 1191 took effect on 1/1/2025: an act of December 2024 still sees huyện Yên Dũng
    assert units_on([tan_an], datetime.date(2024, 12, 31))[tan_an.pk].parent.name == "Huyện Yên Dũng"
    after = units_on([tan_an, kien_thanh], datetime.date(2025, 1, 1))
    assert (after[tan_an.pk].name, after[tan_an.pk].parent.name) == ("Phường Tân An", "Thành phố Bắc Giang")
    assert after[kien_thanh.pk].parent.name == "Thị xã Chũ"


def test_bac_giang_2024_has_the_communes_nq_1191_merged(changes):
    """Quang Minh's code went on as Xã Sơn Thịnh; Đại Hóa and Lão Hộ ended on 31/12/2024 (created, with their
    district of then); Tân Yên and Hiệp Hòa are named with their 2024 communes."""
    quang_minh = _unit(Level.COMMUNE, "07843")
    assert quang_minh.name == "Xã Sơn Thịnh"
    then = unit_on(quang_minh, DAY_2024)
    assert (then.name, then.parent.name) == ("Xã Quang Minh", "Huyện Hiệp Hòa")
    assert unit_on(quang_minh, DAY_2025).name == "Xã Sơn Thịnh"
    ended = {u.code: u for u in Unit.objects.filter(level=Level.COMMUNE, code__in=["07312", "07684"])
             .select_related("parent")}
    assert {c: (u.name, u.parent.name, u.valid_to) for c, u in ended.items()} == {
        "07312": ("Xã Đại Hóa", "Huyện Tân Yên", datetime.date(2024, 12, 31)),
        "07684": ("Xã Lão Hộ", "Huyện Yên Dũng", datetime.date(2024, 12, 31))}
    assert "CHƯA XÁC NHẬN" in UnitVersion.objects.get(unit=ended["07312"]).source  # whom it joined
    yen_dung = Unit.objects.get(level=Level.DISTRICT, code="221")
    assert Unit.objects.filter(parent=yen_dung).count() == 1  # Lão Hộ; the other 17 moved to the city
    in_2024 = units_on(list(Unit.objects.communes().filter(valid_from__lte=DAY_2024, valid_to__gte=DAY_2024,
                                                            path__startswith=yen_dung.parent.path)), DAY_2024)
    assert sum(u.parent_id == yen_dung.pk for u in in_2024.values()) == 18  # 2 thị trấn, 16 xã


def test_viet_yen_was_a_rural_district_until_february_2024(changes):
    district, nenh = _unit(Level.DISTRICT, "222"), _unit(Level.COMMUNE, "07795")
    assert (district.name, nenh.name) == ("Thị xã Việt Yên", "Phường Nếnh")
    then = unit_on(nenh, datetime.date(2024, 1, 31))
    assert (then.name, then.kind, then.parent.name, then.parent.kind) == (
        "Thị trấn Nếnh", Kind.TOWNSHIP, "Huyện Việt Yên", Kind.RURAL_DISTRICT)
    assert unit_on(nenh, datetime.date(2024, 2, 1)).parent.name == "Thị xã Việt Yên"


def test_hai_phong_wards_of_nq_1232_were_communes_until_2025(changes):
    wards = list(Unit.objects.filter(code__in=["11473", "11587", "11623"], level=Level.COMMUNE,
                                     valid_to__isnull=False).select_related("parent"))
    before, after = units_on(wards, datetime.date(2024, 12, 31)), units_on(wards, DAY_2025)
    assert sorted((u.name, u.kind, u.parent.name) for u in before.values()) == [
        ("Thị trấn Minh Đức", Kind.TOWNSHIP, "Huyện Thuỷ Nguyên"),
        ("Xã An Đồng", Kind.COMMUNE, "Huyện An Dương"),
        ("Xã Đại Bản", Kind.COMMUNE, "Huyện An Dương")]
    assert sorted((u.name, u.kind, u.parent.name) for u in after.values()) == [
        ("Phường An Đồng", Kind.WARD, "Quận An Dương"),
        ("Phường Minh Đức", Kind.WARD, "Thành phố Thuỷ Nguyên"),
        ("Phường Đại Bản", Kind.WARD, "Quận Hồng Bàng")]
    assert UnitVersion.objects.filter(unit__parent__parent__code="31", kind=Kind.WARD).count() == 0
    assert UnitVersion.objects.filter(unit__parent__parent__code="31", unit__level=Level.COMMUNE).count() == 30


def test_many_units_are_named_in_one_query(changes, django_assert_num_queries):
    communes = list(Unit.objects.filter(level=Level.COMMUNE, valid_to__isnull=False,
                                        code__startswith="030").select_related("parent"))
    assert len(communes) > 20
    with django_assert_num_queries(1):
        named = units_on(communes, DAY_2017)
        names = {u.parent.name for u in named.values() if u.parent.code == "088"}
    assert names == {"Huyện Sa Pa"}
    bare = list(Unit.objects.filter(level=Level.COMMUNE, code__startswith="030", valid_to__isnull=False))
    with django_assert_num_queries(2):  # parents not loaded with the units: one more query, not one each
        units_on(bare, DAY_2017)


def test_a_unit_as_of_a_day_cannot_be_saved(changes):
    then = unit_on(_unit(Level.DISTRICT, "088"), DAY_2017)
    with pytest.raises(TypeError):
        then.save()
    assert Unit.objects.get(pk=then.pk).name == "Thị xã Sa Pa"
