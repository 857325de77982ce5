from django import forms
from django.utils.translation import gettext_lazy as _

from assessments.models import CouncilMember, Round
from core.text import ParagraphField
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
                  "district_report_due", "district_report_source", "report_due", "report_source"]
        widgets = {f: DateInput() for f in ["period_start", "period_end", "registration_due", "submission_due",
                                            "appraisal_due", "decision_due", "district_report_due", "report_due"]}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["standard"].queryset = Standard.objects.all()


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


CouncilMemberFormSet = forms.formset_factory(CouncilMemberForm, extra=3, can_delete=True)


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



class ReasonForm(forms.Form):
    """Why someone outside the need-to-know opens a dossier's file (kept on the download log)."""

    reason = ParagraphField(label=_("Lý do xem"), max_length=500,
                             help_text=_("Tệp có thể chứa thông tin cá nhân của trẻ em (Nghị định 13/2023/NĐ-CP); "
                                         "lý do và lượt tải được ghi vào nhật ký của hồ sơ."))
