"""The report numbers, each from a handful of aggregate queries over Assessment and Score rows.

Assessment rows already carry the verdict of ``criteria.rules.evaluate`` (kept current by
``assessments.services.recompute``), so nothing here re-scores a commune: summaries count
assessments by status, the criteria analysis aggregates Score rows. Every function takes a
``reports.scope.Scope`` and returns plain dicts and lists ready for a page, a workbook or a PDF.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Case, Count, Exists, F, FilteredRelation, Max, OuterRef, Q, Sum, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from assessments.models import Assessment, Score
from communes.models import REFORM_DATE, Level, Tier, Unit, UnitLink, UnitVersion
from communes.selectors import units_on
from core import formatting
from criteria.models import Criterion
from criteria.rules import consecutive_years
from reports import rules
from reports.models import Target
from reports.scope import COUNTS_RULE, ids_or_none

S = Assessment.Status
SUBMITTED = [S.SUBMITTED, S.ACCEPTED, S.APPRAISED, S.RECOGNISED, S.NOT_RECOGNISED]

REFORM_YEAR = int(REFORM_DATE[:4])

COUNTERS = ("units", "registered", "assessed", "unregistered", "submitted", "recognised", "newly", "lost",
            "previously", "overdue")


@dataclass
class Row:
    """One line of the summary: a recognising unit (or a province), or the total."""

    unit: Unit | None
    label: str
    units: int = 0
    registered: int = 0
    assessed: int = 0
    unregistered: int = 0  # of the assessed, those that did not register (counted, and said so)
    submitted: int = 0
    recognised: int = 0
    newly: int = 0
    lost: int = 0
    previously: int = 0
    overdue: int = 0
    target: rules.PlanTarget | None = None
    new_target: rules.PlanTarget | None = None
    extra: dict = field(default_factory=dict)

    @property
    def share(self):
        return rules.share(self.recognised, self.units)

    @property
    def new_share(self):
        return rules.share(self.newly, self.units)

    @property
    def target_percent(self):
        return self.target.percent if self.target else None

    @property
    def gap(self):
        return rules.gap_to_target(self.recognised, self.units, self.target_percent)[0]

    @property
    def needed(self):
        return rules.gap_to_target(self.recognised, self.units, self.target_percent)[1]

    def add(self, other):
        for name in COUNTERS:
            setattr(self, name, getattr(self, name) + getattr(other, name))


# --- the years to choose from ------------------------------------------------------------------

def years_with_dossiers(rounds):
    """{year: whether one of its ``rounds`` has a dossier}, for the report filter (one query). An index
    probe per round that stops at its first dossier, not a count of every dossier (106,000 nationally)
    on every report page."""
    found = {}
    has = Exists(Assessment.objects.filter(round_id=OuterRef("pk")))
    for year, any_dossier in rounds.annotate(has=has).values_list("year", "has").order_by():
        found[year] = found.get(year, False) or any_dossier
    return found


# --- targets ---------------------------------------------------------------------------------

def _plan_targets(year, unit_ids):
    """{kind: [PlanTarget]}: targets of these units and of the national programme that can apply
    in ``year`` or later (one query)."""
    found = {kind: [] for kind in Target.Kind.values}
    qs = Target.objects.filter(year__gte=year).filter(Q(unit_id__in=[u for u in unit_ids if u])
                                                      | Q(unit__isnull=True))
    for t in qs:
        found[t.kind].append(rules.PlanTarget(unit_id=t.unit_id, year=t.year, percent=t.percent, source=t.source,
                                              year_from=t.year_from, percent_max=t.percent_max))
    return found


def _chain(unit):
    """The unit, its province, then the national programme."""
    if unit is None:
        return [None]
    return [unit.pk] + ([unit.province_id] if unit.province_id != unit.pk else []) + [None]


def targets_for(user):
    """The targets the user reads (the targets page, the API): its units' and those under them, its province's,
    and the national programme's; with their unit."""
    own = Q(unit__in=Unit.objects.visible_to(user)) | Q(unit__isnull=True)
    if user.unit_id is not None and not user.sees_everything:
        own |= Q(unit_id=user.unit.province_id)
    return Target.objects.filter(own).select_related("unit")


