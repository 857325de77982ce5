from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from planning.models import Entry, Part, Plan


class PartInline(admin.TabularInline):
    model = Part
    extra = 0


@admin.register(Plan)
class PlanAdmin(SimpleHistoryAdmin):
    list_display = ("number_text", "unit", "year", "title")
    list_filter = ("year",)
    search_fields = ("title", "number")
    inlines = [PartInline]


@admin.register(Entry)
class EntryAdmin(admin.ModelAdmin):
    list_display = ("part", "position", "kind", "heading", "due_on", "deadline")
    list_filter = ("kind",)
