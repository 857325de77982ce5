"""Keys are issued and revoked here by an administrator (or with ``manage.py api_keys``): the key is shown
once, when issued, and only its hash is kept."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from rest_framework_api_key.models import APIKey

from api import services
from api.models import ApiKey

if admin.site.is_registered(APIKey):  # the package's own key model, which this app does not use
    admin.site.unregister(APIKey)


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    list_display = ("prefix", "name", "unit", "created", "expiry_date", "last_used_at", "revoked", "revoked_at")
    list_filter = ("revoked",)
    list_select_related = ("unit",)
    search_fields = ("name", "prefix", "unit__name")
    fields = ("name", "unit", "expiry_date", "prefix", "created", "issued_by", "last_used_at", "revoked",
              "revoked_at")
    actions = ["revoke"]

    def get_readonly_fields(self, request, obj=None):
        done = ("prefix", "created", "issued_by", "last_used_at", "revoked", "revoked_at")
        return done if obj is None else done + ("name", "unit", "expiry_date")

    def has_delete_permission(self, request, obj=None):
        return False  # revoked, never deleted: the key's row says who read and until when

    def save_model(self, request, obj, form, change):
        if change:
            return  # nothing of an issued key changes but its revocation (the action)
        key, secret = services.api_key_issue(by=request.user, name=obj.name, unit=obj.unit,
                                             expiry_date=obj.expiry_date)
        obj.pk, obj.prefix = key.pk, key.prefix
        messages.warning(request, _("Khóa API của “%(name)s”: %(key)s — hãy chép và gửi cho hệ thống ngay: khóa "
                                    "chỉ hiện lần này, hệ thống chỉ lưu bản băm.") % {"name": key.name, "key": secret})

    @admin.action(description=_("Thu hồi các khóa đã chọn"))
    def revoke(self, request, queryset):
        keys = list(queryset.values_list("prefix", flat=True))
        for prefix in keys:
            services.api_key_revoke(by=request.user, prefix=prefix)
        messages.success(request, ngettext("Đã thu hồi %(n)d khóa.", "Đã thu hồi %(n)d khóa.", len(keys))
                         % {"n": len(keys)})
