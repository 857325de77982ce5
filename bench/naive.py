"""The naive baseline: per-unit ORM loops, the way a page is written when nobody counts queries.

Each function returns the same numbers as its floor twin in ``bench.floor``; a loop over
communes (or dossiers) issues a few queries per unit, with lazy foreign keys followed one by one.
"""

from collections import defaultdict
from decimal import Decimal

from django.db.models import Max, Q

from assessments.models import Assessment, Registration, Round
from communes.models import Level, Unit, UnitLink
from communes.selectors import recognising_units
from criteria.models import Criterion
from reports.selectors import REFORM_YEAR

S = Assessment.Status
SUBMITTED = (S.SUBMITTED, S.ACCEPTED, S.APPRAISED, S.RECOGNISED, S.NOT_RECOGNISED)


def _province_of(commune):
    parent = commune.parent  # one query per commune
    return parent.parent_id if parent.level == Level.DISTRICT else parent.pk


def _communes(path, day):
    qs = Unit.objects.filter(level=Level.COMMUNE, valid_from__lte=day).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=day))
    return qs.filter(path__startswith=path) if path else qs


def _rounds(year, province_id=None):
    qs = Round.objects.filter(year=year)
    return qs.filter(province_id=province_id) if province_id else qs


def _late(done_on, due):
    return done_on is not None and done_on > due


def _carried(commune, year):
    """A commune formed by the 2025 reform: every predecessor that formed it recognised the year before."""
    links = list(UnitLink.objects.filter(successor=commune, is_default=True))
    return bool(links) and all(
        Assessment.objects.filter(commune_id=link.predecessor_id, round__year=year - 1, status=S.RECOGNISED).exists()
        for link in links)


def summary(year, today, path=None, province_id=None):
    day = _rounds(year, province_id).aggregate(day=Max("period_end"))["day"]
    counts = defaultdict(lambda: [0] * 9)
    current, previous = {}, {}
    communes = list(_communes(path, day))
    # each commune's parent that day (a huyện before the reform, named as then): read for all at once, since
    # the question is the product's rule (communes.selectors), not the loop this baseline measures
    parents = recognising_units(communes, day) if path else {}
    for c in communes:
        province = _province_of(c)
        if province not in current:
            current[province] = Round.objects.filter(province_id=province, year=year).order_by("-id").first()
            previous[province] = (Round.objects.filter(province_id=province, year__lt=year)
                                  .order_by("-year", "-id").first())
        cur, prev = current[province], previous[province]
        a = Assessment.objects.filter(round=cur, commune=c).first() if cur else None
        p = Assessment.objects.filter(round=prev, commune=c).first() if prev else None
        registered = bool(cur) and Registration.objects.filter(round=cur, commune=c).exists()
        row = counts[parents[c.pk].pk if path else province]
        recognised = a is not None and a.status == S.RECOGNISED
        was = (p is not None and p.status == S.RECOGNISED) or (year >= REFORM_YEAR and _carried(c, year))
        overdue = bool(cur) and (
            (a is not None and a.status in (S.DRAFT, S.RETURNED) and cur.submission_due < today)
            or (a is not None and a.status in (S.SUBMITTED, S.ACCEPTED) and cur.appraisal_due < today)
            or (a is not None and a.status == S.APPRAISED and cur.decision_due < today)
            or (a is None and registered and cur.submission_due < today)
            # done, but on a day after the deadline: the act's own date
            or (a is not None and _late(a.submitted_on, cur.submission_due))
            or (a is not None and _late(a.appraisal_report_on, cur.appraisal_due))
            or (a is not None and a.decision_id is not None and _late(a.decision.signed_on, cur.decision_due)))
        for i, hit in enumerate((True, registered, a is not None, a is not None and a.status in SUBMITTED,
                                 recognised, recognised and not was,
                                 a is not None and a.status == S.NOT_RECOGNISED and was, was, overdue)):
            row[i] += int(hit)
    return {g: tuple(v) for g, v in counts.items()}


def _dossiers(year, path):
    qs = Assessment.objects.filter(round__year=year, status__in=SUBMITTED)
    return qs.filter(commune__path__startswith=path) if path else qs


