"""The report workbook keeps typed text (unit names as an administrator entered them, a target's
source) as text: no formula, no link."""

import datetime

from communes.models import Unit
from reports import exports
from reports.models import Target
from reports.scope import Scope
from tests.excel_formulas import PLANTED, assert_user_text_is_text

LINK, PLUS, MINUS, AT, TAB = PLANTED


def test_the_report_workbook_stores_typed_text_as_text(world, cast, tmp_path):
    for unit, name in ((world.tan_son, LINK), (world.lam_son, PLUS), (world.luong_son, MINUS),
                       (world.phuoc_binh, AT), (world.ninh_son, TAB)):
        Unit.objects.filter(pk=unit.pk).update(name=name)
    Target.objects.filter(unit=world.ninh_son).update(source=LINK)
    path = tmp_path / "tong-hop.xlsx"
    exports.write_workbook(Scope(cast.provincial, 2024, world.nt), path, today=datetime.date(2025, 1, 15))
    assert_user_text_is_text(str(path), [LINK, PLUS, MINUS, AT, TAB])
