"""The deadline-day load test (issue 16, ``manage.py bench_load``; README, Performance).

``seed`` builds, through the real services, one province's communes as they stood before the 2025
reform (Lào Cai: 9 districts, 151 communes; Văn Bàn's first, so a small run takes that district) in a
2024 round on QĐ 06: a commune officer per commune with a dossier (two in five submitted with their
council's meeting, the others drafts half scored), an officer per district, provincial staff, all
with the password ``PASSWORD``. Everything it makes hangs off the users named ``tai_…``: the round
is opened by ``tai_tinh_1``, so it is found again (``find``, for ``--keep``) and removed (``drop``).
It refuses a database holding rounds it did not make.

``bench_load`` starts the app as production does (``bench.stack``: gunicorn, a ``db_worker``,
DEBUG off, the same database); ``drive`` then works it for a while with simulated people, each a thread
with its own signed-in session, thinking between requests:

* commune officers scoring: their dossier's page, then the scores saved (typed with a comma decimal);
* commune officers adding evidence: their dossier's page, then a small real PDF uploaded;
* district officers: the round's review list, then a submitted dossier of their district;
* provincial staff: the summary and the criteria report of 2024;
* provincial staff exporting: an Excel or PDF export queued, its status page read until it is done.

An answer counts as an error for its kind unless it is a 200 (after the expected redirect for a
form) on the expected page, without an error message and, for a form, with its success message.
"""

import csv
import datetime as dt
import io
import math
import os
import random
import threading
import time
import urllib.parse
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import lxml.html
from django.urls import reverse

from bench.stack import ROOT, Session, form_fields
from tests.samples import pdf_bytes  # the same small real PDF the tests upload

PROVINCE = "10"  # Tỉnh Lào Cai before 1/7/2025
FIRST_DISTRICT = "089"  # Huyện Văn Bàn
YEAR = 2024
STANDARD = "06/QĐ-TTg"
PREFIX = "tai_"  # the load test's usernames
OPENER = f"{PREFIX}tinh_1"  # opens the round: what marks the round as the load test's
PROVINCIAL_STAFF = 4
PASSWORD = "Han-chot-nop-2024"
TIERS = ROOT / "fixtures" / "tiers" / "lao_cai.csv"


# --- the data ------------------------------------------------------------------------------------

@dataclass
class Dossier:
    id: int
    commune: str  # the commune's code
    district: str
    officer: str
    submitted: bool


@dataclass
class Seed:
    round_id: int
    year: int
    dossiers: list[Dossier]
    district_officers: dict[str, str]  # district code -> username
    provincial: list[str]
    criteria: list[tuple[int, int]]  # (number, maximum points) of the standard
    password: str = PASSWORD
    created_unit_ids: list[int] = field(default_factory=list)
    reused: bool = False

    @property
    def drafts(self):
        return [d for d in self.dossiers if not d.submitted]

    @property
    def submitted(self):
        return [d for d in self.dossiers if d.submitted]


def _unit_rows():
    """The province, its districts and communes (Văn Bàn's first) from the project's pre-reform list."""
    from communes.models import Level
    from communes.sources import pre_reform_rows

    rows = pre_reform_rows()
    districts = [r for r in rows if r.level == Level.DISTRICT and r.parent_code == PROVINCE]
    codes = {d.code for d in districts}
    communes = [r for r in rows if r.level == Level.COMMUNE and r.parent_code in codes]
    province = [r for r in rows if r.level == Level.PROVINCE and r.code == PROVINCE]
    communes.sort(key=lambda r: (r.parent_code != FIRST_DISTRICT, r.parent_code, r.code))
    return province + districts + communes


def foreign_rounds():
    """Rounds the load test did not open: the database is not the load test's to use."""
    from assessments.models import Round

    return Round.objects.exclude(opened_by__username=OPENER)


def _refuse_foreign():
    if foreign_rounds().exists():
        raise RuntimeError("the database holds rounds the load test did not make: run it in a fresh database "
                           "(see README, Performance)")


