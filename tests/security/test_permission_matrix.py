"""The permission matrix: every URL of config.urls × every role × own / neighbouring / other unit.

Each entry of MATRIX names a URL (namespace:name), how to build its kwargs for each scenario (see
tests/security/world.py: own unit, the commune beside it, another province, another sector), and
the outcome expected for each role, GET and POST. A URL missing from MATRIX fails the test, so a
new view must be added here with its expectations.

A row lists the outcome for each role in this order (ROLES):

    anonymous  commune_officer  sector_appraiser  district_officer  council_member
    council_chair  provincial_staff  national_staff  sysadmin

    L    redirect to the login page          403  refused (visible but not theirs to do)
    200  the page / file                     404  not found (outside their scope: no hint it exists)
    302  done, then redirected (not login)   405  wrong method
    400  refused as it stands (a field the form does not hold), nothing written
    ok   allowed: 200 or 302 (a form that may come back with a message)

Every request runs in a savepoint that is rolled back, so each role meets the same data. A refused
request (L, 403, 404, 405) must not write to the database at all: the statements it ran are
captured and any INSERT, UPDATE or DELETE (other than the session's) fails the test. Each
state-changing view is also posted to without a CSRF token by a user allowed to use it: 403, no write.
Every file served (a response with Content-Disposition) must say Cache-Control: no-store.
"""

import datetime as dt
import re
from dataclasses import dataclass
from typing import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models import Assessment
from tests.conftest import PASSWORD
from tests.factories import plan_seen, seen
from tests.pages import session_of
from tests.security.urlconf import all_patterns
from tests.security.world import ROLES, World, pdf_upload, png_upload

S = Assessment.Status
SEES_ALL = ("national_staff", "sysadmin")
DENIED = {"L", "400", "403", "404", "405"}
WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE)\b", re.I)
NOT_DATA = re.compile(r'"?(django_session|axes_\w+)"?', re.I)  # not official data


def row(text):
    tokens = text.split()
    assert len(tokens) == len(ROLES), f"a row needs {len(ROLES)} outcomes: {text!r}"
    return dict(zip(ROLES, tokens))


@dataclass
class View:
    """One URL: kwargs per scenario, expected GET and POST rows per scenario, the POST payload.

    post=None: the view changes nothing; a POST by anyone must not write (its status is not checked).
    """

    get: dict
    post: dict | None = None
    kwargs: Callable = lambda w, s: {}
    data: Callable = lambda w, s: {}
    query: Callable = lambda w, s: ""
    writes_on_get: bool = False  # a GET that records something (an evidence download)
    # an allowed POST ("302") must write, but where this says so: the act is refused by a business
    # rule after the permission check, or changes nothing by nature
    changes_nothing: Callable = lambda w, s: False
    # names that must not appear on a 200 page of anyone but national staff and the administrator
    absent: Callable = lambda w, s: ()
    # who posts the form where no role of the cast may (the tamper test posts as them)
    poster: Callable | None = None

    def rows(self, method):
        table = self.get if method == "get" else self.post
        return {scenario: row(text) for scenario, text in (table or {}).items()}


# --- frequent rows -----------------------------------------------------------------------------------
EVERYONE = "L 200 200 200 200 200 200 200 200"
SEEN_BY_ALL = {"own": EVERYONE,
               "neighbour": "L 404 200 200 200 200 200 200 200",
               "other": "L 404 404 404 404 404 404 200 200"}
NO_GET = {"own": "L 405 405 405 405 405 405 405 405"}
# a read-only view: a POST is refused before anything is looked up or recorded
POST_REFUSED = {"own": "L 405 405 405 405 405 405 405 405"}
# the commune's own officer acts; everyone else who sees the assessment is refused
COMMUNE_ACTS = {"own": "L 302 403 403 403 403 403 403 403",
                "neighbour": "L 404 403 403 403 403 403 403 403",
                "other": "L 404 404 404 404 404 404 403 403"}
# the recognising unit (district officer, council chair of the commune's parent) acts
RECOGNISER_ACTS = {"own": "L 403 403 302 403 302 403 403 403",
                   "neighbour": "L 404 403 302 403 302 403 403 403",
                   "other": "L 404 404 404 404 404 404 403 403"}
# inspection plans: readers are everyone but council members and chairs
PLAN_READERS = {"own": "L 200 200 200 403 403 200 200 200",
                "neighbour": "L 404 200 200 403 403 200 200 200",
                "other": "L 404 404 404 403 403 404 200 200"}
PLAN_NO_GET = {"own": "L 405 405 405 405 405 405 405 405"}
# a read-only view: a POST is refused before anything is looked up or recorded
POST_REFUSED = {"own": "L 405 405 405 405 405 405 405 405"}
# the provincial planner acts on the plan; other readers are refused
PLANNER_ACTS = {"own": "L 403 403 403 403 403 302 403 403",
                "neighbour": "L 404 403 403 403 403 302 403 403",
                "other": "L 404 404 404 403 403 404 403 403"}
PLANNER_FORM = {s: r.replace(" 302 ", " ok ") for s, r in PLANNER_ACTS.items()}
PLANNER_PAGE = {"own": "L 403 403 403 403 403 200 403 403",
                "neighbour": "L 404 403 403 403 403 200 403 403",
                "other": "L 404 404 404 403 403 404 403 403"}
# one unit's inspection report and findings: its own officers, the district, the team, the centre
UNIT_READERS = {"own": "L 200 200 200 403 403 200 200 200",
                "neighbour": "L 404 200 200 403 403 200 200 200",
                "other": "L 404 404 404 403 403 404 200 200"}


# a district's part in a province's review round of three levels (reviews): seen where the district is, written
# and sent by the district's office
DISTRICT_PART_SEEN = "L 404 200 200 200 200 200 200 200"
DISTRICT_PART_ACTS = "L 404 403 302 403 403 403 403 403"


OTHER_NAMES = ("Bắc Giang", "Sơn Động", "Vân Sơn")  # the other province's units


def everywhere(w, s):
    """No kwargs; data in both provinces first, so a list that leaks shows the other's names."""
    return w.everywhere()


def other_names(w, s):
    return OTHER_NAMES


def report_query(w, s):
    return f"?province={w.units.other_province.pk}" if s == "other" else ""

# reports: recognising units (district officer, council chair), provincial and national staff;
# "other" asks for the other province by ?province=
REPORT_READERS = {"own": "L 403 403 200 403 200 200 200 200",
                  "other": "L 403 403 404 403 404 404 200 200"}


def assessment(state):
    return lambda w, s: {"pk": w.assessment(s, state).pk}


