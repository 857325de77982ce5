from django import forms
from django.utils.translation import gettext_lazy as _

from assessments.models import CouncilMember, Round
from criteria.models import Standard


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class RoundForm(forms.ModelForm):
    class Meta:
        model = Round
        fields = ["year", "standard", "period_start", "period_end", "registration_due", "submission_due",
                  "appraisal_due", "decision_due", "report_due"]
        widgets = {f: DateInput() for f in ["period_start", "period_end", "registration_due", "submission_due",
                                            "appraisal_due", "decision_due", "report_due"]}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["standard"].queryset = Standard.objects.all()


class RegistrationForm(forms.Form):
    registered_on = forms.DateField(label=_("Ngày đăng ký"), widget=DateInput())
    weak_criteria = forms.ModelMultipleChoiceField(
        label=_("Tiêu chí dự kiến khó đạt"), queryset=None, required=False,
        widget=forms.CheckboxSelectMultiple)
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, standard, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["weak_criteria"].queryset = standard.criteria.all()


class CouncilForm(forms.Form):
    meeting_date = forms.DateField(label=_("Ngày họp hội đồng"), widget=DateInput())
    conclusion = forms.CharField(label=_("Kết luận của hội đồng"), widget=forms.Textarea(attrs={"rows": 3}))
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


class ReturnForm(forms.Form):
    comment = forms.CharField(label=_("Nội dung cần bổ sung, sửa chữa"),
                              widget=forms.Textarea(attrs={"rows": 3}))


class AppraiseForm(forms.Form):
    agree = forms.TypedChoiceField(label=_("Kết quả thẩm định"), coerce=lambda v: v == "1",
                                   choices=[("1", _("Thống nhất với điểm tự đánh giá")),
                                            ("0", _("Điều chỉnh điểm"))])
    # read by the service through core.numbers ("10,5" = "10.5"; "1.000" refused), not by the form
    points = forms.CharField(label=_("Điểm thẩm định"), required=False,
                             widget=forms.TextInput(attrs={"inputmode": "decimal"}))
    reason = forms.CharField(label=_("Lý do"), required=False)


class DecisionForm(forms.Form):
    number = forms.CharField(label=_("Số, ký hiệu quyết định"), max_length=40,
                             help_text=_("Ví dụ: 1234/QĐ-UBND"))
    signed_on = forms.DateField(label=_("Ngày ký"), widget=DateInput())
    signer_name = forms.CharField(label=_("Người ký"), max_length=120)
    signer_title = forms.CharField(label=_("Chức vụ người ký"), max_length=120,
                                   initial=_("Phó Chủ tịch"))


class EvidenceForm(forms.Form):
    file = forms.FileField(label=_("Tệp minh chứng (PDF, JPEG, PNG)"))


