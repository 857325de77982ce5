"""Demo data built through the real services: Bắc Giang's Lục Nam (seed 002) before the reform,
Bắc Ninh after it, one user per role. Idempotent: a second run changes nothing."""

import datetime as dt
import io
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from accounts.models import Role, User
from assessments import demo_signing, services
from assessments.models import Assessment, Round
from assessments.selectors import dossier_version, dossier_versions
from communes.models import Level, Unit, UnitLink
from criteria.models import Sector, Standard

PASSWORD = "demo@2024"
TIERS = Path(settings.BASE_DIR) / "fixtures" / "tiers"
UNIT_CHANGES = Path(settings.BASE_DIR) / "fixtures" / "unit_changes"
TIER_FILES = ("city_wards.csv", "dac_khu.csv", "lao_cai.csv", "demo_bac_giang_bac_ninh.csv")
S = Assessment.Status


def _unit(name, level, current=False, parent=None):
    qs = Unit.objects.filter(name=name, level=level, valid_to__isnull=current)
    if parent is not None:
        qs = qs.filter(parent=parent)
    return qs.get()


_made = []  # every user the demo makes or finds, in order (load_assessment_demo returns them)


def _user(username, role, unit, full_name, position="", sector=None, superuser=False):
    user, created = User.objects.get_or_create(username=username, defaults={
        "role": role, "unit": unit, "sector": sector, "position": position, "is_staff": superuser,
        "is_superuser": superuser, "first_name": full_name})
    if created:
        user.set_password(PASSWORD)
        user.save()
    _made.append(user)
    return user


def _round(province, year, standard, by):
    existing = Round.objects.filter(province=province, year=year, standard=standard).first()
    if existing:
        return existing
    # MINH HỌA: no plan of these provinces is at hand, so every day is the demo's own choice and says so;
    # no registration deadline (no text sets one), and the district's report only while districts exist
    illustrative = f"MINH HỌA cho bản demo: chưa có văn bản của {province.name} đặt hạn này"
    pre_reform = province.valid_to is not None
    return services.round_open(
        by=by, province=province, year=year, standard=standard,
        period_start=dt.date(year - 1, 11, 1), period_end=dt.date(year, 10, 31),
        submission_due=dt.date(year, 11, 15), appraisal_due=dt.date(year, 11, 25),
        decision_due=dt.date(year, 11, 28), district_report_due=dt.date(year, 11, 30) if pre_reform else None,
        report_due=dt.date(year, 12, 10),
        deadlines_source=f"MINH HỌA cho bản demo: chưa có kế hoạch năm {year} của {province.name}",
        submission_source=illustrative, appraisal_source=illustrative, decision_source=illustrative,
        district_report_source=illustrative if pre_reform else "", report_source=illustrative)


def _score_everything(officer, r, commune, shortfall=0, zero=None):
    """Self-assess every criterion near its maximum, minus a shortfall, optionally one criterion at 0."""
    a = services.assessment_start(by=officer, round=r, commune=commune)
    if a.status != S.DRAFT or a.scores.filter(points__isnull=False).exists():
        return a
    points = {c.number: Decimal(c.max_points) for c in r.standard.criteria.all()}
    biggest = max(points, key=points.get)
    points[biggest] -= shortfall
    if zero:
        points[zero] = Decimal(0)
    notes = {n: "Sổ theo dõi của UBND xã, báo cáo năm" for n in points}
    services.scores_save(by=officer, assessment_id=a.pk, seen_version=a.version, points=points, notes=notes)
    services.council_save(by=officer, assessment_id=a.pk, seen_version=dossier_version(a.pk),
                          meeting_date=_on(r.year, "council"),
                          starts_at=dt.time(8, 0), ends_at=dt.time(10, 30),
                          conclusion="Hội đồng thống nhất đề nghị công nhận.", members=[
                              {"name": "Nguyễn Văn Hùng", "position": "Chủ tịch UBND xã", "council_role": "chair"},
                              {"name": "Trần Thị Lan", "position": "Công chức Văn hóa - Xã hội",
                               "council_role": "standing"},
                              {"name": "Lê Văn Minh", "position": "Trưởng Công an xã", "council_role": "member"}])
    return Assessment.objects.get(pk=a.pk)


