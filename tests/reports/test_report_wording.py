"""The commune-level units in a report's words follow the reporting province's shape: "xã, phường, thị trấn"
while it had districts, "xã, phường, đặc khu" after the 2025 reform (no township is left)."""

import datetime

from communes.models import Kind, Level
from reports.documents import letterhead
from reports.scope import Scope

TODAY = datetime.date(2026, 12, 6)


def test_a_province_before_the_reform_says_townships_and_one_after_it_special_zones(make_unit):
    old = make_unit("Tỉnh Bắc Giang", "24", Level.PROVINCE, Kind.PROVINCE, valid_from=datetime.date(2008, 1, 1),
                    valid_to=datetime.date(2025, 6, 30))
    new = make_unit("Tỉnh Bắc Ninh", "27", Level.PROVINCE, Kind.PROVINCE, valid_from=datetime.date(2025, 7, 1))
    assert letterhead(Scope(None, 2024, old), TODAY)["kinds"] == "xã, phường, thị trấn"
    head = letterhead(Scope(None, 2026, new), TODAY)
    assert head["kinds"] == "xã, phường, đặc khu" and "UBND các xã, phường, đặc khu" in head["recipients"]
