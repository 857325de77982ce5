"""Synthetic national-scale data for the benchmark, on real pre-reform units.

Units come from the project's own list of the 63 provinces, their districts and communes before the
2025 reform (``communes.sources.pre_reform_rows``, written through ``communes.importers.import_units``,
so real codes and names; units already in the database are reused). When more communes are asked for
than a province has, the rest are synthetic: code ``B00001``…, name ``Xã Giả lập B00001``.

On those units: one round a year per province on QĐ 34/2014 (15 criteria), every commune assessed
every year with every criterion scored. Points follow a per-commune quality that drifts over the years,
so totals sit around the thresholds, a few criteria are at 0, and recognition is kept, won and lost
from one year to the next. Past rounds are decided (a few dossiers stuck in flight); the latest one is
partly in flight. Each assessment's stored verdict (``final_total``, ``meets_standard``,
``zero_criteria``) comes from the pure ``criteria.rules.judge``, as ``assessments.services.recompute``
does. Decisions (one per district and round) and registrations are filled in too.

Everything the benchmark makes is tied to the user ``bench_runner`` (it opens the rounds), so it can
be recognised, reused by a later run (``--keep``) and deleted without touching anything else.
"""

import datetime
import io
import random
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils import timezone

from accounts.models import Role, User
from assessments.models import Assessment, Decision, Registration, Round, Score
from communes.importers import import_units
from communes.models import Kind, Level, Tier, Unit
from communes.sources import PRE_REFORM_PERIOD, UnitRow, pre_reform_rows
from criteria import rules
from criteria.models import Standard

STANDARD = "34/2014/QĐ-TTg"
LAST_YEAR = 2024  # the last full year before the reform: every round lies in the pre-reform period
RUNNER = "bench_runner"
SYNTHETIC = "Xã Giả lập "  # name prefix of the communes the real list lacks
USERS = {  # username -> role; their units are set by ``build``
    "bench_commune": Role.COMMUNE_OFFICER,
    "bench_district": Role.DISTRICT_OFFICER,
    "bench_province": Role.PROVINCIAL_STAFF,
    "bench_national": Role.NATIONAL_STAFF,
}
S = Assessment.Status
DECIDED, IN_FLIGHT = "decided", (S.DRAFT, S.RETURNED, S.SUBMITTED, S.ACCEPTED, S.APPRAISED)
APPRAISED_STAGES = (S.APPRAISED, DECIDED)
SUBMITTED_STAGES = (S.SUBMITTED, S.ACCEPTED, S.APPRAISED, DECIDED)
# how far dossiers got: past rounds are nearly all decided, the latest one is still moving
PAST_STAGES = [(DECIDED, 0.98), (S.APPRAISED, 0.01), (S.SUBMITTED, 0.01)]
LATEST_STAGES = [(DECIDED, 0.62), (S.APPRAISED, 0.10), (S.ACCEPTED, 0.06), (S.SUBMITTED, 0.07),
                 (S.RETURNED, 0.03), (S.DRAFT, 0.12)]
ZERO_CHANCE = 0.012  # per criterion: about one dossier in five has a criterion at 0
APPRAISAL_CUT_CHANCE = 0.07  # per criterion: the sector lowers the commune's points


@dataclass(frozen=True)
class Plan:
    communes: int = 10_600
    provinces: int = 63
    rounds: int = 10
    seed: int = 7

    @property
    def years(self):
        return list(range(LAST_YEAR - self.rounds + 1, LAST_YEAR + 1))


@dataclass
class World:
    """What a run works on: the standard, the bench users and the units and rounds it made or found."""

    plan: Plan
    standard: Standard
    province_ids: list[int]
    users: dict[str, User]
    created_unit_ids: list[int] = field(default_factory=list)
    reused: bool = False

    @property
    def year(self):
        return self.plan.years[-1]

    def rounds(self):
        return Round.objects.filter(opened_by__username=RUNNER)

    def counts(self):
        rounds = self.rounds()
        return {"provinces": len(self.province_ids),
                "districts": Unit.objects.filter(level=Level.DISTRICT, children__assessments__round__in=rounds)
                .distinct().count(),
                "communes": Assessment.objects.filter(round__in=rounds).values("commune_id").distinct().count(),
                "rounds": rounds.count(),
                "assessments": Assessment.objects.filter(round__in=rounds).count(),
                "scores": Score.objects.filter(assessment__round__in=rounds).count()}