# The calendar of a demo round, as a province records its past: each act on its day of the round's
# year (round opened 1/3, registration 20/3, scores 5/11, council 8/11, request letter 10/11, submission
# 11/11, acceptance 13/11, sectors' appraisal 18/11, appraisal report 22/11, decision 26/11), whatever
# day the demo is loaded; every act meets the round's deadlines (_round) but LATE's submission.
CALENDAR = {"open": (3, 1), "register": (3, 20), "score": (11, 5), "council": (11, 8), "request": (11, 10),
            "submit": (11, 11), "accept": (11, 13), "appraise": (11, 18), "report": (11, 22), "decision": (11, 26)}
# the one dossier sent after its deadline (15/11), on purpose: the round page and the reports count it late
LATE = ("Xã Cẩm Lý", 2023)
LATE_CALENDAR = {"submit": (11, 17), "accept": (11, 18)}


def _on(year, act, late=False):
    return dt.date(year, *(LATE_CALENDAR if late and act in LATE_CALENDAR else CALENDAR)[act])


def _appraise_all(a, appraisers, owners, adjust=None):
    """Each sector's one appraisal form: its criteria agreed, or set to adjust[n] with a reason."""
    on, adjust = _on(a.round.year, "appraise"), adjust or {}
    reason = "Số liệu trẻ em được hỗ trợ chưa khớp sổ theo dõi của ngành."
    for code in dict.fromkeys(sector.code for sector in owners.values()):
        rows = {n: {"points": adjust[n], "reason": reason} if n in adjust else {"agree": True}
                for n, sector in owners.items() if sector.code == code}
        version = Assessment.objects.values_list("version", flat=True).get(pk=a.pk)  # the form as loaded
        services.scores_appraise(by=appraisers[code], assessment_id=a.pk, rows=rows, on=on, seen_version=version)


def _advance(a, *, officer, district, appraisers, owners, until, adjust=None):
    """Move an assessment along the workflow up to the given state, each act on its day (CALENDAR)."""
    order = [S.SUBMITTED, S.ACCEPTED, S.APPRAISED]
    if a.status != S.DRAFT:
        return a
    year = a.round.year
    late = (a.commune.name, year) == LATE
    for step in order[: order.index(until) + 1]:
        if step == S.SUBMITTED:
            services.assessment_submit(by=officer, assessment_id=a.pk, seen_version=dossier_version(a.pk),
                                       request_on=_on(year, "request"),
                                       on=_on(year, "submit", late))
        elif step == S.ACCEPTED:
            services.assessment_accept(by=district, assessment_id=a.pk, seen_version=dossier_version(a.pk),
                                       on=_on(year, "accept", late))
        else:
            _appraise_all(a, appraisers, owners, adjust)
            services.assessment_complete_appraisal(by=district, assessment_id=a.pk,
                                                   seen_version=dossier_version(a.pk), on=_on(year, "report"))
    return Assessment.objects.get(pk=a.pk)


