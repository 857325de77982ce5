"""factory_boy factories: units with their paths, a user per role, the real standards, rounds and
assessments at any state of the workflow, all made through the product's own services.

    CommuneFactory()                              a commune, its district and its province
    CommuneOfficerFactory(unit=commune)           a user of the role, at the unit the role works at
    RoundFactory(province=p, year=2024)           opened by the province's staff (assessments.services)
    AssessmentFactory(round=r, commune=c, state="appraised")
                                                  started, scored, submitted, accepted, appraised …
                                                  by the users of those roles, through the services
    advance(assessment, "recognised")             moves an existing assessment further the same way

Every user's password is PASSWORD, also on ``user.raw_password`` for logging in through a form.
"""

import datetime as dt
from decimal import Decimal

import factory
from django.core.management import call_command
from django.utils import timezone

from accounts.models import Role, User
from assessments import services
from assessments.models import Assessment, Council, Round, Score
from communes import services as units
from communes.models import Kind, Level, Tier, Unit, UnitTier
from communes.selectors import tier_in_year
from criteria.models import Sector, Standard

PASSWORD = "Mat-khau-thu-2025"
S = Assessment.Status

# A Vietnamese name per role, so pages can be checked for the signed-in person.
NAMES = {
    Role.COMMUNE_OFFICER: ("Nguyễn Thị", "Hoa"),
    Role.SECTOR_APPRAISER: ("Trần Văn", "Minh"),
    Role.DISTRICT_OFFICER: ("Lê Thị", "Lan"),
    Role.COUNCIL_MEMBER: ("Phạm Văn", "Đức"),
    Role.COUNCIL_CHAIR: ("Hoàng Văn", "Thắng"),
    Role.PROVINCIAL_STAFF: ("Vũ Thị", "Hương"),
    Role.NATIONAL_STAFF: ("Đặng Quốc", "Bảo"),
    Role.SYSADMIN: ("Bùi Văn", "Tùng"),
}


# --- units -------------------------------------------------------------------------------------

class UnitFactory(factory.django.DjangoModelFactory):
    """A unit created by communes.services.unit_create, so its path is the product's own.

    A commune also gets its tier (``tier=``, default "other") in force for its whole period, as
    ``import_tiers`` records it; delete ``unit.tiers`` to test a commune without one.
    """

    class Meta:
        model = Unit

    name = factory.Sequence(lambda n: f"Xã Thử {n}")
    code = factory.Sequence(lambda n: f"{90000 + n % 10000:05d}")
    level = Level.COMMUNE
    kind = Kind.COMMUNE
    parent = None
    tier = Tier.OTHER
    valid_from = dt.date(2008, 8, 1)
    valid_to = None

    @classmethod
    def _create(cls, model_class, *args, tier, **fields):
        unit = units.unit_create(**fields)
        if unit.level == Level.COMMUNE:  # the tier lives in UnitTier only
            UnitTier.objects.create(unit=unit, tier=tier, valid_from=unit.valid_from,
                                    valid_to=unit.valid_to, source="Dữ liệu kiểm thử")
        return unit


class ProvinceFactory(UnitFactory):
    name = factory.Sequence(lambda n: f"Tỉnh Thử {n}")
    code = factory.Sequence(lambda n: f"9{n % 10}")
    level = Level.PROVINCE
    kind = Kind.PROVINCE


class DistrictFactory(UnitFactory):
    name = factory.Sequence(lambda n: f"Huyện Thử {n}")
    code = factory.Sequence(lambda n: f"9{n % 100:02d}")
    level = Level.DISTRICT
    kind = Kind.RURAL_DISTRICT
    parent = factory.SubFactory(ProvinceFactory)


class CommuneFactory(UnitFactory):
    parent = factory.SubFactory(DistrictFactory)


# --- users ------------------------------------------------------------------------------------

def _sector_of(user):
    return Sector.objects.order_by("pk").first() if user.role == Role.SECTOR_APPRAISER else None