def _standard():
    from django.core.management import call_command

    from criteria.models import Standard

    if not Standard.objects.filter(code=STANDARD).exists():
        call_command("loaddata", "standards", verbosity=0)
    return Standard.objects.get(code=STANDARD)


def _tiers():
    """Lào Cai's tiers before the reform, from the list the project ships (fixtures/tiers/lao_cai.csv)."""
    from communes.tiers import import_tiers

    with open(TIERS, encoding="utf-8-sig", newline="") as f:
        lines = list(csv.reader(f))
    out = io.StringIO()
    csv.writer(out).writerows([lines[0], *(row for row in lines[1:] if row and row[3] == "2025-06-30")])
    result = import_tiers(out.getvalue())
    if result.problems:
        raise RuntimeError("fixtures/tiers/lao_cai.csv: " + "; ".join(map(str, result.problems[:3])))


def _users(units, communes):
    """Provincial staff, an officer per district and per commune; the password is hashed once."""
    from django.contrib.auth.hashers import make_password

    from accounts.models import Role, User

    hashed = make_password(PASSWORD)
    people = [(f"{PREFIX}tinh_{k}", Role.PROVINCIAL_STAFF, units[PROVINCE], "Vũ Thị", f"Hương {k}")
              for k in range(1, PROVINCIAL_STAFF + 1)]
    districts = sorted({c.parent_code for c in communes})
    people += [(f"{PREFIX}huyen_{d}", Role.DISTRICT_OFFICER, units[d], "Lê Thị", "Lan") for d in districts]
    people += [(f"{PREFIX}xa_{c.code}", Role.COMMUNE_OFFICER, units[c.code], "Nguyễn Thị", "Hoa") for c in communes]
    User.objects.bulk_create(User(username=username, role=role, unit=unit, last_name=last, first_name=first,
                                  password=hashed) for username, role, unit, last, first in people)
    return {u.username: u for u in User.objects.filter(username__startswith=PREFIX)}


def _points(rng, criteria, share):
    """Points over the criteria: most near their maximum, in steps of 5 (the way communes score)."""
    scored = criteria[:max(1, int(len(criteria) * share))]
    return {n: min(m, 5 * round(m * rng.uniform(0.75, 1.0) / 5)) for n, m in scored}


def seed(communes=151, log=lambda message: None):
    """Build the load test's data (about a second for every ten communes); return its Seed."""
    from django.db import connection, transaction

    from assessments import selectors, services
    from communes.importers import import_units
    from communes.models import Level, Unit
    from communes.sources import PRE_REFORM_PERIOD

    _refuse_foreign()
    rows = _unit_rows()
    chosen = [r for r in rows if r.level == Level.COMMUNE][:communes]
    if len(chosen) < communes or communes < 2:
        raise RuntimeError(f"--communes: from 2 to {len(chosen)} (Lào Cai before the reform)")
    standard = _standard()
    criteria = list(standard.criteria.order_by("number").values_list("number", "max_points"))
    valid_from, valid_to = PRE_REFORM_PERIOD
    with transaction.atomic():
        before = set(Unit.objects.filter(valid_from=valid_from).values_list("pk", flat=True))
        import_units(rows, valid_from=valid_from, valid_to=valid_to)
        units = {u.code: u for u in Unit.objects.filter(valid_from=valid_from, code__in=[r.code for r in rows])}
        _tiers()
        users = _users(units, chosen)
        r = services.round_open(by=users[OPENER], province=units[PROVINCE], year=YEAR, standard=standard,
                                period_start=dt.date(YEAR - 1, 11, 1), period_end=dt.date(YEAR, 10, 31),
                                submission_due=dt.date(YEAR, 11, 15), appraisal_due=dt.date(YEAR, 11, 30),
                                decision_due=dt.date(YEAR, 12, 10), report_due=dt.date(YEAR, 12, 10))
    log(f"units: 1 province, {len({c.parent_code for c in chosen})} districts, {len(chosen)} communes; round {YEAR}")
    rng = random.Random(16)
    for i, c in enumerate(chosen):
        officer = users[f"{PREFIX}xa_{c.code}"]
        submitted = i % 5 in (1, 3)
        with transaction.atomic():
            a = services.assessment_start(by=officer, round=r, commune=units[c.code])
            a = services.scores_save(by=officer, assessment_id=a.pk, seen_version=a.version,
                                     points=_points(rng, criteria, 1 if submitted else 0.5),
                                     notes={1: "Sổ theo dõi trẻ em của UBND xã"})
            if submitted:
                services.council_save(by=officer, assessment_id=a.pk, seen_version=a.version,
                                      meeting_date=dt.date(YEAR, 11, 8),
                                      conclusion="Đề nghị công nhận xã phù hợp với trẻ em",
                                      members=[{"name": "Nguyễn Văn An", "position": "Chủ tịch UBND xã",
                                                "council_role": "chair"}])
                services.assessment_submit(by=officer, assessment_id=a.pk, seen_version=selectors.dossier_version(a.pk),
                                           on=dt.date(YEAR, 11, 10))
        if (i + 1) % 25 == 0:
            log(f"  {i + 1}/{len(chosen)} dossiers")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    found = find(communes)
    found.reused = False
    found.created_unit_ids = sorted(u.pk for u in units.values() if u.pk not in before)
    return found


