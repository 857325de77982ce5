"""The list of inspection plans (issue 22): search, status, year, issuing unit, "cần tôi xử lý", sorting and
paging from the URL, over core.listing.ListFilterSet. "Cần tôi xử lý" asks inspections.permissions.needs_action
(the plans' moves table)."""

import django_filters
from django.db.models import Exists, Max, Min, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from assessments.filters import UnitListFilterSet
from communes.models import named_like
from core.listing import ordering
from inspections import permissions
from inspections.models import Plan, PlanUnit


class PlanFilter(UnitListFilterSet):
    trang_thai = django_filters.ChoiceFilter(label=_("Trạng thái"), field_name="status", choices=Plan.Status.choices,
                                             empty_label=_("Mọi trạng thái"))
    sap_xep = ordering({"bat_dau": ("window_start", _("Thời gian kiểm tra")), "so": ("number", _("Số")),
                        "trich_yeu": ("title", _("Trích yếu"))})
    unit_path = "issuer__path"

    class Meta:
        model = Plan
        fields = []

    def search(self, queryset, name, value):
        """The title or number as typed, or a unit the plan is issued by or covers, with or without diacritics."""
        text = value.strip()
        covered = PlanUnit.objects.filter(named_like(value, "unit__"), plan=OuterRef("pk"))
        return queryset.filter(Q(title__icontains=text) | Q(number__icontains=text) | named_like(value, "issuer__")
                               | Exists(covered))

    def years(self):
        """From the earliest year a plan reviews to the latest it is carried out in (one query)."""
        plans = Plan.objects.readable_by(self.user)
        span = plans.aggregate(first=Min("review_from_year"), last=Max("window_end__year"))
        return range(span["last"], span["first"] - 1, -1) if span["first"] else []

    def by_year(self, queryset, name, value):
        """Plans whose review period or inspection window takes in the year."""
        return queryset.filter(Q(review_from_year__lte=value, review_to_year__gte=value)
                               | Q(window_start__year=value))

    def waiting(self):
        return permissions.needs_action(self.user)
