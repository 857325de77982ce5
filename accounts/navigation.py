from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import Role

# (label, url name, icon, roles that see it); None = every signed-in user.
# Icons are Bootstrap Icons names without the "bi-" prefix (https://icons.getbootstrap.com/).
MENU = [
    (_("Trang chủ"), "home", "house", None),
    (_("Mở đợt đánh giá"), "assessments:round_new", "calendar-plus", (Role.PROVINCIAL_STAFF,)),
    (_("Khen thưởng"), "assessments:merit", "award",
     (Role.DISTRICT_OFFICER, Role.COUNCIL_CHAIR, Role.COUNCIL_MEMBER, Role.PROVINCIAL_STAFF, Role.NATIONAL_STAFF)),
    (_("Kiểm tra liên ngành"), "inspections:list", "clipboard-check",
     (Role.PROVINCIAL_STAFF, Role.DISTRICT_OFFICER, Role.SECTOR_APPRAISER, Role.NATIONAL_STAFF)),
    (_("Báo cáo"), "reports:summary", "bar-chart",
     (Role.DISTRICT_OFFICER, Role.PROVINCIAL_STAFF, Role.NATIONAL_STAFF, Role.COUNCIL_CHAIR)),
    # a link, no count: the navigation of every page costs no query for it
    (_("Thông báo"), "notifications", "bell", None),
]


def menu_for(user, path=None):
    """The entries ``user`` may see; with ``path``, the entry owning that page is marked active."""
    items = [
        {"label": label, "url": reverse(name), "icon": icon, "active": False}
        for label, name, icon, roles in MENU
        if roles is None or user.role in roles or user.is_superuser
    ]
    if path is not None:
        owners = [i for i in items if path == i["url"] or (i["url"] != "/" and path.startswith(i["url"]))]
        if owners:
            max(owners, key=lambda i: len(i["url"]))["active"] = True
    return items


__all__ = ["menu_for", "Role"]