# --- units -------------------------------------------------------------------------------------

def _quotas(sizes, total):
    """Split ``total`` over the provinces in proportion to their real sizes (largest remainder)."""
    whole = sum(sizes)
    exact = [total * s / whole for s in sizes]
    quotas = [int(x) for x in exact]
    by_remainder = sorted(range(len(sizes)), key=lambda i: exact[i] - quotas[i], reverse=True)
    for i in by_remainder[:total - sum(quotas)]:
        quotas[i] += 1
    return quotas


def _round_robin(groups):
    """Items of several lists interleaved: one from each district in turn."""
    out, k = [], 0
    while any(k < len(g) for g in groups):
        out.extend(g[k] for g in groups if k < len(g))
        k += 1
    return out


def choose_rows(plan):
    """The unit rows of the plan: ``provinces`` real provinces spread over the country, their
    districts, and ``communes`` communes among them (real ones first, then synthetic)."""
    rows = pre_reform_rows()
    provinces = [r for r in rows if r.level == Level.PROVINCE]
    if plan.provinces > len(provinces):
        raise ValueError(f"at most {len(provinces)} provinces")
    step = len(provinces) / plan.provinces
    provinces = [provinces[int(i * step)] for i in range(plan.provinces)]
    districts, communes = defaultdict(list), defaultdict(list)
    for r in rows:
        if r.level == Level.DISTRICT:
            districts[r.parent_code].append(r)
        elif r.level == Level.COMMUNE:
            communes[r.parent_code].append(r)
    sizes = [sum(len(communes[d.code]) for d in districts[p.code]) for p in provinces]
    chosen, synthetic = [], 0
    for p, quota in zip(provinces, _quotas(sizes, plan.communes)):
        p_districts = [d for d in districts[p.code] if communes[d.code]]
        real = _round_robin([communes[d.code] for d in p_districts])[:quota]
        extra = []
        for k in range(quota - len(real)):
            synthetic += 1
            code = f"B{synthetic:05d}"
            extra.append(UnitRow(Level.COMMUNE, code, f"{SYNTHETIC}{code}", Kind.COMMUNE,
                                 p_districts[k % len(p_districts)].code))
        picked = real + extra
        used = {c.parent_code for c in picked}
        chosen.append(p)
        chosen.extend(d for d in p_districts if d.code in used)
        chosen.extend(picked)
    return chosen


def _tier(code, kind, province_kind):
    """The bench's tier of a commune: the wards of a centrally-run city are city wards; the data marks no
    mountain or island commune, so about a quarter of the rural ones are "remote"."""
    if kind == Kind.WARD and province_kind == Kind.CENTRAL_CITY:
        return Tier.CITY_WARD
    return Tier.REMOTE if kind == Kind.COMMUNE and sum(map(ord, code)) % 4 == 0 else Tier.OTHER


def _ensure_units(rows):
    """Write the rows through the project's importer; return (province ids, ids of units it created)."""
    valid_from, valid_to = PRE_REFORM_PERIOD
    before = set(Unit.objects.filter(valid_from=valid_from).values_list("id", flat=True))
    import_units(rows, valid_from=valid_from, valid_to=valid_to)
    ids = {}
    for level in (Level.PROVINCE, Level.DISTRICT, Level.COMMUNE):
        codes = [r.code for r in rows if r.level == level]
        ids[level] = dict(Unit.objects.filter(level=level, valid_from=valid_from, code__in=codes)
                          .values_list("code", "id"))
    province_ids = [ids[Level.PROVINCE][r.code] for r in rows if r.level == Level.PROVINCE]
    created = sorted(i for d in ids.values() for i in d.values() if i not in before)
    return province_ids, created


# --- users -------------------------------------------------------------------------------------

def _ensure_users(province_id):
    """The runner and a user per page; their units: the first province, its first district and commune."""
    district = Unit.objects.filter(parent_id=province_id, level=Level.DISTRICT).order_by("code").first()
    commune = Unit.objects.filter(parent=district, level=Level.COMMUNE).order_by("code").first()
    units = {"bench_commune": commune, "bench_district": district,
             "bench_province": Unit.objects.get(pk=province_id), "bench_national": None}
    users = {}
    for username, role in [(RUNNER, Role.SYSADMIN), *USERS.items()]:
        user, _created = User.objects.update_or_create(
            username=username, defaults={"role": role, "unit": units.get(username), "last_name": "Thử nghiệm",
                                         "first_name": "hiệu năng"})
        if _created:  # nobody signs in with a password: the benchmark logs its users in directly
            user.set_unusable_password()
            user.save(update_fields=["password"])
        users[username] = user
    return users


