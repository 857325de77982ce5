"""The navigation: each app registers its entries with the permission that shows them.

accounts owns the menu but sits below the apps, so it never imports them: each app calls
``register`` in its ``AppConfig.ready`` with the name of the act that opens the page
(``"assessments.open_round"``), and ``menu_for(user)`` asks ``user.has_perm`` of each: one rule.
Icons are Bootstrap Icons names without the "bi-" prefix (https://icons.getbootstrap.com/).
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Entry:
    label: str
    url_name: str
    icon: str
    perm: str | None  # None: every signed-in user
    order: int


MENU: list[Entry] = []


def register(label, url_name, icon, perm=None, order=50):
    """Add an entry (once, however often an app is readied); entries are shown by ``order``."""
    entry = Entry(label, url_name, icon, perm, order)
    if all(e.url_name != url_name for e in MENU):
        MENU.append(entry)
        MENU.sort(key=lambda e: e.order)
    return entry


def menu_for(user, path=None):
    """The entries ``user`` may see; with ``path``, the entry owning that page is marked active."""
    items = [{"label": e.label, "url": reverse(e.url_name), "icon": e.icon, "active": False}
             for e in MENU if e.perm is None or user.has_perm(e.perm)]
    if path is not None:
        owners = [i for i in items if path == i["url"] or (i["url"] != "/" and path.startswith(i["url"]))]
        if owners:
            max(owners, key=lambda i: len(i["url"]))["active"] = True
    return items


register(_("Trang chủ"), "home", "house", order=0)
# a link, no count: the navigation of every page costs no query for it
register(_("Thông báo"), "notifications", "bell", order=100)
register(_("Hướng dẫn"), "help", "question-circle", order=110)