# --- summary ---------------------------------------------------------------------------------

def _overdue(today):
    """A step not done by its deadline, the deadlines read from the dossier's (or registration's) own round.

    A step done is judged by the day of its act (submission, appraisal report, decision's signing),
    never by when it was recorded; a step not done yet is overdue once its deadline has passed. The
    deadlines are columns of the joined round (``cur_round``, ``reg_round``: see ``summary``), not a
    condition per round: nationally that was 63 conditions the ORM built and the database tested on
    every commune."""
    return (Q(cur__status__in=[S.DRAFT, S.RETURNED], cur_round__submission_due__lt=today)
            | Q(cur__status__in=[S.SUBMITTED, S.ACCEPTED], cur_round__appraisal_due__lt=today)
            | Q(cur__status=S.APPRAISED, cur_round__decision_due__lt=today)
            | Q(cur__id__isnull=True, reg_round__submission_due__lt=today)
            # done, but on a day after the round's deadline for it
            | Q(cur__submitted_on__gt=F("cur_round__submission_due"))
            | Q(cur__appraisal_report_on__gt=F("cur_round__appraisal_due"))
            | Q(cur__decision__signed_on__gt=F("cur_round__decision_due")))


def _recognised_before(scope):
    """Whether a commune counts the year before ``scope.year`` as recognised, as a condition of the
    summary's aggregate: its own decision in the previous round, or, for a commune formed by the 2025
    reform, the continuity rule of ``criteria.rules.recognised_in``: every predecessor that formed it
    (a divided one only in its default successor) recognised in a round of the year before. No query
    of its own: the predecessors' test is a subquery of the aggregate, and only from the reform on.
    Returns the condition and whether the predecessors' test is in it."""
    own = Q(prev__status=S.RECOGNISED)
    year_before = [r for (_p, y), r in scope.rounds().items() if y == scope.year - 1]
    if scope.year < REFORM_YEAR or not year_before:
        return own, False
    # uncorrelated subqueries, each read once and hashed: a correlated EXISTS per commune made PostgreSQL
    # estimate the national aggregate high enough to compile it (JIT, 0.4 s) for a 0.1 s query
    recognised = Assessment.objects.filter(round_id__in=ids_or_none(year_before), status=S.RECOGNISED)
    links = UnitLink.objects.filter(is_default=True)
    broken = links.exclude(predecessor_id__in=recognised.values("commune_id")).values("successor_id")
    return own | Q(pk__in=links.exclude(successor_id__in=broken).values("successor_id")), True


