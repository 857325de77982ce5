from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from assessments import corrections
from assessments.models import EvidenceDownload, ProvinceSigning, StandardCorrection


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


class StandardCorrectionForm(forms.ModelForm):
    class Meta:
        model = StandardCorrection
        fields = ["standard", "field", "new_value", "source", "decided_on"]

    def clean(self):
        data = super().clean()
        if not self.errors:
            try:
                corrections.check(standard=data["standard"], field=data["field"], value=data["new_value"],
                                  source=data["source"], decided_on=data["decided_on"])
            except ValidationError as e:
                raise forms.ValidationError(e.messages)
        return data


@admin.register(StandardCorrection)
class StandardCorrectionAdmin(admin.ModelAdmin):
    """Corrections of a standard in use: recorded once by the service, never edited afterwards."""

    form = StandardCorrectionForm
    list_display = ("standard", "field", "old_value", "new_value", "decided_on", "source", "made_by", "made_at",
                    "dossiers_recomputed")
    list_select_related = ("standard", "made_by")

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        saved = corrections.standard_correct(by=request.user, standard_id=data["standard"].pk, field=data["field"],
                                             value=data["new_value"], source=data["source"],
                                             decided_on=data["decided_on"])
        obj.pk = saved.pk
        messages.info(request, _("Đã đính chính và tính lại kết quả của %(n)s hồ sơ chưa có quyết định.")
                      % {"n": saved.dossiers_recomputed})

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ProvinceSigning)
class ProvinceSigningAdmin(admin.ModelAdmin):
    """A province's rule for the record of its acts: requiring digitally signed documents in every round."""

    list_display = ("province", "electronic_required", "source")
    list_select_related = ("province",)
    autocomplete_fields = ("province",)
