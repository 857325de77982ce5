from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import Role

# (label, url name, icon, roles that see it); None = every signed-in user
MENU = [
    (_("Trang chủ"), "home", "house", None),
]


def menu_for(user):
    return [
        {"label": label, "url": reverse(name), "icon": icon}
        for label, name, icon, roles in MENU
        if roles is None or user.role in roles or user.is_superuser
    ]


__all__ = ["menu_for", "Role"]
