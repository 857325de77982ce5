"""Mergers before the 2025 reform, as the sources say them (issue 20, "units as they were").

A change list may name, in an eighth column ``successor_code``, the unit a commune went into when a
resolution ended it. Only a source that says so fills it: NQ 813/NQ-UBTVQH14 (2019) merged Yên Dũng's Xã Tân
An into Thị trấn Tân An and Xã Nham Sơn, Xã Thắng Cương into Thị trấn Nham Biền from 1/1/2020 (Báo Bắc Giang,
30/7/2019 and 10/12/2019), three codes the snapshot still lists under Thành phố Bắc Giang until 2025. Where
no source was found (14 of the 17 communes NQ 1191/NQ-UBTVQH15 ended on 31/12/2024: Đại Hóa, …) the column stays
empty and every page says the successor is not confirmed; three of them have one (Trần Nguyên Hãn, Lê Lợi, Lão
Hộ: xemnha.vn, 8/11/2024, quoting the resolution's figures).
"""

import datetime
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from communes.importers import former_communes_without_successor
from communes.models import Level, Unit, UnitVersion
from communes.selectors import unit_on

pytestmark = pytest.mark.django_db

CHANGES = Path(settings.BASE_DIR) / "fixtures" / "unit_changes"
OLD = datetime.date(2008, 8, 1)


def _old(code):
    return Unit.objects.select_related("parent").get(level=Level.COMMUNE, code=code, valid_from=OLD)


@pytest.fixture
def changes(pre_reform_import, db):
    for path in sorted(CHANGES.glob("*.csv")):
        call_command("import_unit_changes", str(path), stdout=StringIO())


# --- the shipped list of NQ 813/2019 on the real units ------------------------------------------------------

def test_nq_813_ends_the_three_yen_dung_communes_and_names_their_successors(changes):
    merged = {code: _old(code) for code in ("07693", "07732", "07744")}
    assert {c: u.valid_to for c, u in merged.items()} == dict.fromkeys(merged, datetime.date(2019, 12, 31))
    versions = {v.unit.code: v for v in UnitVersion.objects.filter(unit__in=merged.values())
                .select_related("unit", "successor", "parent")}
    day = datetime.date(2020, 1, 1)  # the successors as named that day (wards of the city since 2025)
    assert {c: (v.name, v.parent.name, v.successor.code, unit_on(v.successor, day).name)
            for c, v in versions.items()} == {
        "07693": ("Xã Tân An", "Huyện Yên Dũng", "07682", "Thị trấn Tân An"),
        "07732": ("Xã Nham Sơn", "Huyện Yên Dũng", "07681", "Thị trấn Nham Biền"),
        "07744": ("Xã Thắng Cương", "Huyện Yên Dũng", "07681", "Thị trấn Nham Biền")}
    # the source keeps the words it was checked against
    assert "«Nhập xã Tân An với thị trấn Tân Dân để thành lập thị trấn Tân An»" in versions["07693"].source
    assert "813/NQ-UBTVQH14" in versions["07744"].source and "1-1-2020" in versions["07744"].source
    then = unit_on(merged["07693"], datetime.date(2017, 6, 1))
    assert (then.name, then.parent.name) == ("Xã Tân An", "Huyện Yên Dũng")
    # a commune that no longer existed is not among the units of a later year
    assert not Unit.objects.filter(pk=merged["07693"].pk, valid_to__gte=datetime.date(2020, 1, 1)).exists()


def test_a_second_load_and_a_new_import_of_the_snapshot_keep_them_ended(changes):
    out = StringIO()
    call_command("import_unit_changes", str(CHANGES / "nq_813_2019_yen_dung.csv"), stdout=out)
    assert "units created 0, ended 0, 3 rows (created 0, updated 0, unchanged 3)" in out.getvalue()
    call_command("import_units", pre_reform=True, verbosity=0, stdout=StringIO())
    assert _old("07693").valid_to == datetime.date(2019, 12, 31)  # the snapshot does not revive it
    assert _old("07682").valid_to == datetime.date(2025, 6, 30)


def test_import_units_links_lists_dai_hoa_with_its_end_but_not_the_communes_merged_with_a_source(changes):
    lines = former_communes_without_successor()  # no reform link loaded here: every former commune is listed
    assert "07312 Xã Đại Hóa (Huyện Tân Yên, Tỉnh Bắc Giang), kết thúc 31/12/2024" in lines
    codes = {line.split()[0] for line in lines}
    assert not codes & {"07693", "07732", "07744", "07204", "07219", "07684"}
    assert "07682" in codes  # a commune of the snapshot says no end