def summary(scope, today=None):
    """Counts per recognising unit (per province for the whole country) and their total.

    units: commune-level units that existed at the end of the year's evaluation period, each under its
    recognising unit of that day (huyện Yên Dũng in 2024: ``Scope.unit_group``; a district's report counts
    only its communes of that day);
    registered / assessed: registrations / assessments of the year's round (unregistered: the assessed
    that did not register, which take part all the same); submitted: dossiers
    sent to the recognising unit (not draft, not returned); recognised: by decision; previously:
    recognised in the province's previous round, or, for a commune formed by the 2025 reform, every
    predecessor recognised the year before (``_recognised_before``); newly: recognised now and not
    previously; lost: previously recognised, decided not recognised now; overdue: a step not done
    by its deadline (the commune's submission, the appraisal, the decision) or done on a day after it
    (the act's own date), or registered and not started after the submission deadline.
    Five queries: rounds, the aggregate, the unit names, their names of the year, the targets.
    """
    today = today or timezone.localdate()
    current, previous = scope.current_rounds(), scope.previous_rounds()
    communes = scope.communes_grouped(scope.reference_day()).annotate(
        cur=FilteredRelation("assessments", condition=Q(assessments__round_id__in=ids_or_none(current))),
        prev=FilteredRelation("assessments", condition=Q(assessments__round_id__in=ids_or_none(previous))),
        reg=FilteredRelation("registrations", condition=Q(registrations__round_id__in=ids_or_none(current))),
        # the rounds of the dossier and of the registration, for their deadlines (``_overdue``): relations
        # of their own, chained on the two above, so that each round is joined after the row it hangs from
        # (reached as ``cur__round``, Django 5.2 joins the round before ``cur``, whose condition names
        # ``round_id``: SQLite refuses that statement)
        cur_round=FilteredRelation("cur__round"),
        reg_round=FilteredRelation("reg__round"),
    )
    before, across_reform = _recognised_before(scope)
    aggregated = (communes.values("group").annotate(
        units=Count("id"),
        registered=Count("reg__id"),
        assessed=Count("cur__id"),
        unregistered=Count("cur__id", filter=Q(reg__id__isnull=True)),
        submitted=Count("cur__id", filter=Q(cur__status__in=SUBMITTED)),
        recognised=Count("cur__id", filter=Q(cur__status=S.RECOGNISED)),
        kept=Count("cur__id", filter=Q(cur__status=S.RECOGNISED) & before),
        lost=Count("cur__id", filter=Q(cur__status=S.NOT_RECOGNISED) & before),
        previously=Count("id", filter=before),
        overdue=Count("id", filter=_overdue(today)),
    ).order_by())
    counts = {r.pop("group"): r for r in aggregated}
    units = {u.pk: u for u in Unit.objects.filter(pk__in=counts).only("id", "name", "code", "path", "level",
                                                                        "valid_to", "kind", "parent_id")}
    # each recognising unit as named in the reported year (Huyện Sa Pa in 2017, not Thị xã Sa Pa)
    named = units_on(units.values(), scope.reference_day(), parents=False)
    chain_units = list(units.values()) + ([scope.unit] if scope.unit else [])
    unit_ids = {i for u in chain_units for i in _chain(u)}
    targets = _plan_targets(scope.year, unit_ids)
    shares, news = targets[Target.Kind.RECOGNISED_SHARE], targets[Target.Kind.NEW_SHARE]

    rows = []
    total = Row(unit=scope.unit, label=str(scope.unit) if scope.unit else "Toàn quốc")
    for pk, c in counts.items():
        kept = c.pop("kept")
        row = Row(unit=units[pk], label=named[pk].name, newly=c["recognised"] - kept, **c)
        row.target = rules.target_for(scope.year, _chain(units[pk]), shares)
        row.new_target = rules.target_for(scope.year, _chain(units[pk]), news)
        rows.append(row)
        total.add(row)
    rows.sort(key=lambda r: (r.unit.code, r.unit.pk))
    total.target = rules.target_for(scope.year, _chain(scope.unit), shares)
    total.new_target = rules.target_for(scope.year, _chain(scope.unit), news)
    return {"rows": rows, "total": total, "rounds": current, "previous_rounds": previous,
            "reference_day": scope.reference_day(), "counts_rule": COUNTS_RULE if across_reform else ""}


def commune_rows(scope):
    """Every commune-level unit in scope with its assessment of the year (one query).

    For the recognising unit's own report: registered, status, totals, verdict, decision.
    """
    current = scope.current_rounds()
    labels = dict(S.choices)
    rows = list(
        scope.communes_grouped(scope.reference_day())
        .annotate(cur=FilteredRelation("assessments", condition=Q(assessments__round_id__in=ids_or_none(current))),
                  reg=FilteredRelation("registrations",
                                       condition=Q(registrations__round_id__in=ids_or_none(current))))
        .values("id", "code", "name", "parent__name", "reg__id", "cur__id", "cur__status",
                "cur__self_total", "cur__final_total", "cur__meets_standard", "cur__zero_criteria",
                "cur__decision__number", "cur__decision_reason",
                # the decision's signed record (issue 24: "ký số, đã xác thực"); one per decision, so no row doubles
                "cur__decision__signed_documents__path", "cur__decision__signed_documents__signer_name",
                # issued or what it waits for ("Chưa ban hành", assessments.signing.decision_issue_by)
                "cur__round_id", "cur__decision__issued_at", "cur__decision__issued_path")
        .order_by("parent__code", "code"))
    from assessments.models import Round
    from assessments.signing import paper_allowed_in

    waiting = any(r["cur__decision__number"] and r["cur__decision__issued_at"] is None for r in rows)
    # what a decision not issued yet waits for: two queries, only when there is one
    paper_ok = paper_allowed_in(Round.objects.filter(pk__in=[r.id for r in current])
                                .only("id", "province_id", "signing_path")) if waiting else {}
    for r in rows:
        r["status_label"] = labels.get(r["cur__status"], "")
        r["paper_ok"] = paper_ok.get(r["cur__round_id"], False)
    return rows


