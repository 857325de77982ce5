import datetime

import pytest
from django.db.models import Count

from communes.models import Kind, Level, Unit, UnitTier

pytestmark = pytest.mark.django_db

BEFORE_REFORM = (datetime.date(2008, 8, 1), datetime.date(2025, 6, 30))


def counts(qs, field):
    return dict(qs.values_list(field).annotate(n=Count("id")))


def district(province_code, name):
    return Unit.objects.get(level=Level.DISTRICT, parent__code=province_code,
                            parent__valid_to=BEFORE_REFORM[1], name=name)


def test_it_loads_63_provinces_696_districts_and_10051_communes(pre_reform_import):
    out, _ = pre_reform_import
    assert out.startswith("import_units: 63 provinces, 696 districts, 10051 communes "
                          "(created 10810, updated 0)")
    assert counts(Unit.objects.all(), "level") == {
        Level.PROVINCE: 63, Level.DISTRICT: 696, Level.COMMUNE: 10051}
    assert set(Unit.objects.values_list("valid_from", "valid_to")) == {BEFORE_REFORM}


def test_kinds_come_from_the_name_prefix(pre_reform_import):
    assert counts(Unit.objects.provinces(), "kind") == {Kind.PROVINCE: 57, Kind.CENTRAL_CITY: 6}
    assert counts(Unit.objects.filter(level=Level.DISTRICT), "kind") == {
        Kind.RURAL_DISTRICT: 509, Kind.URBAN_DISTRICT: 49, Kind.TOWN: 52, Kind.PROVINCIAL_CITY: 86}
    assert counts(Unit.objects.communes(), "kind") == {
        Kind.COMMUNE: 7717, Kind.WARD: 1716, Kind.TOWNSHIP: 618}
    # the source spells two of them "Thành Phố"
    assert district("06", "Thành phố Bắc Kạn").kind == Kind.PROVINCIAL_CITY


def test_lao_cai_has_its_districts_and_communes(pre_reform_import):
    lao_cai = Unit.objects.get(level=Level.PROVINCE, code="10")
    assert (lao_cai.name, lao_cai.kind) == ("Tỉnh Lào Cai", Kind.PROVINCE)
    van_ban = district("10", "Huyện Văn Bàn")
    assert (van_ban.code, van_ban.kind, van_ban.parent) == ("089", Kind.RURAL_DISTRICT, lao_cai)
    assert van_ban.children.count() == 22
    assert van_ban.children.get(code="03055").name == "Thị trấn Khánh Yên"
    si_ma_cai = district("10", "Huyện Si Ma Cai")
    assert si_ma_cai.children.filter(name="Xã Nàn Sán", code="02800").exists()
    # Sa Pa became a town (thị xã) in 2019; the data has it as such
    sa_pa = district("10", "Thị xã Sa Pa")
    assert sa_pa.kind == Kind.TOWN
    assert sa_pa.children.filter(name="Phường Sa Pa", kind=Kind.WARD).exists()
    assert sa_pa.children.count() == 16


def test_bac_giang_has_its_ten_districts(pre_reform_import):
    names = set(Unit.objects.filter(level=Level.DISTRICT, parent__code="24")
                .values_list("name", flat=True))
    assert names == {
        "Thành phố Bắc Giang", "Thị xã Việt Yên", "Thị xã Chũ", "Huyện Yên Thế", "Huyện Tân Yên",
        "Huyện Lạng Giang", "Huyện Lục Nam", "Huyện Lục Ngạn", "Huyện Sơn Động", "Huyện Hiệp Hòa"}
    assert district("24", "Huyện Sơn Động").children.get(code="07621").name == "Xã Vân Sơn"


def test_island_districts_without_communes_are_kept(pre_reform_import):
    empty = Unit.objects.filter(level=Level.DISTRICT, children__isnull=True)
    assert set(empty.values_list("name", flat=True)) == {
        "Huyện Bạch Long Vĩ", "Huyện Cồn Cỏ", "Huyện Hoàng Sa", "Huyện Lý Sơn", "Huyện Côn Đảo"}


def test_it_records_no_tier(pre_reform_import):
    hang_trong = Unit.objects.get(level=Level.COMMUNE, code="00070")
    assert (hang_trong.name, hang_trong.parent.name) == ("Phường Hàng Trống", "Quận Hoàn Kiếm")
    assert not UnitTier.objects.exists()  # tiers come with their source from import_tiers only


def test_a_districts_subtree_holds_only_its_communes(pre_reform_import):
    van_ban = district("10", "Huyện Văn Bàn")
    subtree = Unit.objects.within(van_ban)
    assert set(subtree.exclude(pk=van_ban.pk)) == set(van_ban.children.all())
    assert set(subtree.communes().values_list("parent_id", flat=True)) == {van_ban.pk}
    # "/3/41/" must not match "/3/410/": paths end with a slash
    assert all(u.path == f"{u.parent.path}{u.pk}/" for u in subtree.select_related("parent"))
    assert Unit.objects.within(van_ban.parent).communes().count() == 151


def test_a_second_run_changes_nothing(pre_reform_import, run_import):
    out, _ = run_import("--pre-reform")
    assert "(created 0, updated 0)" in out