# --- assessments -------------------------------------------------------------------------------

def _pick(rng, weights):
    x, acc = rng.random(), 0.0
    for value, w in weights:
        acc += w
        if x < acc:
            return value
    return weights[-1][0]


class _Scorer:
    """Deterministic points for a commune in a year: a quality per commune drifting over the years."""

    def __init__(self, seed, criteria):
        self.seed, self.criteria = seed, criteria

    def points(self, commune_id, k):
        own = random.Random(self.seed * 1_000_003 + commune_id)
        base, drift = own.uniform(0.70, 0.97), own.uniform(-0.006, 0.02)
        noise = random.Random((self.seed * 100 + k) * 1_000_003 + commune_id)
        quality = base + drift * k + noise.gauss(0, 0.025)
        out = {}
        for number, maximum in self.criteria:
            if noise.random() < ZERO_CHANCE:
                out[number] = 0
            else:
                share = min(1.0, max(0.3, noise.gauss(quality, 0.07)))
                out[number] = min(maximum, 5 * round(maximum * share / 5))
        return out, noise


def _copy_rows(table, columns, rows):
    """Insert many rows: COPY on PostgreSQL, executemany elsewhere."""
    if not rows:
        return
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            buf = io.StringIO()
            for row in rows:
                buf.write("\t".join(r"\N" if v is None else str(v) for v in row))
                buf.write("\n")
            with cursor.cursor.copy(f'COPY "{table}" ({", ".join(columns)}) FROM STDIN') as copy:  # psycopg 3
                copy.write(buf.getvalue())
        else:
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(f'INSERT INTO "{table}" ({", ".join(columns)}) VALUES ({marks})', rows)


SCORE_COLUMNS = ["assessment_id", "criterion_id", "points", "appraised_points", "appraisal_reason",
                 "appraised_by_id", "appraised_at", "source_note", "figures"]


def _as_db_time(value):
    return value.isoformat() if connection.vendor == "postgresql" else value.strftime("%Y-%m-%d %H:%M:%S")


def _acts(year, commune_id, stage):
    """The days of a dossier's acts (what reports judge overdue by), within the round's deadlines
    (``_round``) except for about one submission in twenty and one appraisal report in twenty-five."""
    acts = {}
    if stage in SUBMITTED_STAGES:
        late = (commune_id + year) % 20 == 0
        acts.update(request_on=datetime.date(year, 11, 8), submitted_on=datetime.date(year, 11, 17 if late else 10))
    if stage in (S.ACCEPTED, *APPRAISED_STAGES):
        acts["accepted_on"] = acts["submitted_on"] + datetime.timedelta(days=2)
    if stage in APPRAISED_STAGES:
        late = (commune_id * 3 + year) % 25 == 0
        acts["appraisal_report_on"] = datetime.date(year, 11, 27 if late else 22)
    return acts


def _signed_on(year, district_id):
    """The decision's signing: by the round's decision deadline, a few districts' a few days after it."""
    return datetime.date(year, 12, 3) if (district_id + year) % 9 == 0 else datetime.date(year, 11, 28)