# --- criteria analysis -------------------------------------------------------------------------

def _threshold(prefix):
    """The recognition threshold of the assessment's tier under its round's standard, in SQL."""
    standard = f"{prefix}round__standard__"
    return Case(When(**{f"{prefix}tier": Tier.CITY_WARD}, then=F(f"{standard}threshold_city_ward")),
                When(**{f"{prefix}tier": Tier.REMOTE}, then=F(f"{standard}threshold_remote")),
                default=F(f"{standard}threshold_other"))


def criteria_analysis(scope):
    """Per criterion of the year's standard(s), over submitted dossiers in scope (four queries).

    zeros: units at 0 points; average share: mean points / maximum; blocks: units at 0 on this
    criterion whose total reached the threshold, so the zero veto alone kept them from recognition.
    Final points are the appraised points where the sector appraised, else the commune's own.
    """
    rounds = scope.current_rounds()
    current = ids_or_none(rounds)
    dossiers = scope.assessments().filter(round_id__in=current, status__in=SUBMITTED)
    per_criterion = (
        Score.objects.filter(assessment__in=dossiers.values("id"))
        .annotate(final=Coalesce("appraised_points", "points"))
        .values("criterion_id").annotate(
            scored=Count("final"),
            zeros=Count("id", filter=Q(final=0)),
            points=Sum("final"),
            blocks=Count("id", filter=Q(final=0, assessment__final_total__gte=_threshold("assessment__"))),
        ).order_by())
    stats = {r.pop("criterion_id"): r for r in per_criterion}
    criteria = Criterion.objects.filter(standard_id__in={r.standard_id for r in rounds}).select_related("standard")
    rows = []
    for c in criteria.order_by("standard__in_force_from", "number"):
        s = stats.get(c.pk, {"scored": 0, "zeros": 0, "points": None, "blocks": 0})
        average = (Decimal(s["points"]) / s["scored"]) if s["scored"] else None
        rows.append({
            "criterion": c, "number": c.number, "name": c.name, "max_points": c.max_points,
            "standard": c.standard.code, "provisional": c.provisional,
            "scored": s["scored"], "zeros": s["zeros"], "blocks": s["blocks"],
            "average": average.quantize(Decimal("0.01")) if average is not None else None,
            "average_share": (average * 100 / c.max_points).quantize(Decimal("0.01"))
            if average is not None and c.max_points else None,
        })
    # dossiers analysed, those with a criterion at 0, and those kept out by the zero veto alone
    veto = dossiers.aggregate(
        dossiers=Count("id"),
        with_zero=Count("id", filter=Q(zero_criteria__gt=0)),
        blocked=Count("id", filter=Q(zero_criteria__gt=0, final_total__gte=_threshold(""))),
    )
    # printed documents mark unconfirmed values once, in a footnote, not on every row
    provisional = [r["number"] for r in rows if r["provisional"]]
    return {"rows": rows, "provisional_numbers": provisional, **veto}


# --- trend ---------------------------------------------------------------------------------------