def find(communes=None):
    """The data a previous ``--keep`` run left, if it has ``communes`` dossiers (any number: None); else None.
    The units it imported are not known any more: ``drop`` leaves them."""
    from accounts.models import Role, User
    from assessments.models import Assessment, Round

    r = Round.objects.filter(opened_by__username=OPENER, year=YEAR).select_related("standard").first()
    if r is None or communes is not None and Assessment.objects.filter(round=r).count() != communes:
        return None
    users = {u.unit_id: u.username for u in User.objects.filter(username__startswith=f"{PREFIX}xa_")}
    dossiers = [Dossier(id=a.pk, commune=a.commune.code, district=a.commune.parent.code,
                        officer=users[a.commune_id], submitted=a.status != Assessment.Status.DRAFT)
                for a in Assessment.objects.filter(round=r).select_related("commune__parent").order_by("pk")]
    district_officers = {u.unit.code: u.username for u in User.objects.filter(
        username__startswith=PREFIX, role=Role.DISTRICT_OFFICER).select_related("unit")}
    provincial = sorted(User.objects.filter(username__startswith=PREFIX, role=Role.PROVINCIAL_STAFF)
                        .values_list("username", flat=True))
    return Seed(round_id=r.pk, year=r.year, dossiers=dossiers, district_officers=district_officers,
                provincial=provincial, reused=True,
                criteria=list(r.standard.criteria.order_by("number").values_list("number", "max_points")))


def reset(s):
    """Before a kept seed is used again: the evidence earlier runs uploaded goes (its files went with their
    temporary MEDIA_ROOT), so each run's dossier pages carry the same rows."""
    from assessments.models import Evidence

    evidence = Evidence.objects.filter(score__assessment__round_id=s.round_id)
    ids = list(evidence.values_list("pk", flat=True))
    evidence.delete()
    Evidence.history.model.objects.filter(id__in=ids).delete()


def drop(s):
    """Delete what the load test made: its round with every dossier (scores, evidence, councils, moves and
    their audit history), its users with their notifications and exports, the units it imported (when this
    run imported them). Reference data stays (the standards, Lào Cai's tiers of units that stay)."""
    from django.db import transaction

    from accounts.models import User
    from assessments.models import Assessment, Council, CouncilMember, Evidence, Round, Score
    from communes.models import Level, Unit
    from reports.models import ExportJob

    with transaction.atomic():
        dossiers = Assessment.objects.filter(round_id=s.round_id)
        tracked = {Assessment: list(dossiers.values_list("pk", flat=True)),
                   Score: list(Score.objects.filter(assessment__in=dossiers).values_list("pk", flat=True)),
                   Evidence: list(Evidence.objects.filter(score__assessment__in=dossiers).values_list("pk", flat=True)),
                   Council: list(Council.objects.filter(assessment__in=dossiers).values_list("pk", flat=True)),
                   CouncilMember: list(CouncilMember.objects.filter(council__assessment__in=dossiers)
                                       .values_list("pk", flat=True)),
                   Round: [s.round_id]}
        users = User.objects.filter(username__startswith=PREFIX)
        ExportJob.objects.filter(user__in=users).delete()
        dossiers.delete()
        Round.objects.filter(pk=s.round_id).delete()
        users.delete()
        for model, ids in tracked.items():  # with the rows the deletions just added to it
            model.history.model.objects.filter(id__in=ids).delete()
        for level in (Level.COMMUNE, Level.DISTRICT, Level.PROVINCE):
            Unit.objects.filter(pk__in=s.created_unit_ids, level=level).delete()


