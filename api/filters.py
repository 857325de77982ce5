"""The API's filters (django-filter, read from the URL): year, unit (with its subtree), standard, status and a
few of each resource's own. Every filter is validated: a value it cannot read answers 400 with the bad
field named, never a 500. The units a filter accepts are those the reader reads (the same predicate as
the pages, ``accounts.permissions.readable``): another province's unit is not a valid choice."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field

from accounts.permissions import readable
from assessments.models import Assessment, Decision, Registration, Round
from communes.models import Kind, Level, Unit, year_bounds
from criteria.models import Standard
from reports.models import Target


class IntFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


class YearFilter(IntFilter):

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", _("Năm"))
        super().__init__(*args, min_value=1990, max_value=2100, **kwargs)


def readable_units(request):
    return readable(Unit.objects.all(), request.user) if request is not None else Unit.objects.none()


class UnitFilter(django_filters.ModelChoiceFilter):
    """A unit the reader reads, by id; the rows of that unit and of every unit under it."""

    field_class = forms.ModelChoiceField

    def __init__(self, path_field, **kwargs):
        self.path_field = path_field
        kwargs.setdefault("label", _("Đơn vị (mã số trong API, gồm các đơn vị trực thuộc)"))
        super().__init__(queryset=readable_units, **kwargs)
        # the schema: an integer (the unit's id), described by this filter's own label (a type given to the class
        # would leave every unit filter without its description)
        extend_schema_field({"type": "integer", "description": str(self.label)})(self)

    def filter(self, qs, value):
        if value in (None, ""):
            return qs
        return qs.filter(**{f"{self.path_field}__startswith": value.path})


class RoundUnitFilter(UnitFilter):
    """A round is a province's: the rounds of the unit's province, or of the provinces within the unit."""

    def filter(self, qs, value):
        if value in (None, ""):
            return qs
        return qs.filter(Q(province_id=value.province_id) | Q(province__path__startswith=value.path))


class StandardFilter(django_filters.ModelChoiceFilter):
    """A standard by its code ("06/QĐ-TTg")."""

    def __init__(self, field_name, **kwargs):
        super().__init__(field_name=field_name, queryset=Standard.objects.all(), to_field_name="code",
                         label=_("Bộ tiêu chuẩn (số hiệu, ví dụ 06/QĐ-TTg)"), **kwargs)


class UnitFilterSet(django_filters.FilterSet):
    level = django_filters.ChoiceFilter(choices=Level.choices, label=_("Cấp"))
    kind = django_filters.ChoiceFilter(choices=Kind.choices, label=_("Loại"))
    code = django_filters.CharFilter(field_name="code", max_length=10, label=_("Mã đơn vị hành chính"))
    current = django_filters.BooleanFilter(field_name="valid_to", lookup_expr="isnull",
                                           label=_("Đang có hiệu lực (true) hay đã hết (false)"))
    year = YearFilter(method="in_year", label=_("Có trong năm"))
    unit = UnitFilter("path")

    class Meta:
        model = Unit
        fields = []

    def in_year(self, qs, name, value):
        first, last = year_bounds(value)
        return qs.filter(Q(valid_from__lte=last), Q(valid_to__isnull=True) | Q(valid_to__gte=first))


class RoundFilterSet(django_filters.FilterSet):
    year = YearFilter(field_name="year")
    unit = RoundUnitFilter("province__path", label=_("Đơn vị: các đợt của tỉnh chứa đơn vị này (hoặc của các tỉnh "
                                                     "thuộc đơn vị)"))
    standard = StandardFilter("standard")

    class Meta:
        model = Round
        fields = []


class DossierFilterSet(django_filters.FilterSet):
    year = YearFilter(field_name="round__year")
    unit = UnitFilter("commune__path")
    standard = StandardFilter("round__standard")
    status = django_filters.ChoiceFilter(choices=Assessment.Status.choices, label=_("Trạng thái"))
    round = IntFilter(field_name="round_id", label=_("Đợt đánh giá (mã số)"), min_value=1, max_value=2**53)

    class Meta:
        model = Assessment
        fields = []


class DecisionFilterSet(django_filters.FilterSet):
    year = YearFilter(field_name="round__year")
    unit = UnitFilter("issuer__path", label=_("Cơ quan ban hành (gồm các đơn vị trực thuộc)"))
    standard = StandardFilter("round__standard")

    class Meta:
        model = Decision
        fields = []


class RegistrationFilterSet(django_filters.FilterSet):
    year = YearFilter(field_name="round__year")
    unit = UnitFilter("commune__path")
    standard = StandardFilter("round__standard")

    class Meta:
        model = Registration
        fields = []


class TargetFilterSet(django_filters.FilterSet):
    year = YearFilter(field_name="year", label=_("Năm (đến năm) của chỉ tiêu"))
    kind = django_filters.ChoiceFilter(choices=Target.Kind.choices, label=_("Loại chỉ tiêu"))
    unit = UnitFilter("unit__path", label=_("Đơn vị đặt chỉ tiêu (gồm các đơn vị trực thuộc)"))

    class Meta:
        model = Target
        fields = []
