"""Build or measure a database through the real services, in a process of its own.

    DATABASE_URL=... MEDIA_ROOT=... python tests/reliability/_seed.py <command>

Commands (each prints one JSON line last):
  concurrency  Văn Bàn's communes at each step, for tests/reliability/test_concurrent_gunicorn.py
  two-servers  submitted dossiers, exporters and addresses, for tests/reliability/test_two_servers.py
  backup       a full round (decided, appraised, submitted, draft) with evidence files
  fingerprint  counts and totals of every table, and a checksum of every evidence file
  after-restore  one more save through the services (sequences and history still work)

The tests that start gunicorn, pg_dump or pg_restore need committed data in a database that other
processes can see; the test's own database is inside a transaction, so the data is built here.
"""

import json
import os
import sys
from pathlib import Path


def _setup():
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")
    import django

    django.setup()


def _world(n_communes):
    """Lào Cai's Văn Bàn district before the reform, a 2024 round on QĐ 06, a user for every step."""
    from accounts.models import Role
    from communes import sources
    from communes.importers import import_units
    from communes.models import Level, Tier, Unit, UnitTier
    from criteria.models import Sector
    from tests import factories

    std = factories.StandardFactory(code="06/QĐ-TTg")
    rows = [r for r in sources.pre_reform_rows() if r.code in ("10", "089") or r.parent_code == "089"]
    import_units(rows, valid_from=sources.PRE_REFORM_PERIOD[0], valid_to=sources.PRE_REFORM_PERIOD[1])
    province = Unit.objects.get(code="10", level=Level.PROVINCE)
    district = Unit.objects.get(code="089", level=Level.DISTRICT)
    communes = list(Unit.objects.filter(parent=district).order_by("code")[:n_communes])
    UnitTier.objects.bulk_create(  # every commune of the round has its tier, as import_tiers records it
        UnitTier(unit=c, tier=Tier.OTHER, valid_from=c.valid_from, valid_to=c.valid_to, source="Dữ liệu kiểm thử")
        for c in Unit.objects.filter(parent=district))

    def user(username, role, unit, sector=None, name="Cán bộ"):  # the password is hashed once for all
        return factories.UserFactory(username=username, role=role, unit=unit, sector=sector, last_name=name,
                                     first_name=username)

    staff = user("tinh_laocai", Role.PROVINCIAL_STAFF, province, name="Vũ Thị Hương")
    r = factories.RoundFactory(province=province, year=2024, standard=std, opened_by=staff)
    world = {
        "round": r, "standard": std, "province": province, "district": district, "communes": communes,
        "officers": {c.pk: user(f"xa_{c.code}", Role.COMMUNE_OFFICER, c, name="Nguyễn Thị") for c in communes},
        "second_officers": {c.pk: user(f"xa_{c.code}_b", Role.COMMUNE_OFFICER, c, name="Trần Văn")
                            for c in communes},
        "district_officer": user("huyen_vanban", Role.DISTRICT_OFFICER, district, name="Lê Thị Lan"),
        "chair": user("chutich_vanban", Role.COUNCIL_CHAIR, district, name="Hoàng Văn Thắng"),
        "appraisers": {s.code: user(f"nganh_{s.code}", Role.SECTOR_APPRAISER, district, s, name="Phạm Văn")
                       for s in Sector.objects.all()},
    }
    return world


