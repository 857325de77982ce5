from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Unit, UnitTier, UnitVersion
from .services import units_create, units_update


class InForceFilter(admin.SimpleListFilter):
    title = _("hiệu lực")
    parameter_name = "in_force"

    def lookups(self, request, model_admin):
        return [("yes", _("Đang hiệu lực")), ("no", _("Đã hết hiệu lực"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(valid_to__isnull=True)
        if self.value() == "no":
            return queryset.filter(valid_to__isnull=False)
        return queryset


class UnitTierInline(admin.TabularInline):
    model = UnitTier
    extra = 0
    fields = ["tier", "valid_from", "valid_to", "source"]


@admin.register(UnitVersion)
class UnitVersionAdmin(admin.ModelAdmin):
    """Names, kinds and parents of earlier periods, from `import_unit_changes` (each with its resolution)."""

    list_display = ["unit", "name", "kind", "parent", "valid_from", "valid_to", "successor", "source"]
    list_filter = ["kind"]
    search_fields = ["unit__code", "unit__name", "name", "source"]
    raw_id_fields = ["unit", "parent", "successor"]
    list_select_related = ["unit", "parent", "successor"]
    list_per_page = 50


@admin.register(UnitTier)
class UnitTierAdmin(admin.ModelAdmin):
    """Tiers come from `import_tiers` (a province's list with its source); corrections by hand."""

    list_display = ["unit", "tier", "valid_from", "valid_to", "source"]
    list_filter = ["tier"]
    search_fields = ["unit__code", "unit__name", "source"]
    raw_id_fields = ["unit"]
    list_select_related = ["unit"]
    list_per_page = 50


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    """Units come from `import_units`; by hand an administrator mostly records a tier (with its source)."""

    list_display = ["code", "name", "kind", "level", "parent", "valid_from", "valid_to"]
    list_filter = ["level", "kind", "tiers__tier", InForceFilter]  # a tier of any period
    search_fields = ["code", "name"]
    raw_id_fields = ["parent"]
    list_select_related = ["parent"]
    list_per_page = 50
    readonly_fields = ["path"]
    inlines = [UnitTierInline]

    def get_readonly_fields(self, request, obj=None):
        # Moving a unit would leave its subtree's paths stale: the hierarchy comes from the import.
        return [*self.readonly_fields, "parent"] if obj else self.readonly_fields

    def save_model(self, request, obj, form, change):
        if change:  # through the service: a renamed unit's search name follows its name
            units_update([obj], form.changed_data)  # path and parent are read-only here
        else:  # a new unit gets its path from the one service that writes paths
            units_create([obj])
