"""The report filter (year, province, district) narrowed to the user, and the target form."""

from datetime import timedelta
from html import escape

from django import forms
from django.db.models import Q
from django.forms.utils import flatatt
from django.http import Http404
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from assessments.models import Round
from communes.models import Level, Unit
from reports import selectors
from reports.models import Target
from reports.scope import Scope, carries_history


class ListSelect(forms.Select):
    """A select written in one pass, not through a template per option and per attribute as Django's own:
    the filter lists up to 97 provinces on every report page, and even one template looping over them cost
    about 2 ms of each page (``manage.py bench``). The markup is what Django's select writes."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = {str(v) for v in self.format_value(value)}
        attrs = self.build_attrs(self.attrs, attrs)

        def option(choice_value, label):
            choice_value = "" if choice_value is None else str(choice_value)
            selected = " selected" if choice_value in chosen else ""
            return f'\n  <option value="{escape(choice_value)}"{selected}>{escape(str(label))}</option>'

        parts = [format_html("<select name=\"{}\"{}>", name, flatatt(attrs))]
        for choice_value, label in self.choices:
            if isinstance(label, (list, tuple)):  # a group: ("trước 01/7/2025", [(value, label), ...])
                parts.append(f'\n  <optgroup label="{escape(str(choice_value))}">')
                parts.extend(option(v, lbl) for v, lbl in label)
                parts.append("\n  </optgroup>")
            else:
                parts.append(option(choice_value, label))
        parts.append("\n</select>")
        return mark_safe("".join(parts))


SELECT = ListSelect(attrs={"class": "form-select form-select-sm"})


class ListedChoices(forms.models.ModelChoiceIterator):
    """The units read with one ordinary query. Django's own iterator reads them through
    ``QuerySet.iterator()``, which on PostgreSQL opens a server-side cursor: about 3 ms for a
    list of 30 districts, on every report page."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for unit in self.queryset:
            yield self.choice(unit)


