"""The stale-edit lock (optimistic locking): a change made on a page older than the row is refused.

A page carries the version of the row it was loaded at; the service locks the row
(``select_for_update``) and calls ``check_version`` before it changes anything, so a second person
saving from an old page is told so and overwrites nothing.
"""

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class StaleEdit(ValidationError):
    """Someone saved the row after this user loaded it: nothing was overwritten."""


def check_version(current: int, seen, *, stale: str | Callable[[int], str]) -> None:
    """Refuse the change unless the page saw ``current``; None means the caller has no page (not
    checked), "" that a form which carries the version came without it (refused, as a stale page).

    ``stale`` is the message, or a function of the version the page saw that writes it."""
    if seen is None:
        return
    if seen == "":  # a form that carries a version came without it: refused like a stale page
        raise StaleEdit(_("Trang không cho biết phiên bản đã xem (có thể trang đã cũ hoặc bị sửa): hãy tải lại "
                          "trang rồi nhập lại."))
    try:
        seen = int(seen)
    except (TypeError, ValueError):
        raise ValidationError(_("Trang đã cũ hoặc không hợp lệ: hãy tải lại trang rồi nhập lại.")) from None
    if current != seen:
        raise StaleEdit(stale(seen) if callable(stale) else stale)


def check_version_or_repeat(current: int, seen, *, stale: str | Callable[[int], str],
                            unchanged: bool | Callable[[], bool]) -> bool:
    """check_version, with the one exception every form of several values shares (issue 25): a save that
    reached the server but whose answer was lost is sent again from the same page, so it carries the
    version before its own write. When such a page, older than the row, sent exactly what is stored
    (``unchanged``, a bool or a function asked only then), it is that save again: True, write nothing
    and answer "đã lưu". Otherwise as check_version: False for the page as it is now (go on and write),
    StaleEdit for an older page that sent something else (someone else's newer save is not undone).

    Only a page that names an older version is such a repeat: a form without its version ("") is
    refused as before, and None (no page) is not checked at all."""
    try:
        check_version(current, seen, stale=stale)
    except StaleEdit:
        if seen == "" or int(seen) > current:
            raise
        if unchanged() if callable(unchanged) else unchanged:
            return True
        raise
    return False


def repeated_message(what: str) -> str:
    """What a page says beside its "đã lưu" message for a repeat (check_version_or_repeat)."""
    return _("Lần gửi trước đã đến máy chủ (mất câu trả lời do đường truyền): %(what)s được lưu một lần, "
             "không lưu lại lần nữa.") % {"what": what}


class SavedRows(list):
    """The rows a save of several rows wrote; ``repeated``: the same save sent again after its answer was
    lost (check_version_or_repeat), so nothing was written and the rows are those stored."""

    def __init__(self, rows=(), *, repeated=False):
        super().__init__(rows)
        self.repeated = repeated
