"""What a report covers: a user, a year and a unit (None = the whole country), resolved from the filter.

Every query of the reports starts from here, so a report never shows a unit outside
``Unit.objects.visible_to(user)`` / ``Assessment.objects.visible_to(user)``.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import F, Q
from django.db.models.functions import Coalesce

from assessments.models import Assessment, Round
from communes.models import Unit


@dataclass(frozen=True)
class PickedRound:
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
        return qs.within(self.unit) if self.unit is not None else qs

    def communes_on(self, day):
        """Commune-level units in scope that existed on ``day`` (the 2025 reform changed them)."""
        return self.units().communes().filter(valid_from__lte=day).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=day))

    def assessments(self):
        qs = Assessment.objects.visible_to(self.user)
        return qs.filter(commune__path__startswith=self.unit.path) if self.unit is not None else qs

    def unit_group(self, prefix=""):
        """The grouping key of a commune: its province nationally, else its parent (the recognising unit)."""
        if self.by_province:
            return Coalesce(f"{prefix}parent__parent_id", f"{prefix}parent_id")
        return F(f"{prefix}parent_id")

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
            picked = {}
            for row in qs.order_by("province_id", "year", "-standard__in_force_from", "-id").values(
                    "id", "province_id", "year", "standard_id", "standard__code", "period_end",
                    "submission_due", "appraisal_due", "decision_due", "report_due"):
                key = (row["province_id"], row["year"])
                if key not in picked:
                    row["standard_code"] = row.pop("standard__code")
                    picked[key] = PickedRound(**row)
            self._rounds["picked"] = picked
        return self._rounds["picked"]

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

