"""Standards are data an administrator completes and corrects: every unconfirmed value says so."""

from django import forms
from django.contrib import admin, messages
from django.db import models
from django.db.models import Exists, F, OuterRef, Q, Sum
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from criteria import rules
from criteria.models import Criterion, Indicator, Ownership, Sector, SectorName, Standard

PROVISIONAL_STYLE = "background:#fff3cd;color:#664d03;border:1px solid #ffda6a;border-radius:3px;padding:0 4px"


def provisional_badge(flag):
    if flag:
        return format_html('<span style="{}">⚠ {}</span>', PROVISIONAL_STYLE, _("chưa xác nhận"))
    return format_html('<span style="color:#146c43">{}</span>', _("đã xác nhận"))


# --- Standard -------------------------------------------------------------------------------

# The values a verdict rests on: read-only once a round uses the standard (a correction with its source
# goes through "Đính chính bộ tiêu chuẩn", which recomputes the undecided dossiers; assessments.corrections).
STANDARD_VALUES = ["code", "total_points", "threshold_city_ward", "threshold_other", "threshold_remote",
                   "zero_blocks"]
CRITERION_VALUES = ["standard", "number", "max_points"]
INDICATOR_VALUES = ["number", "max_points", "measure", "rate_base", "bands"]


def in_use(standard) -> bool:
    return standard is not None and standard.pk is not None and standard.rounds.exists()


class LockedWhenInUse:
    """An inline whose rows' values are read-only, and which adds or removes none, once a round uses
    the standard (``standard_of`` the parent object)."""

    locked_fields: list = []

    def standard_of(self, parent):
        return getattr(parent, "standard", parent)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        return fields + self.locked_fields if in_use(self.standard_of(obj)) else fields

    def has_add_permission(self, request, obj=None):
        return not in_use(self.standard_of(obj)) and super().has_add_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not in_use(self.standard_of(obj)) and super().has_delete_permission(request, obj)

WIDE = {models.CharField: {"widget": forms.TextInput(attrs={"style": "width:min(60em,100%)"})}}


class CriterionInline(LockedWhenInUse, admin.TabularInline):
    locked_fields = ["number", "max_points"]
    model = Criterion
    formfield_overrides = {models.CharField: {"widget": forms.TextInput(attrs={"style": "width:26em"})}}
    fields = ["number", "name", "name_confirmed", "max_points", "points_confirmed", "default_sector"]
    extra = 0
    show_change_link = True
    ordering = ["number"]


