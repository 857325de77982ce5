"""The lists of dossiers, rounds, decisions and communes (issue 22): what each search box matches and
which filters it offers, as django-filter FilterSets over core.listing.ListFilterSet.

Every list starts from what the user reads (``readable_by``: the user's unit, and after the 2025 reform
the units it succeeded), so a filter can only narrow it. "Cần tôi xử lý" asks
``assessments.permissions.needs_action`` (the moves table), never a list of roles. The unit filter is the
districts of the user's own unit (none after the reform: a province without districts offers none), or
the provinces for national staff.
"""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from assessments import permissions, selectors
from assessments.models import Assessment, Decision, Round
from communes.models import Level, Unit, named_like, year_bounds
from core.listing import ListFilterSet, ordering

S = Assessment.Status


def unit_choices(user):
    """{pk: (label, path)} for the unit filter (one query): every province for national staff (the former
    ones marked), else the districts of the user's own unit; empty where it has none."""
    if user.sees_everything:
        units = Unit.objects.provinces().order_by("valid_to", "name")
    elif user.unit_id is not None:
        units = Unit.objects.within(user.unit).filter(level=Level.DISTRICT).exclude(pk=user.unit_id).order_by("name")
    else:
        return {}
    return {u.pk: (f"{u.name} (trước 01/7/2025)" if u.valid_to else u.name, u.path)
            for u in units.only("pk", "name", "path", "valid_to")}


class UnitListFilterSet(ListFilterSet):
    """The filters the lists of dossiers, rounds and communes share: year, unit, "cần tôi xử lý"."""

    nam = django_filters.TypedChoiceFilter(label=_("Năm"), method="by_year", coerce=int)
    don_vi = django_filters.TypedChoiceFilter(label=_("Huyện"), method="by_unit", coerce=int)
    cho_toi = django_filters.BooleanFilter(label=_("Cần tôi xử lý"), method="by_action",
                                           widget=forms.CheckboxInput)
    unit_path = "commune__path"  # the unit filter's field on this list's rows

    def __init__(self, data=None, *args, user, **kwargs):
        super().__init__(data, *args, user=user, **kwargs)
        self.form.fields["nam"].choices = [("", _("Mọi năm")), *((y, y) for y in self.years())]
        self.units = unit_choices(user)
        if self.units:
            field = self.form.fields["don_vi"]
            field.label = _("Tỉnh, thành phố") if user.sees_everything else _("Huyện")
            field.choices = [("", _("Tất cả")), *((pk, label) for pk, (label, _path) in self.units.items())]
        else:  # a province without districts (after 1/7/2025), a district, a commune
            self.drop("don_vi")

    def years(self):
        """The years offered: those of the rounds the user reads, newest first (one query)."""
        return Round.objects.readable_by(self.user).order_by("-year").values_list("year", flat=True).distinct()

    def by_unit(self, queryset, name, value):
        return queryset.filter(**{f"{self.unit_path}__startswith": self.units[value][1]})

    def by_action(self, queryset, name, value):
        return queryset.filter(self.waiting()) if value else queryset

    def waiting(self):
        return permissions.needs_action(self.user)



class DossierFilter(UnitListFilterSet):
    trang_thai = django_filters.ChoiceFilter(label=_("Trạng thái"), field_name="status", choices=S.choices,
                                             empty_label=_("Mọi trạng thái"))
    sap_xep = ordering({"ten": ("commune__search_name", _("Tên xã")), "nam": ("round__year", _("Năm")),
                        "trang_thai": ("status", _("Trạng thái")), "diem": ("final_total", _("Điểm")),
                        "cap_nhat": ("updated_at", _("Cập nhật"))})

    class Meta:
        model = Assessment
        fields = []

    def search(self, queryset, name, value):
        return queryset.filter(named_like(value, "commune__") | Q(commune__code=value.strip()))

    def by_year(self, queryset, name, value):
        return queryset.filter(round__year=value)



class RoundFilter(UnitListFilterSet):
    trang_thai = django_filters.ChoiceFilter(
        label=_("Trạng thái"), method="by_state", empty_label=_("Mọi trạng thái"),
        choices=[("open", _("Chưa có quyết định")), ("decided", _("Đã có quyết định"))])
    sap_xep = ordering({"nam": ("year", _("Năm")), "tinh": ("province__search_name", _("Tỉnh")),
                        "han_nop": ("submission_due", _("Hạn nộp hồ sơ"))})
    unit_path = "province__path"

    class Meta:
        model = Round
        fields = []

    def search(self, queryset, name, value):
        return queryset.filter(named_like(value, "province__") | Q(deadlines_source__icontains=value.strip()))

    def by_year(self, queryset, name, value):
        return queryset.filter(year=value)

    def __init__(self, data=None, *args, user, **kwargs):
        super().__init__(data, *args, user=user, **kwargs)
        if not user.sees_everything:  # a round is a province's: only the ministry chooses among provinces
            self.drop("don_vi")

    def by_state(self, queryset, name, value):
        decided = Q(decisions__isnull=False)
        return queryset.filter(decided).distinct() if value == "decided" else queryset.exclude(decided)

    def waiting(self):
        return selectors.waiting_dossiers_of(self.user, "round_id")



class DecisionFilter(UnitListFilterSet):
    sap_xep = ordering({"ngay": ("signed_on", _("Ngày ký")), "so": ("number", _("Số")),
                        "co_quan": ("issuer__search_name", _("Cơ quan ban hành"))})
    unit_path = "issuer__path"

    class Meta:
        model = Decision
        fields = []

    def search(self, queryset, name, value):
        decided = Assessment.objects.filter(named_like(value, "commune__"), decision=OuterRef("pk"))
        return queryset.filter(Q(number__icontains=value.strip()) | named_like(value, "issuer__") | Exists(decided))

    def by_year(self, queryset, name, value):
        return queryset.filter(round__year=value)

    def by_unit(self, queryset, name, value):  # a province's decisions and those of its districts
        return queryset.filter(issuer__path__startswith=self.units[value][1])

    def waiting(self):
        """A decision is issued once; what waits is its round's next one: a dossier of the round, in the
        issuer's area, on which the user has a move (``needs_action``, as on the dossiers' list)."""
        return selectors.waiting_in_decisions_round(self.user)



class CommuneFilter(UnitListFilterSet):
    trang_thai = django_filters.ChoiceFilter(label=_("Hồ sơ"), method="by_status", choices=S.choices,
                                             empty_label=_("Mọi trạng thái"))
    sap_xep = ordering({"ten": ("search_name", _("Tên")), "ma": ("code", _("Mã")),
                        "huyen": ("parent__search_name", _("Đơn vị cấp trên"))})
    unit_path = "path"

    class Meta:
        model = Unit
        fields = []

    def search(self, queryset, name, value):
        return queryset.filter(named_like(value) | Q(code=value.strip()))

    def by_year(self, queryset, name, value):
        """Communes that existed in the year (the 2025 reform changed them)."""
        first, last = year_bounds(value)
        return queryset.filter(Q(valid_from__lte=last), Q(valid_to__isnull=True) | Q(valid_to__gte=first))

    def by_status(self, queryset, name, value):
        """Communes with a dossier in that state (in the year chosen, if one is)."""
        dossiers = Assessment.objects.filter(commune_id=OuterRef("pk"), status=value)
        year = self.form.cleaned_data.get("nam")
        return queryset.filter(Exists(dossiers.filter(round__year=year) if year else dossiers))

    def waiting(self):
        return selectors.waiting_dossiers_of(self.user, "commune_id")