def confirmed(state):
    """The confirmation step's post of a dossier's move, with the version of the page it came from."""
    return lambda w, s: {"confirm": "1", "version": w.assessment(s, state).version}


def score_kwargs(state):
    return lambda w, s: {"pk": w.assessment(s, state).pk, "score_pk": w.score(s, state).pk}


def round_kwargs(w, s):
    return {"round_pk": w.round(s).pk}


def plan(status="draft"):
    return lambda w, s: {"pk": w.plan(s, status).pk}


def plan_unit(status="approved"):
    return lambda w, s: {"pk": w.plan_for_unit(s, status).pk, "unit_pk": w.plan_unit(s).pk}


def plan_page(state="draft", prefix="", **fields):
    """A post from one of a plan's pages (the plan in ``state``): its fields and the plan's version as the
    page showed it."""
    return lambda w, s: {**fields, f"{prefix}version": plan_seen(w.plan(s, state))}


ROUND_FORM = {"year": 2025, "period_start": "2024-11-01", "period_end": "2025-10-31",
              "registration_due": "2025-03-31", "submission_due": "2025-11-15", "appraisal_due": "2025-11-30",
              "decision_due": "2025-12-10", "report_due": "2025-12-10"}
PLAN_FORM = {"issuer_body": "ỦY BAN NHÂN DÂN TỈNH LÀO CAI", "place": "Lào Cai", "title": "Kiểm tra năm 2026",
             "review_from_year": 2024, "review_to_year": 2025, "window_start": "2026-03-02",
             "window_end": "2026-03-20"}


# the yearly plans: the province's own (Lào Cai) and another province's (Bắc Giang)
# scenario "district": Văn Bàn's own plan (before 1/7/2025), which its office and the province's staff edit
YEARLY_PLAN_READERS = {"own": EVERYONE, "other": "L 404 404 404 404 404 404 200 200", "district": EVERYONE}
DISTRICT_PLANNER_PAGE = "L 403 403 200 403 403 200 403 403"
YEARLY_PLANNER_ACTS = {"own": "L 403 403 403 403 403 302 403 403", "other": "L 404 404 404 404 404 404 403 403"}
YEARLY_PLANNER_FORM = {s: r.replace(" 302 ", " ok ") for s, r in YEARLY_PLANNER_ACTS.items()}
YEARLY_PLANNER_PAGE = {s: r.replace(" 302 ", " 200 ") for s, r in YEARLY_PLANNER_ACTS.items()}


def yearly_plan(w, s):
    return {"pk": w.yearly_plan(s).pk}


def both_yearly_plans(w, s):
    w.yearly_plan("own"), w.yearly_plan("other")
    return {}


def yearly_plan_form(w, s):
    plan = w.yearly_plan(s)
    return {"version": plan.version, "issuer_body": plan.issuer_body, "symbol": "KH-UBND", "number": "12",
            "place": plan.place, "issued_on": "2024-03-05", "title": "Xây dựng xã, phường phù hợp với trẻ em",
            "basis": "Thực hiện Quyết định số 06/QĐ-TTg ngày 03/01/2019 của Thủ tướng Chính phủ.",
            "recipients": "Sở Y tế\nLưu: VT", "signer_title": "PHÓ CHỦ TỊCH", "signer_name": "Nguyễn Văn A"}


def yearly_outline_form(w, s):
    plan = w.yearly_plan(s)
    return {"version": plan.version, "p-TOTAL_FORMS": 1, "p-INITIAL_FORMS": 0, "p-MIN_NUM_FORMS": 0,
            "p-MAX_NUM_FORMS": 15, "p-0-kind": "organisation", "p-0-heading": "TỔ CHỨC THỰC HIỆN",
            "e-TOTAL_FORMS": 1, "e-INITIAL_FORMS": 0, "e-MIN_NUM_FORMS": 0, "e-MAX_NUM_FORMS": 200,
            "e-0-part": 1, "e-0-depth": 1, "e-0-kind": "task", "e-0-heading": "UBND các xã",
            "e-0-text": "Gửi hồ sơ trước ngày 15/11/2024.", "e-0-level": "commune", "e-0-due_on": "2024-11-15",
            "e-0-deadline": "submission"}


def council_form(w, s):
    return {"version": seen(w.assessment(s, S.DRAFT)), "meeting_date": "2024-11-08", "conclusion": "Đề nghị công nhận",
            "m-TOTAL_FORMS": 1, "m-INITIAL_FORMS": 0, "m-MIN_NUM_FORMS": 0, "m-MAX_NUM_FORMS": 1000,
            "m-0-name": "Nguyễn Văn A", "m-0-position": "Chủ tịch UBND", "m-0-council_role": "chair"}


def decision_form(w, s):
    a = w.assessment(s, S.APPRAISED)
    return {"number": "99/QĐ-UBND", "signed_on": "2024-12-05", "signer_name": "Đỗ Văn Quang",
            "signer_title": "Phó Chủ tịch", f"outcome_{a.pk}": "yes", f"version_{a.pk}": seen(a), "confirm": "1"}


def evidence_kwargs(w, s):
    return {"pk": w.assessment(s, S.DRAFT).pk, "evidence_pk": w.evidence(s).pk}


def minutes_kwargs(w, s):
    def build():
        from assessments import services
        from tests.samples import pdf_bytes

        a = w.assessment(s, S.DRAFT)
        services.council_save(by=w.officer(s), assessment_id=a.pk, seen_version=a.version,
                              meeting_date=dt.date(2024, 11, 8),
                              conclusion="Đề nghị công nhận", members=[],
                              minutes=SimpleUploadedFile("bien-ban.pdf", pdf_bytes()))
        return a
    return {"pk": w.once(("minutes", s), build).pk}


def paper_record(w, s, document):
    """The scenario's decided dossier with a scanned paper original of ``document`` kept (assessments.signing)."""
    from assessments import signing

    a = w.assessment(s, S.RECOGNISED)
    target = {"decision": a.decision} if document == "decision" else {"assessment": a}
    record = signing.paper_copy_upload(by=w.recogniser(s), document=document, upload=pdf_upload("ban-chup.pdf"),
                                       **target)
    return a if document != "decision" else record


def assignment_form(w, s):
    """The plan's assignment saved as it stands (own); the neighbour's plan resets it to the province's."""
    p = w.plan(s)
    if s == "neighbour":
        return {"reset": "1", "a-version": plan_seen(p)}
    return {"a-version": plan_seen(p),
            **{f"a-c{c}": sector for c, sector in p.assignments.values_list("criterion_id", "sector_id")}}


