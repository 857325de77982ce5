"""Forms check shape only; the rules (window, clashes, who may do what) live in services.py."""

from django import forms
from django.utils.translation import gettext_lazy as _

from communes.models import Level, Unit
from core.forms import RowFieldsForm, VersionField
from core.numbers import parse_vn_decimal
from core.text import MAX_DOCUMENT_TEXT, ParagraphField
from criteria.models import Sector, Standard
from criteria.rules import format_points
from inspections import rules
from inspections.models import FollowUp, Plan, Session, TeamMember

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _textarea(rows=3, placeholder=""):
    return forms.Textarea(attrs={"rows": rows, "placeholder": placeholder})


class PlanPageForm(forms.Form):
    """A form of one of a plan's pages: it carries the plan's version (hidden ``version``, behind the form's
    prefix), which every write of inspections.services requires. Alone, it is the version of a page's
    buttons (remove a member, a visit, a section …): rendered with ``auto_id=False``, read from the post."""

    version = VersionField()

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = plan.version

    @property
    def seen_version(self):
        """The version as posted ("" when the form came without it: refused like a stale page)."""
        return self.fields["version"].clean(self["version"].data)

    def values(self):
        """What the form typed, for the service: its cleaned data but the version."""
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class PlanForm(forms.Form):
    standard = forms.ModelChoiceField(Standard.objects.all(), label=_("Bộ tiêu chuẩn kiểm tra"))
    number = forms.CharField(label=_("Số, ký hiệu"), max_length=40, required=False,
                             widget=forms.TextInput(attrs={"placeholder": "260/KH-UBND"}))
    issued_on = forms.DateField(label=_("Ngày ban hành"), required=False, widget=DATE)
    parent_body = forms.CharField(label=_("Cơ quan chủ quản"), max_length=160, required=False)
    issuer_body = forms.CharField(label=_("Cơ quan ban hành"), max_length=160)
    place = forms.CharField(label=_("Địa danh"), max_length=60)
    title = forms.CharField(label=_("Trích yếu"), max_length=400, widget=_textarea(2))
    legal_basis = ParagraphField(label=_("Căn cứ (mỗi căn cứ một dòng)"), required=False, max_length=MAX_DOCUMENT_TEXT,
                                  widget=_textarea(4, _("Căn cứ Kế hoạch số 171/KH-UBND ngày 17/10/2014 …")))
    purposes = ParagraphField(label=_("Mục đích"), required=False, max_length=MAX_DOCUMENT_TEXT, widget=_textarea(4))
    requirements = ParagraphField(label=_("Yêu cầu"), required=False, max_length=MAX_DOCUMENT_TEXT,
                                  widget=_textarea(3))
    content = ParagraphField(label=_("Nội dung kiểm tra"), required=False, max_length=MAX_DOCUMENT_TEXT,
                             widget=_textarea(5))
    review_from_year = forms.IntegerField(label=_("Thời hiệu kiểm tra từ năm"), min_value=2000, max_value=2100)
    review_to_year = forms.IntegerField(label=_("đến năm"), min_value=2000, max_value=2100)
    review_notes = ParagraphField(label=_("Nội dung kiểm tra theo năm"), required=False,
                                   widget=_textarea(3, _("2015, 2016: kiểm tra hồ sơ đánh giá và công nhận")))
    score_year = forms.IntegerField(label=_("Năm đối chiếu điểm"), required=False, min_value=2000,
                                    max_value=2100,
                                    help_text=_("Để trống: năm cuối của thời hiệu kiểm tra."))
    window_start = forms.DateField(label=_("Kiểm tra từ ngày"), widget=DATE)
    window_end = forms.DateField(label=_("đến ngày"), widget=DATE)
    timing_note = forms.CharField(label=_("Thời gian kiểm tra (như kế hoạch ghi)"), max_length=300, required=False,
                                  help_text=_("Văn bản in dòng này thay cho ngày bắt đầu, kết thúc."))
    communes_per_district = forms.IntegerField(label=_("Số xã mỗi huyện lựa chọn"), required=False, min_value=1,
                                               max_value=99, help_text=_("Khi huyện tự chọn xã được kiểm tra."))
    report_days = forms.IntegerField(label=_("Tổng hợp báo cáo sau khi kết thúc kiểm tra (ngày)"), required=False,
                                     min_value=1, max_value=365,
                                     help_text=_("Để trống nếu kế hoạch không đặt hạn này."))
    budget_source = ParagraphField(label=_("Kinh phí"), required=False, widget=_textarea(2))
    outline_title = forms.CharField(label=_("Tên đề cương báo cáo"), max_length=400, required=False)
    outline_due = forms.DateField(label=_("Hạn gửi báo cáo theo đề cương"), required=False, widget=DATE)
    signer_authority = forms.CharField(label=_("Thẩm quyền ký"), max_length=80, required=False,
                                       widget=forms.TextInput(attrs={"placeholder": "KT. CHỦ TỊCH"}))
    signer_title = forms.CharField(label=_("Chức vụ người ký"), max_length=80, required=False)
    signer_name = forms.CharField(label=_("Họ tên người ký"), max_length=120, required=False)
    recipients = ParagraphField(label=_("Nơi nhận (mỗi nơi một dòng)"), required=False, widget=_textarea(4))

    def clean_legal_basis(self):
        return rules.lines(self.cleaned_data["legal_basis"])

    def clean_recipients(self):
        return rules.lines(self.cleaned_data["recipients"])

    def clean(self):
        data = super().clean()
        first, last = data.get("review_from_year"), data.get("review_to_year")
        if first and last:
            if last < first:
                self.add_error("review_to_year", _("Năm cuối phải sau năm đầu."))
            else:
                try:
                    data["review_notes"] = rules.parse_year_notes(data.get("review_notes", ""), first, last)
                except ValueError as exc:
                    self.add_error("review_notes", str(exc))
        start, end = data.get("window_start"), data.get("window_end")
        if start and end and end < start:
            self.add_error("window_end", _("Ngày kết thúc phải sau ngày bắt đầu."))
        return data

    @classmethod
    def initial_for(cls, plan: Plan):
        initial = {name: getattr(plan, name) for name in cls.base_fields if hasattr(plan, name)}
        initial["standard"] = plan.standard_id
        initial["legal_basis"] = "\n".join(plan.legal_basis)
        initial["recipients"] = "\n".join(plan.recipients)
        initial["review_notes"] = rules.format_year_notes(plan.review_notes)
        return initial

    def plan_fields(self):
        return {k: v for k, v in self.cleaned_data.items() if k != "standard"}


