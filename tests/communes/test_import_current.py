import datetime

import pytest
from django.db.models import Count

from communes.models import Kind, Level, Tier, Unit, UnitTier

pytestmark = pytest.mark.django_db


def counts(qs, field):
    return dict(qs.values_list(field).annotate(n=Count("id")))


def test_it_imports_34_provinces_and_3321_communes_without_districts(current_import):
    units = Unit.objects.filter(valid_from=datetime.date(2025, 7, 1))
    assert counts(units, "level") == {Level.PROVINCE: 34, Level.COMMUNE: 3321}
    assert counts(units.provinces(), "kind") == {Kind.PROVINCE: 28, Kind.CENTRAL_CITY: 6}
    assert counts(units.communes(), "kind") == {
        Kind.COMMUNE: 2621, Kind.WARD: 687, Kind.SPECIAL_ZONE: 13}
    assert units.count() == units.current().count() == Unit.objects.count() == 3355


def test_it_prints_a_progress_bar_and_a_one_line_summary(current_import):
    out, err = current_import
    assert out == ("import_units: 34 provinces, 0 districts, 3321 communes "
                   f"(created 3355, updated 0) in {out.split(' in ')[1]}")
    assert out.count("\n") == 1
    assert "import_units [" in err and err.endswith("] 3355/3355\n")


def test_it_pads_codes_and_stores_full_names(current_import):
    ward = Unit.objects.select_related("parent").get(level=Level.COMMUNE, code="00070")
    assert (ward.name, ward.kind) == ("Phường Hoàn Kiếm", Kind.WARD)
    assert (ward.parent.code, ward.parent.name, ward.parent.kind) == (
        "01", "Thành phố Hà Nội", Kind.CENTRAL_CITY)
    assert Unit.objects.get(level=Level.PROVINCE, code="15").name == "Tỉnh Lào Cai"
    assert Unit.objects.get(level=Level.COMMUNE, name="Đặc khu Phú Quốc").kind == Kind.SPECIAL_ZONE
    assert (ward.valid_from, ward.valid_to) == (datetime.date(2025, 7, 1), None)
    assert not Unit.objects.exclude(name__regex=r"^(Tỉnh|Thành phố|Xã|Phường|Đặc khu) ").exists()


def test_it_records_no_tier(current_import):
    assert not UnitTier.objects.exists()  # tiers come with their source from import_tiers only


def test_every_path_is_the_chain_of_primary_keys(current_import):
    for unit in Unit.objects.select_related("parent"):
        expected = f"/{unit.parent_id}/{unit.pk}/" if unit.parent_id else f"/{unit.pk}/"
        assert unit.path == expected


def test_a_second_run_changes_nothing(current_import, run_import):
    before = list(Unit.objects.values_list("pk", "code", "name", "kind", "parent_id", "path"))
    out, _ = run_import()
    assert "(created 0, updated 0)" in out
    assert list(Unit.objects.values_list("pk", "code", "name", "kind", "parent_id", "path")) == before


def test_a_rerun_restores_names_but_keeps_a_tier_set_by_an_administrator(current_import, run_import):
    Unit.objects.filter(level=Level.COMMUNE, code="00070").update(name="Phường Cũ")
    remote = UnitTier.objects.create(unit=Unit.objects.get(level=Level.COMMUNE, code="02680"), tier=Tier.REMOTE,
                                     valid_from=datetime.date(2025, 7, 1), source="Quyết định của tỉnh")
    out, _ = run_import()
    assert "(created 0, updated 1)" in out
    assert Unit.objects.get(level=Level.COMMUNE, code="00070").name == "Phường Hoàn Kiếm"
    assert UnitTier.objects.get().pk == remote.pk


def test_it_creates_a_unit_missing_from_the_database_under_its_parent(current_import, run_import):
    Unit.objects.filter(level=Level.COMMUNE, code="00070").update(code="99999")
    out, _ = run_import()
    assert "(created 1, updated 0)" in out
    ward = Unit.objects.get(level=Level.COMMUNE, code="00070")
    assert ward.path == f"{ward.parent.path}{ward.pk}/"
