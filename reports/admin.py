from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from reports.models import ExportJob, Target


@admin.register(Target)
class TargetAdmin(SimpleHistoryAdmin):
    list_display = ("owner", "kind", "year_from", "year", "percent_label", "source")
    list_filter = ("kind", "year", "unit__level")
    search_fields = ("unit__name", "unit__code", "source")
    autocomplete_fields = ("unit",)
    readonly_fields = ("created_by", "updated_at")
    history_list_display = ("percent", "percent_max", "source")  # each value the target held, on its history page

    @admin.display(description=_("đơn vị"), ordering="unit__name")
    def owner(self, obj):
        return obj.unit or _("Chương trình quốc gia")

    @admin.display(description=_("chỉ tiêu"))
    def percent_label(self, obj):
        return obj.percent_label

    def save_model(self, request, obj, form, change):
        if obj.created_by_id is None:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(ExportJob)
class ExportJobAdmin(admin.ModelAdmin):
    list_display = ("title", "user", "format", "status", "progress", "created_at")
    list_filter = ("status", "format")
    readonly_fields = [f.name for f in ExportJob._meta.fields]

    def has_add_permission(self, request):
        return False
