"""A review round's moves, through the pages: a commune writes and sends its part to the district by the
communes' deadline (confirmed on the server), the district's office sees the parts side by side, returns one
for more, writes its own part and sends it to the province; who is told at each step; nothing half-done."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from accounts.models import Notification
from reviews import services as reviews
from reviews.models import ReviewPart

pytestmark = pytest.mark.django_db
TEXTS = {"results": "Duy trì đạt chuẩn 2 năm.", "shortcomings": "Thiếu cộng tác viên thôn.",
         "lessons": "Phân công rõ từng ngành.", "proposals": "Bổ sung kinh phí cho tiêu chí 3."}


@pytest.fixture
def review(world, cast):
    return reviews.review_round_open(by=cast.district, kind="final", year_from=2023, year_to=2024,
                                     title="Tổng kết xây dựng xã phù hợp với trẻ em",
                                     commune_due=datetime.date(2024, 11, 10), unit_due=datetime.date(2024, 11, 25))


def _client(client, user):
    client.force_login(user)
    return client


def test_opening_tells_each_communes_officer_the_deadline(review, cast):
    told = Notification.objects.get(recipient=cast.commune)
    assert "10/11/2024" in told.subject and told.url == reverse("reviews:part", args=[
        review.parts.get(unit=cast.commune.unit).pk])


def test_a_commune_writes_sends_and_the_district_is_told(review, world, cast, client):
    part = review.parts.get(unit=world.tan_son)
    c = _client(client, cast.commune)
    page = c.get(reverse("reviews:part", args=[part.pk]))
    assert page.status_code == 200 and "Được công nhận" in page.content.decode()
    assert c.post(reverse("reviews:part", args=[part.pk]), {"version": part.version, **TEXTS}).status_code == 302
    part.refresh_from_db()
    assert part.results == TEXTS["results"] and part.version == 1

    first = c.post(reverse("reviews:submit", args=[part.pk]), {"version": part.version})
    assert first.status_code == 200 and "Xác nhận" in first.content.decode()  # the confirmation step
    part.refresh_from_db()
    assert part.status == ReviewPart.Status.DRAFT
    c.post(reverse("reviews:submit", args=[part.pk]), {"version": part.version, "confirm": "1"})
    part.refresh_from_db()
    assert part.status == ReviewPart.Status.SUBMITTED and part.submitted_by == cast.commune
    told = Notification.objects.filter(recipient=cast.district, key__startswith=f"review-part:{part.pk}:submit")
    assert told.count() == 1 and "Thị trấn Tân Sơn" in told.get().subject
    assert not Notification.objects.filter(recipient=cast.chair, key__startswith="review-part").exists()
    # sent: no more editing, said on the page, nothing written
    again = c.post(reverse("reviews:part", args=[part.pk]), {"version": part.version, **TEXTS, "results": "Khác"})
    assert again.status_code == 400
    part.refresh_from_db()
    assert part.results == TEXTS["results"]


def test_the_district_sees_the_parts_side_by_side_returns_one_and_sends_its_own(review, world, cast, client):
    tan_son = review.parts.get(unit=world.tan_son)
    reviews.part_save(by=cast.commune, part_id=tan_son.pk, seen_version=0, **TEXTS)
    reviews.part_submit(by=cast.commune, part_id=tan_son.pk, seen_version=1, on=datetime.date(2024, 11, 12))
    c = _client(client, cast.district)
    own = review.parts.get(unit=world.ninh_son)
    html = c.get(reverse("reviews:part", args=[own.pk])).content.decode()
    assert 'id="communes-side-by-side"' in html and TEXTS["shortcomings"] in html and "Trễ hạn" in html
    assert "Xã Lâm Sơn" in html and "Chưa gửi." in html
    round_page = c.get(reverse("reviews:round", args=[review.pk])).content.decode()
    assert "1/5 đã gửi" in round_page and TEXTS["proposals"] in round_page

    tan_son.refresh_from_db()
    assert c.post(reverse("reviews:return", args=[tan_son.pk]),
                  {"version": tan_son.version, "comment": "Bổ sung số liệu năm 2024"}).status_code == 302
    tan_son.refresh_from_db()
    assert tan_son.status == ReviewPart.Status.RETURNED
    assert Notification.objects.filter(recipient=cast.commune, key__startswith=f"review-part:{tan_son.pk}:return")

    with pytest.raises(ValidationError):  # the district's part needs every section before it goes
        reviews.part_submit(by=cast.district, part_id=own.pk, seen_version=own.version)
    reviews.part_save(by=cast.district, part_id=own.pk, seen_version=own.version, **TEXTS)
    reviews.part_submit(by=cast.district, part_id=own.pk, seen_version=own.version + 1,
                        on=datetime.date(2024, 11, 25))
    own.refresh_from_db()
    assert own.status == ReviewPart.Status.SUBMITTED and not own.late
    assert Notification.objects.filter(recipient=cast.provincial, key__startswith=f"review-part:{own.pk}:submit")
    assert not Notification.objects.filter(recipient=cast.outsider, key__startswith="review-part").exists()


def test_only_the_parts_own_officers_write_and_only_the_round_unit_returns(review, world, cast):
    lam_son = review.parts.get(unit=world.lam_son)
    with pytest.raises(PermissionDenied):  # Tân Sơn's officer, Lâm Sơn's part
        reviews.part_save(by=cast.commune, part_id=lam_son.pk, seen_version=0, **TEXTS)
    with pytest.raises(PermissionDenied):  # the district writes its own part, not a commune's
        reviews.part_save(by=cast.district, part_id=lam_son.pk, seen_version=0, **TEXTS)
    tan_son = review.parts.get(unit=world.tan_son)
    reviews.part_save(by=cast.commune, part_id=tan_son.pk, seen_version=0, **TEXTS)
    reviews.part_submit(by=cast.commune, part_id=tan_son.pk, seen_version=1)
    for outsider in (cast.other_district, cast.provincial, cast.chair):
        with pytest.raises(PermissionDenied):
            reviews.part_return(by=outsider, part_id=tan_son.pk, seen_version=2, comment="Bổ sung")
    with pytest.raises(PermissionDenied):
        reviews.review_round_open(by=cast.commune, kind="final", year_from=2023, year_to=2024, title="x",
                                  commune_due=datetime.date(2024, 11, 10), unit_due=datetime.date(2024, 11, 25))


def test_a_stale_page_writes_nothing(review, world, cast):
    part = review.parts.get(unit=world.tan_son)
    reviews.part_save(by=cast.commune, part_id=part.pk, seen_version=0, **TEXTS)
    for seen in (0, "", "abc"):
        with pytest.raises(ValidationError):
            reviews.part_save(by=cast.commune, part_id=part.pk, seen_version=seen, **{**TEXTS, "results": "Cũ"})
        with pytest.raises(ValidationError):
            reviews.part_submit(by=cast.commune, part_id=part.pk, seen_version=seen)
    part.refresh_from_db()
    assert (part.results, part.status, part.version) == (TEXTS["results"], "draft", 1)


def test_a_commune_sees_only_its_own_part(review, world, cast, client):
    c = _client(client, cast.commune)
    assert c.get(reverse("reviews:part", args=[review.parts.get(unit=world.lam_son).pk])).status_code == 404
    html = c.get(reverse("reviews:round", args=[review.pk])).content.decode()
    assert "Thị trấn Tân Sơn" in html and "Xã Lâm Sơn" not in html
    assert _client(client, cast.outsider).get(reverse("reviews:round", args=[review.pk])).status_code == 404


def test_a_province_with_districts_opens_a_round_of_three_levels_only_with_the_districts_deadline(world, cast):
    # tests/reviews/test_review_three_levels.py: commune → district → province
    with pytest.raises(ValidationError, match="hạn cấp huyện gửi báo cáo lên tỉnh"):
        reviews.review_round_open(by=cast.provincial, kind="final", year_from=2023, year_to=2024, title="x",
                                  commune_due=datetime.date(2024, 11, 10), unit_due=datetime.date(2024, 11, 25))


def test_deadlines_in_order(world, cast):
    with pytest.raises(ValidationError):
        reviews.review_round_open(by=cast.district, kind="final", year_from=2024, year_to=2023, title="x",
                                  commune_due=datetime.date(2024, 11, 10), unit_due=datetime.date(2024, 11, 25))
    with pytest.raises(ValidationError):
        reviews.review_round_open(by=cast.district, kind="final", year_from=2023, year_to=2024, title="x",
                                  commune_due=datetime.date(2024, 11, 26), unit_due=datetime.date(2024, 11, 25))


def test_the_home_page_lists_the_part_to_write_until_it_is_sent(review, world, cast, client):
    part = review.parts.get(unit=world.tan_son)
    c = _client(client, cast.commune)
    html = c.get(reverse("home")).content.decode()
    assert "Báo cáo tổng kết giai đoạn 2023-2024" in html and reverse("reviews:part", args=[part.pk]) in html
    reviews.part_save(by=cast.commune, part_id=part.pk, seen_version=0, **TEXTS)
    reviews.part_submit(by=cast.commune, part_id=part.pk, seen_version=1)
    assert reverse("reviews:part", args=[part.pk]) not in c.get(reverse("home")).content.decode()
    # the district's office has its own part to write; the council chair none
    office_home = _client(client, cast.district).get(reverse("home")).content.decode()
    assert "Báo cáo tổng kết giai đoạn 2023-2024" in office_home
    assert "Báo cáo tổng kết" not in _client(client, cast.chair).get(reverse("home")).content.decode()