def unit_report_form(w, s):
    p = w.plan_for_unit(s, "approved")
    sections = p.outline.values_list("pk", flat=True)
    return {"r-version": plan_seen(p), "r-upload": pdf_upload(),
            **{f"r-s{pk}": "Trẻ em được chăm sóc." for pk in sections}}


def findings_form(w, s):
    """own: the cast sector's re-checked points at the cast's commune (recorded by w.rechecker, a department
    appraiser of the province: the cast's appraiser works at the district); elsewhere the planner's conclusions."""
    p = w.plan_for_unit(s, "in_progress")
    if s != "own":
        return {"c-version": plan_seen(p), "c-conclusions": "Thực hiện đầy đủ", "c-recommendations": ""}
    mine = p.assignments.filter(sector=w.cast_sector).values_list("criterion_id", flat=True)
    return {"f-version": plan_seen(p), **{f"f-p{pk}": "1" for pk in mine},
            **{f"f-n{pk}": "Đối chiếu sổ theo dõi" for pk in mine}}


def appraisal_form(w, s):
    """The cast sector's rows agreed on the page as loaded; in scenario "sector" another sector's rows."""
    a = w.assessment(s, S.ACCEPTED)
    return {"version": a.version, **{f"agree_{n}": "1" for n, sector in w.owners.items()
                                     if (sector == w.cast_sector) != (s == "sector")}}



# --- the read-only API (issue 26): a session reads what its pages read; no key here (tests/security/test_api_keys.py)
API_READERS = {"own": "401 200 200 200 200 200 200 200 200",
               "neighbour": "401 404 200 200 200 200 200 200 200",
               "other": "401 404 404 404 404 404 404 200 200"}
API_LIST = {"-": "401 200 200 200 200 200 200 200 200"}
API_POST = {"-": "401 405 405 405 405 405 405 405 405"}  # read-only: no handler writes
API_REPORTS = {"own": "401 403 403 200 403 200 200 200 200", "other": "401 403 403 404 403 404 404 200 200"}
API_REPORTS_POST = {"own": "401 403 403 405 403 405 405 405 405"}
PUBLIC = {"-": "200 200 200 200 200 200 200 200 200"}
PUBLIC_POST = {"-": "405 405 405 405 405 405 405 405 405"}


def api_registration(w, s):
    def build():
        from assessments.models import Registration

        return Registration.objects.create(round=w.round(s), commune=w.commune(s), registered_on=dt.date(2024, 3, 1))
    return {"pk": w.once(("registration", s), build).pk}


def api_target(w, s):
    def build():
        from reports.models import Target

        return Target.objects.create(unit=w.province(s), year=2025, percent=80, source="Kế hoạch năm 2025")
    return {"pk": w.once(("target", w.province(s).pk), build).pk}


def api_everywhere(w, s):
    """Data of every resource in both provinces, so a list that leaks shows the other's names."""
    w.everywhere()
    for scenario in ("own", "other"):
        api_registration(w, scenario)
        api_target(w, scenario)
    return {}


def api_list(**kw):
    return View(get=API_LIST, post=API_POST, kwargs=api_everywhere, absent=other_names, **kw)


def api_detail(kwargs, get=API_READERS, post={"own": "401 405 405 405 405 405 405 405 405"}):
    return View(get=get, post=post, kwargs=kwargs)


