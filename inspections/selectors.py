"""Reads for the inspection pages and exports, scoped and prefetched for the page."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Case, Count, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import own_or_inherited
from assessments.models import Score
from communes.models import Level, Unit
from criteria.models import Criterion
from criteria.selectors import owner_map
from inspections import permissions, rules
from inspections.models import FollowUp, Plan, Session, TeamMember, UnitConclusion


def plan_list(user):
    """The plans the user reads (and those of the units its unit succeeded in the 2025 reform), newest first,
    with their counts and whether one waits for the user's move (inspections.filters narrows them)."""
    return (Plan.objects.readable_by(user).select_related("issuer", "standard")
            .annotate(n_units=Count("scope", distinct=True), n_visits=Count("visits", distinct=True),
                      waiting=Case(When(permissions.needs_action(user), then=True), default=False))
            .order_by("-window_start", "-pk"))


def plan_for(user, pk, *, read=False):
    """The plan if the user may see it (raises Plan.DoesNotExist otherwise); ``read``: a page that only reads
    it, which also opens the plans of the units the user's unit succeeded in the 2025 reform."""
    plans = Plan.objects.visible_to(user).select_related("issuer", "standard")
    if read:
        return own_or_inherited(plans, lambda: Plan.objects.readable_by(user).select_related("issuer", "standard"),
                                pk=pk)
    return plans.get(pk=pk)


def province_code(unit: Unit) -> str:
    if unit.level == Level.PROVINCE:
        return unit.code
    return Unit.objects.only("code").get(pk=unit.province_id).code


def default_owners(plan) -> list[tuple[Criterion, object]]:
    """(criterion, sector) for the plan's standard: the province's ownership, else the default sector."""
    owners = owner_map(plan.standard, province_code(plan.issuer))
    return [(c, owners[c.number]) for c in plan.standard.criteria.order_by("number")]


def team(plan):
    members = list(plan.members.select_related("sector", "subteam").order_by("team_role", "subteam__number", "id"))
    subteams = list(plan.subteams.select_related("leader"))
    return {
        "head": next((m for m in members if m.team_role == TeamMember.TeamRole.HEAD), None),
        "deputy": next((m for m in members if m.team_role == TeamMember.TeamRole.DEPUTY), None),
        "members": members,
        "others": [m for m in members if m.team_role == TeamMember.TeamRole.MEMBER],
        "subteams": [{"subteam": s, "members": [m for m in members if m.subteam_id == s.pk]} for s in subteams],
    }


def assignments(plan):
    return list(plan.assignments.select_related("criterion", "sector").order_by("criterion__number"))


@dataclass(frozen=True)
class SectorOnDay:
    """A department as the plan's documents name it: by its name on the plan's date."""

    name: str
    short_name: str

    def __str__(self):
        return self.short_name


def plan_day(plan) -> date:
    """The day a plan's names are chosen by: its issue date, else the start of its window."""
    return plan.issued_on or plan.window_start


def assignments_by_sector(plan):
    """[(sector, [criterion numbers])] in the order of seed 000 section VII (most criteria first).

    Sectors are named as on the plan's date, and departments sharing that name are one (after the
    hand-over of 01/3/2025 child affairs and health are both "Y tế": one line, never two). A sector
    that shares a criterion with the assigned one (criteria.selectors.sharers_map) lists it as
    "3 (phối hợp)".
    """
    from criteria.models import names_on
    from criteria.selectors import sharers_map

    rows = assignments(plan)
    if not rows:
        return []
    named = names_on(plan_day(plan))
    sharers = sharers_map(plan.standard, province_code(plan.issuer))
    on_team = set(plan.members.exclude(sector=None).values_list("sector_id", flat=True))
    groups: dict = {}  # name on the day → (short name, assigned numbers, shared numbers)
    for a in rows:
        name, short = named[a.sector_id]
        groups.setdefault(name, (short, [], []))[1].append(a.criterion.number)
        for other in sharers.get(a.criterion.number, ()):
            if other.pk not in on_team:  # a sharing sector outside the team re-checks nothing here
                continue
            other_name, other_short = named[other.pk]
            if other_name != name:
                groups.setdefault(other_name, (other_short, [], []))[2].append(a.criterion.number)
    ordered = sorted(groups.items(), key=lambda item: (-len(item[1][1]), (item[1][1] + item[1][2])[0]))
    return [(SectorOnDay(name, short),
             numbers + [_("%(n)s (phối hợp)") % {"n": n} for n in shared if n not in numbers])
            for name, (short, numbers, shared) in ordered]