@admin.register(Standard)
class StandardAdmin(admin.ModelAdmin):
    list_display = ["code", "issued_on", "in_force_from", "in_force_to", "total_points",
                    "points_add_up", "thresholds_display", "zero_blocks"]
    search_fields = ["code", "title"]
    inlines = [CriterionInline]
    readonly_fields = ["points_status"]
    formfield_overrides = WIDE
    fieldsets = [
        (None, {"fields": ["code", "title", "guidance", "issued_on", "in_force_from", "in_force_to",
                           "replaced_by"]}),
        (_("Điều kiện công nhận"), {"fields": [
            "total_points", ("threshold_city_ward", "threshold_other", "threshold_remote"),
            "thresholds_provisional", "thresholds_source", "zero_blocks", "zero_blocks_source", "points_status"]}),
    ]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        return fields + STANDARD_VALUES if in_use(obj) else fields

    def has_delete_permission(self, request, obj=None):
        return not in_use(obj) and super().has_delete_permission(request, obj)

    def get_queryset(self, request):
        # One query for the list: criteria totals, and whether any criterion's indicators disagree.
        off = (Criterion.objects.filter(standard=OuterRef("pk"))
               .annotate(sub_total=Sum("indicators__max_points"))
               .filter(Q(sub_total__lt=F("max_points")) | Q(sub_total__gt=F("max_points"))))
        return super().get_queryset(request).annotate(
            criteria_sum=Sum("criteria__max_points"), indicators_off=Exists(off))

    @admin.display(description=_("ngưỡng (TP TW / khác / miền núi)"))
    def thresholds_display(self, obj):
        text = f"{obj.threshold_city_ward} / {obj.threshold_other} / {obj.threshold_remote}"
        if obj.thresholds_provisional:
            return format_html("{} {}", text, provisional_badge(True))
        return text

    @admin.display(description=_("điểm khớp tổng"), boolean=True)
    def points_add_up(self, obj):
        return obj.criteria_sum == obj.total_points and not obj.indicators_off

    @admin.display(description=_("kiểm tra tổng điểm"))
    def points_status(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        problems = obj.points_problems()
        if not problems:
            return format_html('<span style="color:#146c43">✔ {}</span>',
                               _("Điểm các tiêu chí cộng lại đúng bằng tổng điểm: có thể mở đợt đánh giá."))
        return format_html('<ul style="margin:0;padding-left:1.2em;color:#b02a37">{}</ul>',
                           format_html_join("", "<li>{}</li>", ((p,) for p in problems)))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "GET":
            obj = self.get_object(request, object_id)
            if obj is not None:
                problems = obj.points_problems()
                if problems:
                    messages.warning(request, _("Chưa thể mở đợt đánh giá theo bộ tiêu chuẩn này: %(p)s")
                                     % {"p": " ".join(str(p) for p in problems)})
                if obj.thresholds_provisional:
                    messages.warning(request, _("Ngưỡng công nhận của một số nhóm chưa được xác nhận "
                                                "với văn bản gốc."))
                if in_use(obj):
                    messages.info(request, _("Bộ tiêu chuẩn đã được dùng cho đợt đánh giá: ngưỡng, điểm và thang "
                                             "điểm chỉ đọc. Muốn sửa, hãy ghi “Đính chính bộ tiêu chuẩn” kèm văn "
                                             "bản căn cứ; kết quả các hồ sơ chưa có quyết định được tính lại."))
        return super().change_view(request, object_id, form_url, extra_context)


# --- Criterion and its indicators ------------------------------------------------------------

class IndicatorForm(forms.ModelForm):
    class Meta:
        model = Indicator
        fields = ["number", "name", "max_points", "measure", "numerator_label", "denominator_label",
                  "rate_base", "bands", "name_confirmed", "name_source", "name_quote", "points_confirmed",
                  "points_source", "points_quote"]
        widgets = {f: forms.TextInput(attrs={"style": "width:min(60em,100%)"})
                   for f in ("name", "numerator_label", "denominator_label")}
        help_texts = {
            "bands": _("Các cặp [ngưỡng, điểm], ví dụ [[98, 50], [95, 25]]. Tỷ lệ: đạt từ ngưỡng trở lên; "
                       "tỷ suất: không vượt quá ngưỡng. Thêm phép so sánh khi cần: “dưới 2%” là "
                       "[2, 75, \"<\"]. Để trống nếu chấm điểm trực tiếp. Chỉ ghi các mức văn bản cho: số liệu "
                       "không đạt mức nào không thành 0 điểm mà xã nhập điểm theo hướng dẫn; muốn 0 điểm dưới "
                       "một mức, ghi mức đó (ví dụ [0, 0])."),
        }

    def clean(self):
        data = super().clean()
        measure, bands = data.get("measure"), data.get("bands")
        if measure == Indicator.Measure.POINTS and bands:
            self.add_error("bands", _("Chỉ tiêu chấm điểm trực tiếp không dùng thang điểm."))
        elif bands and data.get("max_points") is not None:
            try:
                rules.check_bands(measure, bands, data["max_points"])
            except rules.RuleError as e:
                self.add_error("bands", str(e))
        return data


class IndicatorInline(LockedWhenInUse, admin.StackedInline):
    locked_fields = INDICATOR_VALUES
    model = Indicator
    form = IndicatorForm
    extra = 0
    ordering = ["number"]


@admin.register(Criterion)
class CriterionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "standard", "max_points", "default_sector", "status", "indicators_add_up"]
    list_filter = ["standard", "name_confirmed", "points_confirmed", "default_sector"]
    search_fields = ["name"]
    list_select_related = ["standard", "default_sector"]
    ordering = ["standard", "number"]
    inlines = [IndicatorInline]
    formfield_overrides = WIDE
    fieldsets = [
        (None, {"fields": ["standard", "number", "name", "max_points", "default_sector"]}),
        (_("Đối chiếu với văn bản gốc"), {"fields": [("name_confirmed", "name_source"), "name_quote",
                                                    ("points_confirmed", "points_source"), "points_quote"]}),
    ]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        return fields + CRITERION_VALUES if obj is not None and in_use(obj.standard) else fields

    def has_delete_permission(self, request, obj=None):
        return not (obj is not None and in_use(obj.standard)) and super().has_delete_permission(request, obj)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(sub_total=Sum("indicators__max_points"))

    @admin.display(description=_("trạng thái"), ordering="points_confirmed")
    def status(self, obj):
        """Name and points are checked separately: each says whether it is confirmed."""
        if not obj.provisional:
            return provisional_badge(False)
        return format_html("{}: {} · {}: {}", _("tên"), provisional_badge(obj.name_provisional),
                           _("điểm"), provisional_badge(obj.points_provisional))

    @admin.display(description=_("chỉ tiêu cộng đủ"))
    def indicators_add_up(self, obj):
        if obj.sub_total is None:
            return _("chấm trực tiếp")
        if obj.sub_total == obj.max_points:
            return format_html('<span style="color:#146c43">✔ {}</span>', obj.sub_total)
        return format_html('<span style="color:#b02a37">✘ {} / {}</span>', obj.sub_total, obj.max_points)


# --- Sector and ownership ---------------------------------------------------------------------

class SectorNameInline(admin.TabularInline):
    model = SectorName
    extra = 0


@admin.register(Sector)
class SectorAdmin(admin.ModelAdmin):
    list_display = ["code", "short_name", "name"]
    search_fields = ["code", "name", "short_name"]
    inlines = [SectorNameInline]


@admin.register(Ownership)
class OwnershipAdmin(admin.ModelAdmin):
    list_display = ["province_code", "standard", "criterion", "sector", "lead", "source"]
    list_filter = ["criterion__standard", "province_code", "sector", "lead"]
    search_fields = ["province_code", "criterion__name", "source"]
    list_select_related = ["criterion__standard", "sector"]
    ordering = ["province_code", "criterion__standard", "criterion__number", "-lead"]

    @admin.display(description=_("bộ tiêu chuẩn"), ordering="criterion__standard__code")
    def standard(self, obj):
        return obj.criterion.standard.code