MATRIX = {
    # --- operations: the health URL answers everyone, signed in or not (detail only for the administrator)
    "operations:health": View(get={"-": "200 200 200 200 200 200 200 200 200"}),
    "operations:health_web": View(get={"-": "200 200 200 200 200 200 200 200 200"}),
    # /metrics answers by the client's address or a token, not by who is signed in (the test client is 127.0.0.1,
    # in METRICS_ALLOWED_IPS by default); tests/operations/test_metrics.py refuses the others
    "operations:metrics": View(get={"-": "200 200 200 200 200 200 200 200 200"}),
    # --- accounts ---------------------------------------------------------------------------------------
    "home": View(get={"-": EVERYONE}, kwargs=everywhere, absent=other_names),
    # the service worker and its offline page: the same static text for everyone, signed in or not
    "service_worker": View(get={"-": "200 200 200 200 200 200 200 200 200"},
                           post={"-": "405 405 405 405 405 405 405 405 405"}),
    "offline": View(get={"-": "200 200 200 200 200 200 200 200 200"},
                    post={"-": "405 405 405 405 405 405 405 405 405"}),
    "login": View(get={"-": "200 302 302 302 302 302 302 302 302"},
                  post={"-": "302 302 302 302 302 302 302 302 302"},
                  data=lambda w, s: {"username": w.cast["commune_officer"].username, "password": PASSWORD},
                  changes_nothing=lambda w, s: True),  # a signed-in person is sent on
    "logout": View(get={"-": EVERYONE},  # a page whose button logs out by POST
                   post={"-": "L L L L L L L L L"}),  # back to the login page
    "password_change": View(get={"-": EVERYONE}, post={"-": "L 302 302 302 302 302 302 302 302"},
                            data=lambda w, s: {"old_password": PASSWORD, "new_password1": "Nui-Ba-Vi-mua-xuan",
                                               "new_password2": "Nui-Ba-Vi-mua-xuan"}),
    "password_change_done": View(get={"-": EVERYONE}, post={"-": "L 405 405 405 405 405 405 405 405"}),
    # each user's own notifications only: nothing in scope to refuse (another's id changes nothing)
    "notifications": View(get={"-": EVERYONE}),
    "notification_read": View(get={"-": "405 405 405 405 405 405 405 405 405"},
                              post={"-": "L 302 302 302 302 302 302 302 302"},
                              data=lambda w, s: {"all": "1"}),
    # what each role does, for everyone signed in (their own role, or another named)
    "help": View(get={"-": EVERYONE}),
    "help_role": View(get={"-": EVERYONE}, kwargs=lambda w, s: {"role": "council_chair"}),
    "notification_preference": View(get={"-": "405 405 405 405 405 405 405 405 405"},
                                    post={"-": "L 302 302 302 302 302 302 302 302"},
                                    data=lambda w, s: {"mail_preference": "digest"}),

    # --- assessments: rounds ------------------------------------------------------------------------
    "assessments:round_new": View(
        get={"-": "L 403 403 403 403 403 200 403 403"}, post={"-": "L 403 403 403 403 403 302 403 403"},
        data=lambda w, s: {**ROUND_FORM, "standard": w.standard.pk}),
    "assessments:round": View(kwargs=lambda w, s: {"pk": w.round(s).pk},
                              get={"own": EVERYONE, "other": SEEN_BY_ALL["other"]}),
    "assessments:start": View(
        kwargs=round_kwargs, get={"own": EVERYONE, "other": SEEN_BY_ALL["other"]},
        post={"own": COMMUNE_ACTS["own"], "other": COMMUNE_ACTS["other"]}),
    "assessments:register": View(
        kwargs=round_kwargs, get={"own": EVERYONE, "other": SEEN_BY_ALL["other"]},
        post={"own": COMMUNE_ACTS["own"], "other": COMMUNE_ACTS["other"]},
        data=lambda w, s: {"registered_on": "2024-03-01", "note": "Đăng ký xây dựng"}),
    "assessments:decide": View(
        kwargs=round_kwargs, get=NO_GET, data=decision_form,
        post={"own": "L 403 403 302 403 302 403 403 403", "other": "L 404 404 404 404 404 404 403 403"}),
    # the recognising units, the province and the ministry (assessments.read_merit), as its menu entry
    "assessments:merit": View(get={"-": "L 403 403 200 200 200 200 200 403"}, kwargs=everywhere,
                              absent=other_names),
    "assessments:excel_template": View(
        kwargs=round_kwargs, query=lambda w, s: f"?unit={w.units.neighbour.pk}" if s == "neighbour" else "",
        get=SEEN_BY_ALL, post={"own": "L 405 405 405 405 405 405 405 405"}),
    "assessments:excel_upload": View(
        kwargs=round_kwargs, get={"own": "L 200 403 403 403 403 403 403 403",
                                  "other": "L 404 404 404 404 404 404 403 403"},
        post={"own": COMMUNE_ACTS["own"], "other": COMMUNE_ACTS["other"]},
        data=lambda w, s: {"file": w.template_upload(s)}),

    # --- the lists (issue 22): each reads only the user's own scope, so another province's names stay out
    "assessments:list": View(get={"-": EVERYONE}, kwargs=everywhere, absent=other_names),
    "assessments:rounds": View(get={"-": EVERYONE}, kwargs=everywhere, absent=other_names),
    "assessments:decisions": View(get={"-": EVERYONE}, kwargs=everywhere, absent=other_names),
    "communes:list": View(get={"-": EVERYONE}, kwargs=everywhere, absent=other_names),

    # --- assessments: one commune's dossier ---------------------------------------------------------
    "assessments:detail": View(kwargs=assessment(S.DRAFT), get=SEEN_BY_ALL),
    "assessments:history": View(kwargs=assessment(S.DRAFT), get=SEEN_BY_ALL),
    "assessments:scores": View(
        kwargs=assessment(S.DRAFT), get=NO_GET, post=COMMUNE_ACTS,
        data=lambda w, s: {"version": w.assessment(s, S.DRAFT).version, "points_1": "80", "note_1": "Sổ theo dõi"}),
    # the scoring page's live verdict: the commune's own officer previews what is typed, nothing is saved
    "assessments:scores_preview": View(
        kwargs=assessment(S.DRAFT), get=NO_GET, post={**COMMUNE_ACTS, "own": "L 200 403 403 403 403 403 403 403"},
        data=lambda w, s: {"version": w.assessment(s, S.DRAFT).version, "points_1": "80", "points_2": "10,5"}),
    "assessments:council": View(kwargs=assessment(S.DRAFT), get=SEEN_BY_ALL, post=COMMUNE_ACTS, data=council_form),
    "assessments:submit": View(kwargs=assessment("scored"), get=NO_GET, post=COMMUNE_ACTS,
                               data=confirmed("scored")),
    "assessments:evidence_upload": View(kwargs=score_kwargs(S.DRAFT), get=NO_GET, post=COMMUNE_ACTS,
                                        data=lambda w, s: {"version": seen(w.assessment(s, S.DRAFT)),
                                                           "file": png_upload()}),
    # need-to-know (assessments.permissions.needs_to_know): whoever sees the dossier gets 200, the file
    # or, outside the need-to-know, the form asking why; a POST with the reason serves it, logged
    "assessments:evidence": View(kwargs=lambda w, s: {"token": w.evidence(s).token}, get=SEEN_BY_ALL,
                                 post=SEEN_BY_ALL, data=lambda w, s: {"reason": "Kiểm tra hồ sơ"},
                                 writes_on_get=True),
    "assessments:evidence_delete": View(kwargs=evidence_kwargs, get=NO_GET, post=COMMUNE_ACTS,
                                        data=lambda w, s: {"version": seen(w.assessment(s, S.DRAFT))}),
    "assessments:evidence_replace": View(kwargs=evidence_kwargs, get=NO_GET, post=COMMUNE_ACTS,
                                         data=lambda w, s: {"version": seen(w.assessment(s, S.DRAFT)),
                                                            "file": png_upload()}),
    # the council's signed minutes: whoever sees the dossier, every download recorded
    "assessments:minutes_file": View(kwargs=minutes_kwargs, get=SEEN_BY_ALL, post=SEEN_BY_ALL,
                                     data=lambda w, s: {"reason": "Kiểm tra hồ sơ"}, writes_on_get=True),
    # who opened the dossier's files: its recognising unit (officers, council) and the administrator
    "assessments:download_log": View(kwargs=assessment(S.DRAFT), get={
        "own": "L 403 403 200 200 200 403 403 200",
        "neighbour": "L 404 403 200 200 200 403 403 200",
        "other": "L 404 404 404 404 404 404 403 200"}),
    # the sector's one appraisal form: readable by whoever sees the dossier; only the appraiser of the
    # cast sector at the recognising unit saves it, and only its own sector's rows (another's: 400)
    "assessments:appraisal": View(
        kwargs=assessment(S.ACCEPTED), get={**SEEN_BY_ALL, "sector": SEEN_BY_ALL["own"]}, data=appraisal_form,
        post={"own": "L 403 302 403 403 403 403 403 403",
              "sector": "L 403 400 403 403 403 403 403 403",
              "neighbour": "L 404 302 403 403 403 403 403 403",
              "other": "L 404 404 404 404 404 404 403 403"}),
    "assessments:return": View(kwargs=assessment(S.SUBMITTED), get=NO_GET, post=RECOGNISER_ACTS,
                               data=lambda w, s: {"comment": "Bổ sung minh chứng tiêu chí 6",
                                                  "version": w.assessment(s, S.SUBMITTED).version}),
    "assessments:accept": View(kwargs=assessment(S.SUBMITTED), get=NO_GET, post=RECOGNISER_ACTS,
                               data=confirmed(S.SUBMITTED)),
    "assessments:complete_appraisal": View(kwargs=assessment("appraised_all"), get=NO_GET, post=RECOGNISER_ACTS,
                                           data=confirmed("appraised_all")),
    "assessments:decision": View(kwargs=lambda w, s: {"pk": w.decision(s).pk}, get=SEEN_BY_ALL),
    "assessments:doc_request": View(kwargs=assessment(S.RECOGNISED), get=SEEN_BY_ALL),
    "assessments:doc_score_sheet": View(kwargs=assessment(S.RECOGNISED), get=SEEN_BY_ALL),
    "assessments:doc_minutes": View(kwargs=assessment(S.RECOGNISED), get=SEEN_BY_ALL),
    "assessments:doc_appraisal": View(kwargs=assessment(S.RECOGNISED), get=SEEN_BY_ALL),
    "assessments:decision_pdf": View(kwargs=lambda w, s: {"pk": w.decision(s).pk}, get=SEEN_BY_ALL),
    # the issuing body a document prints: confirmed by the unit that issues it (the commune for its
    # dossier's documents, the recognising unit for the appraisal report and the decision)
    "assessments:doc_heading": View(
        kwargs=lambda w, s: {**assessment(S.RECOGNISED)(w, s), "slug": "request"},
        get={"own": "L 200 403 403 403 403 403 403 403", "neighbour": "L 404 403 403 403 403 403 403 403",
             "other": "L 404 404 404 404 404 404 403 403"},
        post={"own": "L 302 403 403 403 403 403 403 403", "neighbour": "L 404 403 403 403 403 403 403 403",
              "other": "L 404 404 404 404 404 404 403 403"},
        data=lambda w, s: {"parent_body": "ỦY BAN NHÂN DÂN HUYỆN VĂN BÀN", "issuer": "ỦY BAN NHÂN DÂN THỊ TRẤN",
                           "version": 0}),
    "assessments:decision_heading": View(
        kwargs=lambda w, s: {"pk": w.decision(s).pk},
        get={"own": "L 403 403 200 403 200 403 403 403", "neighbour": "L 404 403 200 403 200 403 403 403",
             "other": "L 404 404 404 404 404 404 403 403"},
        post={"own": "L 403 403 302 403 302 403 403 403", "neighbour": "L 404 403 302 403 302 403 403 403",
              "other": "L 404 404 404 404 404 404 403 403"},
        data=lambda w, s: {"parent_body": "", "issuer": "ỦY BAN NHÂN DÂN HUYỆN VĂN BÀN", "version": 0}),
    # the signed record of each act (issue 24): the issuing unit downloads the document for digital signing
    # (recorded: its hash is kept) and uploads the signed file (an unsigned PDF here: refused on the page, "ok");
    # whoever reads the document reads the kept file (a scanned paper original here, the round's default path)
    "assessments:doc_for_signing": View(
        kwargs=lambda w, s: {**assessment(S.RECOGNISED)(w, s), "slug": "request"}, writes_on_get=True,
        get={"own": "L 200 403 403 403 403 403 403 403", "neighbour": "L 404 403 403 403 403 403 403 403",
             "other": "L 404 404 404 404 404 404 403 403"}),
    "assessments:doc_signed_record": View(
        kwargs=lambda w, s: {**assessment(S.RECOGNISED)(w, s), "slug": "request"},
        get={"own": "L 200 403 403 403 403 403 403 403", "neighbour": "L 404 403 403 403 403 403 403 403",
             "other": "L 404 404 404 404 404 404 403 403"},
        post={"own": "L ok 403 403 403 403 403 403 403", "neighbour": "L 404 403 403 403 403 403 403 403",
              "other": "L 404 404 404 404 404 404 403 403"},
        data=lambda w, s: {"path": "electronic", "file": pdf_upload("to-trinh-da-ky.pdf")}),
    "assessments:doc_signed_file": View(kwargs=lambda w, s: {"pk": w.once(("signed", s), lambda: paper_record(
        w, s, "appraisal")).pk, "slug": "appraisal"}, get=SEEN_BY_ALL),
    "assessments:decision_for_signing": View(
        kwargs=lambda w, s: {"pk": w.decision(s).pk}, writes_on_get=True,
        get={"own": "L 403 403 200 403 200 403 403 403", "neighbour": "L 404 403 200 403 200 403 403 403",
             "other": "L 404 404 404 404 404 404 403 403"}),
    "assessments:decision_signed_record": View(
        kwargs=lambda w, s: {"pk": w.decision(s).pk},
        get={"own": "L 403 403 200 403 200 403 403 403", "neighbour": "L 404 403 200 403 200 403 403 403",
             "other": "L 404 404 404 404 404 404 403 403"},
        post={"own": "L 403 403 ok 403 ok 403 403 403", "neighbour": "L 404 403 ok 403 ok 403 403 403",
              "other": "L 404 404 404 404 404 404 403 403"},
        data=lambda w, s: {"path": "electronic", "file": pdf_upload("quyet-dinh-da-ky.pdf")}),
    "assessments:decision_signed_file": View(kwargs=lambda w, s: {"pk": w.once(
        ("signed-decision", s), lambda: paper_record(w, s, "decision")).decision_id}, get=SEEN_BY_ALL),
    # the province's rule for the record of its acts: read in the province and by the ministry, set by the
    # province's own staff only (another province's staff: 404, as its rounds)
    "assessments:province_signing": View(
        kwargs=lambda w, s: {"pk": w.province(s).pk},
        get={"own": EVERYONE, "other": SEEN_BY_ALL["other"]},
        post={"own": "L 403 403 403 403 403 302 403 403", "other": "L 404 404 404 404 404 404 403 403"},
        data=lambda w, s: {"electronic_required": "on", "source": "Công văn số 12/UBND-VX (minh họa)"}),
    # a commune's recognition history across the reform: whoever sees the commune
    "communes:history": View(kwargs=lambda w, s: {"pk": w.assessment(s, S.DRAFT).commune_id}, get=SEEN_BY_ALL,
                             post=POST_REFUSED),

    # --- inspections ----------------------------------------------------------------------------------
    "inspections:list": View(get={"-": "L 200 200 200 403 403 200 200 200"}, kwargs=everywhere, absent=other_names,
                             post={"-": "L 405 405 405 405 405 405 405 405"}),
    "inspections:create": View(get={"-": "L 403 403 403 403 403 200 403 403"},
                               post={"-": "L 403 403 403 403 403 302 403 403"},
                               data=lambda w, s: {**PLAN_FORM, "standard": w.standard.pk}),
    "inspections:detail": View(kwargs=plan(), get=PLAN_READERS, post=PLAN_NO_GET),
    "inspections:edit": View(kwargs=plan(), get=PLANNER_PAGE, post=PLANNER_FORM,
                             data=lambda w, s: {**PLAN_FORM, "standard": w.standard.pk,
                                                "version": w.plan(s).version}),
    "inspections:transition": View(kwargs=plan(), get=PLAN_NO_GET, post=PLANNER_ACTS,
                                   data=lambda w, s: {"to": "approved", "confirm": "1", "version": w.plan(s).version}),
    "inspections:team": View(kwargs=plan(), get=PLAN_READERS, post=PLANNER_FORM,
                             data=plan_page(team_role="member", organisation="Sở Tư pháp", name="Phạm Thị Duyên",
                                            position="Chuyên viên")),
    "inspections:subteam_add": View(kwargs=plan(), get=PLAN_NO_GET, post=PLANNER_ACTS, data=plan_page()),
    "inspections:member_delete": View(
        kwargs=lambda w, s: {"pk": w.plan(s).pk, "member_pk": w.plan(s).members.order_by("pk").last().pk},
        get=PLAN_NO_GET, post=PLANNER_ACTS, data=plan_page()),
    "inspections:assignment": View(kwargs=plan(), get=PLAN_READERS, post=PLANNER_FORM, data=assignment_form),
    "inspections:schedule": View(kwargs=plan(), get=PLAN_READERS, post=PLANNER_FORM,
                                 data=lambda w, s: {"visit-unit": w.plan(s).scope.first().unit_id,
                                                    "visit-date": "2025-03-10", "visit-session": "afternoon",
                                                    "visit-version": plan_seen(w.plan(s))}),
    "inspections:scope_remove": View(
        kwargs=lambda w, s: {"pk": w.plan(s).pk, "unit_pk": w.plan(s).scope.order_by("pk").first().unit_id},
        get=PLAN_NO_GET, post=PLANNER_ACTS, data=plan_page(),
        changes_nothing=lambda w, s: s == "neighbour"),  # its only unit has a visit: refused with a message
    "inspections:visit_delete": View(
        kwargs=lambda w, s: {"pk": w.plan(s).pk, "visit_pk": w.plan(s).visits.order_by("pk").first().pk},
        get=PLAN_NO_GET, post=PLANNER_ACTS, data=plan_page()),
    "inspections:outline": View(kwargs=plan(), get=PLAN_READERS, post=PLANNER_FORM,
                                data=plan_page(code="B", title="Kiến nghị, đề xuất")),
    "inspections:duties": View(kwargs=plan(), get=PLAN_READERS, post=PLANNER_FORM,
                               data=plan_page(body="Sở Tư pháp", text="- Phối hợp kiểm tra.")),
    "inspections:duty_delete": View(
        kwargs=lambda w, s: {"pk": w.plan(s).pk, "duty_pk": w.plan(s).duties.order_by("pk").last().pk},
        get=PLAN_NO_GET, post=PLANNER_ACTS, data=plan_page()),
    "inspections:section_delete": View(
        kwargs=lambda w, s: {"pk": w.plan(s).pk, "section_pk": w.plan(s).outline.order_by("pk").last().pk},
        get=PLAN_NO_GET, post=PLANNER_ACTS, data=plan_page()),
    "inspections:unit_report": View(
        kwargs=plan_unit(), get=UNIT_READERS, data=unit_report_form,
        post={"own": "L 302 403 302 403 403 403 403 403",
              "neighbour": "L 404 403 302 403 403 403 403 403",
              "other": "L 404 404 404 403 403 404 403 403"}),
    "inspections:unit_report_file": View(
        kwargs=lambda w, s: {"pk": w.unit_report(s).plan_id, "unit_pk": w.unit_report(s).unit_id},
        get=UNIT_READERS, post=PLAN_NO_GET),
    "inspections:results": View(kwargs=plan("in_progress"), get=PLAN_READERS, post=PLANNER_FORM,
                                data=plan_page("in_progress", "g-", **{"g-general_conclusion": "Các xã thực hiện tốt.",
                                                                       "g-report_number": "12/BC-ĐKT"})),
    "inspections:findings": View(
        kwargs=plan_unit("in_progress"), get=UNIT_READERS,
        post={**{s: r.replace("L 200 200 200", "L 403 403 403") for s, r in PLANNER_FORM.items()},
              "own": "L 403 403 403 403 403 403 403 403"},  # the findings: the cast's appraiser is at the district
        data=findings_form, poster=lambda w, s: w.rechecker(s)),
    "inspections:follow_up_status": View(
        kwargs=lambda w, s: {"pk": w.plan(s, "in_progress").pk, "follow_up_pk": w.follow_up(s).pk},
        get=PLAN_NO_GET, post=PLANNER_ACTS, data=plan_page("in_progress", status="done")),
    "inspections:plan_pdf": View(kwargs=plan(), get=PLAN_READERS, post=PLAN_NO_GET),
    "inspections:schedule_pdf": View(kwargs=plan(), get=PLAN_READERS, post=PLAN_NO_GET),
    "inspections:schedule_xlsx": View(kwargs=plan(), get=PLAN_READERS, post=PLAN_NO_GET),
    "inspections:findings_pdf": View(kwargs=plan("in_progress"), get=PLAN_READERS, post=PLAN_NO_GET),
    "inspections:findings_xlsx": View(kwargs=plan("in_progress"), get=PLAN_READERS, post=PLAN_NO_GET),

    # --- period reviews (issue 27): a commune's part is seen where a dossier is; its officer writes and sends it,
    # the district's office returns it; the district or the province opens a round of the communes it recognises
    "reviews:list": View(get={"-": EVERYONE}, kwargs=lambda w, s: w.reviews_everywhere(), absent=other_names,
                         post=POST_REFUSED),
    "reviews:round_new": View(
        get={"-": "L 403 403 200 403 403 200 403 403"},
        # the province of the cast has districts (before 1/7/2025): its staff open a round of three levels
        # (commune → district → province, the districts' deadline given); a district's round does not use it
        post={"-": "L 403 403 302 403 403 302 403 403"},
        data=lambda w, s: {"kind": "final", "title": "Tổng kết giai đoạn 2021-2024", "year_from": 2021,
                           "year_to": 2024, "commune_due": "10/11/2024", "district_due": "20/11/2024",
                           "unit_due": "25/11/2024"}),
    "reviews:round": View(kwargs=lambda w, s: {"pk": w.review_round(s).pk},
                          get={"own": EVERYONE, "other": SEEN_BY_ALL["other"]}, post=POST_REFUSED),
    # scenario "district": Văn Bàn's part in Lào Cai's round of three levels (before 1/7/2025): the commune does not
    # see it, the district's office writes and sends it to the province, whose staff alone return it
    "reviews:part": View(
        kwargs=lambda w, s: {"pk": w.review_part(s).pk}, get={**SEEN_BY_ALL, "district": DISTRICT_PART_SEEN},
        post={**COMMUNE_ACTS, "district": DISTRICT_PART_ACTS},
        data=lambda w, s: {"version": w.review_part(s).version, "results": "Kết quả", "shortcomings": "Hạn chế",
                           "lessons": "Bài học", "proposals": "Đề xuất"}),
    "reviews:submit": View(kwargs=lambda w, s: {"pk": w.review_part(s).pk}, get=NO_GET,
                           post={**COMMUNE_ACTS, "district": DISTRICT_PART_ACTS},
                           data=lambda w, s: {"version": w.review_part(s).version, "confirm": "1"}),
    "reviews:return": View(
        kwargs=lambda w, s: {"pk": w.review_part(s, "submitted").pk}, get=NO_GET,
        data=lambda w, s: {"version": w.review_part(s, "submitted").version, "comment": "Bổ sung số liệu năm 2024"},
        post={"own": "L 403 403 302 403 403 403 403 403", "neighbour": "L 404 403 302 403 403 403 403 403",
              "other": "L 404 404 404 404 404 404 403 403", "district": "L 404 403 403 403 403 302 403 403"}),

    **{f"reviews:{name}": View(kwargs=lambda w, s: {"pk": w.review_part(s).pk}, get=SEEN_BY_ALL, post=POST_REFUSED)
       for name in ("part_pdf", "part_docx", "part_xlsx")},

    # --- the yearly plans (planning): every level of the province reads them, its provincial staff writes ---
    "planning:list": View(get={"-": EVERYONE}, kwargs=both_yearly_plans, absent=other_names, post=POST_REFUSED),
    # a district's office draws up its own district's plan: offered only its district (the province posted: 200)
    "planning:create": View(get={"-": "L 403 403 200 403 403 200 403 403"},
                            post={"-": "L 403 403 200 403 403 302 403 403"},
                            data=lambda w, s: {"unit": w.units.province.pk, "year": 2026, "issued_by": "office",
                                               "title": "Xây dựng xã, phường phù hợp với trẻ em năm 2026"}),
    "planning:detail": View(kwargs=yearly_plan, get=YEARLY_PLAN_READERS, post=POST_REFUSED),
    "planning:edit": View(kwargs=yearly_plan, get={**YEARLY_PLANNER_PAGE, "district": DISTRICT_PLANNER_PAGE},
                          post={**YEARLY_PLANNER_FORM, "district": DISTRICT_PLANNER_PAGE.replace("200", "ok")},
                          data=yearly_plan_form),
    "planning:outline": View(kwargs=yearly_plan, get={**YEARLY_PLANNER_PAGE, "district": DISTRICT_PLANNER_PAGE},
                             post={**YEARLY_PLANNER_FORM, "district": DISTRICT_PLANNER_PAGE.replace("200", "ok")},
                             data=yearly_outline_form),
    "planning:apply": View(kwargs=yearly_plan, get=POST_REFUSED, post=YEARLY_PLANNER_ACTS,
                           data=lambda w, s: {"round": w.round(s).pk}),
    "planning:pdf": View(kwargs=yearly_plan, get=YEARLY_PLAN_READERS, post=POST_REFUSED),
    "planning:docx": View(kwargs=yearly_plan, get=YEARLY_PLAN_READERS, post=POST_REFUSED),

    # --- reports: recognising units, provincial and national staff ----------------------------------
    "reports:index": View(get={"-": "L 302 302 302 302 302 302 302 302"}),
    **{f"reports:{page}": View(kwargs=everywhere, query=report_query, absent=lambda w, s: OTHER_NAMES if s == "own" else (),  # noqa: E501
                               get=REPORT_READERS, post={"own": "L 405 405 405 405 405 405 405 405"})
       for page in ("summary", "criteria", "trend", "holders")},
    "reports:targets": View(
        kwargs=everywhere, query=report_query, absent=lambda w, s: OTHER_NAMES if s == "own" else (),
        get=REPORT_READERS, data=lambda w, s: {"year": 2026, "percent": 85, "source": "Kế hoạch 2026"},
        post={"own": "L 403 403 302 403 302 302 403 403"}),
    "reports:export": View(
        kwargs=everywhere, query=report_query, get={"own": "L 405 405 405 405 405 405 405 405"},
        data=lambda w, s: {"format": "xlsx"},
        post={"own": "L 403 403 302 403 302 302 302 302", "other": "L 403 403 404 403 404 404 302 302"}),
    # an export belongs to the user who asked for it (here the council chair): no one else finds it
    # the round's dossiers in one ZIP: the provincial staff of the round's province
    "reports:round_bundle": View(
        kwargs=round_kwargs, get=NO_GET,
        post={"own": "L 403 403 403 403 403 302 403 403", "other": "L 404 404 404 404 404 404 403 403"}),
    "reports:export_status": View(
        kwargs=lambda w, s: {"token": w.export_job(s).token},
        get={"own": "L 404 404 404 404 200 404 404 404", "other": "L 404 404 404 404 404 404 404 404"},
        post={"own": "L 405 405 405 405 405 405 405 405"}),
    "reports:export_download": View(
        kwargs=lambda w, s: {"token": w.export_job(s).token},
        get={"own": "L 404 404 404 404 200 404 404 404", "other": "L 404 404 404 404 404 404 404 404"},
        post={"own": "L 405 405 405 405 405 405 405 405"}),
    # --- the read-only API (issue 26): sessions read what their pages read (the lists' and reports' predicates)
    **{f"api:{name}-list": api_list() for name in ("unit", "round", "dossier", "decision", "registration")},
    "api:standard-list": View(get=API_LIST, post=API_POST),
    "api:sector-list": View(get=API_LIST, post=API_POST),
    "api:target-list": View(get={"-": API_REPORTS["own"]}, post={"-": API_REPORTS_POST["own"]},
                            kwargs=api_everywhere, absent=other_names),
    "api:unit-detail": api_detail(lambda w, s: {"pk": w.commune(s).pk}),
    "api:standard-detail": api_detail(lambda w, s: {"pk": w.standard.pk}, get={"-": API_LIST["-"]}),
    "api:sector-detail": api_detail(lambda w, s: {"code": w.cast_sector.code}, get={"-": API_LIST["-"]}),
    "api:round-detail": api_detail(lambda w, s: {"pk": w.round(s).pk},
                                   get={"own": API_READERS["own"], "other": API_READERS["other"]}),
    "api:dossier-detail": api_detail(lambda w, s: {"pk": w.assessment(s, S.DRAFT).pk}),
    "api:decision-detail": api_detail(lambda w, s: {"pk": w.assessment(s, S.RECOGNISED).decision_id},
                                      get={"own": API_READERS["own"], "other": API_READERS["other"]}),
    "api:registration-detail": api_detail(api_registration),
    # a target is a province's: read as the targets page reads them (reports.read)
    "api:target-detail": api_detail(api_target, get=API_REPORTS, post=API_REPORTS_POST),
    **{f"api:report_{page}": View(kwargs=everywhere, query=report_query, get=API_REPORTS, post=API_REPORTS_POST,
                                  absent=lambda w, s: OTHER_NAMES if s == "own" else ())
       for page in ("summary", "criteria", "trend", "holders")},
    # the schema and its documentation are public
    "api:schema": View(get=PUBLIC, post=PUBLIC_POST),
    "api:docs": View(get=PUBLIC, post=PUBLIC_POST),
    "api:redoc": View(get=PUBLIC, post=PUBLIC_POST),
}


