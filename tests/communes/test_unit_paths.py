"""A unit's path is its ancestors' primary keys and its own: set by communes.services, never empty."""

import dataclasses
import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from communes.importers import import_units
from communes.models import Kind, Level, Unit
from communes.services import unit_create, unit_move, unit_path, units_update
from communes.sources import UnitRow

pytestmark = pytest.mark.django_db
SINCE = datetime.date(2008, 8, 1)


@pytest.fixture
def tree():
    """Two provinces; Văn Bàn district with two communes under the first."""
    lao_cai = unit_create(code="10", name="Tỉnh Lào Cai", level=Level.PROVINCE, kind=Kind.PROVINCE, valid_from=SINCE)
    bac_giang = unit_create(code="24", name="Tỉnh Bắc Giang", level=Level.PROVINCE, kind=Kind.PROVINCE,
                            valid_from=SINCE)
    van_ban = unit_create(code="089", name="Huyện Văn Bàn", level=Level.DISTRICT, kind=Kind.RURAL_DISTRICT,
                          parent=lao_cai, valid_from=SINCE)
    khanh_yen = unit_create(code="03055", name="Thị trấn Khánh Yên", level=Level.COMMUNE, kind=Kind.TOWNSHIP,
                            parent=van_ban, valid_from=SINCE)
    vo_lao = unit_create(code="03061", name="Xã Võ Lao", level=Level.COMMUNE, kind=Kind.COMMUNE, parent=van_ban,
                         valid_from=SINCE)
    return lao_cai, bac_giang, van_ban, khanh_yen, vo_lao


def fresh(unit):
    return Unit.objects.get(pk=unit.pk)


def test_a_created_unit_has_the_chain_of_primary_keys_as_its_path(tree):
    lao_cai, _, van_ban, khanh_yen, _ = tree

    assert fresh(lao_cai).path == f"/{lao_cai.pk}/"
    assert fresh(van_ban).path == f"/{lao_cai.pk}/{van_ban.pk}/"
    assert fresh(khanh_yen).path == khanh_yen.path == f"/{lao_cai.pk}/{van_ban.pk}/{khanh_yen.pk}/"
    assert unit_path(parent=van_ban, pk=khanh_yen.pk) == khanh_yen.path


def test_moving_a_district_moves_its_communes_paths(tree):
    lao_cai, bac_giang, van_ban, khanh_yen, vo_lao = tree

    moved = unit_move(unit=van_ban, parent=bac_giang)

    assert moved.path == fresh(van_ban).path == f"/{bac_giang.pk}/{van_ban.pk}/"
    assert fresh(van_ban).parent == bac_giang
    for commune in (khanh_yen, vo_lao):
        assert fresh(commune).path == f"/{bac_giang.pk}/{van_ban.pk}/{commune.pk}/"
    assert set(Unit.objects.within(bac_giang)) == {bac_giang, van_ban, khanh_yen, vo_lao}
    assert list(Unit.objects.within(fresh(lao_cai))) == [lao_cai]


def test_a_unit_cannot_move_under_itself_or_its_own_subtree(tree):
    _, _, van_ban, khanh_yen, _ = tree

    for parent in (van_ban, khanh_yen):
        with pytest.raises(ValidationError):
            unit_move(unit=van_ban, parent=parent)
    assert fresh(khanh_yen).path == khanh_yen.path


def test_the_path_is_not_written_by_hand(tree):
    with pytest.raises(ValueError):
        units_update([tree[0]], ["path"])


@pytest.mark.parametrize("path", ["", "/", "12/", "/12", "/1/2/"])
def test_the_database_refuses_an_empty_or_malformed_path(tree, path):
    """ "/1/2/" is well formed, but a province (no parent) has a path of one key."""
    with pytest.raises(IntegrityError), transaction.atomic():
        Unit.objects.filter(pk=tree[0].pk).update(path=path)


def test_the_database_refuses_a_commune_saved_with_the_path_of_a_province(tree):
    with pytest.raises(IntegrityError), transaction.atomic():
        Unit.objects.filter(pk=tree[3].pk).update(path=f"/{tree[3].pk}/")


def test_a_unit_created_without_the_service_is_refused():
    with pytest.raises(IntegrityError), transaction.atomic():
        Unit.objects.create(code="10", name="Tỉnh Lào Cai", level=Level.PROVINCE, kind=Kind.PROVINCE,
                            valid_from=SINCE)


def test_no_unit_has_a_path_that_is_a_prefix_of_every_path(tree):
    """``path__startswith=unit.path`` is the scope test of every page: no saved unit selects the whole
    country, and an unsaved one (no path) is refused rather than read as "everything"."""
    for unit in Unit.objects.all():
        assert Unit.objects.within(unit).count() < Unit.objects.count()
    with pytest.raises(ValueError):
        Unit.objects.within(Unit(code="99", name="chưa lưu"))


def test_the_importer_moves_a_district_with_its_communes_when_its_province_changes():
    def row(level, code, name, kind, parent=None):
        return UnitRow(level, code, name, kind, parent)

    provinces = [row(Level.PROVINCE, "10", "Tỉnh Lào Cai", Kind.PROVINCE),
                 row(Level.PROVINCE, "24", "Tỉnh Bắc Giang", Kind.PROVINCE)]
    district = row(Level.DISTRICT, "089", "Huyện Văn Bàn", Kind.RURAL_DISTRICT, "10")
    commune = row(Level.COMMUNE, "03055", "Thị trấn Khánh Yên", Kind.TOWNSHIP, "089")
    import_units([*provinces, district, commune], valid_from=SINCE, valid_to=None)
    first = {u.code: u for u in Unit.objects.all()}
    assert first["03055"].path == f"/{first['10'].pk}/{first['089'].pk}/{first['03055'].pk}/"

    # the next file lists the district under the other province, and not its commune
    import_units([*provinces, dataclasses.replace(district, parent_code="24")], valid_from=SINCE, valid_to=None)

    units = {u.code: u for u in Unit.objects.all()}
    assert {code: u.pk for code, u in units.items()} == {code: u.pk for code, u in first.items()}
    assert units["089"].path == f"/{units['24'].pk}/{units['089'].pk}/"
    assert units["03055"].path == f"/{units['24'].pk}/{units['089'].pk}/{units['03055'].pk}/"
