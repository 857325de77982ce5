"""The pure rules behind the import: no database."""

import pytest

from communes.models import Kind, Level
from communes.sources import current_rows, full_name, pad, parse_name, pre_reform_rows


@pytest.mark.parametrize("level, name, kind", [
    (Level.PROVINCE, "Thành phố Hà Nội", Kind.CENTRAL_CITY),
    (Level.PROVINCE, "Tỉnh Lào Cai", Kind.PROVINCE),
    (Level.DISTRICT, "Thành phố Lào Cai", Kind.PROVINCIAL_CITY),
    (Level.DISTRICT, "Thị xã Sa Pa", Kind.TOWN),
    (Level.DISTRICT, "Quận Hoàn Kiếm", Kind.URBAN_DISTRICT),
    (Level.DISTRICT, "Huyện Si Ma Cai", Kind.RURAL_DISTRICT),
    (Level.COMMUNE, "Thị trấn Khánh Yên", Kind.TOWNSHIP),
    (Level.COMMUNE, "Phường Sa Pa", Kind.WARD),
    (Level.COMMUNE, "Xã Tả Phìn", Kind.COMMUNE),
    (Level.COMMUNE, "Đặc khu Phú Quốc", Kind.SPECIAL_ZONE),
])
def test_the_kind_comes_from_the_name_prefix(level, name, kind):
    assert parse_name(level, name) == (kind, name)


def test_it_normalises_the_prefix_and_rejects_an_unknown_one():
    assert parse_name(Level.DISTRICT, "Thành Phố  Bắc Kạn") == (
        Kind.PROVINCIAL_CITY, "Thành phố Bắc Kạn")
    with pytest.raises(ValueError):
        parse_name(Level.COMMUNE, "Huyện Văn Bàn")


def test_short_names_get_their_prefix():
    assert full_name(Level.PROVINCE, Kind.PROVINCE, "Lào Cai") == "Tỉnh Lào Cai"
    assert full_name(Level.PROVINCE, Kind.CENTRAL_CITY, "Thành phố Huế") == "Thành phố Huế"
    assert full_name(Level.COMMUNE, Kind.WARD, "Phường Hoàn Kiếm") == "Phường Hoàn Kiếm"


def test_codes_are_padded_per_level():
    assert (pad(Level.PROVINCE, 1), pad(Level.DISTRICT, 89), pad(Level.COMMUNE, 70)) == (
        "01", "089", "00070")


def test_rows_list_parents_before_children():
    for rows in (current_rows(), pre_reform_rows()):
        seen = set()
        for row in rows:
            assert row.parent_code is None or row.parent_code in seen
            seen.add(row.code)