class MemberForm(PlanPageForm):
    team_role = forms.ChoiceField(label=_("Vai trò"), choices=TeamMember.TeamRole.choices,
                                  initial=TeamMember.TeamRole.MEMBER)
    sector = forms.ModelChoiceField(Sector.objects.all(), label=_("Ngành"), required=False,
                                    help_text=_("Để trống với đoàn thể (Tỉnh Đoàn, Hội LHPN…)."))
    organisation = forms.CharField(label=_("Cơ quan, đơn vị"), max_length=160)
    name = forms.CharField(label=_("Họ và tên"), max_length=120, required=False)
    position = forms.CharField(label=_("Chức vụ"), max_length=160, required=False)
    subteam = forms.ModelChoiceField(None, label=_("Tổ"), required=False, empty_label=_("(không thuộc tổ)"))
    leads_subteam = forms.BooleanField(label=_("Là tổ trưởng"), required=False)

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, plan=plan, **kwargs)
        self.fields["subteam"].queryset = plan.subteams.all()


class AssignmentForm(RowFieldsForm, PlanPageForm):
    """One department per criterion of the plan's standard: ``a-c<criterion id>``; a criterion the
    standard lacks is a forged form (400, nothing written)."""

    prefixes = ("c",)
    forged_message = _("Chưa lưu gì: biểu mẫu gửi kèm tiêu chí không thuộc bộ tiêu chuẩn của kế hoạch; hãy tải lại "
                       "trang rồi chọn lại.")

    def __init__(self, *args, plan, current, **kwargs):
        super().__init__(*args, prefix="a", plan=plan, **kwargs)
        self.criteria = list(plan.standard.criteria.order_by("number"))
        sectors = Sector.objects.filter(pk__in=plan.members.exclude(sector=None).values("sector"))  # on the team
        for c in self.criteria:
            self.fields[f"c{c.pk}"] = forms.ModelChoiceField(
                sectors, label=f"{c.number}. {c.name}", initial=current.get(c.pk))

    def sectors(self):
        return {c.pk: self.cleaned_data[f"c{c.pk}"] for c in self.criteria}