def trend(scope):
    """Recognised share per year, for the scope and each group, across rounds and standards.

    Groups are each commune's parent of the year whatever its level (districts before the 2025 reform, the
    province after; huyện Yên Dũng in 2024 for the communes stored under the city it joined), or provinces
    for the whole country; units that ceased to exist end their line. A district's trend keeps its own lines.
    Denominators are the units that existed at the end of each year's evaluation period.
    Five queries: rounds, recognitions, unit counts (with the periods under another parent), names, targets.
    """
    picked = scope.rounds()
    years = sorted({y for (_p, y) in picked})
    hits = {}
    for (year, group), n in _recognised_by_round(scope, picked).items():
        hits[(year, group)] = hits.get((year, group), 0) + n
    periods = (scope.units().communes().values("valid_from", "valid_to", group=scope.unit_group())
               .annotate(n=Count("id")).order_by())
    if not scope.by_province:
        periods = periods.union(*_moved_periods(scope), all=True)
    periods = list(periods)
    groups = {p["group"] for p in periods}
    names = {u.pk: u for u in Unit.objects.filter(pk__in=groups).only("id", "name", "code", "path", "valid_to")}
    if scope.unit is not None and scope.unit.level == Level.DISTRICT:  # not the neighbours its communes joined
        groups = {g for g in groups if names[g].path.startswith(scope.unit.path)}

    codes, days = {}, {}  # one pass over the picked rounds: the standards and the reference day of each year
    for (_p, y), r in picked.items():
        codes.setdefault(y, set()).add(r.standard_code)
        days[y] = max(days.get(y, r.period_end), r.period_end)
    standards = {y: sorted(codes[y]) for y in years}
    units_by_year = {}
    for y in years:
        day, counted = days[y], {}
        for p in periods:
            if p["valid_from"] <= day and (p["valid_to"] is None or p["valid_to"] >= day):
                counted[p["group"]] = counted.get(p["group"], 0) + p["n"]
        units_by_year[y] = counted

    def point(y, units, rec):
        value = rules.share(rec, units) if units else None
        return {"year": y, "units": units, "recognised": rec, "share": value,
                "text": formatting.percent(value), "of": f"{rec}/{units}"}

    def series_for(g):
        return [point(y, units_by_year[y].get(g, 0), hits.get((y, g), 0)) for y in years]

    lines = [{"unit": names[g], "label": names[g].name, "points": series_for(g)}
             for g in sorted(groups, key=lambda g: (names[g].code, g))
             if any(units_by_year[y].get(g) for y in years)]
    total = [point(y, sum(units_by_year[y].get(g, 0) for g in groups), sum(hits.get((y, g), 0) for g in groups))
             for y in years]
    targets = _plan_targets(min(years) if years else scope.year, set(_chain(scope.unit)))
    targets = targets[Target.Kind.RECOGNISED_SHARE]
    target_line = []
    for y in years:
        t = rules.target_for(y, _chain(scope.unit), targets)
        target_line.append({"year": y, "percent": t.percent if t else None,
                            "text": formatting.percent(t.percent if t else None, trim=True)})
    return {"years": years, "standards": standards, "total": total, "lines": lines,
            "targets": target_line}


def _moved_periods(scope):
    """Unit counts to add to ``trend``'s periods for the communes in scope that lay under another parent than
    their stored one for a period (a ``UnitVersion``: Yên Dũng's communes until 31/12/2024, stored under the
    city of Bắc Giang): one in the parent of then, one less in the stored parent. Parts of the same statement."""
    versions = UnitVersion.objects.filter(unit__in=scope.units().communes(), parent__isnull=False).order_by()
    return (versions.values("valid_from", "valid_to", group=F("parent_id"), n=Value(1)),
            versions.values("valid_from", "valid_to", group=F("unit__parent_id"), n=Value(-1)))


