"""What a report covers: a user, a year and a unit (None = the whole country), resolved from the filter.

Every query of the reports starts from here, so a report never shows a unit outside
``Unit.objects.visible_to(user)`` / ``Assessment.objects.visible_to(user)``, with one addition: a
unit formed by the 2025 reform carries the history of the units it was formed from (``HISTORY_RULE``).
Its pre-reform communes are those whose default successor lies within it (a commune divided among
several new ones is counted once, where its default successor is), and its rounds before the reform
are its predecessor provinces' rounds.
"""

import datetime
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import NamedTuple

from django.db import models
from django.db.models import F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from assessments.models import Assessment, Round
from communes.models import Level, Unit, UnitLink, UnitVersion
from criteria.selectors import province_code_of

HISTORY_RULE = _(
    "Từ 01/7/2025, số liệu các năm trước của tỉnh và xã mới gồm các tỉnh, huyện, xã cũ hợp thành (theo "
    "danh mục sắp xếp đơn vị hành chính năm 2025); xã cũ bị chia cho nhiều xã mới được tính một lần, ở "
    "xã kế thừa chính.")

COUNTS_RULE = _(
    "Xã, phường, đặc khu hình thành từ 01/7/2025 được so với năm trước theo các xã cũ hợp thành: đơn vị được tính là "
    "đã được công nhận năm trước nếu mọi xã cũ hợp thành (xã cũ bị chia chỉ tính ở xã kế thừa chính) đều được công "
    "nhận năm đó, nên không tính là “công nhận mới”; nếu năm nay không được công nhận thì tính là “không được công "
    "nhận lại”.")


# The reader of a unit's whole figures, for a record that has already allowed its reader (a review part, a plan):
# bounded by ``Scope.unit``, the same figures for every reader and every print (reviews.drafting, planning.selectors)
UNIT_READER = SimpleNamespace(sees_everything=True, unit_id=None, unit=None, pk=None)


def carries_history(unit):
    """A unit formed by the 2025 reform (in force now) inherits its predecessors' history."""
    return unit is not None and unit.valid_to is None


def predecessor_ids(unit):
    """Subquery: pre-reform units whose default successor lies within ``unit`` (itself included)."""
    return UnitLink.objects.filter(is_default=True, successor__path__startswith=unit.path).values("predecessor_id")


def moved_in_ids(unit):
    """Subquery: units that lay within the district ``unit`` for a period though stored elsewhere now (by their
    ``UnitVersion``: Yên Dũng's communes until 31/12/2024, stored under the city of Bắc Giang they joined)."""
    return UnitVersion.objects.filter(parent__path__startswith=unit.path).values("unit_id")


class PickedRound(NamedTuple):
    """A round as the reports read it: a tuple (630 nationally on every report page; a frozen dataclass's
    ``__init__`` cost 0.3 ms of them)."""

    id: int
    province_id: int
    year: int
    standard_id: int
    standard_code: str
    period_end: datetime.date
    submission_due: datetime.date
    appraisal_due: datetime.date
    decision_due: datetime.date
    report_due: datetime.date


