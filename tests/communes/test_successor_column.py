"""The eighth column of a change list, ``successor_code``: where a unit went when a resolution ended it (issue
20). Checked by row and column like the others; it ends the unit and the tiers that ran past that day; a list
of seven columns still loads. The shipped lists on the real units: test_mergers_before_reform.py."""

import datetime

import pytest

from communes.models import Tier, UnitTier, UnitVersion
from communes.unit_changes import import_changes

pytestmark = pytest.mark.django_db

HEADER = "level,code,valid_from,valid_to,name,parent_code,source,successor_code\n"


def test_a_merger_ends_the_unit_and_its_tier_and_records_the_successor(units):
    row = 'commune,03061,2008-08-01,2012-12-31,Xã Võ Lao,,"NQ thử: nhập xã Võ Lao vào thị trấn Khánh Yên",3055\n'
    result = import_changes(HEADER + row)
    assert result.problems == [] and result.units_ended == 1
    units.neighbour.refresh_from_db()
    assert units.neighbour.valid_to == datetime.date(2012, 12, 31)
    assert list(UnitTier.objects.filter(unit=units.neighbour).values_list("tier", "valid_to")) == [
        (Tier.REMOTE, datetime.date(2012, 12, 31))]
    assert UnitVersion.objects.get(unit=units.neighbour).successor == units.commune
    again = import_changes(HEADER + row)
    assert (again.units_ended, again.unchanged) == (0, 1)


def test_a_successor_is_checked_by_row_and_column(units):
    result = import_changes(
        HEADER
        + 'commune,03061,2008-08-01,2012-12-31,Xã Võ Lao,,"NQ thử",99999\n'
        + 'commune,03055,2008-08-01,,Thị trấn Khánh Yên,,"NQ thử",3061\n'
        + 'commune,03061,2013-01-01,2013-12-31,Xã Võ Lao,,"NQ thử",3061\n'
        + 'commune,07621,2008-08-01,2012-12-31,Xã Vân Sơn,,"NQ thử",x\n')
    assert [str(p) for p in result.problems] == [
        "Dòng 2, cột H (successor_code): không có đơn vị cấp xã mã 99999 ngày 01/01/2013 để nhận đơn vị này.",
        "Dòng 3, cột D (valid_to): đơn vị nhập vào đơn vị khác cần ngày kết thúc.",
        "Dòng 4, cột H (successor_code): đơn vị không thể nhập vào chính nó.",
        "Dòng 5, cột H (successor_code): mã “x” không phải số."]
    assert not UnitVersion.objects.exists()
    units.neighbour.refresh_from_db()
    assert units.neighbour.valid_to is None


def test_a_unit_is_not_ended_before_a_tier_or_name_it_has_later(units):
    UnitTier.objects.filter(unit=units.neighbour).update(valid_to=datetime.date(2015, 12, 31))
    UnitTier.objects.create(unit=units.neighbour, tier=Tier.OTHER, valid_from=datetime.date(2016, 1, 1),
                            source="Dữ liệu kiểm thử")
    result = import_changes(HEADER + 'commune,03061,2008-08-01,2012-12-31,Xã Võ Lao,,"NQ thử",03055\n')
    assert [str(p) for p in result.problems] == [
        "Dòng 2, cột D (valid_to): Xã Võ Lao (mã 03061) kết thúc ngày 31/12/2012 nhưng còn tên hoặc nhóm ngưỡng "
        "từ 01/01/2016: sửa các giai đoạn sau ngày kết thúc trước."]


def test_a_file_of_seven_columns_still_loads(units):
    result = import_changes("level,code,valid_from,valid_to,name,parent_code,source\n"
                            'commune,03055,2008-08-01,2012-12-31,Xã Khánh Yên,,"NQ thử"\n')
    assert result.problems == [] and result.created == 1 and result.units_ended == 0
    assert UnitVersion.objects.get().successor is None
