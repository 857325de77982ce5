from django import forms
from django.utils.translation import gettext_lazy as _

from assessments.models import CouncilMember, ProvinceSigning, Round
from core import formatting
from core.forms import RowFieldsForm
from core.text import MAX_TEXT, ParagraphField, visible
from criteria.models import Standard


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class ActDateInput(forms.DateInput):
    """The day of an act, typed as the documents write it: dd/mm/yyyy."""

    def __init__(self, **kwargs):
        attrs = {"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off", "class": "form-control",
                 "pattern": r"\d{1,2}/\d{1,2}/\d{4}|\d{4}-\d{2}-\d{2}", **kwargs.pop("attrs", {})}
        super().__init__(format="%d/%m/%Y", attrs=attrs, **kwargs)


class ActDateField(forms.DateField):
    """The date of an official act (registration, meeting, request letter, submission, acceptance or
    return, appraisal, report, signing): dd/mm/yyyy (an ISO date is read too). The service checks it
    against the round with assessments.rules.act_date_refusal; the view proposes the default."""

    widget = ActDateInput

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", ["%d/%m/%Y", "%Y-%m-%d"])
        kwargs.setdefault("help_text", _("Ngày diễn ra trên thực tế (dd/mm/yyyy), không phải ngày nhập vào hệ thống."))
        super().__init__(**kwargs)


class ActDateForm(forms.Form):
    """The day of a move (submission, acceptance, completed appraisal): absent means the default."""

    on = ActDateField(label=_("Ngày"), required=False)


class SubmitForm(ActDateForm):
    request_on = ActDateField(label=_("Ngày tờ trình"), required=False)


class RoundForm(forms.ModelForm):
    class Meta:
        model = Round
        # each deadline beside the words of the text that sets it (assessments.deadlines)
        fields = ["year", "standard", "period_start", "period_end", "deadlines_source",
                  "registration_due", "registration_source", "submission_due", "submission_source",
                  "appraisal_due", "appraisal_source", "decision_due", "decision_source",
                  "district_report_due", "district_report_source", "report_due", "report_source", "signing_path"]
        widgets = {f: DateInput() for f in ["period_start", "period_end", "registration_due", "submission_due",
                                            "appraisal_due", "decision_due", "district_report_due", "report_due"]}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["standard"].queryset = Standard.objects.all()
        # left empty, the service chooses: electronic where the province requires it, else the paper path too
        self.fields["signing_path"].required = False

    def clean_signing_path(self):
        return self.cleaned_data.get("signing_path") or None


class ProvinceSigningForm(forms.ModelForm):
    """The province's rule for the record of its acts (assessments.signing.province_signing_set)."""

    class Meta:
        model = ProvinceSigning
        fields = ["electronic_required", "source"]
        labels = {"electronic_required": _("Bắt buộc văn bản điện tử ký số trong mọi đợt đánh giá của tỉnh")}
        help_texts = {"electronic_required": _(
            "Khi bắt buộc: mọi đợt của tỉnh chỉ nhận tệp PDF đã ký số và được hệ thống xác thực, không nhận bản chụp "
            "bản giấy, dù thiết lập của đợt là gì; quyết định chỉ được tính là đã ban hành khi tệp ký số được xác "
            "thực. Quyết định đã ban hành vẫn giữ nguyên.")}


