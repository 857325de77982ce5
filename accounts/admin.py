from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.models import User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    fieldsets = (
        *DjangoUserAdmin.fieldsets[:2],
        (_("Công tác"), {"fields": ("role", "unit", "sector", "position")}),
        *DjangoUserAdmin.fieldsets[2:],
    )
    add_fieldsets = (
        *DjangoUserAdmin.add_fieldsets,
        (_("Thông tin cá nhân"), {"fields": ("first_name", "last_name", "email")}),
        (_("Công tác"), {"fields": ("role", "unit", "sector", "position")}),
    )
    list_display = ("username", "full_name", "role", "unit", "sector", "is_active")
    list_filter = ("role", "sector", "is_active", "is_staff", "is_superuser")
    list_select_related = ("unit", "sector")
    search_fields = ("username", "first_name", "last_name", "email", "unit__name")
    raw_id_fields = ("unit",)

    @admin.display(description=_("họ và tên"), ordering="first_name")
    def full_name(self, obj):
        return obj.get_full_name()
