"""The review's two deadlines are reminded with the dossiers' (``manage.py send_reminders``): 7 days and 1 day
ahead and the day after, to the writers of a part not sent; the day after the communes' deadline, the district's
office learns which communes have not sent. A part sent is not chased; a second run of the day tells nobody twice."""

import datetime

import pytest
from django.core.management import call_command

from accounts.models import Notification
from reviews import services as reviews

pytestmark = pytest.mark.django_db
TEXTS = {"results": "Kết quả.", "shortcomings": "Hạn chế.", "lessons": "Bài học.", "proposals": "Đề xuất."}


@pytest.fixture
def review(world, cast):
    r = reviews.review_round_open(by=cast.district, kind="final", year_from=2023, year_to=2024, title="Tổng kết",
                                  commune_due=datetime.date(2024, 11, 10), unit_due=datetime.date(2024, 11, 25))
    Notification.objects.all().delete()  # the round's opening notices: not what is counted here
    return r


def _reminders(user):
    return list(Notification.objects.filter(recipient=user, key__startswith="review-deadline").order_by("pk")
                .values_list("subject", flat=True))


def test_parts_not_sent_are_reminded_and_sent_ones_are_not(review, world, cast, make_user):
    lam_son = make_user("commune_officer", world.lam_son)
    part = review.parts.get(unit=world.tan_son)
    reviews.part_save(by=cast.commune, part_id=part.pk, seen_version=0, **TEXTS)
    reviews.part_submit(by=cast.commune, part_id=part.pk, seen_version=1, on=datetime.date(2024, 11, 1))

    call_command("send_reminders", on="2024-11-03")
    assert _reminders(lam_son) == ["Còn 7 ngày đến hạn gửi báo cáo tổng kết giai đoạn 2023-2024 (10/11/2024)"]
    assert _reminders(cast.commune) == []  # Tân Sơn sent its part
    call_command("send_reminders", on="2024-11-09")
    call_command("send_reminders", on="2024-11-09")  # twice: nothing twice
    assert len(_reminders(lam_son)) == 2 and "Ngày mai (10/11/2024)" in _reminders(lam_son)[-1]

    call_command("send_reminders", on="2024-11-11")
    assert "Đã quá hạn" in _reminders(lam_son)[-1]
    office = _reminders(cast.district)
    assert len(office) == 1 and "cấp xã gửi báo cáo tổng kết" in office[0]
    told = Notification.objects.get(recipient=cast.district, key__startswith="review-deadline")
    assert "Xã Lâm Sơn" in told.body and "Thị trấn Tân Sơn" not in told.body

    call_command("send_reminders", on="2024-11-18")  # the district's own deadline, 7 days ahead
    assert "Còn 7 ngày đến hạn gửi báo cáo tổng kết" in _reminders(cast.district)[-1]
    assert _reminders(cast.chair) == []  # the council chair writes no part