def scope(plan):
    return list(plan.scope.select_related("unit", "unit__parent").order_by("unit__path"))


SESSION_ORDER = Case(When(session=Session.MORNING, then=Value(0)), default=Value(1))


def visits(plan):
    return list(plan.visits.select_related("unit", "unit__parent", "subteam")
                .order_by("date", SESSION_ORDER, "subteam__number", "id"))


def visited_units(plan):
    """The units the team works at, in the order of their first visit."""
    seen = {}
    for v in visits(plan):
        seen.setdefault(v.unit_id, v.unit)
    return list(seen.values())


def assessment_scores(plan, unit) -> dict[int, tuple]:
    """criterion id -> (self-assessed, appraised) from the unit's assessment for the reviewed year."""
    rows = Score.objects.filter(assessment__commune=unit, assessment__round__year=plan.reviewed_year,
                                assessment__round__standard_id=plan.standard_id)
    return {s.criterion_id: (s.points, s.appraised_points)
            for s in rows.only("criterion_id", "points", "appraised_points")}


def _all_scores(plan, unit_ids) -> dict[tuple[int, int], tuple]:
    rows = Score.objects.filter(assessment__commune_id__in=unit_ids,
                                assessment__round__year=plan.reviewed_year,
                                assessment__round__standard_id=plan.standard_id)
    return {(s.assessment.commune_id, s.criterion_id): (s.points, s.appraised_points)
            for s in rows.select_related("assessment").only(
                "criterion_id", "points", "appraised_points", "assessment__commune_id")}


@dataclass
class FindingRow:
    criterion: Criterion
    sector: object
    self_points: Decimal | None
    appraised_points: Decimal | None
    rechecked_points: Decimal | None
    note: str
    recorded: bool

    @property
    def difference(self):
        return rules.difference(self.self_points, self.appraised_points, self.rechecked_points)

    @property
    def flagged(self):
        return self.recorded and rules.flagged(self.self_points, self.appraised_points, self.rechecked_points)


@dataclass
class UnitFindings:
    unit: Unit
    rows: list[FindingRow]
    conclusion: UnitConclusion | None
    follow_ups: list[FollowUp] = field(default_factory=list)
    name: str = ""  # the unit and the one above it as the plan writes them (PlanUnit)
    parent_name: str = ""

    @property
    def missing(self):
        return [r for r in self.rows if not r.recorded]

    @property
    def flagged(self):
        return [r for r in self.rows if r.flagged]

    @property
    def recorded_count(self):
        return sum(1 for r in self.rows if r.recorded)

    def totals(self):
        """Column totals, each only when every row has a value (a partial sum would mislead).

        "appraised" is the commune's final total: appraised points, else its own where not appraised.
        """
        def total(values):
            values = list(values)
            return sum(values, Decimal(0)) if values and all(v is not None for v in values) else None
        return {"self": total(r.self_points for r in self.rows),
                "appraised": total(rules.reference_points(r.self_points, r.appraised_points) for r in self.rows),
                "rechecked": total(r.rechecked_points for r in self.rows)}