# --- running one request ------------------------------------------------------------------------------

def outcome(response):
    if response.status_code in (301, 302):
        location = response["Location"]
        if location.startswith((reverse("login"), reverse("admin:login"))):
            return "L"
        return "302"
    return str(response.status_code)


def matches(expected, actual):
    return actual in ("200", "302") if expected == "ok" else actual == expected


class Caller:
    """Sends requests as each role of the cast, each in a savepoint rolled back afterwards."""

    def __init__(self, world):
        self.sessions = {}
        for role, user in world.cast.items():
            self.sessions[role] = session_of(user)

    def add(self, name, user):
        """Send requests as one more user, not of the cast, by ``name``."""
        self.sessions[name] = session_of(user)

    def client(self, role, csrf=False):
        c = Client(enforce_csrf_checks=csrf, raise_request_exception=False)
        if role != "anonymous":
            c.cookies["sessionid"] = self.sessions[role]
        return c

    def send(self, role, method, url, data, csrf=False):
        client = self.client(role, csrf)
        with transaction.atomic():
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url) if method == "get" else client.post(url, data)
                if getattr(response, "streaming", False):  # reading to the end closes the file;
                    b"".join(response.streaming_content)   # never close() again: on PostgreSQL that
                                                           # would close the test's connection
            transaction.set_rollback(True)
        self.writes = [q["sql"] for q in queries.captured_queries  # whole, with their values
                       if WRITE.match(q["sql"]) and not NOT_DATA.search(q["sql"].split("(")[0])]
        writes = [sql[:120] for sql in self.writes]
        self.body = b"" if getattr(response, "streaming", False) else response.content
        self.cache_control = response.get("Cache-Control", "") if response.has_header("Content-Disposition") else None
        return outcome(response), writes