class ScopeForm(PlanPageForm):
    unit = forms.ModelChoiceField(None, label=_("Đơn vị được kiểm tra"))

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, plan=plan, **kwargs)
        self.fields["unit"].queryset = (
            Unit.objects.within(plan.issuer).exclude(pk=plan.issuer_id)
            .filter(level__in=[Level.DISTRICT, Level.COMMUNE])
            .exclude(pk__in=plan.scope.values("unit")).order_by("path"))
        self.fields["unit"].label_from_instance = lambda u: (
            f"{u.name} – {u.parent.name}" if u.level == Level.COMMUNE and u.parent_id != plan.issuer_id else u.name)


class VisitForm(PlanPageForm):
    unit = forms.ModelChoiceField(None, label=_("Đơn vị"))
    date = forms.DateField(label=_("Ngày"), widget=DATE)
    session = forms.ChoiceField(label=_("Buổi"), choices=Session.choices)
    subteam = forms.ModelChoiceField(None, label=_("Tổ kiểm tra"), required=False, empty_label=_("Cả đoàn"))
    notes = forms.CharField(label=_("Ghi chú"), max_length=300, required=False)

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, plan=plan, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(pk__in=plan.scope.values("unit")).order_by("path")
        self.fields["subteam"].queryset = plan.subteams.all()


class SectionForm(PlanPageForm):
    code = forms.CharField(label=_("Mục"), max_length=12, widget=forms.TextInput(attrs={"placeholder": "A.I"}))
    title = forms.CharField(label=_("Tiêu đề"), max_length=300)
    guidance = ParagraphField(label=_("Nội dung cần báo cáo"), required=False, widget=_textarea(4))


class DutyForm(PlanPageForm):
    """One numbered item of "Tổ chức thực hiện"; the department is one of the team's (its criteria are listed)."""

    body = forms.CharField(label=_("Cơ quan, đơn vị"), max_length=300,
                           widget=forms.TextInput(attrs={"placeholder": "Sở Lao động - Thương binh và Xã hội"}))
    sector = forms.ModelChoiceField(None, label=_("Ngành trong đoàn (in các tiêu chí ngành thẩm định)"),
                                    required=False, empty_label=_("(không)"))
    text = ParagraphField(label=_("Nhiệm vụ (mỗi ý một dòng, như kế hoạch ghi)"), required=False,
                           widget=_textarea(5, _("- Chủ trì, phối hợp với các sở, ngành thành viên …")))
    due_on = forms.DateField(label=_("Hạn gửi báo cáo"), required=False, widget=DATE)

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, plan=plan, **kwargs)
        self.fields["sector"].queryset = Sector.objects.filter(
            pk__in=plan.members.exclude(sector=None).values("sector"))


class UnitReportForm(RowFieldsForm, PlanPageForm):
    """A unit's report: ``r-s<section id>`` per section of the plan's outline (another plan's section, or
    one the outline lacks, is a forged form), and the file."""

    prefixes = ("s",)
    forged_message = _("Chưa gửi báo cáo: biểu mẫu gửi kèm mục không có trong đề cương của kế hoạch; hãy tải lại "
                       "trang rồi gửi lại.")
    upload = forms.FileField(label=_("Tệp báo cáo (PDF, Word)"), required=False)

    def __init__(self, *args, plan, sections, report=None, **kwargs):
        super().__init__(*args, prefix="r", plan=plan, **kwargs)
        answers = report.answers if report else {}
        self.sections = sections
        for s in sections:
            self.fields[f"s{s.pk}"] = ParagraphField(
                label=f"{s.code}. {s.title}", required=False, help_text=s.guidance, max_length=MAX_DOCUMENT_TEXT,
                initial=answers.get(str(s.pk), ""), widget=_textarea(4))

    def answers(self):
        return {s.pk: self.cleaned_data.get(f"s{s.pk}", "") for s in self.sections}


