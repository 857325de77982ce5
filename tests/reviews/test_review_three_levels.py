"""A province's review of the years with districts (before 1/7/2025) follows the levels of that period: each
commune sends its part to its district by the communes' deadline, each district sees its communes' parts side by
side, writes its own and sends it to the province by the districts' deadline, the province sees the districts'
parts side by side, returns one for more, writes its own and sends it upward. Every act is checked on the
server: only the receiving unit's office returns a part, only a part's own office writes it. Ninh Thuận 2024 of
the reports' world: Ninh Sơn (5 communes) and Bác Ái (2)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse

from accounts.models import Notification
from reviews import services as reviews
from reviews.models import ReviewPart, ReviewRound
from tests.pdf import pdf_text

pytestmark = pytest.mark.django_db
TEXTS = {"results": "Duy trì đạt chuẩn.", "shortcomings": "Thiếu cộng tác viên thôn.",
         "lessons": "Phân công rõ từng ngành.", "proposals": "Bổ sung kinh phí."}
D = datetime.date


def _open(cast, **dues):
    dues = {"commune_due": D(2024, 11, 10), "district_due": D(2024, 11, 20), "unit_due": D(2024, 11, 30)} | dues
    return reviews.review_round_open(by=cast.provincial, kind="final", year_from=2023, year_to=2024,
                                     title="Tổng kết xây dựng xã phù hợp với trẻ em của tỉnh", **dues)


@pytest.fixture
def review(world, cast):
    return _open(cast)


def _send(part, by, on):
    part = reviews.part_save(by=by, part_id=part.pk, seen_version=part.version, **TEXTS)
    return reviews.part_submit(by=by, part_id=part.pk, seen_version=part.version, on=on)


def test_the_round_has_the_three_levels_of_2024(review, world, cast):
    parts = {p.unit_id: p for p in review.parts.select_related("above__unit", "unit")}
    own, ninh_son, bac_ai = parts[world.nt.pk], parts[world.ninh_son.pk], parts[world.bac_ai.pk]
    assert own.above is None and own.due == D(2024, 11, 30)
    assert ninh_son.above == own and bac_ai.above == own and ninh_son.is_middle
    assert ninh_son.due == D(2024, 11, 20)
    for commune in (world.tan_son, world.lam_son, world.luong_son, world.quang_son, world.my_son):
        assert parts[commune.pk].above == ninh_son and parts[commune.pk].due == D(2024, 11, 10)
    for commune in (world.phuoc_binh, world.phuoc_hoa):
        assert parts[commune.pk].above == bac_ai
    assert len(parts) == 10
    # each writer is told its own deadline
    assert "20/11/2024" in Notification.objects.get(recipient=cast.district).subject
    assert "20/11/2024" in Notification.objects.get(recipient=cast.other_district).subject
    assert "10/11/2024" in Notification.objects.get(recipient=cast.commune).subject
    assert "30/11/2024" in Notification.objects.get(recipient=cast.provincial).subject


def test_the_districts_deadline_is_required_and_in_order(world, cast):
    with pytest.raises(ValidationError, match="hạn cấp huyện gửi báo cáo lên tỉnh"):
        _open(cast, district_due=None)
    for wrong in (D(2024, 11, 5), D(2024, 12, 5)):
        with pytest.raises(ValidationError, match="theo thứ tự"):
            _open(cast, district_due=wrong)
    assert not ReviewRound.objects.exists() and not ReviewPart.objects.exists()


def test_a_districts_round_keeps_two_levels_and_no_districts_deadline(world, cast):
    r = reviews.review_round_open(by=cast.district, kind="final", year_from=2023, year_to=2024, title="Tổng kết",
                                  commune_due=D(2024, 11, 10), district_due=D(2024, 11, 20),
                                  unit_due=D(2024, 11, 25))
    assert r.district_due is None and not r.three_levels
    own = r.parts.get(unit=world.ninh_son)
    assert set(r.parts.exclude(pk=own.pk).values_list("above", flat=True)) == {own.pk}


def test_commune_to_district_to_province(review, world, cast, client, make_user):
    parts = {p.unit_id: p for p in review.parts.all()}
    tan_son, ninh_son, own = parts[world.tan_son.pk], parts[world.ninh_son.pk], parts[world.nt.pk]
    Notification.objects.all().delete()

    # the commune sends to its district: the district's office is told, the province is not
    _send(tan_son, cast.commune, D(2024, 11, 9))
    assert Notification.objects.filter(recipient=cast.district, key__startswith=f"review-part:{tan_son.pk}:submit")
    assert not Notification.objects.filter(recipient=cast.provincial).exists()
    tan_son.refresh_from_db()
    with pytest.raises(PermissionDenied):  # the province does not return a commune's part: its district does
        reviews.part_return(by=cast.provincial, part_id=tan_son.pk, seen_version=tan_son.version, comment="Bổ sung")
    with pytest.raises(PermissionDenied):  # nor does another district
        reviews.part_return(by=cast.other_district, part_id=tan_son.pk, seen_version=tan_son.version, comment="x")

    # the district sees its communes side by side, then writes its own and sends it to the province
    client.force_login(cast.district)
    html = client.get(reverse("reviews:part", args=[ninh_son.pk])).content.decode()
    assert 'id="communes-side-by-side"' in html and "Báo cáo của cấp xã" in html
    assert TEXTS["shortcomings"] in html and "Xã Lâm Sơn" in html and "Phước Bình" not in html
    assert "Hạn gửi về Tỉnh Ninh Thuận" in html
    with pytest.raises(PermissionDenied):  # Bác Ái's office does not write Ninh Sơn's part
        reviews.part_save(by=cast.other_district, part_id=ninh_son.pk, seen_version=0, **TEXTS)
    with pytest.raises(PermissionDenied):  # nor the province
        reviews.part_save(by=cast.provincial, part_id=ninh_son.pk, seen_version=0, **TEXTS)
    page = client.post(reverse("reviews:submit", args=[ninh_son.pk]), {"version": ninh_son.version})
    assert "Tỉnh Ninh Thuận" in page.content.decode()  # the confirmation names where it goes
    ninh_son = _send(ninh_son, cast.district, D(2024, 11, 21))
    assert ninh_son.late  # after the districts' deadline (20/11)
    told = Notification.objects.filter(recipient=cast.provincial, key__startswith=f"review-part:{ninh_son.pk}:submit")
    assert told.count() == 1 and "21/11/2024" in told.get().body and "20/11/2024" in told.get().body
    assert not Notification.objects.filter(recipient=cast.national).exists()

    # the province sees the districts side by side, returns Ninh Sơn's for more
    client.force_login(cast.provincial)
    html = client.get(reverse("reviews:part", args=[own.pk])).content.decode()
    assert "Báo cáo của cấp huyện" in html and "Huyện Ninh Sơn" in html and "Huyện Bác Ái" in html
    assert "Thị trấn Tân Sơn</a>" not in html  # the communes' parts are the districts' to read side by side
    round_page = client.get(reverse("reviews:round", args=[review.pk])).content.decode()
    assert "Cấp huyện gửi báo cáo về Tỉnh Ninh Thuận" in round_page and "20/11/2024" in round_page
    assert client.post(reverse("reviews:return", args=[ninh_son.pk]),
                       {"version": ninh_son.version, "comment": "Bổ sung số liệu năm 2023"}).status_code == 302
    ninh_son.refresh_from_db()
    assert ninh_son.status == ReviewPart.Status.RETURNED
    back = Notification.objects.get(recipient=cast.district, key__startswith=f"review-part:{ninh_son.pk}:return")
    assert "Bổ sung số liệu năm 2023" in back.body and "20/11/2024" in back.body
    with pytest.raises(PermissionDenied):  # the district cannot return its own part, nor a commune the district's
        reviews.part_return(by=cast.district, part_id=ninh_son.pk, seen_version=ninh_son.version, comment="x")

    # sent again, then the province sends its own: the ministry is told
    ninh_son = reviews.part_submit(by=cast.district, part_id=ninh_son.pk, seen_version=ninh_son.version,
                                   on=D(2024, 11, 22))
    own = _send(own, cast.provincial, D(2024, 11, 29))
    assert not own.late and Notification.objects.filter(recipient=cast.national,
                                                        key__startswith=f"review-part:{own.pk}:submit")


def test_the_printed_parts_follow_the_levels(review, world, cast, client):
    parts = {p.unit_id: p for p in review.parts.all()}
    ninh_son, own = parts[world.ninh_son.pk], parts[world.nt.pk]
    _send(ninh_son, cast.district, D(2024, 11, 19))
    client.force_login(cast.provincial)
    district = pdf_text(client.get(reverse("reviews:part_pdf", args=[ninh_son.pk])).content)
    assert "ỦY BAN NHÂN DÂN HUYỆN NINH SƠN" in district
    assert "Kính gửi: Sở Lao động - Thương binh và Xã hội tỉnh Ninh Thuận" in district
    assert "Thực hiện Kế hoạch của Ủy ban nhân dân tỉnh Ninh Thuận" in district
    assert "5. Báo cáo của cấp xã" in district and "Xã Lâm Sơn" in district and "Xã Phước Bình" not in district
    data = client.get(reverse("reviews:part_pdf", args=[own.pk])).content
    assert "5. Báo cáo của cấp huyện" in pdf_text(data)
    rows = {line.split("  ")[0].strip(): " ".join(line.split()) for line in pdf_text(data, layout=True).splitlines()
            if line.strip().startswith("Huyện ")}
    assert "Đã gửi 19/11/2024 Đúng hạn" in rows["Huyện Ninh Sơn"]
    assert "Đang soạn" in rows["Huyện Bác Ái"] and "Trễ hạn" in rows["Huyện Bác Ái"]  # not sent, 20/11 passed


def test_the_province_is_told_the_day_after_the_districts_deadline(review, world, cast):
    ninh_son = review.parts.get(unit=world.ninh_son)
    _send(ninh_son, cast.district, D(2024, 11, 20))
    Notification.objects.all().delete()
    call_command("send_reminders", on="2024-11-11")  # the communes' deadline passed: each district is told its own
    told = Notification.objects.get(recipient=cast.other_district, key__endswith=":below:late")
    assert "Xã Phước Bình" in told.body and "Xã Phước Hòa" in told.body and "Lâm Sơn" not in told.body
    assert not Notification.objects.filter(recipient=cast.provincial, key__endswith="late").exists()
    call_command("send_reminders", on="2024-11-21")
    late = Notification.objects.get(recipient=cast.provincial, key__endswith=":below:late")
    assert "cấp huyện" in late.subject and "Huyện Bác Ái" in late.body and "Ninh Sơn" not in late.body
    assert Notification.objects.filter(recipient=cast.other_district, key__contains=":late").count() == 2
