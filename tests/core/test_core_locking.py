"""core.locking.check_version: the stale-edit lock (pure)."""

import pytest
from django.core.exceptions import ValidationError

from core.locking import StaleEdit, check_version


def test_the_version_the_page_saw_passes():
    check_version(4, 4, stale="cũ")
    check_version(4, "4", stale="cũ")  # as a form posts it


def test_no_version_is_not_checked():
    check_version(4, None, stale="cũ")


def test_an_older_page_is_refused_with_the_message():
    with pytest.raises(StaleEdit, match="Kế hoạch vừa được người khác cập nhật"):
        check_version(5, 4, stale="Kế hoạch vừa được người khác cập nhật.")


def test_the_message_may_name_the_version_seen():
    with pytest.raises(StaleEdit, match="bạn đang xem 3"):
        check_version(5, "3", stale=lambda seen: f"phiên bản 5, bạn đang xem {seen}")


def test_a_version_that_is_not_a_number_is_refused_but_is_not_stale():
    with pytest.raises(ValidationError, match="Trang đã cũ hoặc không hợp lệ") as caught:
        check_version(5, "năm", stale="cũ")
    assert not isinstance(caught.value, StaleEdit)