def findings(plan, units=None) -> list[UnitFindings]:
    """Per visited unit, each assigned criterion's points before and after the re-check.

    Points come from the recorded finding when there is one (copied when it was recorded), else
    live from the commune's assessment for the reviewed year. A handful of queries for any size.
    """
    units = units if units is not None else visited_units(plan)
    assigned = assignments(plan)
    ids = [u.pk for u in units]
    recorded = {(f.unit_id, f.criterion_id): f for f in plan.findings.filter(unit_id__in=ids)}
    scores = _all_scores(plan, ids)
    conclusions = {c.unit_id: c for c in plan.conclusions.filter(unit_id__in=ids)}
    follow = {}
    for f in plan.follow_ups.filter(unit_id__in=ids):
        follow.setdefault(f.unit_id, []).append(f)
    named = {s.unit_id: s for s in plan.scope.filter(unit_id__in=ids)}
    result = []
    for unit in units:
        rows = []
        if unit.level == Level.COMMUNE:
            for a in assigned:
                f = recorded.get((unit.pk, a.criterion_id))
                live = scores.get((unit.pk, a.criterion_id), (None, None))
                rows.append(FindingRow(
                    criterion=a.criterion, sector=a.sector,
                    self_points=f.self_points if f else live[0],
                    appraised_points=f.appraised_points if f else live[1],
                    rechecked_points=f.rechecked_points if f else None,
                    note=f.note if f else "", recorded=f is not None))
        scoped = named.get(unit.pk)
        above = unit.parent.name if unit.parent_id and unit.parent_id != plan.issuer_id else ""
        result.append(UnitFindings(unit=unit, rows=rows, conclusion=conclusions.get(unit.pk),
                                   follow_ups=follow.get(unit.pk, []),
                                   name=scoped.name if scoped and scoped.name else unit.name,
                                   parent_name=scoped.parent_name if scoped and scoped.parent_name else above))
    return result


def reports(plan):
    """Per scoped unit, its submitted report or None."""
    submitted = {r.unit_id: r for r in plan.unit_reports.select_related("submitted_by")}
    return [(s.unit, submitted.get(s.unit_id)) for s in scope(plan)]


@dataclass
class Progress:
    due: date | None  # None: the plan sets no term for the consolidated report
    overdue: bool
    days_left: int | None
    missing: list[str]

    @property
    def days_overdue(self):
        return -self.days_left if self.days_left is not None else None


def progress(plan, unit_findings=None, today=None) -> Progress:
    """The consolidated report's due date and what is still missing for it."""
    today = today or timezone.localdate()
    due = rules.findings_due(plan.window_end, plan.report_days)
    unit_findings = unit_findings if unit_findings is not None else findings(plan)
    missing = []
    if not unit_findings:
        missing.append(_("Chưa có lịch làm việc tại đơn vị nào."))
    for uf in unit_findings:
        if uf.rows and not uf.recorded_count and uf.conclusion is None:
            # nothing entered for the unit yet: one line, not a line per sector and criterion
            missing.append(_("%(unit)s: chưa nhập kết quả kiểm tra và kết luận.") % {"unit": uf.unit})
            continue
        by_sector: dict = {}
        for r in uf.missing:
            by_sector.setdefault(r.sector, []).append(str(r.criterion.number))
        for sector, numbers in by_sector.items():
            missing.append(_("%(unit)s: %(sector)s chưa nhập kết quả tiêu chí %(numbers)s.")
                           % {"unit": uf.unit, "sector": sector.name, "numbers": ", ".join(numbers)})
        if uf.conclusion is None:
            missing.append(_("%(unit)s: chưa có kết luận kiểm tra.") % {"unit": uf.unit})
    if plan.outline.exists():
        for unit, report in reports(plan):
            if report is None:
                missing.append(_("%(unit)s chưa gửi báo cáo theo đề cương.") % {"unit": unit})
    if not plan.general_conclusion:
        missing.append(_("Chưa có kết luận chung của đoàn kiểm tra."))
    # overdue only while the inspection runs: a plan never started has no report to be late with
    return Progress(due=due, overdue=due is not None and today > due and plan.status == Plan.Status.IN_PROGRESS,
                    days_left=(due - today).days if due else None, missing=missing)