class FindingForm(RowFieldsForm, PlanPageForm):
    """The re-checked points of the criteria one department appraises at one commune: ``f-p<criterion id>``
    and ``f-n<criterion id>`` for its rows and no other (another department's criterion, one the plan
    does not assign, letters or 20 digits: a forged form, 400, nothing written)."""

    prefixes = ("p", "n")
    forged_message = _("Chưa lưu gì: biểu mẫu gửi kèm tiêu chí không thuộc ngành của bạn trong kế hoạch này; "
                       "hãy tải lại trang rồi nhập lại.")

    def __init__(self, *args, plan, rows, **kwargs):
        super().__init__(*args, prefix="f", plan=plan, **kwargs)
        self.rows = rows
        for r in rows:
            c = r.criterion
            # typed as text and read by core.numbers ("10,5" = "10.5"; "1.000" refused as ambiguous)
            self.fields[f"p{c.pk}"] = forms.CharField(
                label=f"{c.number}. {c.name}", required=False, max_length=20,
                initial="" if r.rechecked_points is None else format_points(r.rechecked_points),
                widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}))
            self.fields[f"n{c.pk}"] = ParagraphField(label=_("Nhận xét"), required=False,
                                                      initial=r.note, widget=_textarea(1))

    def clean(self):
        cleaned = super().clean()
        for r in self.rows:
            c, key = r.criterion, f"p{r.criterion.pk}"
            try:
                cleaned[key] = parse_vn_decimal(cleaned.get(key), label=_("Tiêu chí %(n)s") % {"n": c.number},
                                                max_value=c.max_points)
            except forms.ValidationError as e:
                self.add_error(key, e)
                continue
            if cleaned[key] is None and getattr(r, "recorded", False):  # never cleared by a blank
                self.add_error(key, _("Tiêu chí %(n)s đã có điểm kiểm tra lại (%(v)s): không thể để trống.")
                               % {"n": c.number, "v": format_points(r.rechecked_points)})
        return cleaned

    def entries(self):
        """(points, notes) by criterion id of the rows given points, as inspection_record_findings takes them."""
        data = self.cleaned_data
        given = [r.criterion.pk for r in self.rows if data.get(f"p{r.criterion.pk}") is not None]
        return {pk: data[f"p{pk}"] for pk in given}, {pk: data.get(f"n{pk}", "") for pk in given}


class ConclusionForm(PlanPageForm):
    conclusions = ParagraphField(label=_("Kết luận"), widget=_textarea(4))
    recommendations = ParagraphField(label=_("Kiến nghị"), required=False, widget=_textarea(3))


class GeneralConclusionForm(PlanPageForm):
    report_number = forms.CharField(label=_("Số báo cáo kết quả"), max_length=40, required=False)
    general_conclusion = ParagraphField(label=_("Kết luận chung của đoàn"), max_length=MAX_DOCUMENT_TEXT,
                                        widget=_textarea(5))


class FollowUpForm(PlanPageForm):
    unit = forms.ModelChoiceField(None, label=_("Đơn vị"), required=False, empty_label=_("(chung)"))
    action = ParagraphField(label=_("Việc cần làm"), widget=_textarea(2))
    owner = forms.CharField(label=_("Đơn vị, người chịu trách nhiệm"), max_length=200)
    due_on = forms.DateField(label=_("Hạn hoàn thành"), widget=DATE)

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, plan=plan, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(pk__in=plan.scope.values("unit")).order_by("path")


class FollowUpStatusForm(PlanPageForm):
    status = forms.ChoiceField(label=_("Tình trạng"), choices=FollowUp.Status.choices)