def _scored(w, commune, shortfall=0, zero=None, evidence=False):
    """The commune's dossier scored (every criterion at its maximum but for the shortfall on criterion 1
    and a zero), with its council's meeting and, if asked, two evidence files: not yet submitted."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from assessments import services
    from tests import factories
    from tests.samples import pdf_bytes, png_bytes

    officer = w["officers"][commune.pk]
    points = {1: w["standard"].criteria.get(number=1).max_points - shortfall}
    if zero:
        points[zero] = 0
    a = factories.AssessmentFactory(round=w["round"], commune=commune, officer=officer, state="scored", points=points,
                                    notes={c.number: "Sổ theo dõi trẻ em của UBND xã"
                                           for c in w["standard"].criteria.all()})
    if evidence:
        for score, data, name in zip(a.scores.order_by("criterion__number")[:2],
                                     (pdf_bytes(2), png_bytes()), ("Biên bản họp.pdf", "Ảnh sân chơi.png")):
            services.evidence_add(by=officer, score_id=score.pk, seen_version=factories.seen(score),
                                  upload=SimpleUploadedFile(name, data))
    return a


def _advance(w, a, until):
    """Moved on through the services by the district's people (factories.advance)."""
    from tests import factories

    return factories.advance(a, until, officer=w["officers"][a.commune_id], recogniser=w["district_officer"],
                             decider=w["chair"], appraisers=w["appraisers"])


def concurrency():
    """Communes 0-7 ready to submit, 8-15 appraised (ready to decide), 16-19 drafts with one score."""
    from django.db import transaction

    from assessments import services
    from assessments.models import Assessment
    from tests import factories

    with transaction.atomic():
        w = _world(20)
        cs = w["communes"]
        to_submit = [_scored(w, c) for c in cs[:8]]
        to_decide = [_advance(w, _scored(w, c), Assessment.Status.APPRAISED) for c in cs[8:16]]
        drafts = []
        for c in cs[16:20]:
            a = services.assessment_start(by=w["officers"][c.pk], round=w["round"], commune=c)
            drafts.append(a)
    def pair(a):  # the commune's two officers
        return [w["officers"][a.commune_id].username, w["second_officers"][a.commune_id].username]

    return {
        "password": factories.PASSWORD, "round": w["round"].pk,
        "to_submit": [{"id": a.pk, "officers": pair(a)} for a in to_submit],
        "to_decide": [a.pk for a in to_decide],
        "drafts": [{"id": a.pk, "officers": pair(a)} for a in drafts],
        "recognising": [w["district_officer"].username, w["chair"].username],
    }


def two_servers():
    """Văn Bàn's first 15 communes with submitted dossiers and five officers each (the commune is told
    of each move), two national officers who ask for exports, an administrator; everyone has an
    address from here on, so every notification of the test is also an e-mail (the seed's own notices of
    the first submission have none; tests/reliability/test_two_servers.py). ``owning_sectors``: how many
    sectors' appraisers are told of each acceptance."""
    from django.db import transaction

    from accounts.models import Role, User
    from assessments.models import Assessment
    from criteria.selectors import sharers_map
    from tests import factories

    with transaction.atomic():
        w = _world(15)
        dossiers = [_advance(w, _scored(w, c), Assessment.Status.SUBMITTED) for c in w["communes"]]
        officers = {c.pk: [w["officers"][c.pk].username, w["second_officers"][c.pk].username] for c in w["communes"]}
        for c in w["communes"]:
            for k in range(3):
                officers[c.pk].append(factories.UserFactory(username=f"xa_{c.code}_{k}", role=Role.COMMUNE_OFFICER,
                                                            unit=c, last_name="Đỗ Thị", first_name=str(k)).username)
        exporters = [factories.UserFactory(username=f"trunguong_{i}", role=Role.NATIONAL_STAFF, unit=None,
                                           last_name="Bùi Văn", first_name=str(i)).username
                     for i in range(1, 26)]  # two exports each: one user may have three waiting (reports.jobs)
        admin = factories.UserFactory(username="quantri", role=Role.SYSADMIN, unit=None, is_superuser=True)
        users = list(User.objects.all())
        for u in users:
            u.email = f"{u.username}@laocai.gov.vn"
        User.objects.bulk_update(users, ["email"])
    return {
        "password": factories.PASSWORD, "standard": w["standard"].pk, "district": w["district_officer"].username,
        "dossiers": [{"id": a.pk, "officers": officers[a.commune_id]} for a in dossiers],
        "exporters": exporters, "admin": admin.username,
        "owning_sectors": len({s for sectors in sharers_map(w["standard"], w["province"].code).values()
                               for s in sectors}),
    }