def _build_province(province_id, rounds_by_year, plan, standard_rules, criteria_ids, scorer, users):
    province = Unit.objects.get(pk=province_id)
    communes = list(Unit.objects.filter(path__startswith=province.path, level=Level.COMMUNE).order_by("code")
                    .values("id", "code", "kind", "parent_id"))
    for c in communes:
        c["tier"] = _tier(c["code"], c["kind"], province.kind)
    districts = sorted({c["parent_id"] for c in communes})
    decisions = {}
    for k, year in enumerate(plan.years):
        for d in districts:
            signed_on = _signed_on(year, d)
            decisions[(year, d)] = Decision(
                round=rounds_by_year[year], issuer_id=d, number=f"{1000 + year % 100}/QĐ-UBND",
                signed_on=signed_on, signer_name="Nguyễn Văn An",
                signer_title="Chủ tịch Ủy ban nhân dân", created_by=users[RUNNER],
                # issued as a national database upgraded to the issue rule holds them (migration 0013)
                issued_at=timezone.make_aware(datetime.datetime.combine(signed_on, datetime.time(0))),
                issued_path=Decision.IssuedBy.BEFORE_RULE)
    Decision.objects.bulk_create(decisions.values(), batch_size=2000)

    assessments, scores_of, registrations = [], [], []
    for k, year in enumerate(plan.years):
        rnd = rounds_by_year[year]
        stages = LATEST_STAGES if year == plan.years[-1] else PAST_STAGES
        submitted_at = timezone.make_aware(datetime.datetime(year, 11, 10, 9, 0))
        for c in communes:
            self_points, rng = scorer.points(c["id"], k)
            stage = _pick(rng, stages)
            final = dict(self_points)
            appraised = stage in APPRAISED_STAGES
            if appraised:
                for number, p in self_points.items():
                    if p and rng.random() < APPRAISAL_CUT_CHANCE:
                        final[number] = max(0, p - 5 * rng.randint(1, 3))
            verdict = rules.judge(standard_rules, c["tier"], final)
            status = (S.RECOGNISED if verdict.recognised else S.NOT_RECOGNISED) if stage == DECIDED else stage
            decided = stage == DECIDED
            acts = _acts(year, c["id"], stage)
            assessments.append(Assessment(
                round=rnd, commune_id=c["id"], tier=c["tier"], status=status,
                self_total=sum(self_points.values()), final_total=verdict.total,
                meets_standard=verdict.recognised, zero_criteria=sum(1 for p in final.values() if p == 0),
                submitted_at=submitted_at if stage in SUBMITTED_STAGES else None, **acts,
                decision=decisions[(year, c["parent_id"])] if decided else None,
                decision_reason=" ".join(verdict.reasons) if decided and not verdict.recognised else ""))
            scores_of.append((self_points, final if appraised else None))
            if rng.random() < 0.9:
                registrations.append(Registration(round=rnd, commune_id=c["id"],
                                                  registered_on=datetime.date(year, 3, 15)))
    Assessment.objects.bulk_create(assessments, batch_size=2000)
    Registration.objects.bulk_create(registrations, batch_size=2000)
    appraised_at = _as_db_time(timezone.make_aware(datetime.datetime(LAST_YEAR, 11, 20, 9, 0)))
    rows = []
    for a, (self_points, final) in zip(assessments, scores_of):
        for number, p in self_points.items():
            rows.append((a.pk, criteria_ids[number], p, None if final is None else final[number], "",
                         None, None if final is None else appraised_at, "", "{}"))
    _copy_rows(Score._meta.db_table, SCORE_COLUMNS, rows)
    return len(assessments), len(rows)


def _round(province_id, year, standard, runner):
    return Round(province_id=province_id, year=year, standard=standard,
                 period_start=datetime.date(year - 1, 11, 1), period_end=datetime.date(year, 10, 31),
                 registration_due=datetime.date(year, 3, 31), submission_due=datetime.date(year, 11, 15),
                 appraisal_due=datetime.date(year, 11, 25), decision_due=datetime.date(year, 11, 30),
                 report_due=datetime.date(year, 12, 10), opened_by=runner)


def _standard():
    if not Standard.objects.filter(code=STANDARD).exists():
        from django.core.management import call_command
        call_command("loaddata", "standards", verbosity=0)
    return Standard.objects.get(code=STANDARD)


def find(plan):
    """The bench data a previous ``--keep`` run left, if it has exactly this plan's shape; else None."""
    rounds = Round.objects.filter(opened_by__username=RUNNER)
    if not rounds.exists():
        return None
    years = sorted(set(rounds.values_list("year", flat=True)))
    province_ids = sorted(set(rounds.values_list("province_id", flat=True)))
    n = Assessment.objects.filter(round__in=rounds).count()
    if years != plan.years or len(province_ids) != plan.provinces or n != plan.communes * plan.rounds:
        return None
    first = Unit.objects.filter(pk__in=province_ids).order_by("code").first()
    users = _ensure_users(first.pk)
    return World(plan=plan, standard=_standard(), province_ids=[p.pk for p in Unit.objects.filter(
        pk__in=province_ids).order_by("code")], users=users, reused=True)


