"""import_unit_changes reads a change list whole or not at all: every problem by row and column (issue 20)."""

import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from communes.models import Kind, Unit, UnitVersion
from communes.selectors import unit_on
from communes.unit_changes import import_changes

pytestmark = pytest.mark.django_db

HEADER = "level,code,valid_from,valid_to,name,parent_code,source\n"


def test_bad_rows_are_listed_by_row_and_column_and_nothing_is_saved(units):
    result = import_changes(
        HEADER
        + 'district,089,2008-08-01,2015-12-31,Huyện Văn Bàn Cũ,10,"NQ thử"\n'  # good, but the file is refused
        + 'county,089,2008-08-01,2015-12-31,Huyện Văn Bàn,10,"NQ thử"\n'
        + 'district,089,2008-08-01,2015-12-31,Văn Bàn,10,"NQ thử"\n'
        + 'commune,03055,31/02/2010,,Thị trấn Khánh Yên,,"NQ thử"\n'
        + 'commune,03055,2008-08-01,2009-12-31,Xã Khánh Yên,999,"NQ thử"\n'
        + 'commune,03055,2008-08-01,2009-12-31,Xã Khánh Yên,,\n'
        + 'commune,07777,2008-08-01,,Xã Mất Tên,089,"NQ thử"\n'
        + 'district,089,2010-01-01,2016-12-31,Huyện Văn Bàn,10,"NQ thử"\n')
    assert [str(p) for p in result.problems] == [
        "Dòng 3, cột A (level): cấp “county” không hợp lệ: chỉ province, district, commune.",
        "Dòng 4, cột E (name): “Văn Bàn” không bắt đầu bằng loại đơn vị của cấp này (Tỉnh, Huyện, Xã, …).",
        "Dòng 5, cột C (valid_from): “31/02/2010” không phải ngày (dd/mm/yyyy hoặc yyyy-mm-dd).",
        "Dòng 6, cột F (parent_code): không có đơn vị cấp huyện mã 999 suốt 01/08/2008–31/12/2009.",
        "Dòng 7, cột G (source): thiếu căn cứ: nghị quyết thay đổi đơn vị.",
        "Dòng 8, cột D (valid_to): không có đơn vị cấp xã mã 07777 ngày 01/08/2008: một đơn vị đã giải thể "
        "cần ngày kết thúc.",
        "Dòng 9, cột C (valid_from): thời gian áp dụng chồng lên dòng 2 (cùng đơn vị Huyện Văn Bàn).",
    ]
    assert not UnitVersion.objects.exists()


def test_a_period_beyond_the_unit_is_refused(units):
    Unit.objects.filter(pk=units.district.pk).update(valid_to=datetime.date(2025, 6, 30))
    result = import_changes(HEADER + 'district,089,2008-08-01,2026-01-01,Huyện Văn Bàn,10,"NQ thử"\n')
    assert [str(p) for p in result.problems] == [
        "Dòng 2, cột D (valid_to): Huyện Văn Bàn (mã 089) có hiệu lực 01/08/2008–30/06/2025: thời gian của "
        "dòng phải nằm trong đó."]


def test_the_command_loads_a_file_and_refuses_a_bad_one(units, tmp_path):
    good = tmp_path / "good.csv"
    good.write_text(HEADER + 'commune,03055,2008-08-01,2012-12-31,Xã Khánh Yên,,"NQ thử"\n', encoding="utf-8")
    out = StringIO()
    call_command("import_unit_changes", str(good), stdout=out)
    assert out.getvalue().strip() == ("import_unit_changes: good.csv: units created 0, ended 0, 1 rows (created 1, "
                                      "updated 0, unchanged 0)")
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + 'commune,03055,2013-01-01,2012-12-31,Xã Khánh Yên,,"NQ thử"\n', encoding="utf-8")
    with pytest.raises(CommandError, match="1 lỗi, không lưu dòng nào"):
        call_command("import_unit_changes", str(bad), stdout=StringIO(), stderr=StringIO())
    then = unit_on(Unit.objects.get(pk=units.commune.pk), datetime.date(2010, 5, 1))
    assert (then.name, then.kind, then.parent.name) == ("Xã Khánh Yên", Kind.COMMUNE, "Huyện Văn Bàn")
