"""The list pages' common parts (issue 22): a search box, sorting, a page size and paging, all read from
the URL's GET parameters (django-filter), so a filtered list is a link to share.

Each app declares its lists' FilterSets over ``ListFilterSet`` (its ``search`` says which names the box
matches, through ``communes.models.named_like`` for units: "Luc Nam" finds "Lục Nam"), and its view
renders ``list_page``'s context with the page's own table. A list costs the same queries for 1 row as
for 100: the filter's choices, one COUNT and one page of rows, each row's relations joined.
"""

import django_filters
from django import forms
from django.core.paginator import Paginator
from django.utils.translation import gettext_lazy as _

PAGE_SIZES = (20, 50, 100)


class ListFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Tìm kiếm"), method="search",
                                  widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Tên, số…")}))
    so_dong = django_filters.ChoiceFilter(label=_("Số dòng mỗi trang"), method="unfiltered",
                                          choices=[(str(n), n) for n in PAGE_SIZES], empty_label=None)

    def __init__(self, data=None, *args, user, **kwargs):
        self.user = user
        super().__init__(data, *args, **kwargs)

    def search(self, queryset, name, value):
        raise NotImplementedError  # each list says what its box matches

    def unfiltered(self, queryset, name, value):
        return queryset

    def drop(self, *names):
        """Not offered on this page (e.g. the district filter of a province without districts)."""
        for name in names:
            self.filters.pop(name, None)
            self.form.fields.pop(name, None)

    def page_size(self) -> int:
        self.is_valid()  # a bad value of another filter leaves this one's
        size = self.form.cleaned_data.get("so_dong")
        return int(size) if size else PAGE_SIZES[0]


class Ordering(django_filters.OrderingFilter):
    """The sort box; the primary key breaks ties, so a row never shows on two pages."""

    def filter(self, qs, value):
        qs = super().filter(qs, value)
        return qs.order_by(*qs.query.order_by, "pk") if value else qs


def ordering(fields):
    """The sort box: ``fields`` {parameter value: (model field, label)}, each also descending ("-ten");
    none chosen, the list's own order (its selector's)."""
    return Ordering(label=_("Sắp xếp"), fields={f: param for param, (f, _label) in fields.items()},
                    field_labels={f: label for f, label in fields.values()}, empty_label=_("Mặc định"))


LAST = ("sap_xep", "so_dong")  # after the filters: how the rows are sorted and how many a page shows


def _controls(form, data):
    """The form's fields as the page draws them, each with the value the URL gave (as typed, valid or not)."""
    controls = []
    for bound in sorted(form, key=lambda b: LAST.index(b.name) + 1 if b.name in LAST else 0):
        typed = data.get(bound.name, "")
        kind = {"q": "search", "cho_toi": "checkbox"}.get(bound.name, "select")
        choices = [(str(value), label, str(value) == typed) for value, label in getattr(bound.field, "choices", ())]
        controls.append({"name": bound.name, "id": bound.id_for_label, "label": bound.label, "kind": kind,
                         "value": typed, "choices": choices, "errors": bound.errors})
    return controls


def list_page(request, filterset):
    """The context of a list page: the filter form's controls with the values the URL gave, the page of rows
    and whether any filter is set."""
    filterset.is_valid()
    page = Paginator(filterset.qs, filterset.page_size()).get_page(request.GET.get("page"))
    shown = set(filterset.form.fields) - {"so_dong", "sap_xep"}
    return {"filter": filterset, "controls": _controls(filterset.form, request.GET), "page_obj": page,
            "rows": page.object_list, "filtered": any(request.GET.get(name) for name in shown)}