def test_the_nq_1191_rows_cite_the_words_of_its_day_in_force_and_of_three_mergers(changes):
    yen_dung = Unit.objects.get(level=Level.DISTRICT, code="221")
    source = UnitVersion.objects.get(unit=yen_dung).source
    assert "«The Resolution takes effect from January 1, 2025»" in source and "chưa đối chiếu" in source
    # 17 communes ended on 31/12/2024 (the resolution's "reduction of 17"): 3 with the words naming where they went
    # (xemnha.vn, 8/11/2024), 14 whose successor no source at hand names
    end = datetime.date(2024, 12, 31)
    ended = UnitVersion.objects.filter(unit__level=Level.COMMUNE, unit__valid_to=end, valid_to=end,
                                       unit__path__startswith=yen_dung.parent.path)
    assert ended.count() == 17
    assert {v.unit.name: v.successor.name for v in ended.filter(successor__isnull=False)
            .select_related("unit", "successor")} == {
        "Phường Trần Nguyên Hãn": "Phường Ngô Quyền", "Phường Lê Lợi": "Phường Trần Phú", "Xã Lão Hộ": "Phường Tân An"}
    assert "«Nhập toàn bộ diện tích tự nhiên 0,87 km2, dân số 11.950 người của phường Trần Nguyên Hãn vào phường " \
           "Ngô Quyền»" in ended.get(unit__code="07204").source
    unconfirmed = ended.filter(successor__isnull=True)
    assert unconfirmed.count() == 14 and all("CHƯA XÁC NHẬN" in v.source for v in unconfirmed)
    assert set(unconfirmed.values_list("name", flat=True)) == {
        "Xã Đại Hóa", "Xã Lan Giới", "Xã Phúc Sơn", "Xã Đồng Tân", "Xã Hoàng Lương", "Xã Hoàng An", "Xã Thái Sơn",
        "Xã Hòa Sơn", "Xã Đại Thành", "Xã Hồng Kỳ", "Xã Tân Hiệp", "Xã Mỹ Hà", "Xã Yên Mỹ", "Xã Vũ Xá"}


def test_lao_hos_page_names_phuong_tan_an(changes, client, make_user):
    province = Unit.objects.get(level=Level.PROVINCE, code="24", valid_from=OLD)
    client.force_login(make_user("provincial_staff", province))
    lao_ho = Unit.objects.get(level=Level.COMMUNE, code="07684")
    page = client.get(reverse("communes:history", args=[lao_ho.pk])).content.decode()
    assert "Từ 01/01/2025 nhập vào" in page and "Phường Tân An</a>" in page and "xemnha.vn" in page


def test_the_history_pages_name_the_successor_and_what_went_into_it(changes, client, make_user):
    province = Unit.objects.get(level=Level.PROVINCE, code="24", valid_from=OLD)
    client.force_login(make_user("provincial_staff", province))
    tan_an = _old("07693")
    page = client.get(reverse("communes:history", args=[tan_an.pk])).content.decode()
    assert 'id="merged-into"' in page and "Từ 01/01/2020 nhập vào" in page
    assert "Thị trấn Tân An</a> (nay là Phường Tân An)" in page and "813/NQ-UBTVQH14" in page
    assert 'id="successor-unconfirmed"' not in page
    town = _old("07682")
    page = client.get(reverse("communes:history", args=[town.pk])).content.decode()
    assert 'id="merged-from"' in page and "Xã Tân An</a> – đến 31/12/2019" in page


def test_the_history_page_of_dai_hoa_says_its_successor_is_not_confirmed(changes, client, make_user):
    province = Unit.objects.get(level=Level.PROVINCE, code="24", valid_from=OLD)
    client.force_login(make_user("provincial_staff", province))
    dai_hoa = Unit.objects.get(level=Level.COMMUNE, code="07312")
    page = client.get(reverse("communes:history", args=[dai_hoa.pk])).content.decode()
    assert 'id="successor-unconfirmed"' in page and "Đơn vị kế thừa: chưa xác nhận." in page
    assert "kết thúc ngày 31/12/2024" in page and "CHƯA XÁC NHẬN" in page
    assert 'id="merged-into"' not in page
