from django.contrib import admin

from assessments.models import EvidenceDownload


@admin.register(EvidenceDownload)
class EvidenceDownloadAdmin(admin.ModelAdmin):
    """The download log of the dossiers' files: read only, for the administrators."""

    list_display = ("at", "by", "original_name", "evidence", "council", "reason")
    list_filter = ("at",)
    search_fields = ("original_name", "by__username", "reason")
    list_select_related = ("by", "evidence", "council")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
