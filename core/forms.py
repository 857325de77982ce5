"""Form parts more than one app uses: forms with a field per row, and the page's version a form carries."""

from django import forms
from django.utils.translation import gettext_lazy as _


class RowFieldsForm(forms.Form):
    """A form with fields declared from the rows its page shows (``points_<n>`` per criterion,
    ``outcome_<id>`` per dossier, ``f-p<id>`` per criterion of an inspection's findings). A posted key of one
    of its families (``prefixes``, behind the form's own prefix) that names none of its fields (a criterion
    the standard lacks, another round's or province's dossier, another plan's section, letters, a fraction,
    Arabic-Indic digits, more digits than an id has) is a forged form: ``forged`` is true and the view
    answers 400 with nothing written."""

    prefixes: tuple = ()
    forged_message = _("Chưa lưu gì: biểu mẫu gửi kèm ô không có trên trang; hãy tải lại trang rồi nhập lại.")

    @property
    def forged(self):
        if not self.is_bound:
            return False
        families = tuple(self.add_prefix(p) for p in self.prefixes)
        names = {self.add_prefix(name) for name in self.fields}
        return any(k.startswith(families) and k not in names for k in self.data)

    def clean(self):
        cleaned = super().clean()
        if self.forged:
            raise forms.ValidationError(self.forged_message, code="forged")
        return cleaned

    def sent(self, name):
        """Whether the page sent the field at all: a row it did not send is left as it is."""
        return self.add_prefix(name) in self.data

    def all_messages(self):
        return [m for errors in self.errors.values() for m in errors]


class VersionField(forms.CharField):
    """The version of the row a page showed, in a hidden input: the service compares it with the row's
    (core.locking.check_version), so a missing one ("") is refused like a stale page. A page shown again
    after a refusal carries the version it shows now (the field's initial), not the one posted: what was
    typed is kept, and saving it again is a choice made on the current page."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(required=False, max_length=20, **kwargs)

    def clean(self, value):
        """Never an error on the hidden field (it would show nowhere): what came, cut to its bound, is for
        the service to judge (anything but the row's version is refused as a stale page)."""
        return (value or "")[: self.max_length]

    def bound_data(self, data, initial):
        return initial