@transaction.atomic
def load_assessment_demo():
    """Units, standards, tiers, a user per role and the assessments; returns every user it made (or found,
    on a second run), each once. The inspections' demo builds on them (the load_demo command, in inspections,
    runs both)."""
    _made.clear()
    call_command("loaddata", "standards", verbosity=0)
    if not Unit.objects.filter(valid_to__isnull=True).exists():
        call_command("import_units", verbosity=0)
    if not Unit.objects.filter(valid_to__isnull=False).exists():
        call_command("import_units", pre_reform=True, verbosity=0)
    if not UnitLink.objects.filter(successor__name="Tỉnh Bắc Ninh").exists():  # the 2025 reform's mapping,
        # which the demo's history, streaks and counts across the reform read (import_units --links)
        call_command("import_units", links=True, verbosity=0, stdout=io.StringIO(), stderr=io.StringIO())
    # units as they were before the resolutions of 2019–2024 (the tiers follow the kinds of their time)
    call_command("import_unit_changes", *map(str, sorted(UNIT_CHANGES.glob("*.csv"))), stdout=io.StringIO())
    # every commune of a demo round needs its tier for the round's year: the lists shipped with their
    # sources, and an illustrative one ("other") for the demo's two provinces (see README)
    call_command("import_tiers", *(str(TIERS / name) for name in TIER_FILES), stdout=io.StringIO())
    from criteria.selectors import owner_map

    std06 = Standard.objects.get(code="06/QĐ-TTg")
    sectors = {s.code: s for s in Sector.objects.all()}
    bac_giang = _unit("Tỉnh Bắc Giang", Level.PROVINCE)
    luc_nam = _unit("Huyện Lục Nam", Level.DISTRICT, parent=bac_giang)
    communes = {c.name: c for c in luc_nam.children.all()}
    bac_ninh = _unit("Tỉnh Bắc Ninh", Level.PROVINCE, current=True)
    xa_luc_nam = _unit("Xã Lục Nam", Level.COMMUNE, current=True, parent=bac_ninh)

    users = [
        _user("xa.doingo", Role.COMMUNE_OFFICER, communes["Thị trấn Đồi Ngô"], "Trần Thị Hoa",
              "Công chức Văn hóa - Xã hội"),
        _user("nganh.ldtbxh", Role.SECTOR_APPRAISER, luc_nam, "Ngô Văn Toàn", "Chuyên viên Phòng LĐTBXH",
              sectors["labour"]),
        _user("nganh.yte", Role.SECTOR_APPRAISER, luc_nam, "Phạm Thị Thu", "Chuyên viên Phòng Y tế",
              sectors["health"]),
        _user("huyen.lucnam", Role.DISTRICT_OFFICER, luc_nam, "Hoàng Văn Nam",
              "Trưởng phòng Lao động - Thương binh và Xã hội"),
        _user("hoidong.thanhvien", Role.COUNCIL_MEMBER, luc_nam, "Vũ Thị Mai", "Trưởng phòng Tư pháp"),
        _user("hoidong.chutich", Role.COUNCIL_CHAIR, luc_nam, "Đỗ Văn Quang", "Phó Chủ tịch UBND huyện"),
        _user("tinh.bacgiang", Role.PROVINCIAL_STAFF, bac_giang, "Nguyễn Thị Bình",
              "Chuyên viên Phòng Trẻ em, Sở LĐTBXH"),
        _user("tinh.bacninh", Role.PROVINCIAL_STAFF, bac_ninh, "Lê Thị Hạnh", "Chuyên viên Sở Y tế"),
        _user("xa.lucnam", Role.COMMUNE_OFFICER, xa_luc_nam, "Đặng Văn Long", "Công chức Văn hóa - Xã hội"),
        # provincial department appraisers: they re-check criteria in the inspections (seeds 000, 002)
        _user("so.ldtbxh.bacgiang", Role.SECTOR_APPRAISER, bac_giang, "Bùi Quang Phát",
              "Phó Giám đốc Sở Lao động - Thương binh và Xã hội", sectors["labour"]),
        _user("so.yte.bacgiang", Role.SECTOR_APPRAISER, bac_giang, "Nguyễn Văn Thành", "Phó Giám đốc Sở Y tế",
              sectors["health"]),
        _user("trunguong", Role.NATIONAL_STAFF, None, "Bùi Thị Thanh", "Chuyên viên Cục Trẻ em"),
        _user("quantri", Role.SYSADMIN, None, "Quản trị hệ thống", superuser=True),
    ]
    by = {u.username: u for u in users}
    # the other sectors' appraisers exist so every criterion of Lục Nam can be appraised
    appraisers = {"labour": by["nganh.ldtbxh"], "health": by["nganh.yte"]}
    for code, name in (("education", "Chuyên viên Phòng GD&ĐT"), ("culture", "Chuyên viên Phòng VHTT"),
                       ("justice", "Chuyên viên Phòng Tư pháp"), ("police", "Cán bộ Công an huyện")):
        appraisers[code] = _user(f"nganh.{code}", Role.SECTOR_APPRAISER, luc_nam, name, name, sectors[code])
    owners = owner_map(std06, bac_giang.code)

    # three years of decisions (2022–2024) so the merit lists and trends have history
    officers = {}
    # Đông Hưng and Đông Phú, recognised every year, formed Bắc Ninh's Xã Đông Phú in 2025 (MERGED)
    for name in ("Thị trấn Đồi Ngô", "Xã Khám Lạng", "Xã Tam Dị", "Xã Bảo Sơn", "Xã Chu Điện", "Xã Cẩm Lý",
                 *MERGED[1]):
        commune = communes[name]
        officers[name] = by["xa.doingo"] if name == "Thị trấn Đồi Ngô" else _user(
            "xa." + commune.code, Role.COMMUNE_OFFICER, commune, f"Cán bộ {name}", "Công chức Văn hóa - Xã hội")
    for year in (2022, 2023):
        r = _round(bac_giang, year, std06, by["tinh.bacgiang"])
        if r.decisions.exists():
            continue
        outcomes = {}
        for i, (name, officer) in enumerate(officers.items()):
            a = _score_everything(officer, r, communes[name], shortfall=30 + 10 * i)
            a = _advance(a, officer=officer, district=by["huyen.lucnam"], appraisers=appraisers, owners=owners,
                         until=S.APPRAISED)
            outcomes[a.pk] = (a.meets_standard, "")
        d = services.decision_issue(by=by["hoidong.chutich"], round=r, issuer=luc_nam,
                                    number=f"{1500 + year % 100}/QĐ-UBND", signed_on=_on(year, "decision"),
                                    signer_name="Đỗ Văn Quang", signer_title="Phó Chủ tịch", outcomes=outcomes,
                                    seen_versions=dossier_versions(outcomes))
        demo_signing.issue_on_paper(d, by=by["hoidong.chutich"])  # issued: its scanned paper original kept

    # 2024: assessments at every stage
    r = _round(bac_giang, 2024, std06, by["tinh.bacgiang"])
    stage = {"Thị trấn Đồi Ngô": None, "Xã Khám Lạng": S.SUBMITTED, "Xã Tam Dị": S.ACCEPTED,
             "Xã Bảo Sơn": S.APPRAISED, "Xã Chu Điện": "decided", "Xã Cẩm Lý": "zero",
             **dict.fromkeys(MERGED[1], "decided")}
    outcomes = {}
    for name, until in stage.items():
        officer = officers[name]
        if not r.registrations.filter(commune=communes[name]).exists():
            services.registration_record(by=officer, round=r, commune=communes[name],
                                         registered_on=_on(2024, "register"),
                                         weak_criteria=list(std06.criteria.filter(number__in=[5, 8])),
                                         note="Đăng ký theo Kế hoạch của UBND huyện Lục Nam")
        a = _score_everything(officer, r, communes[name], shortfall=20, zero=5 if until == "zero" else None)
        if until is None:
            continue
        a = _advance(a, officer=officer, district=by["huyen.lucnam"], appraisers=appraisers, owners=owners,
                     until=S.APPRAISED if until in ("decided", "zero") else until,
                     adjust={6: Decimal(100)} if name == "Xã Bảo Sơn" else None)
        if until in ("decided", "zero"):
            outcomes[a.pk] = (a.meets_standard, "")
    if not r.decisions.exists():
        d = services.decision_issue(by=by["hoidong.chutich"], round=r, issuer=luc_nam, number="2150/QĐ-UBND",
                                    signed_on=_on(2024, "decision"), signer_name="Đỗ Văn Quang",
                                    signer_title="Phó Chủ tịch", outcomes=outcomes,
                                    seen_versions=dossier_versions(outcomes))
        demo_signing.issue_on_paper(d, by=by["hoidong.chutich"])
    # after the reform: Bắc Ninh (the former Bắc Giang and Bắc Ninh), recognised by the province
    _load_bac_ninh(bac_ninh, std06, sectors, by["tinh.bacninh"], by["xa.lucnam"], xa_luc_nam)
    for r in Round.objects.filter(province__in=[bac_giang, bac_ninh]):
        _date_the_records(r)
    return list(dict.fromkeys(_made))


