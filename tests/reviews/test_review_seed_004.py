"""Seed 004 recreated: a Kon Tum district's plan for the 2015–2020 review (tổng kết) of the child programmes,
whose part II.3 reviews building child-friendly communes; communes report to the district by 10/11/2020, the
district to the provincial department (Sở Lao động - Thương binh và Xã hội) by 25/11/2020; signed by Pờ Ly Hảo,
Phó Chủ tịch, for the district People's Committee (TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH).

The seed names neither its district nor its number and date: the test stands it in Huyện Ia H' Drai
(code 618, its three communes, pre-reform list of vietnam-provinces 0.6.0) and leaves the number blank, as
the record would; everything else is the seed's."""

import datetime

import pytest
from django.urls import reverse

from accounts.models import Notification
from communes.models import Kind, Level
from reviews import services as reviews
from tests.factories import CommuneOfficerFactory, DistrictOfficerFactory, ProvincialStaffFactory, RoundFactory
from tests.factories import recorded_assessment as assess

pytestmark = pytest.mark.django_db
TITLE = ("Tổng kết đánh giá kết quả thực hiện Chương trình bảo vệ trẻ em và Chương trình hành động vì trẻ em "
         "trên địa bàn huyện")
BASIS = ("Thực hiện Kế hoạch số 3461/KH-BCĐ ngày 14/9/2020 của Ban Chỉ đạo Chương trình hành động vì trẻ em tỉnh "
         "Kon Tum; Công văn số 1493/SLĐTBXH-BVCSTE&BDG ngày 16/9/2020 của Sở Lao động - Thương binh và Xã hội")


@pytest.fixture
def kon_tum(make_unit, standards):
    end = datetime.date(2025, 6, 30)
    province = make_unit("Tỉnh Kon Tum", "62", Level.PROVINCE, Kind.PROVINCE, valid_to=end)
    district = make_unit("Huyện Ia H' Drai", "618", Level.DISTRICT, Kind.RURAL_DISTRICT, province, valid_to=end)
    communes = [make_unit(name, code, Level.COMMUNE, Kind.COMMUNE, district, valid_to=end)
                for name, code in (("Xã Ia Đal", "23535"), ("Xã Ia Dom", "23537"), ("Xã Ia Tơi", "23538"))]
    std = standards["06/QĐ-TTg"]
    for year in (2019, 2020):
        r = RoundFactory(province=province, year=year, standard=std)
        assess(r, communes[0], "recognised")
        if year == 2020:  # Ia Dom loses its recognition: criterion 4 at 0
            assess(r, communes[1], "not_recognised", points={4: 0})
        else:
            assess(r, communes[1], "recognised")
    return province, district, communes


@pytest.fixture
def seed(kon_tum):
    province, district, communes = kon_tum
    office = DistrictOfficerFactory(unit=district)
    officers = [CommuneOfficerFactory(unit=c) for c in communes]
    staff = ProvincialStaffFactory(unit=province)
    r = reviews.review_round_open(by=office, kind="final", year_from=2015, year_to=2020, title=TITLE, basis=BASIS,
                                  commune_due=datetime.date(2020, 11, 10), unit_due=datetime.date(2020, 11, 25),
                                  signer_name="Pờ Ly Hảo", signer_title="Phó Chủ tịch")
    return r, office, officers, staff, district, communes


def test_seed_004_is_a_review_round_with_its_two_deadlines(seed, client):
    r, office, officers, staff, district, communes = seed
    assert (r.kind, r.year_from, r.year_to, r.commune_due, r.unit_due) == (
        "final", 2015, 2020, datetime.date(2020, 11, 10), datetime.date(2020, 11, 25))
    assert sorted(r.parts.values_list("unit__code", flat=True)) == ["23535", "23537", "23538", "618"]
    for officer in officers:  # each commune is told its deadline
        assert "10/11/2020" in Notification.objects.get(recipient=officer).subject
    assert "25/11/2020" in Notification.objects.get(recipient=office).subject
    client.force_login(office)
    html = " ".join(client.get(reverse("reviews:round", args=[r.pk])).content.decode().split())
    assert "chậm nhất ngày <strong>10/11/2020</strong>" in html and "chậm nhất ngày <strong>25/11/2020</strong>" in html
    assert "3461/KH-BCĐ" in html
