from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from reviews.models import ReviewPart, ReviewRound


@admin.register(ReviewRound)
class ReviewRoundAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "unit", "year_from", "year_to", "commune_due", "district_due", "unit_due")
    list_filter = ("kind",)
    raw_id_fields = ("unit", "opened_by")


@admin.register(ReviewPart)
class ReviewPartAdmin(SimpleHistoryAdmin):
    list_display = ("round", "unit", "status", "submitted_on")
    list_filter = ("status",)
    raw_id_fields = ("round", "above", "unit", "submitted_by", "updated_by")