class GroupedChoices(ListedChoices):
    """Units in force first, then those that ended, under the day they ended ("trước 01/7/2025")."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        current, former = [], {}
        for unit in self.queryset:
            if unit.valid_to is None:
                current.append(self.choice(unit))
            else:
                former.setdefault(unit.valid_to, []).append(self.choice(unit))
        yield from current
        for end, choices in sorted(former.items(), reverse=True):
            day = end + timedelta(days=1)
            yield (gettext("trước %(day)s") % {"day": f"{day.day:02d}/{day.month}/{day.year}"}, choices)


class UnitChoiceField(forms.ModelChoiceField):
    iterator = ListedChoices

    def label_from_instance(self, unit):
        if unit.valid_to:
            return gettext("%(name)s (đến %(end)s)") % {"name": unit.name, "end": unit.valid_to.strftime("%d/%m/%Y")}
        return unit.name


class ReportFilterForm(forms.Form):
    """GET filter of every report page, narrowed to the user.

    A unit outside ``Unit.objects.visible_to(user)`` is a 404, whatever the URL says. National staff
    choose a province (default: the whole country) and then a district; provincial staff a
    district of their province; a recognising unit's officers always get their own unit.
    """

    year = forms.TypedChoiceField(label=_("Năm"), coerce=int, required=False, widget=SELECT)
    province = UnitChoiceField(label=_("Tỉnh, thành phố"), queryset=Unit.objects.none(), required=False,
                               empty_label=_("Toàn quốc"), widget=SELECT)
    district = UnitChoiceField(label=_("Huyện, quận, thị xã, thành phố"), queryset=Unit.objects.none(),
                               required=False, empty_label=_("Tất cả"), widget=SELECT)

    def __init__(self, data, *, user):
        super().__init__(data)
        self.user = user
        self.visible = Unit.objects.visible_to(user)
        rounds = Round.objects.visible_to(user)
        if not user.sees_everything and carries_history(user.unit):  # and the years of its predecessors
            province = user.unit.province_id
            rounds = Round.objects.filter(Q(province_id=province) | Q(province__successor_links__successor_id=province))
        per_year = selectors.years_with_dossiers(rounds)
        self.years = sorted(per_year, reverse=True)
        # the page opens on the latest year with data (a round just opened has no dossier yet)
        self.default_year = next((y for y in self.years if per_year[y]), self.years[0] if self.years else None)
        self.fields["year"].choices = [(y, y) for y in self.years]
        self.unit = self._resolve_unit()
        if user.sees_everything:  # the 34 provinces in force, then the 63 former ones "trước 01/7/2025"
            self.fields["province"].iterator = GroupedChoices  # before the queryset, which reads the choices
            self.fields["province"].queryset = self.visible.provinces()
        else:
            del self.fields["province"]
        level = self.unit.level if self.unit is not None else None
        if level == Level.PROVINCE:
            self.fields["district"].queryset = self.visible.within(self.unit).filter(level=Level.DISTRICT)
        elif level == Level.DISTRICT and self.unit != user.unit:  # chosen from a province's list: keep it
            self.fields["district"].queryset = self.visible.filter(level=Level.DISTRICT,
                                                                   parent_id=self.unit.parent_id)
        else:  # the whole country (choose a province first), or the officer's own district
            del self.fields["district"]
        self.year = self._resolve_year()

    def _pick(self, queryset, value):
        try:
            return queryset.get(pk=int(value))
        except (TypeError, ValueError, Unit.DoesNotExist):
            raise Http404(_("Không có đơn vị này trong phạm vi của bạn."))

    def _resolve_unit(self):
        unit = None if self.user.sees_everything else self.user.unit
        province, district = self.data.get("province"), self.data.get("district")
        if province:
            unit = self._pick(self.visible.provinces(), province)
        if district:
            districts = self.visible.filter(level=Level.DISTRICT)
            unit = self._pick(districts.within(unit) if unit is not None else districts, district)
        return unit

    def _resolve_year(self):
        try:
            year = int(self.data.get("year", ""))
        except ValueError:
            year = None
        return year if year in self.years else self.default_year

    def scope(self):
        """The chosen Scope (None when no round is visible yet)."""
        return Scope(self.user, self.year, self.unit) if self.year else None

    def initial_values(self):
        """What the form shows as selected."""
        values = {"year": self.year}
        if self.unit is not None and self.unit.level == Level.PROVINCE:
            values["province"] = self.unit.pk
        elif self.unit is not None and self.unit.level == Level.DISTRICT:
            values["district"], values["province"] = self.unit.pk, self.unit.parent_id
        return values

    def querystring(self):
        """The filter as a query string, for links to the other reports and to the exports."""
        from urllib.parse import urlencode

        values = {k: v for k, v in self.initial_values().items() if v}
        if self.unit is not None and not self.user.sees_everything and self.unit == self.user.unit:
            values.pop("province", None), values.pop("district", None)
        return urlencode(values)


class TargetForm(forms.ModelForm):
    """A recognising unit's target for a year (the district's target for next year)."""

    # typed as text and read by core.numbers: "85,5" = "85.5"; "1.000", text and above 100 refused
    percent = forms.CharField(label=_("Tỷ lệ đơn vị đạt chuẩn (%)"), max_length=20,
                              widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}))

    class Meta:
        model = Target
        fields = ["year", "percent", "source"]
        labels = {"year": _("Năm")}
        # the unit's own text: an example from another province's plan would read as its rule
        help_texts = {"source": _("Số, ngày, cơ quan ban hành văn bản đặt chỉ tiêu, ví dụ: Kế hoạch số …/KH-UBND "
                                  "ngày … của UBND tỉnh ….")}

    def clean_percent(self):
        from core.numbers import parse_vn_decimal

        value = parse_vn_decimal(self.cleaned_data["percent"], label=_("Tỷ lệ đơn vị đạt chuẩn"), max_value=100)
        if value is None:
            raise forms.ValidationError(_("Tỷ lệ đơn vị đạt chuẩn: hãy nhập tỷ lệ."))
        return value