class UserFactory(factory.django.DjangoModelFactory):
    """A user of ``role`` at ``unit``; each role's factory below gives the unit that role works at."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    role = Role.COMMUNE_OFFICER
    unit = None
    sector = factory.LazyAttribute(_sector_of)
    username = factory.LazyAttributeSequence(lambda u, n: f"{Role(u.role).value}_{n}")
    last_name = factory.LazyAttribute(lambda u: NAMES[Role(u.role)][0])
    first_name = factory.LazyAttribute(lambda u: NAMES[Role(u.role)][1])
    is_staff = factory.LazyAttribute(lambda u: u.role == Role.SYSADMIN)

    @classmethod
    def _create(cls, model_class, *args, **fields):
        user = model_class(*args, **fields)
        user.username = model_class.normalize_username(user.username)
        user.password = _hashed_password()
        user.save()
        user.raw_password = PASSWORD
        return user


_hashes = {}


def _hashed_password():
    """PASSWORD hashed once per process and hasher: a hundred users need not pay for a hundred hashes."""
    from django.conf import settings
    from django.contrib.auth.hashers import make_password

    hashers = tuple(settings.PASSWORD_HASHERS)
    if hashers not in _hashes:
        _hashes[hashers] = make_password(PASSWORD)
    return _hashes[hashers]


class CommuneOfficerFactory(UserFactory):
    role = Role.COMMUNE_OFFICER
    unit = factory.SubFactory(CommuneFactory)


class SectorAppraiserFactory(UserFactory):
    """Appraises the criteria its sector owns in the communes under its unit (a district)."""

    role = Role.SECTOR_APPRAISER
    unit = factory.SubFactory(DistrictFactory)


class DistrictOfficerFactory(UserFactory):
    role = Role.DISTRICT_OFFICER
    unit = factory.SubFactory(DistrictFactory)


class CouncilMemberFactory(UserFactory):
    role = Role.COUNCIL_MEMBER
    unit = factory.SubFactory(DistrictFactory)


class CouncilChairFactory(UserFactory):
    role = Role.COUNCIL_CHAIR
    unit = factory.SubFactory(DistrictFactory)


class ProvincialStaffFactory(UserFactory):
    role = Role.PROVINCIAL_STAFF
    unit = factory.SubFactory(ProvinceFactory)


class NationalStaffFactory(UserFactory):
    role = Role.NATIONAL_STAFF


class SysadminFactory(UserFactory):
    role = Role.SYSADMIN


ROLE_FACTORIES = {
    Role.COMMUNE_OFFICER: CommuneOfficerFactory, Role.SECTOR_APPRAISER: SectorAppraiserFactory,
    Role.DISTRICT_OFFICER: DistrictOfficerFactory, Role.COUNCIL_MEMBER: CouncilMemberFactory,
    Role.COUNCIL_CHAIR: CouncilChairFactory, Role.PROVINCIAL_STAFF: ProvincialStaffFactory,
    Role.NATIONAL_STAFF: NationalStaffFactory, Role.SYSADMIN: SysadminFactory,
}


# --- standards and rounds ------------------------------------------------------------------------

def load_standards():
    """Both standards of fixtures/standards.json, by code ("34/2014/QĐ-TTg", "06/QĐ-TTg")."""
    if not Standard.objects.filter(code__in=("34/2014/QĐ-TTg", "06/QĐ-TTg")).exists():
        call_command("loaddata", "standards", verbosity=0)
    return {s.code: s for s in Standard.objects.all()}


class StandardFactory(factory.django.DjangoModelFactory):
    """One of the real standards (fixtures/standards.json, loaded when it is not there yet)."""

    class Meta:
        model = Standard

    code = "06/QĐ-TTg"

    @classmethod
    def _create(cls, model_class, code):
        return load_standards()[code]


class RoundFactory(factory.django.DjangoModelFactory):
    """A province's round, opened by its provincial staff through assessments.services.round_open.

    Deadlines follow the year: the period runs from 1 November of the year before to 31 October,
    submission by 15/11, appraisal by 30/11, decision and report by 10/12.
    """

    class Meta:
        model = Round

    province = factory.SubFactory(ProvinceFactory)
    year = 2024
    standard = factory.SubFactory(StandardFactory)
    opened_by = factory.LazyAttribute(lambda r: ProvincialStaffFactory(unit=r.province))
    period_start = factory.LazyAttribute(lambda r: dt.date(r.year - 1, 11, 1))
    period_end = factory.LazyAttribute(lambda r: dt.date(r.year, 10, 31))
    registration_due = None
    submission_due = factory.LazyAttribute(lambda r: dt.date(r.year, 11, 15))
    appraisal_due = factory.LazyAttribute(lambda r: dt.date(r.year, 11, 30))
    decision_due = factory.LazyAttribute(lambda r: dt.date(r.year, 12, 10))
    report_due = factory.LazyAttribute(lambda r: dt.date(r.year, 12, 10))

    @classmethod
    def _create(cls, model_class, *args, opened_by, **fields):
        return services.round_open(by=opened_by, **fields)


# --- assessments ---------------------------------------------------------------------------------

# The states an assessment goes through, in order. "scored" is a draft with every point and the
# commune council's meeting; "appraised_all" is accepted with every criterion appraised;
# "returned" is reached from "submitted"; "recognised" and "not_recognised" are decided.
STATES = ("draft", "scored", S.SUBMITTED, S.ACCEPTED, "appraised_all", S.APPRAISED, "decided")
DECIDED = (S.RECOGNISED, S.NOT_RECOGNISED)


def full_points(standard, **overrides):
    """{criterion number: its maximum}, with overrides as tc<number>=points."""
    points = {c.number: Decimal(c.max_points) for c in standard.criteria.all()}
    points.update({int(k.removeprefix("tc")): Decimal(v) for k, v in overrides.items()})
    return points


def someone(role, unit, sector=None):
    """The first user of the role at the unit (of the sector), or a new one."""
    found = User.objects.filter(role=role, unit=unit, sector=sector).order_by("pk").first()
    return found or ROLE_FACTORIES[Role(role)](unit=unit, sector=sector)


def state_of(a):
    """Where an assessment stands on STATES (returned counts as submitted, decided as decided)."""
    a.refresh_from_db()
    if a.status in (S.DRAFT, S.RETURNED):
        scored = (not a.scores.filter(points__isnull=True).exists()
                  and Council.objects.filter(assessment=a).exists())
        return "scored" if scored else "draft"
    if a.status == S.ACCEPTED:
        return "appraised_all" if not a.scores.filter(appraised_at__isnull=True).exists() else S.ACCEPTED
    if a.status in DECIDED:
        return "decided"
    return a.status


COUNCIL = [{"name": "Nguyễn Văn A", "position": "Chủ tịch UBND", "council_role": "chair"}]


def advance(a, to, *, officer=None, recogniser=None, decider=None, appraisers=None, points=None, notes=None,
            figures=None, members=COUNCIL, conclusion="Đề nghị công nhận", appraised=None,
            appraisal_reason="Số liệu chưa khớp", comment="Bổ sung biên bản họp", recognised=None, reason="",
            decision_number=None):
    """Move assessment ``a`` forward to state ``to`` through assessments.services, as people do.

    officer: the commune officer who scores and submits; recogniser: accepts, returns and completes
    the appraisal (a district officer of the commune's district); decider: issues the decision (the
    council chair there); appraisers: {sector code: user}. Missing people are found or made with
    ``someone``. points: {criterion number: points} over the maximum of each; appraised: {criterion
    number: points} the owning sector sets with appraisal_reason (the others agree); notes and figures
    as scores_save takes them; members and conclusion: the commune council's meeting. The decision recognises
    the commune when its verdict says it meets the standard, unless ``recognised`` is given.
    Returns the assessment read again.
    """
    commune, round_ = a.commune, a.round
    people = {"officer": officer, "recogniser": recogniser, "decider": decider}
    roles = {"officer": (Role.COMMUNE_OFFICER, commune), "recogniser": (Role.DISTRICT_OFFICER, commune.parent),
             "decider": (Role.COUNCIL_CHAIR, commune.parent)}

    def who(part):  # found or made only when a step needs them
        if people[part] is None:
            people[part] = someone(*roles[part])
        return people[part]

    target = "decided" if to in DECIDED else S.SUBMITTED if to == S.RETURNED else to
    reached = state_of(a)  # a returned dossier stands at "scored": it is submitted again
    for step in STATES[STATES.index(reached) + 1:STATES.index(target) + 1]:
        a.refresh_from_db()
        if step == "scored":
            values = full_points(round_.standard)
            values.update({n: Decimal(v) for n, v in (points or {}).items()})
            services.scores_save(by=who("officer"), assessment_id=a.pk, seen_version=a.version, points=values,
                                notes=notes, figures=figures)
            if not Council.objects.filter(assessment=a).exists():
                services.council_save(by=who("officer"), assessment_id=a.pk, seen_version=seen(a),
                                      meeting_date=dt.date(round_.year, 11, 8), conclusion=conclusion,
                                      members=members)
        elif step == S.SUBMITTED:
            services.assessment_submit(by=who("officer"), assessment_id=a.pk, seen_version=seen(a), on=act_day(a))
        elif step == S.ACCEPTED:
            services.assessment_accept(by=who("recogniser"), assessment_id=a.pk, seen_version=seen(a), on=act_day(a))
        elif step == "appraised_all":
            from criteria.selectors import owner_map

            owners = owner_map(round_.standard, round_.province.code)
            for sector in dict.fromkeys(owners[n] for n in sorted(owners)):  # each sector's one form
                by = (appraisers or {}).get(sector.code) or someone(Role.SECTOR_APPRAISER, commune.parent, sector)
                rows = {n: {"points": appraised[n], "reason": appraisal_reason} if n in (appraised or {})
                        else {"agree": True} for n, owner in owners.items() if owner == sector}
                appraise(by, a, rows, on=act_day(a))
        elif step == S.APPRAISED:
            services.assessment_complete_appraisal(by=who("recogniser"), assessment_id=a.pk, seen_version=seen(a),
                                                   on=act_day(a))
        elif step == "decided":
            meets = a.meets_standard if recognised is None else recognised
            if to == S.NOT_RECOGNISED:
                meets = False
            if not meets and a.meets_standard and not reason:  # refused although the points reach it
                reason = "Chưa hoàn thiện hồ sơ theo kết luận của Hội đồng xét công nhận"
            services.decision_issue(
                by=who("decider"), round=round_, issuer=commune.parent, number=decision_number or f"{a.pk}/QĐ-UBND",
                signed_on=dt.date(round_.year, 12, 5), signer_name="Đỗ Văn Quang", signer_title="Phó Chủ tịch",
                outcomes={a.pk: (meets, reason)}, seen_versions=versions(a))
    if to == S.RETURNED:
        services.assessment_return(by=who("recogniser"), assessment_id=a.pk, seen_version=seen(a), comment=comment,
                                   on=act_day(a))
    return Assessment.objects.get(pk=a.pk)


def act_day(a):
    """The day of the dossier's next act on the round's calendar: from 10 November of its year, a day
    later for each move made (the council meets on 8 November, the decision is signed on 5 December;
    so a past round is recorded with the dates it had, never with the day the test runs; never before
    the dossier's last act)."""
    moves = list(a.transitions.values_list("acted_on", flat=True))
    return max([dt.date(a.round.year, 11, 10) + dt.timedelta(days=len(moves)), *filter(None, moves)])


def seen(a):
    """The version a page of dossier ``a`` (or of a score's dossier) loaded now would carry: what a test
    acting "from the page" passes as ``seen_version`` (every service a page calls requires it)."""
    from assessments.selectors import dossier_version

    return dossier_version(a.assessment_id if isinstance(a, Score) else a.pk)


def versions(*dossiers):
    """{id: version} of the dossiers as a decision page loaded now would carry them (decision_issue's
    ``seen_versions``)."""
    from assessments.selectors import dossier_versions

    return dossier_versions(a.pk for a in dossiers)


def plan_seen(plan):
    """The version an inspection plan's page (``plan`` or its id) loaded now would carry: every write of
    inspections.services requires it."""
    from inspections.models import Plan

    return Plan.objects.values_list("version", flat=True).get(pk=getattr(plan, "pk", plan))


def appraise(by, a, rows, on=None):
    """One sector's appraisal form saved on the page as it stands now (its version read afresh):
    rows {criterion number: {"agree": True} or {"points": …, "reason": …}}. Returns the scores changed."""
    return services.scores_appraise(by=by, assessment_id=a.pk, rows=rows, on=on, seen_version=seen(a))


def agree_the_rest(a, appraisers):
    """Each sector (appraisers: sector code → its appraiser) agrees with its criteria not yet appraised."""
    from criteria.selectors import owner_map

    owners = owner_map(a.round.standard, a.round.province.code)
    pending = a.scores.filter(appraised_at__isnull=True).values_list("criterion__number", flat=True)
    for code in dict.fromkeys(owners[n].code for n in sorted(pending)):
        appraise(appraisers[code], a, {n: {"agree": True} for n in pending if owners[n].code == code})


class AssessmentFactory(factory.django.DjangoModelFactory):
    """A commune's assessment started by its officer and moved to ``state`` (see ``advance``).

    ``state``: "draft" (every score empty), "scored", "submitted", "returned", "accepted",
    "appraised_all", "appraised", "recognised" or "not_recognised"; the other keywords go to
    ``advance`` (officer, recogniser, decider, appraisers, points, appraised, …).
    """

    class Meta:
        model = Assessment

    round = factory.SubFactory(RoundFactory)
    commune = factory.LazyAttribute(
        lambda a: CommuneFactory(parent=DistrictFactory(parent=a.round.province)))
    state = "draft"

    @classmethod
    def _create(cls, model_class, *args, round, commune, state="draft", officer=None, **steps):
        officer = officer or someone(Role.COMMUNE_OFFICER, commune)
        a = services.assessment_start(by=officer, round=round, commune=commune)
        return advance(a, state, officer=officer, **steps) if state != "draft" else a


def recorded_assessment(round, commune, status, points=None, appraised=None, unscored=(), tier=None):
    """A dossier as the record holds it, written directly (no moves, no people): for reports and
    inspections that read many past dossiers. Every criterion gets its maximum unless listed in
    ``points`` ({number: points}) or ``unscored``; ``appraised`` gives appraised points. The stored
    verdict comes from assessments.services.recompute (criteria.rules), as in the product; ``tier``
    defaults to the commune's in the round's year, else "other" (units imported without their tiers)."""
    tier = tier or tier_in_year(commune, round.year) or Tier.OTHER
    a = Assessment.objects.create(round=round, commune=commune, tier=tier, status=status)
    points, appraised = points or {}, appraised or {}
    Score.objects.bulk_create(
        Score(assessment=a, criterion=c, points=None if c.number in unscored else points.get(c.number, c.max_points),
              appraised_points=appraised.get(c.number))
        for c in round.standard.criteria.all())
    services.recompute(a)
    a.save()
    return a


# --- a province formed by the 2025 reform and the one it succeeded (the lists, issue 22) -------------------

def reform_world(standard, extra=0):
    """Tỉnh Bắc Giang (until 30/6/2025) and the new Tỉnh Bắc Ninh that succeeded it (from 1/7/2025), linked
    as the reform's list links them, for the lists and the successor's read access:

        Tỉnh Bắc Giang › Huyện Lục Nam › Thị trấn Đồi Ngô (2024: recognised by decision 1522/QĐ-UBND),
                                         Xã Tam Dị (accepted), Xã Bảo Sơn (submitted)
                       › Huyện Yên Dũng › Xã Tiến Dũng (draft)     + a 2024 inspection plan of Lục Nam
        Tỉnh Bắc Ninh  › Xã Lục Nam ← Đồi Ngô (2026: submitted), Phường Chũ (2026: draft)

    ``extra``: that many more communes of Yên Dũng with a 2024 draft each (a list at two sizes). Dossiers
    are recorded directly (recorded_assessment); the users: provincial staff and the recognising office of
    each province, Lục Nam's office, the commune officer of Xã Lục Nam, national staff.
    """
    from types import SimpleNamespace

    from assessments.models import Decision
    from communes.models import UnitLink
    from inspections import services as inspections

    end, start = dt.date(2025, 6, 30), dt.date(2025, 7, 1)
    old = dict(valid_to=end)
    bac_giang = ProvinceFactory(name="Tỉnh Bắc Giang", code="24", **old)
    luc_nam = DistrictFactory(name="Huyện Lục Nam", code="216", parent=bac_giang, **old)
    yen_dung = DistrictFactory(name="Huyện Yên Dũng", code="221", parent=bac_giang, **old)
    doi_ngo = CommuneFactory(name="Thị trấn Đồi Ngô", code="07423", kind=Kind.TOWNSHIP, parent=luc_nam, **old)
    tam_di = CommuneFactory(name="Xã Tam Dị", code="07429", parent=luc_nam, **old)
    bao_son = CommuneFactory(name="Xã Bảo Sơn", code="07432", parent=luc_nam, **old)
    tien_dung = CommuneFactory(name="Xã Tiến Dũng", code="07645", parent=yen_dung, **old)
    more = [CommuneFactory(name=f"Xã Thêm {n:03d}", code=f"{80000 + n}", parent=yen_dung, **old)
            for n in range(extra)]
    bac_ninh = ProvinceFactory(name="Tỉnh Bắc Ninh", code="24", valid_from=start)
    xa_luc_nam = CommuneFactory(name="Xã Lục Nam", code="07420", parent=bac_ninh, valid_from=start)
    chu = CommuneFactory(name="Phường Chũ", code="07400", kind=Kind.WARD, parent=bac_ninh, valid_from=start)
    UnitLink.objects.create(predecessor=bac_giang, successor=bac_ninh, source="NQ 202/2025/QH15")
    UnitLink.objects.create(predecessor=doi_ngo, successor=xa_luc_nam, source="Dữ liệu kiểm thử")

    bg_staff = ProvincialStaffFactory(unit=bac_giang)
    r24 = RoundFactory(province=bac_giang, year=2024, standard=standard, opened_by=bg_staff)
    r26 = RoundFactory(province=bac_ninh, year=2026, standard=standard,
                       opened_by=ProvincialStaffFactory(unit=bac_ninh))
    dossiers = SimpleNamespace(
        doi_ngo=recorded_assessment(r24, doi_ngo, S.RECOGNISED), tam_di=recorded_assessment(r24, tam_di, S.ACCEPTED),
        bao_son=recorded_assessment(r24, bao_son, S.SUBMITTED), tien_dung=recorded_assessment(r24, tien_dung, S.DRAFT),
        xa_luc_nam=recorded_assessment(r26, xa_luc_nam, S.SUBMITTED), chu=recorded_assessment(r26, chu, S.DRAFT))
    for commune in more:
        recorded_assessment(r24, commune, S.DRAFT)
    # recorded before the rule "issued when its record is kept" (issue 24): issued on its signing day, as the
    # migration assessments.0013 counts such a decision on a paper-path round
    decision = Decision.objects.create(round=r24, issuer=luc_nam, number="1522/QĐ-UBND",
                                       signed_on=dt.date(2024, 12, 5), signer_name="Nguyễn Văn A",
                                       signer_title="CHỦ TỊCH", issued_path=Decision.IssuedBy.BEFORE_RULE,
                                       issued_at=timezone.make_aware(dt.datetime(2024, 12, 5)))
    Assessment.objects.filter(pk=dossiers.doi_ngo.pk).update(decision=decision)
    plan = inspections.inspection_create(
        by=bg_staff, issuer=bac_giang, standard=standard, title="Kiểm tra liên ngành năm 2024 tại huyện Lục Nam",
        place="Bắc Giang", issuer_body="ỦY BAN NHÂN DÂN TỈNH BẮC GIANG", review_from_year=2023, review_to_year=2024,
        window_start=dt.date(2024, 10, 1), window_end=dt.date(2024, 10, 20))
    inspections.inspection_add_unit(by=bg_staff, plan_id=plan.pk, seen_version=plan_seen(plan), unit=luc_nam)
    plan.refresh_from_db()
    users = SimpleNamespace(
        bac_ninh=ProvincialStaffFactory(unit=bac_ninh), bac_ninh_office=DistrictOfficerFactory(unit=bac_ninh),
        bac_giang=bg_staff, luc_nam=DistrictOfficerFactory(unit=luc_nam),
        xa_luc_nam=CommuneOfficerFactory(unit=xa_luc_nam), national=NationalStaffFactory(unit=None))
    return SimpleNamespace(bac_giang=bac_giang, luc_nam=luc_nam, yen_dung=yen_dung, doi_ngo=doi_ngo, tam_di=tam_di,
                           bao_son=bao_son, tien_dung=tien_dung, bac_ninh=bac_ninh, xa_luc_nam=xa_luc_nam, chu=chu,
                           r24=r24, r26=r26, dossiers=dossiers, decision=decision, plan=plan, users=users)