# --- the audit records of a past act carry its day, as if recorded then ------------------------------

def _at(day, n=0):
    """A moment of ``day`` for the audit: 08:00, a minute later for each earlier record of that day."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time(8)) + dt.timedelta(minutes=n))


def _redate(updates):
    """Apply [(queryset of one row, field, its value now, day)] in order: a row already on its day stays as
    it is (a second run changes nothing); another gets 08:00 of its day, a minute later for each earlier
    record of that day."""
    seen = {}
    for row, field, now, day in updates:
        seen[day] = seen.get(day, -1) + 1
        if timezone.localtime(now).date() != day:
            row.update(**{field: _at(day, seen[day])})


def _history(model, day_of, **filters):
    """The updates giving each audit row of ``model`` matching ``filters`` the day ``day_of(row)``."""
    return [(model.history.filter(history_id=h.history_id), "history_date", h.history_date, day_of(h))
            for h in model.history.filter(**filters).order_by("history_date", "history_id")]


def _date_the_records(r):
    """The demo records a round's acts through the services today; its audit (the history page's lines,
    the moves' and audit rows' recording times) then reads the day of each act instead of the day the
    demo was loaded. A record's day is its act's: a move's acted_on, an appraisal's appraised_on, the
    council's meeting, the decision's signing, otherwise the latest act recorded before it (the scores
    before the council: CALENDAR["score"]). Running it again changes nothing; a dossier added to a round
    dated before is dated in its turn."""
    from assessments.models import Council, CouncilMember, Decision, Registration, Score, Transition

    opened, score_day = _on(r.year, "open"), _on(r.year, "score")
    updates = [(Round.objects.filter(pk=r.pk), "created_at", r.created_at, opened)]
    updates += _history(Round, lambda h: opened, id=r.pk)
    updates += _history(Registration, lambda h: h.registered_on, round_id=r.pk)
    for d in Decision.objects.filter(round=r):
        updates.append((Decision.objects.filter(pk=d.pk), "created_at", d.created_at, d.signed_on))
        updates += _history(Decision, lambda h: h.signed_on, id=d.pk)
    for a in Assessment.objects.filter(round=r):
        first = Assessment.history.filter(id=a.pk).order_by("history_date", "history_id").first()
        if first is None or timezone.localtime(first.history_date).date() == score_day:
            continue  # dated by an earlier run: the order of its acts can no longer be read from the times
        moves = list(a.transitions.all())
        appraisals = list(Score.history.filter(assessment_id=a.pk, history_change_reason="appraisal"))
        acts = [(t.at, t.acted_on) for t in moves] + [(h.history_date, h.appraised_on) for h in appraisals]

        def latest(moment, acts=acts):
            return max([day for at, day in acts if at <= moment] + [score_day])

        updates += [(Transition.objects.filter(pk=t.pk), "at", t.at, t.acted_on) for t in moves]
        updates += _history(Assessment, lambda h: latest(h.history_date), id=a.pk)
        updates += _history(Score, lambda h: h.appraised_on if h.history_change_reason == "appraisal" else score_day,
                            assessment_id=a.pk)
        updates += [(Score.objects.filter(pk=s.pk), "appraised_at", s.appraised_at, s.appraised_on)
                    for s in a.scores.filter(appraised_on__isnull=False)]
        if a.submitted_on:
            updates.append((Assessment.objects.filter(pk=a.pk), "submitted_at", a.submitted_at, a.submitted_on))
        council = Council.objects.filter(assessment=a, meeting_date__isnull=False).first()
        if council:
            updates += _history(Council, lambda h: council.meeting_date, id=council.pk)
            updates += _history(CouncilMember, lambda h: council.meeting_date, council_id=council.pk)
    _redate(updates)


# --- after the reform: the two-tier flow in Bắc Ninh ---------------------------------------------

# Who appraises which criterion in Bắc Ninh: QĐ 06/QĐ-TTg's default departments, each a provincial
# department since 1/7/2025 (child affairs, the "labour" sector, is named Y tế from 01/3/2025).
# Keyed by the province code 24, which the former Bắc Giang bore too: the same departments as the
# national defaults, so its pre-reform rounds read the same owners.
BAC_NINH_OWNERS = {1: ("labour",), 2: ("justice",), 3: ("labour", "police"), 4: ("police",), 5: ("labour",),
                   6: ("labour",), 7: ("health",), 8: ("health",), 9: ("health",), 10: ("education",),
                   11: ("labour",), 12: ("culture",), 13: ("labour",)}
BAC_NINH_OWNERS_SOURCE = ("MINH HỌA cho bản demo: phân công mặc định của Quyết định số 06/QĐ-TTg, mỗi ngành là "
                          "sở, ngành cấp tỉnh từ 01/7/2025; chưa đối chiếu kế hoạch của UBND tỉnh Bắc Ninh")


def _bac_ninh_ownership(province, std06, sectors):
    from criteria.models import Ownership

    for criterion in std06.criteria.all():
        for i, code in enumerate(BAC_NINH_OWNERS[criterion.number]):
            Ownership.objects.get_or_create(province_code=province.code, criterion=criterion, sector=sectors[code],
                                            defaults={"lead": i == 0, "source": BAC_NINH_OWNERS_SOURCE})


# A commune of the new Bắc Ninh formed from two former Lục Nam communes that the demo recognises 2022–2024:
# its history, its run of years and the 2025 counts (recognised, not "công nhận mới") cross the reform.
MERGED = ("Xã Đông Phú", ("Xã Đông Hưng", "Xã Đông Phú"))


def _load_bac_ninh(bac_ninh, std06, sectors, staff, xa_luc_nam_officer, xa_luc_nam):
    """Bắc Ninh's users at the province (the office that checks completeness, the departments that
    appraise, the council and its chair who signs for the provincial People's Committee), officers of
    four new wards, the 2025 round decided (recognised and refused) and the 2026 round at every stage
    before the decision."""
    from criteria.selectors import owner_map

    _bac_ninh_ownership(bac_ninh, std06, sectors)
    wards = {name: _unit(name, Level.COMMUNE, current=True, parent=bac_ninh)
             for name in ("Phường Bắc Giang", "Phường Kinh Bắc", "Phường Chũ", "Phường Từ Sơn")}
    officers = {name: _user(username, Role.COMMUNE_OFFICER, wards[name], full, "Công chức Văn hóa - Xã hội")
                for name, username, full in (
                    ("Phường Bắc Giang", "phuong.bacgiang", "Nguyễn Thị Hương"),
                    ("Phường Kinh Bắc", "phuong.kinhbac", "Trần Văn Đức"),
                    ("Phường Chũ", "phuong.chu", "Lê Thị Nga"),
                    ("Phường Từ Sơn", "phuong.tuson", "Phạm Văn Hải"))}
    office = _user("tiepnhan.bacninh", Role.DISTRICT_OFFICER, bac_ninh, "Hoàng Thị Yến",
                   "Chuyên viên phụ trách công tác trẻ em, Sở Y tế")
    appraisers = {code: _user(username, Role.SECTOR_APPRAISER, bac_ninh, full, position, sectors[code])
                  for code, username, full, position in (
                      ("labour", "so.treem.bacninh", "Đào Thị Thu Hà", "Phó Giám đốc Sở Y tế (công tác trẻ em)"),
                      ("health", "so.yte.bacninh", "Ngô Quang Huy", "Trưởng phòng Nghiệp vụ Y, Sở Y tế"),
                      ("education", "so.gddt.bacninh", "Vũ Thị Loan", "Chuyên viên Sở Giáo dục và Đào tạo"),
                      ("police", "so.congan.bacninh", "Trịnh Văn Khoa", "Cán bộ Công an tỉnh"),
                      ("justice", "so.tuphap.bacninh", "Đinh Thị Mến", "Chuyên viên Sở Tư pháp"),
                      ("culture", "so.vhttdl.bacninh", "Lương Văn Tùng",
                       "Chuyên viên Sở Văn hóa, Thể thao và Du lịch"))}
    _user("hoidong.bacninh", Role.COUNCIL_MEMBER, bac_ninh, "Cao Thị Bích", "Giám đốc Sở Tư pháp")
    chair = _user("chutich.bacninh", Role.COUNCIL_CHAIR, bac_ninh, "Mai Sơn", "Phó Chủ tịch UBND tỉnh")
    owners = owner_map(std06, bac_ninh.code)
    move = {"officer": None, "district": office, "appraisers": appraisers, "owners": owners}

    # 2025, the first round of the two-tier period: three wards recognised, one refused (criterion 4 at 0),
    # and the merged Xã Đông Phú recognised as its predecessors were
    r25 = _round(bac_ninh, 2025, std06, staff)
    merged = _unit(MERGED[0], Level.COMMUNE, current=True, parent=bac_ninh)
    units = {**wards, merged.name: merged}
    merged_officer = _user("xa.dongphu", Role.COMMUNE_OFFICER, merged, "Cán bộ Xã Đông Phú",
                           "Công chức Văn hóa - Xã hội")
    if not r25.decisions.exists():
        outcomes = {}
        for i, (name, officer) in enumerate([*officers.items(), (merged.name, merged_officer)]):
            a = _score_everything(officer, r25, units[name], shortfall=20 + 10 * i,
                                  zero=4 if name == "Phường Từ Sơn" else None)
            a = _advance(a, **{**move, "officer": officer}, until=S.APPRAISED,
                         adjust={6: Decimal(100)} if name == "Phường Chũ" else None)
            outcomes[a.pk] = (a.meets_standard, "" if a.meets_standard else
                              "Tiêu chí 4 (trẻ em vi phạm pháp luật, nghiện ma túy) đạt 0 điểm.")
        d = services.decision_issue(by=chair, round=r25, issuer=bac_ninh, number="3120/QĐ-UBND",
                                    signed_on=_on(2025, "decision"), signer_name="Mai Sơn",
                                    signer_title="Phó Chủ tịch", outcomes=outcomes,
                                    seen_versions=dossier_versions(outcomes))
        # the electronic path: signed under the demo's own certificate authority, made now (demo_signing)
        demo_signing.issue_electronically(d, by=chair, signer_name="Mai Sơn", organisation="UBND tỉnh Bắc Ninh",
                                          seal_name="Ủy ban nhân dân tỉnh Bắc Ninh")

    # 2026: a draft (Xã Lục Nam), submitted, returned for correction, accepted, appraised (to decide)
    r26 = _round(bac_ninh, 2026, std06, staff)
    services.assessment_start(by=xa_luc_nam_officer, round=r26, commune=xa_luc_nam)
    stage = {"Phường Chũ": S.SUBMITTED, "Phường Từ Sơn": S.RETURNED, "Phường Kinh Bắc": S.ACCEPTED,
             "Phường Bắc Giang": S.APPRAISED}
    for name, until in stage.items():
        a = _score_everything(officers[name], r26, wards[name], shortfall=15)
        if a.status != S.DRAFT:
            continue
        a = _advance(a, **{**move, "officer": officers[name]},
                     until=S.SUBMITTED if until == S.RETURNED else until,
                     adjust={8: Decimal(40)} if until == S.APPRAISED else None)
        if until == S.RETURNED:
            services.assessment_return(by=office, assessment_id=a.pk, seen_version=dossier_version(a.pk),
                                       on=_on(2026, "accept"),
                                       comment="Bổ sung biên bản họp Hội đồng đánh giá có đủ chữ ký và nguồn số "
                                               "liệu tiêu chí 2 (sổ hộ tịch của phường).")
