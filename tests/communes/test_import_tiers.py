"""import_tiers: a province's list of commune tiers from a CSV file, all or nothing, idempotent."""

import datetime

import pytest
from django.core.management import CommandError, call_command

from communes.models import Kind, Level, Tier, UnitTier
from communes.tiers import import_tiers

pytestmark = pytest.mark.django_db

HEADER = "unit_code,tier,valid_from,valid_to,source\n"
DECISION = "Quyết định số 582/QĐ-TTg ngày 28/4/2017 (ví dụ kiểm thử)"


@pytest.fixture
def bare(units):
    """The standing units with no tier recorded yet."""
    UnitTier.objects.all().delete()
    return units


def stored():
    return sorted(UnitTier.objects.values_list("unit__code", "tier", "valid_from", "valid_to", "source"))


def test_a_good_file_is_saved_with_periods_and_sources(bare):
    result = import_tiers(HEADER
                          + f'03061,remote,01/08/2008,31/12/2020,"{DECISION}"\n'
                          + f'3061,other,2021-01-01,2025-06-30,"{DECISION}"\n'  # leading zero may be missing
                          + f'03055,OTHER,01/08/2008,,"{DECISION}"\n')
    assert (result.problems, result.created, result.updated) == ([], 3, 0)
    assert stored() == [
        ("03055", Tier.OTHER, datetime.date(2008, 8, 1), None, DECISION),
        ("03061", Tier.OTHER, datetime.date(2021, 1, 1), datetime.date(2025, 6, 30), DECISION),
        ("03061", Tier.REMOTE, datetime.date(2008, 8, 1), datetime.date(2020, 12, 31), DECISION),
    ]


def test_bad_rows_are_listed_by_row_and_column_and_nothing_is_saved(bare):
    result = import_tiers(HEADER
                          + f'03061,remote,01/08/2008,,"{DECISION}"\n'  # good, but the file is refused
                          + f'99999,remote,01/08/2008,,"{DECISION}"\n'
                          + f'03055,mountain,01/08/2008,,"{DECISION}"\n'
                          + f'03055,other,31/02/2016,,"{DECISION}"\n'
                          + '03055,other,01/08/2008,,\n'
                          + f'03055,other,01/01/2020,01/01/2019,"{DECISION}"\n'
                          + f'03055,city_ward,01/08/2008,,"{DECISION}"\n'
                          + f'03061,other,01/01/2024,,"{DECISION}"\n')
    messages = [str(p) for p in result.problems]
    assert messages == [
        "Dòng 3, cột A (unit_code): không có đơn vị cấp xã mã 99999 còn hiệu lực ngày 01/08/2008.",
        "Dòng 4, cột B (tier): nhóm “mountain” không hợp lệ: chỉ city_ward, other, remote.",
        "Dòng 5, cột C (valid_from): “31/02/2016” không phải ngày (dd/mm/yyyy hoặc yyyy-mm-dd).",
        "Dòng 6, cột E (source): thiếu căn cứ: văn bản liệt kê đơn vị vào nhóm này.",
        "Dòng 7, cột D (valid_to): ngày kết thúc 01/01/2019 trước ngày bắt đầu 01/01/2020.",
        "Dòng 8, cột B (tier): Thị trấn Khánh Yên không phải phường: nhóm city_ward chỉ dành cho phường "
        "thuộc thành phố trực thuộc Trung ương.",
        "Dòng 9, cột C (valid_from): thời gian áp dụng chồng lên dòng 2 (cùng đơn vị Xã Võ Lao).",
    ]
    assert result.created == 0 and stored() == []