def places(plan, scoped=None) -> dict:
    """Section II as the plan writes it, from the units' names in the plan (PlanUnit.label):
    "districts": "03 huyện Sa Pa, Văn Bàn và Si Ma Cai"; "per_district": 2 ("Mỗi huyện lựa chọn 02 xã");
    "communes": "20 xã, phường, thị trấn" and "groups": [(district label or "", [commune labels])]."""
    from assessments.documents import commune_kinds

    scoped = sorted(scoped if scoped is not None else scope(plan), key=lambda s: s.pk)  # in the plan's order
    districts = [s.label for s in scoped if s.unit.level == Level.DISTRICT]
    communes = [s for s in scoped if s.unit.level == Level.COMMUNE]
    groups: dict[str, list[str]] = {name: [] for name in districts}
    for c in communes:  # under the district the plan writes, in scope or not (Yên Dũng's communes, 2024)
        parent = c.parent_name or (c.unit.parent.name if c.unit.parent_id != plan.issuer_id else "")
        groups.setdefault(parent, []).append(c.label)
    return {
        "districts": rules.count_of_names([name for name in groups if name], _("đơn vị cấp huyện")),
        "per_district": plan.communes_per_district,
        "communes": f"{len(communes):02d} {commune_kinds(plan_day(plan))}" if communes else "",
        "groups": [(name, labels) for name, labels in groups.items() if labels],
    }


def duties(plan, by_sector=None) -> tuple[list[dict], list]:
    """The items of "Tổ chức thực hiện": each duty's lines as written and, for a duty bound to a sector, the
    criteria that sector re-checks in this plan (from the assignment: one source). Second: the assigned
    sectors no duty speaks for, [(sector, numbers)], printed as a table after the duties."""
    from criteria.models import names_on

    by_sector = by_sector if by_sector is not None else assignments_by_sector(plan)
    named = names_on(plan_day(plan))
    numbers = {s.name: n for s, n in by_sector}
    items = []
    for d in plan.duties.all():
        name = named[d.sector_id][0] if d.sector_id else None
        items.append({"duty": d, "lines": rules.duty_lines(d.text, d.due_on), "criteria": numbers.get(name),
                      "sector_name": name})
    spoken_for = {item["sector_name"] for item in items}
    return items, [(s, n) for s, n in by_sector if s.name not in spoken_for]


def plan_document(plan):
    """Everything the plan PDF prints, in the order of seed 000."""
    scoped = scope(plan)
    by_sector = assignments_by_sector(plan)
    items, uncovered = duties(plan, by_sector)
    return {
        "plan": plan,
        "year_notes": rules.group_year_notes(plan.review_notes),
        "team": team(plan),
        "by_sector": by_sector,
        "scope": scoped,
        "places": places(plan, scoped),
        "visits": visits(plan),
        "outline": list(plan.outline.all()),
        "duties": items,
        "uncovered": uncovered,
    }



def status_history(plan) -> list[dict]:
    """Every change of the plan's status, oldest first, read from its audit history (one query)."""
    labels, previous, lines = dict(Plan.Status.choices), None, []
    for h in (plan.history.order_by("history_date", "history_id").select_related("history_user")
              .only("status", "history_date", "history_type", "history_user__username",
                    "history_user__first_name", "history_user__last_name")):
        if h.status != previous:
            lines.append({"when": h.history_date, "who": h.history_user.display_name if h.history_user else "—",
                          "from": labels.get(previous, "") if previous else "", "to": labels.get(h.status, h.status),
                          "created": previous is None})
            previous = h.status
    return lines


def waiting_plans(user, limit=50):
    """Plans on which the user has a move of inspections.rules.MOVES to make now, with those moves."""
    from inspections import permissions

    if not permissions.has_any_move(user) or user.unit_id is None:
        return []
    waiting = []
    for plan in (Plan.objects.visible_to(user).exclude(status=Plan.Status.CLOSED).select_related("issuer")
                 .order_by("window_start", "pk")[:limit]):
        available = permissions.available_moves(plan, user)
        if available:
            waiting.append((plan, available))
    return waiting


def home_panels(user):
    """The home page's "waiting for you" panel of inspection plans (none for a role without moves)."""
    from django.urls import reverse

    waiting = waiting_plans(user)
    if not waiting:
        return []
    items = [{"label": _("%(p)s: %(m)s") % {"p": p.number or p.title, "m": ", ".join(str(m.label) for m in moves)},
              "url": reverse("inspections:detail", args=[p.pk]),
              "due": p.window_end if p.status == Plan.Status.IN_PROGRESS else p.window_start,
              "overdue": False, "status": p.get_status_display()} for p, moves in waiting]
    return [{"title": _("Kế hoạch kiểm tra liên ngành"), "items": items, "empty_text": ""}]