def _recognised_by_round(scope, picked):
    """{(year, group): recognitions} in one aggregate grouped by round, no list of round ids sent.

    Nationally the group is the round's province; within a province, the commune's parent at the end of the
    round's evaluation period (``Scope.unit_group``).
    Rounds not picked (a later year, a second round in a year) are left out here.
    """
    by_id = {r.id: r for r in picked.values()}
    qs = scope.assessments().filter(status=S.RECOGNISED)
    if scope.by_province:
        found = {}
        # COUNT(*), not of the id: the (round, status) index then holds all it reads (an index-only scan of the
        # 60,000 recognitions, 13 ms, where counting ids read every dossier's row, 29 ms; PostgreSQL 15)
        for round_id, n in qs.values_list("round_id").annotate(n=Count("*")).order_by():
            r = by_id.get(round_id)
            if r is not None:
                found[(r.year, r.province_id)] = found.get((r.year, r.province_id), 0) + n
        return found
    then = scope.unit_group("commune__", day=OuterRef("round__period_end"))
    rows = (qs.filter(round_id__in=ids_or_none(picked.values())).values("round_id", group=then)
            .annotate(n=Count("id")).order_by())
    found = {}
    for row in rows:
        key = (by_id[row["round_id"]].year, row["group"])
        found[key] = found.get(key, 0) + row["n"]
    return found


# --- consecutive-year holders -------------------------------------------------------------------

def holders(scope, min_years=3):
    """Communes recognised in ``year`` and each of the ``min_years - 1`` years before.

    ``run`` is the length of the run up to the year, counted to 5 (the provincial certificate);
    3 years earn the district's certificate of merit, 5 the province's (seed 001). A commune formed
    by the 2025 reform continues its predecessors' run by ``criteria.rules.consecutive_years`` (every
    predecessor that formed it recognised that year). One query, and one more for the predecessors
    when the five years cross the reform.
    """
    y = scope.year
    rows = (scope.assessments().filter(status=S.RECOGNISED, round__year__range=(y - 4, y))
            .values_list("commune_id", "round__year", "commune__code", "commune__name", "commune__parent__name")
            .distinct())
    own, latest = {}, {}
    for commune_id, year, code, name, parent in rows:
        own.setdefault(commune_id, set()).add(year)
        if year == y:
            latest[commune_id] = (code, name, parent)
    predecessors = {}
    if y - 4 < REFORM_YEAR <= y and latest:
        for successor, predecessor in UnitLink.objects.filter(
                is_default=True, successor_id__in=list(latest)).values_list("successor_id", "predecessor_id"):
            predecessors.setdefault(successor, []).append(predecessor)
    found = []
    for commune_id, (code, name, parent) in latest.items():
        run = consecutive_years(y, own[commune_id], [own.get(p, set()) for p in predecessors.get(commune_id, [])])
        if run >= min(min_years, 5):
            found.append({"id": commune_id, "code": code, "name": name, "parent": parent, "run": run,
                          "certificate": "province" if run >= 5 else "district"})
    return sorted(found, key=lambda r: (r["parent"] or "", r["code"]))


# --- raw scores --------------------------------------------------------------------------------

def raw_score_columns(scope):
    """The criterion numbers of the year's standards, in order (one query)."""
    current = ids_or_none(scope.current_rounds())
    return sorted(set(Criterion.objects.filter(standard__rounds__id__in=current).values_list("number", flat=True)))


def raw_scores(scope, numbers):
    """One row per assessment of the year: unit, parent, tier, final points per criterion, totals,
    verdict; pivoted in SQL, streamed in chunks (one query)."""
    current = ids_or_none(scope.current_rounds())
    final = Coalesce("scores__appraised_points", "scores__points")
    pivot = {f"c{n}": Max(Case(When(scores__criterion__number=n, then=final))) for n in numbers}
    return (scope.assessments().filter(round_id__in=current)
            .values("id", "commune__code", "commune__name", "commune__parent__name", "tier",
                    "round__standard__code", "self_total", "final_total", "meets_standard", "zero_criteria",
                    "status", "round__province__code", "commune__parent__code")
            .annotate(**pivot).order_by("round__province__code", "commune__parent__code", "commune__code", "id")
            .iterator(chunk_size=2000))


def raw_scores_count(scope):
    return scope.assessments().filter(round_id__in=ids_or_none(scope.current_rounds())).count()