class RegistrationForm(forms.Form):
    registered_on = ActDateField(label=_("Ngày đăng ký"))
    weak_criteria = forms.ModelMultipleChoiceField(
        label=_("Tiêu chí dự kiến khó đạt"), queryset=None, required=False,
        widget=forms.CheckboxSelectMultiple)
    note = ParagraphField(label=_("Ghi chú"), required=False)

    def __init__(self, *args, standard, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["weak_criteria"].queryset = standard.criteria.all()


class CouncilForm(forms.Form):
    meeting_date = ActDateField(label=_("Ngày họp hội đồng"))
    starts_at = forms.TimeField(label=_("Giờ bắt đầu"), required=False, input_formats=["%H:%M", "%Hh%M", "%H giờ %M"],
                                widget=forms.TimeInput(format="%H:%M", attrs={"placeholder": "08:00"}))
    ends_at = forms.TimeField(label=_("Giờ kết thúc"), required=False, input_formats=["%H:%M", "%Hh%M", "%H giờ %M"],
                              widget=forms.TimeInput(format="%H:%M", attrs={"placeholder": "10:30"}))
    conclusion = ParagraphField(label=_("Kết luận của hội đồng"))
    minutes = forms.FileField(label=_("Biên bản đã ký (PDF)"), required=False,
                              widget=forms.ClearableFileInput(attrs={"accept": ".pdf,application/pdf"}))

    def clean_minutes(self):
        from django.conf import settings

        f = self.cleaned_data.get("minutes")
        if f and f.size > settings.EVIDENCE_MAX_BYTES:
            raise forms.ValidationError(_("Tệp quá lớn (%(mb).1f MB); tối đa %(max)s MB.")
                                        % {"mb": f.size / 1048576, "max": settings.EVIDENCE_MAX_BYTES // 1048576})
        return f


class CouncilMemberForm(forms.Form):
    name = forms.CharField(label=_("Họ và tên"), max_length=120)
    position = forms.CharField(label=_("Chức vụ"), max_length=160)
    council_role = forms.ChoiceField(label=_("Vai trò"),
                                     choices=[("", "—")] + CouncilMember.CouncilRole.choices)


# one blank row; a new council starts with three (assessments.views.council); "Thêm thành viên" adds more
CouncilMemberFormSet = forms.formset_factory(CouncilMemberForm, extra=1, can_delete=True)


class ReturnForm(ActDateForm):
    comment = ParagraphField(label=_("Nội dung cần bổ sung, sửa chữa"))


class DecisionForm(forms.Form):
    number = forms.CharField(label=_("Số, ký hiệu quyết định"), max_length=40,
                             help_text=_("Ví dụ: 1234/QĐ-UBND"))
    signed_on = ActDateField(label=_("Ngày ký"))
    signer_name = forms.CharField(label=_("Người ký"), max_length=120)
    signer_title = forms.CharField(label=_("Chức vụ người ký"), max_length=120,
                                   initial=_("Phó Chủ tịch"))


class EvidenceForm(forms.Form):
    file = forms.FileField(label=_("Tệp minh chứng (PDF, JPEG, PNG)"))


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class FilesField(forms.Field):
    """Several files from one ``<input type=file multiple>``, as a list; each is checked on its own by the
    service (one refused file does not refuse the others)."""

    widget = MultipleFileInput
    default_error_messages = {"required": _("Hãy chọn một tệp minh chứng.")}

    def to_python(self, data):
        return [f for f in (data or []) if getattr(f, "name", "")]


class EvidenceFilesForm(forms.Form):
    """The dossier page's evidence upload: one file or several at once (the field keeps the name ``file``)."""

    file = FilesField(label=_("Tệp minh chứng (PDF, JPEG, PNG), một hoặc nhiều tệp"))



class ReasonForm(forms.Form):
    """Why someone outside the need-to-know opens a dossier's file (kept on the download log)."""

    reason = ParagraphField(label=_("Lý do xem"), max_length=500,
                             help_text=_("Tệp có thể chứa thông tin cá nhân của trẻ em (Nghị định 13/2023/NĐ-CP); "
                                         "lý do và lượt tải được ghi vào nhật ký của hồ sơ."))


def _typed(**kwargs):
    """Text as typed (numbers in Vietnamese notation are read by the service, not here)."""
    return forms.CharField(required=False, strip=False, **kwargs)


FIGURE_PARTS = ("numerator", "denominator", "points")


class ScoreEntryForm(RowFieldsForm):
    """The scoring page: per criterion ``points_<n>``, ``note_<n>``, ``clear_<n>`` and, per sub-indicator,
    ``fig_<n>_<indicator id>_<numerator|denominator|points>``. Parses only: assessments.scoring.read_entries
    reads the numbers and the bands."""

    prefixes = ("points_", "note_", "clear_", "fig_")
    forged_message = _("Chưa lưu gì: biểu mẫu gửi kèm tiêu chí hoặc chỉ tiêu không có trong bộ tiêu chí của đợt; "
                       "hãy tải lại trang rồi nhập lại.")

    def __init__(self, *args, criteria, indicators, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = [(c.number, [ind.pk for ind in indicators.get(c.pk, ())]) for c in criteria]
        for n, indicator_ids in self.rows:
            self.fields[f"points_{n}"] = _typed()
            self.fields[f"note_{n}"] = _typed()
            self.fields[f"clear_{n}"] = forms.BooleanField(required=False)
            for pk in indicator_ids:
                for part in FIGURE_PARTS:
                    self.fields[f"fig_{n}_{pk}_{part}"] = _typed()

    def typed(self):
        """(points, notes, figures, clear) as assessments.services.scores_save takes them: only what was sent."""
        data, sent = self.cleaned_data, self.sent
        points = {n: data[f"points_{n}"] for n, _ids in self.rows if sent(f"points_{n}")}
        notes = {n: data[f"note_{n}"] for n, _ids in self.rows if sent(f"note_{n}")}
        clear = {n for n, _ids in self.rows if data[f"clear_{n}"]}
        figures = {}
        for n, indicator_ids in self.rows:
            for pk in indicator_ids:
                for part in FIGURE_PARTS:
                    if sent(name := f"fig_{n}_{pk}_{part}"):
                        figures.setdefault(n, {}).setdefault(str(pk), {})[part] = data[name]
        return points, notes, figures, clear


class AppraisalForm(RowFieldsForm):
    """The sector's appraisal page: ``agree_<n>``, ``points_<n>``, ``reason_<n>`` for each criterion the
    appraiser's sector appraises on this dossier, and no other."""

    prefixes = ("agree_", "points_", "reason_")
    forged_message = _("Chưa lưu gì: biểu mẫu gửi kèm tiêu chí không thuộc ngành của bạn; hãy tải lại "
                       "trang rồi nhập lại.")

    def __init__(self, *args, numbers, **kwargs):
        super().__init__(*args, **kwargs)
        self.numbers = list(numbers)
        for n in self.numbers:
            self.fields[f"agree_{n}"] = _typed()
            self.fields[f"points_{n}"] = _typed()
            self.fields[f"reason_{n}"] = _typed()  # bounded by the service, which names the criterion

    def rows(self):
        data = self.cleaned_data
        return {n: {"agree": data[f"agree_{n}"] == "1", "points": data[f"points_{n}"],
                    "reason": data[f"reason_{n}"]} for n in self.numbers}


class OutcomesForm(RowFieldsForm):
    """The decision form's choice per dossier: ``outcome_<id>`` (yes, no or not decided now),
    ``reason_<id>`` and, hidden, ``version_<id>`` (the dossier's version the page showed), for the
    dossiers of the round the user sees; the service judges each one."""

    prefixes = ("outcome_", "reason_", "version_")
    forged_message = _("Chưa ghi quyết định: biểu mẫu gửi kèm hồ sơ không thuộc đợt này; hãy tải lại trang "
                       "rồi chọn lại.")

    def __init__(self, *args, assessment_ids, **kwargs):
        super().__init__(*args, **kwargs)
        self.ids = list(assessment_ids)
        for pk in self.ids:
            self.fields[f"outcome_{pk}"] = forms.ChoiceField(
                required=False, choices=[("", "—"), ("yes", _("Công nhận")), ("no", _("Không công nhận"))])
            self.fields[f"reason_{pk}"] = _typed()
            self.fields[f"version_{pk}"] = _typed(widget=forms.HiddenInput)  # checked by the service

    def clean(self):
        cleaned = super().clean()
        for pk in self.ids:
            reason = cleaned.get(f"reason_{pk}") or ""
            if len(reason) > MAX_TEXT:
                self.add_error(f"reason_{pk}", _("Lý do quá dài (%(n)s ký tự): tối đa %(max)s ký tự.")
                               % {"n": formatting.thousands(len(reason)), "max": formatting.thousands(MAX_TEXT)})
        return cleaned

    def outcomes(self):
        """{assessment id: (recognised, reason)} for the dossiers given an outcome."""
        data = self.cleaned_data
        return {pk: (data[f"outcome_{pk}"] == "yes", reason if visible(reason := data[f"reason_{pk}"]) else "")
                for pk in self.ids if data[f"outcome_{pk}"] in ("yes", "no")}

    def versions(self):
        """{assessment id: the version its row showed} for the dossiers whose row sent one."""
        return {pk: self.cleaned_data[f"version_{pk}"] for pk in self.ids if self.sent(f"version_{pk}")}