def last_body(caller):
    return caller.body.decode("utf-8", "replace")


def check_view(name, view, world):
    caller = Caller(world)
    problems, checks, csrf_done = [], 0, False
    for method in ("get", "post"):
        rows = view.rows(method)
        if method == "post" and view.post is None:  # read-only: a POST by anyone writes nothing
            rows = {s: dict.fromkeys(ROLES, "*") for s in view.rows("get")}
        for scenario, expected in rows.items():
            url = reverse(name, kwargs=view.kwargs(world, scenario)) + view.query(world, scenario)
            for role in ROLES:
                data = view.data(world, scenario) if method == "post" else None
                actual, writes = caller.send(role, method, url, data)
                checks += 1
                want = expected[role]
                if want != "*" and not matches(want, actual):
                    problems.append(f"{method.upper()} {scenario:9} {role:17} expected {want}, got {actual}  {url}")
                if actual == "200" and role not in SEES_ALL and view.absent(world, scenario):
                    leaked = [n for n in view.absent(world, scenario) if n in last_body(caller)]
                    if leaked:
                        problems.append(f"{method.upper()} {scenario:9} {role:17} shows {leaked}  {url}")
                if actual == "200" and caller.cache_control is not None and "no-store" not in caller.cache_control:
                    problems.append(f"{method.upper()} {scenario:9} {role:17} a file without Cache-Control: no-store "
                                    f"({caller.cache_control!r})  {url}")
                denied = actual in DENIED or want in DENIED or want == "*"
                allowed_write = method == "get" and view.writes_on_get and actual == "200"
                if writes and denied and not allowed_write:
                    problems.append(f"{method.upper()} {scenario:9} {role:17} {actual} but wrote: {writes}")
                if method == "post" and want == "302" and actual == "302" and not writes \
                        and not view.changes_nothing(world, scenario):
                    # an act the matrix allows must be made, or its "302" only proves a redirect
                    problems.append(f"POST {scenario:9} {role:17} 302 but wrote nothing  {url}")
            # CSRF: the first role allowed to post in this scenario posts without the token
            if method == "post" and view.post is not None and not csrf_done:
                allowed = [r for r in ROLES if expected[r] in ("200", "302", "ok")]
                if allowed:
                    actual, writes = caller.send(allowed[0], "post", url, view.data(world, scenario), csrf=True)
                    checks += 1
                    csrf_done = True
                    if actual != "403" or writes:
                        problems.append(f"POST {scenario:9} {allowed[0]:17} without CSRF token: {actual} {writes}")
    return problems, checks


