"""core.locking.check_version: the stale-edit lock, and check_version_or_repeat (pure)."""

import pytest
from django.core.exceptions import ValidationError

from core.locking import StaleEdit, check_version, check_version_or_repeat


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


# --- check_version_or_repeat: the one place that tells a lost answer's repeat from a stale edit (issue 25)

def _never():
    raise AssertionError("asked whether unchanged, though the page is current")


def test_a_current_page_goes_on_to_write_without_comparing():
    assert check_version_or_repeat(4, "4", stale="cũ", unchanged=_never) is False
    assert check_version_or_repeat(4, None, stale="cũ", unchanged=_never) is False  # no page: not checked


@pytest.mark.parametrize("unchanged", [True, lambda: True])
def test_an_older_page_that_sent_what_is_stored_is_a_repeat(unchanged):
    assert check_version_or_repeat(5, "4", stale="cũ", unchanged=unchanged) is True
    assert check_version_or_repeat(9, 4, stale="cũ", unchanged=unchanged) is True  # others saved the same since


@pytest.mark.parametrize("unchanged", [False, lambda: False])
def test_an_older_page_that_sent_something_else_is_a_stale_edit(unchanged):
    with pytest.raises(StaleEdit, match="bạn đang xem 4"):
        check_version_or_repeat(5, "4", stale=lambda seen: f"bạn đang xem {seen}", unchanged=unchanged)


@pytest.mark.parametrize("seen", ["", "6"])
def test_a_page_without_its_version_or_from_the_future_is_never_a_repeat(seen):
    with pytest.raises(StaleEdit):
        check_version_or_repeat(5, seen, stale="cũ", unchanged=True)


def test_a_version_that_is_not_a_number_is_refused_as_before():
    with pytest.raises(ValidationError, match="Trang đã cũ hoặc không hợp lệ") as caught:
        check_version_or_repeat(5, "năm", stale="cũ", unchanged=True)
    assert not isinstance(caught.value, StaleEdit)
