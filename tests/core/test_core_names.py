"""core.names.bare_name: a unit's name without its kind prefix (pure)."""

import pytest

from core.names import bare_name


@pytest.mark.parametrize("name, bare", [
    ("Tỉnh Ninh Thuận", "Ninh Thuận"),
    ("Thành phố Phan Rang-Tháp Chàm", "Phan Rang-Tháp Chàm"),
    ("Huyện Ninh Sơn", "Ninh Sơn"),
    ("Thị xã Sa Pa", "Sa Pa"),
    ("Thị trấn Khánh Yên", "Khánh Yên"),
    ("Phường Suối Hoa", "Suối Hoa"),
    ("Xã Võ Lao", "Võ Lao"),
    ("Quận Ba Đình", "Ba Đình"),
    ("Đặc khu Phú Quốc", "Phú Quốc"),
    ("TT. Đồi Ngô", "Đồi Ngô"),
    ("  Huyện Si Ma Cai ", "Si Ma Cai"),
    ("Xãi Lâm", "Xãi Lâm"),  # no space after: not a prefix
    ("Bắc Giang", "Bắc Giang"),
])
def test_it_drops_the_kind_prefix(name, bare):
    assert bare_name(name) == bare