@pytest.fixture
def world(standard, units, users, media_root):
    return World(standard, units, users)


def test_every_url_of_the_project_is_in_the_matrix():
    names = {name for name, _pattern in all_patterns()}
    missing = sorted(names - set(MATRIX))
    stale = sorted(set(MATRIX) - names)
    assert not missing, f"add these views to MATRIX with their expected outcomes: {missing}"
    assert not stale, f"these views are gone; remove them from MATRIX: {stale}"


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_permission_matrix(name, world):
    problems, checks = check_view(name, MATRIX[name], world)

    assert checks >= len(ROLES)
    assert not problems, f"{name}: {len(problems)} of {checks} checks failed\n" + "\n".join(problems)


def matrix_size():
    """(views, checks): requests the matrix sends, as counted in check_view."""
    checks = 0
    for view in MATRIX.values():
        scenarios = len(view.get)
        checks += scenarios * len(ROLES) * 2  # GET and POST (read-only views get a POST too)
        if view.post is not None and any(t in ("200", "302", "ok") for r in view.post.values() for t in r.split()):
            checks += 1  # the CSRF probe
    return len(MATRIX), checks


def test_the_matrix_size_is_what_the_readme_reports():
    from django.conf import settings

    readme = (settings.BASE_DIR / "README.md").read_text(encoding="utf-8")
    stated = re.search(r"every URL of `config.urls` \((\d+) views.*?\*\*([\d,]+) requests\*\*", readme, re.S)
    assert stated, "README's security section no longer states the matrix's size"
    assert matrix_size() == (int(stated.group(1)), int(stated.group(2).replace(",", ""))), matrix_size()