@dataclass(frozen=True)
class Scope:
    user: object
    year: int
    unit: Unit | None = None  # None: every unit the user may see (the whole country for national staff)
    _rounds: dict = field(default_factory=dict, compare=False, repr=False)

    # --- the units and rows in scope --------------------------------------------------------

    @property
    def by_province(self):
        """Rows group by province for the whole country, by recognising unit within a province."""
        return self.unit is None and self.user.sees_everything

    def units(self):
        qs = Unit.objects.visible_to(self.user)
        if self.unit is None:
            return qs
        if carries_history(self.unit):  # the unit is visible (the filter checked it), so is its history
            return Unit.objects.filter(Q(path__startswith=self.unit.path) | Q(pk__in=predecessor_ids(self.unit)))
        if self.unit.level == Level.DISTRICT:  # and the communes under it in a period, stored elsewhere now
            return qs.filter(Q(path__startswith=self.unit.path) | Q(pk__in=moved_in_ids(self.unit)))
        return qs.within(self.unit)

    def communes_on(self, day):
        """Commune-level units in scope that existed on ``day`` (the 2025 reform changed them)."""
        return self.units().communes().filter(valid_from__lte=day).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=day))

    def communes_grouped(self, day):
        """``communes_on(day)`` with ``group``, ``unit_group`` of that day; a district's scope keeps its communes of
        that day only (the city of Bắc Giang's 2024 report without Yên Dũng's, which joined it on 1/1/2025)."""
        communes = self.communes_on(day).annotate(group=self.unit_group(day=day))
        if self.unit is not None and self.unit.level == Level.DISTRICT:
            communes = communes.filter(group__in=Unit.objects.within(self.unit).values("pk"))
        return communes

    def assessments(self):
        qs = Assessment.objects.visible_to(self.user)
        if self.unit is None:
            return qs
        within = Q(commune__path__startswith=self.unit.path)
        if carries_history(self.unit):  # the unit is visible (the filter checked it), so is its history
            return Assessment.objects.filter(within | Q(commune_id__in=predecessor_ids(self.unit)))
        if self.unit.level == Level.DISTRICT:
            return qs.filter(within | Q(commune_id__in=moved_in_ids(self.unit)))
        return qs.filter(within)

    def province_code(self):
        """The official code of the one province the scope lies in ("" for the whole country), for the
        rules a province sets itself (criteria.rules.REWARDS)."""
        return province_code_of(self.unit or (None if self.user.sees_everything else self.user.unit))

    def unit_group(self, prefix="", day=None):
        """The grouping key of a commune: its province nationally, else its parent (the recognising unit): on
        ``day`` its parent then (its ``UnitVersion``: huyện Yên Dũng in 2024, not the city it joined), without a
        day its stored parent. A subquery in the same statement: no query more."""
        if self.by_province:
            return Coalesce(f"{prefix}parent__parent_id", f"{prefix}parent_id")
        if day is None:
            return F(f"{prefix}parent_id")
        then = UnitVersion.objects.on(day).filter(unit_id=OuterRef(f"{prefix}id"), parent__isnull=False)
        return Coalesce(Subquery(then.values("parent_id")[:1]), F(f"{prefix}parent_id"),
                        output_field=models.BigIntegerField())

    # --- rounds: one per province and year ----------------------------------------------------

    def rounds(self):
        """{(province id, year): PickedRound} for every year up to ``year`` (one query, cached).

        A province runs one round a year; should it have two (on two standards), the round on the
        newer standard counts.
        """
        if "picked" not in self._rounds:
            qs = Round.objects.visible_to(self.user).filter(year__lte=self.year)
            if self.unit is not None:
                qs = qs.filter(province_id=self.unit.province_id)
                if carries_history(self.unit):  # and its predecessor provinces' rounds (one link each)
                    qs = Round.objects.filter(year__lte=self.year).filter(
                        Q(province_id=self.unit.province_id)
                        | Q(province__successor_links__successor_id=self.unit.province_id))
            picked = {}
            # tuples in PickedRound's order (630 rounds nationally: a dict per row cost as much again)
            for row in qs.order_by("province_id", "year", "-standard__in_force_from", "-id").values_list(
                    "id", "province_id", "year", "standard_id", "standard__code", "period_end",
                    "submission_due", "appraisal_due", "decision_due", "report_due"):
                key = (row[1], row[2])
                if key not in picked:
                    picked[key] = PickedRound._make(row)
            self._rounds["picked"] = picked
        return self._rounds["picked"]

    def has_history(self):
        """Whether the rounds include a predecessor province's (a post-reform unit's earlier years); asks
        no query of its own (False on a page that never read the rounds)."""
        if self.unit is None or "picked" not in self._rounds:
            return False
        return any(r.province_id != self.unit.province_id for r in self.rounds().values())

    def current_rounds(self):
        return [r for (_p, y), r in self.rounds().items() if y == self.year]

    def previous_rounds(self):
        """Each province's latest round before ``year``."""
        latest = {}
        for (province, y), r in self.rounds().items():
            if y < self.year and (province not in latest or y > latest[province].year):
                latest[province] = r
        return list(latest.values())

    def reference_day(self, year=None):
        """The day whose units count for ``year``: the end of the evaluation period of its rounds."""
        year = self.year if year is None else year
        ends = [r.period_end for (_p, y), r in self.rounds().items() if y == year]
        return max(ends) if ends else datetime.date(year, 12, 31)


def ids_or_none(rounds):
    """Round ids for an ``__in`` filter; [0] when empty, so a join condition matches nothing."""
    return [r.id for r in rounds] or [0]

