"""Reads of the yearly plans computed from the record: the share of a province's districts taking part in a year
("11/11 các huyện, thành phố … đều triển khai", seed 003), beside the plan's target of that kind.

Counted by the reports' summary (``reports.selectors.summary``, one source of figures): in a year with districts
its rows are the province's recognising units (the districts as they were that year); a district takes part when
at least one of its communes registered for or was assessed in the year's round. Read as the plan's unit whole
(``reports.scope.UNIT_READER``): the page or file has already asked ``planning.read``.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from communes.models import Level
from core import formatting
from reports import rules
from reports.models import Target
from reports.scope import UNIT_READER, Scope
from reports.selectors import summary


@dataclass(frozen=True)
class DistrictsTakingPart:
    """One year of a plan's "districts taking part" target: what the plan set, what the record shows."""

    year: int
    target: Target
    districts: int          # the province's districts with communes that year
    taking_part: int        # of them, those with a commune registered or assessed
    missing: tuple          # the names (of that year) of those without
    has_round: bool         # the province ran a round that year
    after_reform: bool      # no district that year (from 1/7/2025)

    @property
    def share(self) -> Decimal | None:
        return rules.share(self.taking_part, self.districts) if self.has_round else None

    @property
    def met(self):
        return None if self.share is None else self.share >= self.target.percent

    @property
    def text(self) -> str:
        """The sentence the page, the PDF and the Word copy print beside the target."""
        head = _("Năm %(y)s: chỉ tiêu %(t)s huyện, thành phố tham gia") % {
            "y": self.year, "t": self.target.percent_label}
        if self.after_reform:
            return head + _("; không còn cấp huyện (từ 01/7/2025).")
        if not self.has_round or not self.districts:
            return head + _("; chưa có dữ liệu: không có đợt đánh giá năm %(y)s trên hệ thống.") % {"y": self.year}
        line = head + _("; theo dữ liệu %(n)s/%(d)s huyện, thành phố có xã đăng ký hoặc tự đánh giá "
                        "(%(p)s): %(v)s.") % {
            "n": self.taking_part, "d": self.districts, "p": formatting.percent(self.share, trim=True),
            "v": _("đạt") if self.met else _("chưa đạt")}
        if self.missing:
            line += " " + _("Chưa tham gia: %(names)s.") % {"names": ", ".join(self.missing)}
        return line


def _years(plan, target):
    first = max(target.year_from or target.year, plan.year)
    last = min(target.year, plan.last_year, timezone.localdate().year)
    return range(first, last + 1)


def districts_taking_part(plan) -> list[DistrictsTakingPart]:
    """For each target of the plan of kind "districts taking part", each of its years within the plan's years (up
    to this year): the record's figure beside it. Queries: one for the targets, then the summary's per year."""
    found = []
    targets = Target.objects.filter(plan_entry__part__plan=plan, kind=Target.Kind.DISTRICTS_SHARE).order_by("year")
    for target in targets:
        for year in _years(plan, target):
            data = summary(Scope(user=UNIT_READER, year=year, unit=plan.unit))
            rows = [r for r in data["rows"] if r.unit.level == Level.DISTRICT]
            taking = [r for r in rows if r.registered or r.assessed]
            found.append(DistrictsTakingPart(
                year=year, target=target, districts=len(rows), taking_part=len(taking),
                missing=tuple(r.label for r in rows if not (r.registered or r.assessed)),
                has_round=bool(data["rounds"]), after_reform=not rows and bool(data["rows"])))
    return found


# --- a new round's deadlines from the province's plan of its year (assessments.deadlines.register_proposer) ------

def plan_for_round(province, year):
    """The province's plan that covers ``year``: the plan of that year, else the latest one running through it."""
    from planning.models import Plan

    plans = [p for p in Plan.objects.filter(unit=province, year__lte=year).order_by("-year") if p.covers(year)]
    return plans[0] if plans else None


def round_proposal(province, year) -> dict:
    """The opening form's initial values from the plan (assessments' round form fields): each deadline an entry
    sets (a yearly one in ``year``) with its source, the plan's citation as the round's plan; {} without a plan
    or without a deadline in it. A district's report has no place in a round of a province formed by the reform."""
    from communes.models import REFORM_DATE
    from planning import documents
    from planning.models import Entry

    plan = plan_for_round(province, year)
    if plan is None:
        return {}
    two_tier = province.valid_from.isoformat() >= REFORM_DATE
    rows = [(k, d, s) for k, d, s in documents.deadline_rows(plan, year)
            if not (two_tier and k == Entry.Deadline.DISTRICT_REPORT)]
    if not rows:
        return {}
    from django.urls import reverse

    citation = documents.citation(plan)
    initial = {"year": year, "deadlines_source": citation[:documents.SOURCE_MAX],
               "proposed_by": (citation, reverse("planning:detail", args=[plan.pk]))}
    for key, day, source in rows:
        initial[f"{key}_due"], initial[f"{key}_source"] = day, source
    return initial