# --- the people ----------------------------------------------------------------------------------

ERROR_SIGNS = ("alert-danger", "is-invalid")  # classes of an error message and of an invalid field

# kind -> label in the table; the order of the table
KINDS = {
    "commune_page": "commune: dossier page",
    "commune_save": "commune: save scores (POST, redirect, page)",
    "commune_evidence": "commune: upload evidence PDF (POST, redirect, page)",
    "district_list": "district: review list of the round",
    "district_dossier": "district: submitted dossier page",
    "province_summary": "province: summary report 2024",
    "province_criteria": "province: criteria report 2024",
    "export_queue": "export: queue (POST, redirect, status page)",
    "export_status": "export: status page (polled every 2 s)",
}
# share of the simulated people by role (largest remainder; at least one each)
MIX = {"scorer": 0.35, "uploader": 0.15, "reviewer": 0.25, "reader": 0.15, "exporter": 0.10}


def people_mix(users):
    roles = list(MIX)
    if users < len(roles):
        raise ValueError(f"--users: at least {len(roles)}")
    counts = {r: 1 for r in roles}
    rest = users - len(roles)
    exact = {r: rest * MIX[r] for r in roles}
    for r in roles:
        counts[r] += int(exact[r])
    for r in sorted(roles, key=lambda r: exact[r] - int(exact[r]), reverse=True)[:users - sum(counts.values())]:
        counts[r] += 1
    return counts


class Recorder:
    """Every answer of the window: its kind, time and whether it was the expected one."""

    def __init__(self):
        self.lock = threading.Lock()
        self.start = self.end = None
        self.times = defaultdict(list)  # kind -> [seconds]
        self.errors = Counter()
        self.examples = {}  # kind -> the first error's description
        self.exports = []  # dicts: format, status, seconds (to done)

    def in_window(self, t0):
        return self.start <= t0 < self.end

    def add(self, kind, t0, seconds, problem):
        if not self.in_window(t0):
            return
        with self.lock:
            self.times[kind].append(seconds)
            if problem:
                self.errors[kind] += 1
                self.examples.setdefault(kind, problem)


def read(html):
    """The page as lxml.html reads it (an empty document for an empty answer)."""
    return lxml.html.fromstring(html) if html.strip() else lxml.html.fromstring("<html></html>")


def _problem(answer, *, expect_path=None, expect_text=None):
    """Why an answer is not the expected page (None when it is)."""
    status, url, html = answer
    path = urllib.parse.urlsplit(url).path
    if status != 200:
        return f"HTTP {status} at {path}"
    if path == reverse("login"):
        return "signed out (the login page)"
    if expect_path and path != expect_path:
        return f"ended at {path}, not {expect_path}"
    page = read(html)
    for sign in ERROR_SIGNS:
        if shown := page.find_class(sign):
            return f"{sign} shown: " + " ".join(shown[0].text_content().split())[:160]
    if expect_text and expect_text not in page.text_content():
        return f"no “{expect_text}”"
    return None


def export_state(html):
    """The export's status as its page shows it (``#export-state``'s ``data-status``), None without one."""
    state = read(html).get_element_by_id("export-state", None)
    return None if state is None else state.get("data-status")


def _export_page(answer):
    return _problem(answer) or (None if export_state(answer[2]) else "no export status on the page")


