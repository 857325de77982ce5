from django import forms
from django.utils.translation import gettext_lazy as _

from assessments.forms import DateInput
from communes.models import REFORM_DATE, Level, Unit
from core.forms import VersionField
from core.numbers import parse_vn_decimal
from core.text import ParagraphField
from criteria.models import Sector
from planning.models import Entry, Part, Plan
from reports.models import Target


class PlanCreateForm(forms.Form):
    """What a new plan needs; its heading, number and signer are proposed from the unit and the period, then
    edited on the plan's page."""

    unit = forms.ModelChoiceField(label=_("Đơn vị lập kế hoạch"), queryset=Unit.objects.none())
    year = forms.IntegerField(label=_("Năm"), min_value=2010, max_value=2100)
    issued_by = forms.ChoiceField(label=_("Cơ quan ban hành"), choices=[
        ("committee", _("Ủy ban nhân dân")), ("office", _("Cơ quan phụ trách trẻ em (Sở, Phòng)"))])
    title = forms.CharField(label=_("Trích yếu"), max_length=400,
                            help_text=_("Ví dụ: Thực hiện xây dựng xã, phường, thị trấn phù hợp với trẻ em năm 2026"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if user.unit_id and user.unit.level == Level.DISTRICT:  # a district's office: its own district only
            self.fields["unit"].queryset = Unit.objects.filter(pk=user.unit_id, valid_from__lt=REFORM_DATE)
            self.fields["unit"].initial = user.unit_id
            return
        province = f"/{user.unit.province_id}/" if user.unit_id else "/0/"
        self.fields["unit"].queryset = Unit.objects.filter(
            path__startswith=province, level__in=[Level.PROVINCE, Level.DISTRICT],
            valid_from__lt=REFORM_DATE).order_by("path") | Unit.objects.filter(
            path__startswith=province, level=Level.PROVINCE)


class PlanForm(forms.ModelForm):
    version = VersionField()

    class Meta:
        model = Plan
        fields = ["year_to", "parent_body", "issuer_body", "number", "symbol", "place", "issued_on", "issued_month",
                  "title", "basis", "closing", "signer_authority", "signer_title", "signer_name", "recipients"]
        widgets = {"issued_on": DateInput(), "parent_body": forms.Textarea(attrs={"rows": 2}),
                   "issuer_body": forms.Textarea(attrs={"rows": 2}), "basis": forms.Textarea(attrs={"rows": 4}),
                   "closing": forms.Textarea(attrs={"rows": 3}), "recipients": forms.Textarea(attrs={"rows": 5}),
                   "signer_authority": forms.Textarea(attrs={"rows": 2})}

    def clean_issued_month(self):
        month = self.cleaned_data.get("issued_month")
        if month is not None and not 1 <= month <= 12:
            raise forms.ValidationError(_("Tháng từ 1 đến 12."))
        return month


class PartForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại phần"), choices=Part.Kind.choices, initial=Part.Kind.OTHER)
    heading = forms.CharField(label=_("Tên phần"), max_length=200)


class EntryForm(forms.Form):
    part = forms.IntegerField(label=_("Phần số"), min_value=1, max_value=15)
    depth = forms.TypedChoiceField(label=_("Trình bày"), choices=Entry.Depth.choices, coerce=int,
                                   initial=Entry.Depth.ITEM)
    kind = forms.ChoiceField(label=_("Loại"), choices=Entry.Kind.choices, initial=Entry.Kind.TEXT)
    heading = forms.CharField(label=_("Tiêu đề"), max_length=300, required=False)
    text = ParagraphField(label=_("Lời văn"), max_length=6000, required=False)
    level = forms.ChoiceField(label=_("Cấp"), choices=[("", "—")] + Entry.Level.choices, required=False)
    sector = forms.ModelChoiceField(label=_("Ngành chủ trì"), queryset=Sector.objects.order_by("code"),
                                    required=False)
    due_on = forms.DateField(label=_("Thời hạn"), required=False, widget=DateInput())
    yearly = forms.BooleanField(label=_("Hằng năm"), required=False)
    deadline = forms.ChoiceField(label=_("Là hạn của đợt"), choices=[("", "—")] + Entry.Deadline.choices,
                                 required=False)
    target_kind = forms.ChoiceField(label=_("Loại chỉ tiêu"), choices=[("", "—")] + Target.Kind.choices,
                                    required=False)
    target_percent = forms.CharField(label=_("Tỷ lệ (%)"), max_length=10, required=False)
    target_percent_max = forms.CharField(label=_("Tỷ lệ tối đa (%)"), max_length=10, required=False)
    target_year_from = forms.IntegerField(label=_("Từ năm"), min_value=2010, max_value=2100, required=False)
    target_year = forms.IntegerField(label=_("Đến năm"), min_value=2010, max_value=2100, required=False)

    def _percent(self, name, label):
        try:
            return parse_vn_decimal(self.cleaned_data.get(name) or None, label=label, max_value=100)
        except forms.ValidationError as e:
            self.add_error(name, e)

    def clean(self):
        cleaned = super().clean()
        cleaned["target_percent"] = self._percent("target_percent", _("Tỷ lệ"))
        cleaned["target_percent_max"] = self._percent("target_percent_max", _("Tỷ lệ tối đa"))
        if not (cleaned.get("heading") or cleaned.get("text")):
            raise forms.ValidationError(_("Mục cần tiêu đề hoặc lời văn."))
        if cleaned.get("deadline") and not cleaned.get("due_on"):
            self.add_error("due_on", _("Hạn của đợt đánh giá cần thời hạn."))
        return cleaned


PartFormSet = forms.formset_factory(PartForm, extra=1, can_delete=True, max_num=15, absolute_max=15,
                                    validate_max=True)
EntryFormSet = forms.formset_factory(EntryForm, extra=3, can_delete=True, max_num=200, absolute_max=200,
                                     validate_max=True)


def part_initial(plan):
    return [{"kind": p.kind, "heading": p.heading} for p in plan.parts.order_by("position")]


def entry_initial(plan):
    positions = {p.pk: i for i, p in enumerate(plan.parts.order_by("position"), start=1)}
    rows = []
    for e in Entry.objects.filter(part__plan=plan).select_related("target").order_by("part__position", "position"):
        t = e.target
        rows.append({"part": positions[e.part_id], "depth": e.depth, "kind": e.kind, "heading": e.heading,
                     "text": e.text, "level": e.level, "sector": e.sector_id, "due_on": e.due_on, "yearly": e.yearly,
                     "deadline": e.deadline, "target_kind": t.kind if t else "",
                     "target_percent": str(t.percent).replace(".", ",") if t else "",
                     "target_percent_max": str(t.percent_max).replace(".", ",") if t and t.percent_max is not None
                     else "", "target_year_from": t.year_from if t else None, "target_year": t.year if t else None})
    return rows


class ApplyForm(forms.Form):
    round = forms.IntegerField(min_value=1, max_value=2**31 - 1)
