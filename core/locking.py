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