class Person(threading.Thread):
    """One simulated person: a signed-in session and a loop of steps until the window ends."""

    def __init__(self, base, username, password, recorder, think, seed):
        super().__init__(daemon=True)
        self.base, self.username, self.password = base, username, password
        self.rec, self.think, self.rng = recorder, think, random.Random(seed)
        self.session = None
        self.failure = None

    def sign_in(self):
        self.session = Session(self.base, self.username, self.password)

    def pause(self):
        if self.think:
            time.sleep(self.think * self.rng.uniform(0.5, 1.5))

    def call(self, kind, method, path, *args, check=None, **kwargs):
        t0 = time.monotonic()
        try:
            answer = getattr(self.session, method)(path, *args, **kwargs)
        except Exception as e:  # noqa: BLE001 - a timeout or a reset connection is an error of its kind
            self.rec.add(kind, t0, time.monotonic() - t0, f"{type(e).__name__}: {e}")
            return None
        elapsed = time.monotonic() - t0
        problem = (check or _problem)(answer)
        self.rec.add(kind, t0, elapsed, problem)
        return None if problem else answer

    def dossier_page(self, dossier):
        """Open the commune's dossier and read it a moment: the page's answer, or None when it failed or
        the window closed meanwhile."""
        page = reverse("assessments:detail", args=[dossier.id])
        answer = self.call("commune_page", "get", page, check=lambda a: _problem(a, expect_path=page))
        self.pause()
        return None if answer is None or time.monotonic() >= self.rec.end else answer

    def run(self):
        # everyone starts in the window, spread over the first think time rather than all at once
        time.sleep(max(0.0, self.rec.start - time.monotonic()) + self.rng.uniform(0, self.think))
        try:
            while time.monotonic() < self.rec.end:
                self.step()
        except Exception as e:  # noqa: BLE001 - reported by the driver, never silently lost
            self.failure = f"{self.username}: {type(e).__name__}: {e}"

    def step(self):  # pragma: no cover - each role's own
        raise NotImplementedError