def criteria(year, path=None):
    from bench.floor import averages

    maximum = dict(Criterion.objects.values_list("id", "max_points"))
    stats = defaultdict(lambda: [0, 0, Decimal(0), 0])
    dossiers = with_zero = blocked = 0
    for a in _dossiers(year, path):
        threshold = a.round.standard.thresholds()[a.tier]  # two queries per dossier
        reaches = a.final_total >= threshold
        dossiers += 1
        with_zero += a.zero_criteria > 0
        blocked += a.zero_criteria > 0 and reaches
        for s in a.scores.all():  # one more
            final = s.final_points
            row = stats[s.criterion_id]
            if final is not None:
                row[0] += 1
                row[2] += final
            if final == 0:
                row[1] += 1
                row[3] += int(reaches)
    return {"rows": {pk: (scored, zeros, *averages(points, scored, maximum[pk]), blocks)
                     for pk, (scored, zeros, points, blocks) in stats.items()},
            "dossiers": dossiers, "with_zero": with_zero, "blocked": blocked}


def trend(year, path=None, province_id=None):
    rounds = Round.objects.filter(year__lte=year)
    if province_id:
        rounds = rounds.filter(province_id=province_id)
    days = {r["year"]: r["day"] for r in rounds.values("year").annotate(day=Max("period_end"))}
    out = defaultdict(lambda: [0, 0])
    communes = Unit.objects.filter(level=Level.COMMUNE)
    for c in communes.filter(path__startswith=path) if path else communes:
        group = c.parent_id if path else _province_of(c)
        recognised = set(c.assessments.filter(status=S.RECOGNISED, round__year__lte=year)
                         .values_list("round__year", flat=True))  # one query per commune
        for y, day in days.items():
            if c.valid_from <= day and (c.valid_to is None or c.valid_to >= day):
                out[(y, group)][0] += 1
                out[(y, group)][1] += y in recognised
    return {k: tuple(v) for k, v in out.items()}


def decisions(round_id, path):
    out = {}
    for a in Assessment.objects.filter(round_id=round_id, commune__path__startswith=path):
        commune, parent, decision = a.commune, a.commune.parent, a.decision  # a query each
        signed = decision.signed_documents.filter(document="decision").first() if decision else None
        differ = [s.appraised_points - s.points for s in a.scores.all()
                  if s.appraised_points is not None and s.appraised_points != s.points]
        out[a.pk] = (a.status, _cents(a.final_total), len(differ), _cents(a.self_total), a.meets_standard,
                     a.zero_criteria, _cents(sum(differ)) if differ else None, commune.name,
                     parent.name if parent else None, decision.number if decision else None,
                     signed.path if signed else None, signed.signer_name if signed else None)
    return out


def _cents(value):
    return None if value is None else Decimal(str(value)).quantize(Decimal("0.01"))


def holders(year):
    rows = []
    ids = (Assessment.objects.filter(status=S.RECOGNISED, round__year=year).values_list("commune_id", flat=True)
           .distinct())
    for c in Unit.objects.filter(pk__in=list(ids)):
        years = set(c.assessments.filter(status=S.RECOGNISED, round__year__range=(year - 4, year))
                    .values_list("round__year", flat=True))
        run = 0
        while run < 5 and year - run in years:
            run += 1
        if run >= 3:
            rows.append((c.code, c.name, c.parent.name, run))
    rows.sort(key=lambda r: (r[2], r[0]))
    return rows


def raw_scores(year):
    numbers = sorted(set(Criterion.objects.filter(standard__rounds__year=year).values_list("number", flat=True)))
    number_of = dict(Criterion.objects.values_list("id", "number"))

    def rows():
        for a in Assessment.objects.filter(round__year=year).order_by(
                "round__province__code", "commune__parent__code", "commune__code", "id"):
            # five queries per row: scores, commune, its parent, round, standard
            points = {number_of[s.criterion_id]: s.final_points for s in a.scores.all()}
            yield (a.commune.code, a.commune.name, a.commune.parent.name, a.tier, a.round.standard.code,
                   [points.get(n) for n in numbers], a.self_total, a.final_total, a.zero_criteria,
                   a.meets_standard, a.status)

    return numbers, rows()


def names(year):
    units = {u.pk: (u.code, u.name) for u in Unit.objects.exclude(level=Level.COMMUNE)}
    criteria_ = {c.pk: (c.number, c.name, c.max_points, c.provisional) for c in Criterion.objects.all()}
    standards = defaultdict(set)
    for r in Round.objects.filter(year__lte=year):
        standards[r.year].add(r.standard.code)
    return {"units": units, "criteria": criteria_, "standards": {y: ", ".join(sorted(c)) for y, c in standards.items()}}


def workbook(year, today, path):
    from bench import cells

    return cells.write(path, names=names(year), summary=summary(year, today), analysis=criteria(year),
                       trend=trend(year), holders=holders(year), raw=raw_scores(year))