def test_a_period_beyond_the_unit_or_over_a_stored_one_is_refused(bare):
    ended = bare.neighbour
    ended.valid_to = datetime.date(2025, 6, 30)
    ended.save(update_fields=["valid_to"])
    UnitTier.objects.create(unit=bare.commune, tier=Tier.OTHER, valid_from=datetime.date(2008, 8, 1),
                            source=DECISION)
    result = import_tiers(HEADER + f'03061,remote,01/08/2008,,"{DECISION}"\n'
                          + f'03055,remote,01/01/2020,,"{DECISION}"\n')
    assert [str(p) for p in result.problems] == [
        "Dòng 2, cột D (valid_to): Xã Võ Lao hết hiệu lực ngày 30/06/2025: ngày kết thúc áp dụng phải từ ngày "
        "đó trở về trước.",
        "Dòng 3, cột C (valid_from): thời gian áp dụng chồng lên nhóm đã lưu của Thị trấn Khánh Yên (other, "
        "01/08/2008–—): hãy đặt ngày kết thúc cho nhóm cũ trong tệp.",
    ]
    # closing the old period in the same file is how a tier changes
    result = import_tiers(HEADER + f'03055,other,01/08/2008,31/12/2019,"{DECISION}"\n'
                          + f'03055,remote,01/01/2020,,"{DECISION}"\n')
    assert (result.problems, result.created, result.updated) == ([], 1, 1)


def test_loading_the_same_file_twice_changes_nothing(bare):
    text = HEADER + f'03061,remote,01/08/2008,,"{DECISION}"\n' + f'03055,other,2008-08-01,,"{DECISION}"\n'
    import_tiers(text)
    before = list(UnitTier.objects.order_by("pk").values())
    again = import_tiers(text)
    assert (again.problems, again.created, again.updated, again.unchanged) == ([], 0, 0, 2)
    assert list(UnitTier.objects.order_by("pk").values()) == before


def test_a_special_zone_is_the_remote_tier(bare, make_unit):
    province = make_unit("Tỉnh Khánh Hòa", "56", Level.PROVINCE, Kind.PROVINCE, valid_from=datetime.date(2025, 7, 1))
    zone = make_unit("Đặc khu Trường Sa", "22736", Level.COMMUNE, Kind.SPECIAL_ZONE, province,
                     valid_from=datetime.date(2025, 7, 1))
    zone.tiers.all().delete()
    refused = import_tiers(HEADER + f'22736,other,01/07/2025,,"{DECISION}"\n')
    assert [str(p) for p in refused.problems] == [
        "Dòng 2, cột B (tier): Đặc khu Trường Sa là đặc khu (hải đảo): thuộc nhóm remote, không phải “other”."]
    result = import_tiers(HEADER + f'22736,,01/07/2025,,"{DECISION}"\n')
    assert result.problems == []
    assert zone.tiers.get().tier == Tier.REMOTE


def test_the_command_loads_a_file_and_refuses_a_bad_one(bare, tmp_path, capsys):
    good = tmp_path / "lao_cai.csv"
    good.write_text(HEADER + f'03061,remote,01/08/2008,,"{DECISION}"\n', encoding="utf-8")
    call_command("import_tiers", str(good))
    assert "import_tiers: lao_cai.csv: 1 rows (created 1, updated 0, unchanged 0)" in capsys.readouterr().out
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + f'03055,remote,01/08/2008,,"{DECISION}"\n' + "03055,x,,,\n", encoding="utf-8")
    with pytest.raises(CommandError, match="bad.csv: 3 lỗi, không lưu dòng nào"):
        call_command("import_tiers", str(bad))
    err = capsys.readouterr().err
    assert "Dòng 3, cột C (valid_from): thiếu ngày bắt đầu áp dụng." in err
    assert stored() == [("03061", Tier.REMOTE, datetime.date(2008, 8, 1), None, DECISION)]


def test_the_shipped_lists_are_what_build_tiers_writes(tmp_path):
    """fixtures/tiers/*.csv come from the unit lists by communes/data/build_tiers.py, not by hand."""
    from communes.data import build_tiers
    from communes.sources import current_rows, pre_reform_rows

    files = build_tiers.build(pre_reform_rows(), current_rows())
    build_tiers.write(files, tmp_path)
    for name in files:
        assert (tmp_path / name).read_bytes() == (build_tiers.OUT / name).read_bytes(), name
    assert {name: len(rows) for name, rows in files.items()} == {
        "city_wards.csv": 893, "dac_khu.csv": 13, "lao_cai.csv": 253, "demo_bac_giang_bac_ninh.csv": 311}
    # Huế's wards are city wards only from 01/01/2025, when Huế became a centrally-run city
    hue = {row[2] for row in files["city_wards.csv"] if "1314/NQ-UBTVQH15" in row[4]}
    assert hue == {"2025-01-01"}