class Scorer(Person):
    """A commune officer typing the scores (a comma decimal on criterion 1) and saving them."""

    def __init__(self, *args, dossier, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.dossier, self.criteria, self.saves = dossier, criteria, 0

    def step(self):
        page = reverse("assessments:detail", args=[self.dossier.id])
        if (answer := self.dossier_page(self.dossier)) is None:
            return
        try:
            data = form_fields(answer[2], "score-form")  # the page's version and fields, as shown
        except LookupError:
            self.rec.add("commune_save", time.monotonic(), 0, "no score form on the dossier page")
            return
        self.saves += 1
        for n, m in self.criteria:
            data[f"points_{n}"] = str(m - (self.saves + n) % 3 * 5)
        n1, m1 = self.criteria[0]
        data[f"points_{n1}"] = f"{m1 - 1 - self.saves % 4},5"  # as typed in Vietnamese: "97,5"
        self.call("commune_save", "post", reverse("assessments:scores", args=[self.dossier.id]), data,
                  check=lambda a: _problem(a, expect_path=page, expect_text="Đã lưu điểm tự đánh giá."))
        self.pause()


class Uploader(Person):
    """A commune officer attaching a scanned document (a small real PDF) to one criterion after another."""

    def __init__(self, *args, dossier, pdf, **kwargs):
        super().__init__(*args, **kwargs)
        self.dossier, self.pdf, self.uploads = dossier, pdf, 0

    def step(self):
        page = reverse("assessments:detail", args=[self.dossier.id])
        if (answer := self.dossier_page(self.dossier)) is None:
            return
        # the upload form's criterion list: each option's value is that score's upload URL
        targets = read(answer[2]).xpath('//select[@id="evidence-criterion"]/option/@value')
        if not targets:
            self.rec.add("commune_evidence", time.monotonic(), 0, "no upload form on the dossier page")
            return
        self.uploads += 1
        self.call("commune_evidence", "post", targets[self.uploads % len(targets)],
                  form_fields(answer[2], "evidence-form"),  # the page's version, as a browser sends it
                  files={"file": (f"Minh chứng {self.uploads}.pdf", self.pdf, "application/pdf")},
                  check=lambda a: _problem(a, expect_path=page, expect_text="Đã tải lên minh chứng “"))
        self.pause()


class Reviewer(Person):
    """A district officer reading the round's review list and the dossiers submitted to the district."""

    def __init__(self, *args, round_id, dossiers, **kwargs):
        super().__init__(*args, **kwargs)
        self.round_id, self.dossiers = round_id, dossiers

    def step(self):
        self.call("district_list", "get", reverse("assessments:round", args=[self.round_id]))
        self.pause()
        if self.dossiers and time.monotonic() < self.rec.end:
            page = reverse("assessments:detail", args=[self.rng.choice(self.dossiers).id])
            self.call("district_dossier", "get", page, check=lambda a: _problem(a, expect_path=page))
            self.pause()


class Reader(Person):
    """Provincial staff opening the year's reports."""

    def __init__(self, *args, year, **kwargs):
        super().__init__(*args, **kwargs)
        self.year = year

    def step(self):
        self.call("province_summary", "get", reverse("reports:summary") + f"?year={self.year}")
        self.pause()
        if time.monotonic() < self.rec.end:
            self.call("province_criteria", "get", reverse("reports:criteria") + f"?year={self.year}")
            self.pause()


class Exporter(Person):
    """Provincial staff asking for the year's workbook or PDF report, waiting on its status page, then
    reading it for ten times the think time before asking for the next one."""

    POLL = 2.0  # the status page refreshes itself every 2 s
    PATIENCE = 120.0  # an export not done after this long is an error
    READING = 10  # think times between one export done and the next asked for

    def __init__(self, *args, year, **kwargs):
        super().__init__(*args, **kwargs)
        self.year, self.count = year, 0

    def step(self):
        fmt = ("xlsx", "pdf")[self.count % 2]
        self.count += 1
        t0 = time.monotonic()
        answer = self.call("export_queue", "post", reverse("reports:export") + f"?year={self.year}", {"format": fmt},
                           check=_export_page)
        if answer is None:
            self.pause()
            return
        status_url = urllib.parse.urlsplit(answer[1]).path
        record = {"format": fmt, "status": export_state(answer[2]), "seconds": None,
                  "queued_in_window": self.rec.in_window(t0)}
        while record["status"] in ("pending", "running") and time.monotonic() - t0 < self.PATIENCE:
            time.sleep(self.POLL)
            polled = self.call("export_status", "get", status_url,
                               check=_export_page)
            if polled is not None:
                record["status"] = export_state(polled[2])
        if record["status"] == "done":
            record["seconds"] = time.monotonic() - t0
        if record["queued_in_window"]:
            with self.rec.lock:
                self.rec.exports.append(record)
        for _ in range(self.READING):
            if time.monotonic() >= self.rec.end:
                break
            self.pause()


# --- the run -------------------------------------------------------------------------------------

@dataclass
class Result:
    seconds: float
    rows: list  # (label, requests, rps, p50, p95, max, errors)
    requests: int
    rps: float
    pages_p95_ms: float
    errors: int
    exports_queued: int
    exports_done: int
    export_max_s: float
    export_median_s: float
    examples: dict
    failures: list
    users: dict
    load_average: tuple
    worker_times: list = field(default_factory=list)  # seconds, read from the job rows (worker_times)
    cpu: dict = field(default_factory=dict)  # CPU seconds in the window: the people's process, the app's, PostgreSQL

    def line(self):
        return (f"load: requests={self.requests} rps={self.rps:.1f} pages_p95_ms={self.pages_p95_ms:.0f} "
                f"errors={self.errors} exports_done={self.exports_done}/{self.exports_queued} "
                f"export_max_s={self.export_max_s:.1f}")


def percentile(values, p):
    """The p-th percentile (nearest rank) of the values, 0 for none."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def cpu_seconds(sessions):
    """CPU seconds (user + system) used so far by the processes of each session ({name: session id}, as
    ``Stack`` starts them: a process and its children) and by PostgreSQL's processes on this machine (every
    database's), the children already ended included (a parent's reaped children's time). Read from /proc
    (Linux); empty elsewhere."""
    proc = Path("/proc")
    if not proc.is_dir():
        return {}
    tick = os.sysconf("SC_CLK_TCK")
    names = {sid: name for name, sid in sessions.items()}
    out = dict.fromkeys([*sessions, "PostgreSQL"], 0.0)
    for stat in proc.glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:  # ended meanwhile
            continue
        comm, fields = text[text.index("(") + 1:text.rindex(")")], text[text.rindex(")") + 2:].split()
        # fields 6 (session), 14-17 (utime, stime, cutime, cstime) of proc(5)
        session, used = int(fields[3]), sum(int(x) for x in fields[11:15]) / tick
        if session in names:
            out[names[session]] += used
        elif comm.startswith("postgres"):
            out["PostgreSQL"] += used
    return out


def drive(base, s, *, seconds, users, think, processes=None, log=lambda message: None):
    """Sign the people in, let them work for ``seconds``, follow the last exports to their end.
    ``processes``: {name: session id} of the app's processes, whose CPU in the window is reported."""

    mix = people_mix(users)
    drafts, submitted = s.drafts, s.submitted
    if mix["scorer"] + mix["uploader"] > len(drafts):
        raise ValueError(f"{mix['scorer'] + mix['uploader']} commune officers need as many draft dossiers: "
                         f"raise --communes or lower --users")
    rec = Recorder()
    pdf = pdf_bytes(2)
    by_district = defaultdict(list)
    for d in submitted:
        by_district[d.district].append(d)
    districts = sorted(by_district, key=lambda code: (code != FIRST_DISTRICT, code)) or sorted(s.district_officers)
    people, k = [], 0
    common = {"password": s.password, "recorder": rec, "think": think}
    for i in range(mix["scorer"]):
        d = drafts[i]
        people.append(Scorer(base, d.officer, dossier=d, criteria=s.criteria, seed=k, **common))
        k += 1
    for i in range(mix["uploader"]):
        d = drafts[mix["scorer"] + i]
        people.append(Uploader(base, d.officer, dossier=d, pdf=pdf, seed=k, **common))
        k += 1
    for i in range(mix["reviewer"]):
        code = districts[i % len(districts)]
        people.append(Reviewer(base, s.district_officers[code], round_id=s.round_id, dossiers=by_district[code],
                               seed=k, **common))
        k += 1
    for i in range(mix["reader"]):
        people.append(Reader(base, s.provincial[i % len(s.provincial)], year=s.year, seed=k, **common))
        k += 1
    for i in range(mix["exporter"]):
        people.append(Exporter(base, s.provincial[(mix["reader"] + i) % len(s.provincial)], year=s.year, seed=k,
                               **common))
        k += 1
    log(f"signing in {len(people)} people: " + ", ".join(f"{v} {r}s" for r, v in mix.items()))
    with ThreadPoolExecutor(4) as pool:
        list(pool.map(lambda p: p.sign_in(), people))
    log(f"load for {seconds}s, think time {think}s (0.5-1.5x)")
    rec.start = time.monotonic() + 0.5
    rec.end = rec.start + seconds
    before, cpu = cpu_seconds(processes or {}), time.process_time()
    for p in people:
        p.start()
    time.sleep(max(0.0, rec.end - time.monotonic()))
    after, cpu, load = cpu_seconds(processes or {}), time.process_time() - cpu, os.getloadavg()
    for p in people:  # the exporters follow their last export to its end
        p.join(timeout=Exporter.PATIENCE + 60)
    result = _result(rec, people, mix, seconds, load)
    result.cpu = {"simulated people": cpu, **{name: after[name] - before.get(name, 0.0) for name in after}}
    return result


def _result(rec, people, mix, seconds, load):
    exports = rec.exports
    for e in exports:  # an export that failed or never ended is an error of the status page
        if e["status"] != "done":
            rec.errors["export_status"] += 1
            rec.examples.setdefault("export_status", f"an export ended {e['status']}")
    rows, all_times = [], []
    for kind, label in KINDS.items():
        times = rec.times.get(kind, [])
        all_times += times
        rows.append((label, len(times), len(times) / seconds, percentile(times, 50) * 1000,
                     percentile(times, 95) * 1000, max(times, default=0) * 1000, rec.errors[kind]))
    done = [e["seconds"] for e in exports if e["status"] == "done"]
    failures = [p.failure for p in people if p.failure] + [f"{p.username}: still running" for p in people
                                                           if p.is_alive()]
    requests = len(all_times)
    return Result(
        seconds=seconds, rows=rows, requests=requests, rps=requests / seconds,
        pages_p95_ms=percentile(all_times, 95) * 1000, errors=sum(rec.errors.values()) + len(failures),
        exports_queued=len(exports), exports_done=len(done), export_max_s=max(done, default=0.0),
        export_median_s=percentile(done, 50), examples=dict(rec.examples), failures=failures, users=mix,
        load_average=load)


def table(result):
    """The per-kind table and the export line, as text."""
    head = ("kind", "requests", "req/s", "p50 ms", "p95 ms", "max ms", "errors")
    lines = [head]
    for label, n, rps, p50, p95, top, errors in result.rows:
        lines.append((label, str(n), f"{rps:.1f}", f"{p50:.0f}", f"{p95:.0f}", f"{top:.0f}", str(errors)))
    lines.append(("all requests", str(result.requests), f"{result.rps:.1f}", "",
                  f"{result.pages_p95_ms:.0f}", "", str(result.errors)))
    width = [max(len(row[i]) for row in lines) for i in range(len(head))]
    text = ["  ".join(cell.ljust(width[0]) if i == 0 else cell.rjust(width[i]) for i, cell in enumerate(row))
            for row in lines]
    text.append(f"exports: queued {result.exports_queued}, done {result.exports_done}; seen done on the status "
                f"page (refreshed every 2 s) after median {result.export_median_s:.1f} s, max "
                f"{result.export_max_s:.1f} s from the request")
    if result.worker_times:
        text.append(f"exports in the worker's rows: median {percentile(result.worker_times, 50):.1f} s, max "
                    f"{max(result.worker_times):.1f} s from the request to the file")
    if result.cpu:
        text.append(f"CPU in the {result.seconds:g} s window (s, share of the machine's cores): " + ", ".join(
            f"{name} {used:.1f} ({used / result.seconds / (os.cpu_count() or 1):.0%})"
            for name, used in result.cpu.items()))
    for kind, example in result.examples.items():
        text.append(f"first error of {kind}: {example}")
    text.extend(f"failure: {f}" for f in result.failures)
    return "\n".join(text)


def worker_times(since):
    """Seconds from request to file of the exports the load test's people asked for since ``since``, as the
    job rows record them (the browser sees it at its next refresh, up to 2 s later)."""
    from reports.models import ExportJob

    return [(j.updated_at - j.created_at).total_seconds() for j in ExportJob.objects.filter(
        user__username__startswith=PREFIX, created_at__gte=since, status=ExportJob.Status.DONE)]


def stack_env(media_root):
    """The environment of the app's processes: this one's (DATABASE_URL, CACHE_URL…) as production runs it."""
    env = dict(os.environ)
    env.update(DJANGO_SETTINGS_MODULE=os.environ.get("DJANGO_SETTINGS_MODULE", "config.settings"), DEBUG="False",
               SECRET_KEY=os.environ.get("SECRET_KEY") or "bench-load-key-not-secret-never-in-production",
               SECURE_SSL_REDIRECT="False", TASKS_BACKEND="django_tasks_db.DatabaseBackend",
               MEDIA_ROOT=str(media_root), PYTHONUNBUFFERED="1")
    return env


def static_ready():
    """Whether the app can render its pages' static URLs with DEBUG off: no manifest storage (the tests'
    settings), or collectstatic's manifest newer than every static file."""
    from django.conf import settings
    from django.contrib.staticfiles import finders
    from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage

    if not isinstance(staticfiles_storage, ManifestFilesMixin):
        return True
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    if not manifest.exists():
        return False
    newest = max((Path(storage.path(path)).stat().st_mtime for finder in finders.get_finders()
                  for path, storage in finder.list([])), default=0)
    return manifest.stat().st_mtime >= newest