def backup():
    """A round of 10 communes at every step, two decisions, and evidence files on disk."""
    import datetime as dt

    from django.db import transaction

    from assessments import services
    from assessments.models import Assessment
    from tests import factories

    S = Assessment.Status
    with transaction.atomic():
        w = _world(10)
        cs = w["communes"]
        decided = [_advance(w, _scored(w, c, shortfall=i * 5, evidence=i < 2), S.APPRAISED)
                   for i, c in enumerate(cs[:4])]
        refused = _advance(w, _scored(w, cs[4], zero=7), S.APPRAISED)
        # every dossier starts before the district decides the round (a decided round takes no new one)
        later = [_scored(w, cs[5], evidence=True), _scored(w, cs[6]), _scored(w, cs[7])]
        _scored(w, cs[8], shortfall=40)
        services.assessment_start(by=w["officers"][cs[9].pk], round=w["round"], commune=cs[9])
        for number, items in (("1021/QĐ-UBND", decided[:3]), ("1022/QĐ-UBND", [decided[3], refused])):
            services.decision_issue(by=w["chair"], round=w["round"], issuer=w["district"], number=number,
                                    signed_on=dt.date(2024, 12, 5), signer_name="Đỗ Văn Quang",
                                    signer_title="Phó Chủ tịch UBND huyện",
                                    outcomes={a.pk: (a.meets_standard, "") for a in items},
                                    seen_versions=factories.versions(*items))
        for a, until in zip(later, (S.APPRAISED, S.ACCEPTED, S.SUBMITTED)):
            _advance(w, a, until)
    return {"assessments": Assessment.objects.count()}


def fingerprint():
    """What a restore must give back: every table's row count, the totals, and each file's checksum."""
    import hashlib

    from django.apps import apps
    from django.db.models import Count, Sum

    from assessments.models import Assessment, Decision, Evidence, Score

    counts = {m._meta.label: m._default_manager.count() for m in apps.get_models()
              if m._meta.app_label not in ("sessions", "admin")}
    by_status = {row["status"]: [row["n"], str(row["own"]), str(row["final"])] for row in
                 Assessment.objects.values("status").annotate(n=Count("id"), own=Sum("self_total"),
                                                              final=Sum("final_total")).order_by("status")}
    files = {}
    for ev in Evidence.objects.order_by("token"):
        with ev.file.open("rb") as f:
            files[ev.token] = [ev.original_name, ev.size, hashlib.sha256(f.read()).hexdigest()]
    return {
        "counts": counts, "by_status": by_status, "files": files,
        "points": [str(v) for v in Score.objects.aggregate(a=Sum("points"), b=Sum("appraised_points")).values()],
        "decisions": sorted((d.number, d.assessments.count()) for d in Decision.objects.all()),
        "versions": sorted(Assessment.objects.values_list("commune__code", "status", "version")),
    }


def after_restore():
    """A draft's score saved through the services: new rows and history rows get fresh ids."""
    from assessments import services
    from assessments.models import Assessment, Score

    a = Assessment.objects.filter(status=Assessment.Status.DRAFT).order_by("pk").first()
    officer = a.commune.users.order_by("pk").first()
    before = Score.history.count()
    services.scores_save(by=officer, assessment_id=a.pk, seen_version=a.version, points={1: 77})
    return {"history_added": Score.history.count() - before,
            "points": str(a.scores.get(criterion__number=1).points)}


COMMANDS = {"concurrency": concurrency, "two-servers": two_servers, "backup": backup, "fingerprint": fingerprint,
            "after-restore": after_restore}

if __name__ == "__main__":
    _setup()
    print(json.dumps(COMMANDS[sys.argv[1]](), ensure_ascii=False, default=str))