def build(plan, log=lambda message: None):
    """Make the plan's data (a few seconds for a few hundred communes, minutes at national scale)."""
    standard = _standard()
    rows = choose_rows(plan)
    log(f"units: {sum(r.level == Level.PROVINCE for r in rows)} provinces, "
        f"{sum(r.level == Level.DISTRICT for r in rows)} districts, {sum(r.level == Level.COMMUNE for r in rows)} "
        f"communes ({sum(r.code.startswith('B') for r in rows)} synthetic)")
    clash = Round.objects.filter(year__in=plan.years).exclude(opened_by__username=RUNNER)
    if clash.exists():
        raise RuntimeError("the database already holds rounds in the benchmark's years that the benchmark did not "
                           "make: run it in a fresh database (see README, Performance)")
    with transaction.atomic():
        province_ids, created = _ensure_units(rows)
        province_ids.sort(key=lambda pk: Unit.objects.get(pk=pk).code)
        users = _ensure_users(province_ids[0])
    standard_rules = rules.load_rules(standard.code)
    criteria = list(standard.criteria.order_by("number").values_list("number", "max_points", "id"))
    criteria_ids = {n: pk for n, _m, pk in criteria}
    scorer = _Scorer(plan.seed, [(n, m) for n, m, _pk in criteria])
    rounds = [_round(p, y, standard, users[RUNNER]) for p in province_ids for y in plan.years]
    Round.objects.bulk_create(rounds, batch_size=2000)
    by_province = defaultdict(dict)
    for r in rounds:
        by_province[r.province_id][r.year] = r
    total_a = total_s = 0
    for i, p in enumerate(province_ids, 1):
        with transaction.atomic():
            a, s = _build_province(p, by_province[p], plan, standard_rules, criteria_ids, scorer, users)
        total_a, total_s = total_a + a, total_s + s
        if i % 10 == 0 or i == len(province_ids):
            log(f"  {i}/{len(province_ids)} provinces, {total_a} assessments, {total_s} scores")
    settle()
    return World(plan=plan, standard=standard, province_ids=province_ids, users=users, created_unit_ids=created)


def settle():
    """Bring PostgreSQL's tables to the state autovacuum keeps them in production: statistics current and the
    visibility map set (VACUUM ANALYZE), so that every run times both paths on the same state. Until 07/12/2026
    only ANALYZE ran, and a run soon after the build found the map unset: the statements that count from an
    index alone read every row's page, the floor's more than the product's (on one build the criteria floor took
    101 ms before VACUUM ANALYZE and 73 ms after). Inside a transaction (the test suite's), where VACUUM cannot
    run, ANALYZE only."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")


def drop(world):
    """Delete everything the benchmark made (plain SQL: no per-row signals, no history rows)."""
    rounds = f'SELECT id FROM "{Round._meta.db_table}" WHERE opened_by_id = %s'
    runner = world.users[RUNNER].pk
    assessments = f'SELECT id FROM "{Assessment._meta.db_table}" WHERE round_id IN ({rounds})'
    statements = [
        (f'DELETE FROM "{Score._meta.db_table}" WHERE assessment_id IN ({assessments})', [runner]),
        (f'DELETE FROM "{Assessment._meta.db_table}" WHERE round_id IN ({rounds})', [runner]),
        (f'DELETE FROM "{Registration._meta.db_table}" WHERE round_id IN ({rounds})', [runner]),
        (f'DELETE FROM "{Decision._meta.db_table}" WHERE round_id IN ({rounds})', [runner]),
        (f'DELETE FROM "{Round._meta.db_table}" WHERE opened_by_id = %s', [runner]),
    ]
    with transaction.atomic(), connection.cursor() as cursor:
        for sql, params in statements:
            cursor.execute(sql, params)
        User.objects.filter(username__in=[RUNNER, *USERS]).delete()
        # the units this run created, and the synthetic communes of any earlier run
        ids = sorted(set(world.created_unit_ids) | set(
            Unit.objects.filter(level=Level.COMMUNE, name__startswith=SYNTHETIC).values_list("id", flat=True)))
        for level in (Level.COMMUNE, Level.DISTRICT, Level.PROVINCE):  # children first
            for start in range(0, len(ids), 500):
                Unit.objects.filter(pk__in=ids[start:start + 500], level=level)._raw_delete(Unit.objects.db)
