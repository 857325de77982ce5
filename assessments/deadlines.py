"""Deadlines of a round, who must meet each, whether it was met, and the reminders.

Each deadline names what is due and the text that sets it, in that text's words (the round's
``<key>_source``; blank: no text sets it and the page says the province chose the day). What the
provinces' plans at hand write (quoted in the README): communes send their dossier to the district
"trước ngày 15/11/2022" (Lạng Sơn, 2022, IV.3); the districts report the year's results and next year's
target to the Sở "trước ngày 30 tháng 11 hàng năm" (Ninh Thuận 2017, VI.1; Lạng Sơn 2022, IV.4: a
report, not the deadline of the decisions); the Sở reports to the provincial People's Committee and the
ministry "trước ngày 10 tháng 12 hàng năm" (Ninh Thuận 2017, VI.2). None of them sets a day for
registration, appraisal or the decision. Whether a dossier met a deadline is judged by the day of its
act (submitted_on, appraisal_report_on, the decision's signed_on), never by when the act was recorded:
a dossier submitted on 14/11 and recorded on 20/11 is on time.

``send_reminders(on)`` (the nightly command and task) tells the unit that must act, 7 days and 1 day
before a deadline and the day after it passed, what is still missing; a notification's key names the
round, the deadline, the unit and the reminder, so running it twice for one day sends nothing twice.
The two reports record no act here: their reminders go before the day only.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from accounts.models import User
from accounts.notifications import digest_due, notify, retry_due
from assessments import permissions
from assessments.models import Assessment, Registration, Round
from communes.models import REFORM_DATE
from communes.selectors import recognising_units

S = Assessment.Status
DONE_SUBMISSION = [S.SUBMITTED, S.ACCEPTED, S.APPRAISED, S.RECOGNISED, S.NOT_RECOGNISED]
DONE_APPRAISAL = [S.APPRAISED, S.RECOGNISED, S.NOT_RECOGNISED]
DONE_DECISION = [S.RECOGNISED, S.NOT_RECOGNISED]
AHEAD = (7, 1)  # days before a deadline a reminder goes; and one the day after it passed


@dataclass(frozen=True)
class Deadline:
    key: str
    label: str
    due: datetime.date
    source: str
    who: str          # who must act, in words (which users: assessments.permissions.DEADLINE_ACTORS)
    remind_after: bool = True


NO_SOURCE = "Chưa ghi văn bản đặt hạn này (ngày do tỉnh chọn khi mở đợt)"
REPORTS = ("district_report", "report")  # no act is recorded for them here


def of_round(r):
    """The round's deadlines in order (registration and the district's report only when set)."""
    two_tier = r.province.valid_from >= datetime.date.fromisoformat(REFORM_DATE)  # no district level
    parent = "UBND cấp tỉnh" if two_tier else "UBND cấp huyện"
    rows = (
        ("registration", "Hạn xã đăng ký xây dựng xã, phường phù hợp với trẻ em", "UBND cấp xã", False),
        ("submission", f"Hạn xã gửi hồ sơ đề nghị công nhận về {parent}", "UBND cấp xã", True),
        ("appraisal", "Hạn hoàn thành thẩm định hồ sơ", f"{parent} (cơ quan tiếp nhận hồ sơ) và các ngành", True),
        ("decision", "Hạn ra quyết định công nhận", f"{parent} (Chủ tịch, Hội đồng xét công nhận)", True),
        ("district_report", "Hạn UBND cấp huyện báo cáo kết quả trong năm và chỉ tiêu năm sau về Sở",
         "UBND cấp huyện", False),
        ("report", "Hạn Sở tổng hợp báo cáo UBND tỉnh và Bộ", "Cấp tỉnh", False),
    )
    return [Deadline(key, label, getattr(r, f"{key}_due"), getattr(r, f"{key}_source") or NO_SOURCE, who,
                     remind_after)
            for key, label, who, remind_after in rows if getattr(r, f"{key}_due")]


# --- judged by the act's day -----------------------------------------------------------------------

def act_day(a, key):
    """The day dossier ``a`` did the act of deadline ``key`` (None while it has not)."""
    if key == "submission":
        return a.submitted_on if a.status in DONE_SUBMISSION else None
    if key == "appraisal":
        return a.appraisal_report_on if a.status in DONE_APPRAISAL else None
    if key == "decision":
        return a.decision.signed_on if a.status in DONE_DECISION and a.decision_id else None
    return None


def missing_on(key, day):
    """A filter on Assessment: dossiers whose act of deadline ``key`` was not done by ``day``."""
    if key == "submission":
        return ~Q(status__in=DONE_SUBMISSION) | Q(submitted_on__gt=day)
    if key == "appraisal":  # a dossier not yet submitted is the commune's to do, not the appraisers'
        return Q(status__in=[S.SUBMITTED, S.ACCEPTED]) | Q(status__in=DONE_APPRAISAL, appraisal_report_on__gt=day)
    if key == "decision":
        return Q(status=S.APPRAISED) | Q(status__in=DONE_DECISION, decision__signed_on__gt=day)
    return Q(pk__in=[])


def state(deadline, dossiers, today):
    """How the deadline stands for ``dossiers`` (the user's): counts on time, late, open and overdue."""
    on_time = late = open_ = 0
    for a in dossiers:
        if deadline.key not in ("submission", "appraisal", "decision"):
            break
        day = act_day(a, deadline.key)
        if day is not None:
            on_time, late = on_time + (day <= deadline.due), late + (day > deadline.due)
        elif deadline.key == "submission" or a.status in {"appraisal": [S.SUBMITTED, S.ACCEPTED],
                                                          "decision": [S.APPRAISED]}[deadline.key]:
            open_ += 1
    return {"on_time": on_time, "late": late, "open": open_,
            "overdue": open_ if today > deadline.due else 0, "days_left": (deadline.due - today).days}


def summary(deadline, st):
    """One line in Vietnamese for a deadline's state."""
    parts = []
    if st["open"]:
        parts.append(f"{st['open']} hồ sơ quá hạn" if st["overdue"] else f"{st['open']} hồ sơ chưa xong")
    if st["late"]:
        parts.append(f"{st['late']} hồ sơ xong sau hạn")
    if st["on_time"]:
        parts.append(f"{st['on_time']} hồ sơ đúng hạn")
    if not parts and deadline.key in ("registration", *REPORTS):
        parts.append("đã qua" if st["days_left"] < 0 else f"còn {st['days_left']} ngày")
    return "; ".join(parts) or "không có hồ sơ"


def for_round_page(r, dossiers, today):
    """Rows of the round page's deadlines table for the dossiers the user sees."""
    rows = []
    for d in of_round(r):
        st = state(d, dossiers, today)
        rows.append({"deadline": d, "state": st, "summary": summary(d, st), "overdue": bool(st["overdue"])})
    return rows


def home_panels(user, today=None):
    """The home page's "Hạn của đơn vị" panel: the latest round's deadlines the user's unit must meet,
    with what is open, overdue or done late (two queries: the round, the unit's dossiers; a commune's
    registration one more)."""
    keys = permissions.deadlines_of(user)
    if not keys or user.unit_id is None:
        return []
    today = today or timezone.localdate()
    r = (Round.objects.visible_to(user).select_related("province").order_by("-year", "-submission_due").first())
    if r is None:
        return []
    dossiers = Assessment.objects.filter(round=r).select_related("decision").only(
        "status", "submitted_on", "appraisal_report_on", "decision__signed_on")
    dossiers = list(permissions.dossiers_behind_deadlines(user, dossiers))
    registered = (Registration.objects.filter(round=r, commune_id=user.unit_id)
                  .values_list("registered_on", flat=True).first() if "registration" in keys else None)
    items = []
    for d in of_round(r):
        if d.key not in keys:
            continue
        st = state(d, dossiers, today)
        status, overdue = summary(d, st), bool(st["overdue"])
        if d.key == "registration":
            if registered:
                status = f"đã đăng ký ngày {_d(registered)}" + ("" if registered <= d.due else ", sau hạn")
            elif dossiers or today > d.due:
                continue  # taking part without registering, or the day is gone: registering is a choice
            else:
                status = f"chưa đăng ký, còn {st['days_left']} ngày"
        elif d.key == "submission" and not dossiers:
            if not registered:
                continue  # the commune takes no part this year
            status, overdue = "hồ sơ chưa bắt đầu", today > d.due
        elif d.key in REPORTS:
            overdue = False  # a report is no act recorded here: the date passed, nobody knows if late
        items.append({"label": f"{d.label} năm {r.year}", "url": reverse("assessments:round", args=[r.pk]),
                      "due": d.due, "overdue": overdue, "status": status, "source": d.source})
    return [{"title": "Hạn của đơn vị", "items": items, "empty_text": "Không có hạn nào đang chờ đơn vị."}]


# --- reminders -----------------------------------------------------------------------------------

def _d(day):
    return day.strftime("%d/%m/%Y")


def _lower(label):
    return label[0].lower() + label[1:]


def _subject(d, kind):
    if kind == "d7":
        return f"Còn 7 ngày đến {_lower(d.label)} ({_d(d.due)})"
    if kind == "d1":
        return f"Ngày mai ({_d(d.due)}) là {_lower(d.label)}"
    return f"Đã quá {_lower(d.label)} ({_d(d.due)})"


def _body(r, d, kind, names):
    lines = [f"Đợt đánh giá xã, phường phù hợp với trẻ em năm {r.year} – {r.province.name}.",
             f"{d.label}: {_d(d.due)} (căn cứ: {d.source}).", f"Đơn vị thực hiện: {d.who}."]
    if names:
        lines.append(("Hồ sơ chưa hoàn thành: " if kind != "late" else "Hồ sơ quá hạn: ") + ", ".join(names) + ".")
    if kind == "late":
        lines.append("Đề nghị đơn vị hoàn thành ngay và ghi đúng ngày của văn bản khi nhập vào hệ thống.")
    return "\n".join(lines)


def reminders_due(on):
    """(round, deadline, kind) for every deadline reminded on day ``on``."""
    days = {on + datetime.timedelta(days=n): f"d{n}" for n in AHEAD}
    after = on - datetime.timedelta(days=1)
    wanted = list(days) + [after]
    rounds = Round.objects.filter(
        Q(submission_due__in=wanted) | Q(appraisal_due__in=wanted) | Q(decision_due__in=wanted)
        | Q(district_report_due__in=wanted) | Q(report_due__in=wanted)).select_related("province")
    for r in rounds:
        for d in of_round(r):
            if d.key == "registration":
                continue  # registering is the commune's choice: nobody is chased for it
            if d.due in days:
                yield r, d, days[d.due]
            elif d.due == after and d.remind_after:
                yield r, d, "late"


def _units_to_remind(r, d, on):
    """{unit id: [names of the dossiers missing]} of the units that must act for deadline ``d``."""
    if d.key == "report":
        return {r.province_id: []}
    if d.key == "district_report":  # every recognising district with a dossier in the round, on the day due
        communes = [a.commune for a in Assessment.objects.filter(round=r).select_related("commune__parent")]
        return {unit.pk: [] for unit in recognising_units(communes, d.due).values() if unit is not None}
    missing = list(Assessment.objects.filter(round=r).filter(missing_on(d.key, on))
                   .select_related("commune__parent").order_by("commune__path"))
    by = recognising_units([a.commune for a in missing], d.due) if d.key != "submission" else {}
    units = {}
    for a in missing:
        unit = a.commune_id if d.key == "submission" else by[a.commune_id].pk
        units.setdefault(unit, []).append(a.commune.name)
    if d.key == "submission":  # registered, dossier not started
        for reg in (Registration.objects.filter(round=r).exclude(commune__assessments__round=r)
                    .select_related("commune")):
            units.setdefault(reg.commune_id, []).append(reg.commune.name)
    return units


# the deadline reminders of the apps above this one (reviews: the review parts' two deadlines), each a function
# of the day returning the notifications it made, registered from their AppConfig.ready (this app imports none)
MORE_REMINDERS = []


def register_reminders(send):
    """Run ``send(on)`` with the nightly reminders (once however often an app is readied)."""
    if send not in MORE_REMINDERS:
        MORE_REMINDERS.append(send)
    return send


def send_reminders(on):
    """Record (and e-mail) the deadline reminders of day ``on``, the dossiers' and those registered by the apps
    above (``register_reminders``); returns the notifications created."""
    created = []
    for r, d, kind in reminders_due(on):
        for unit_id, names in _units_to_remind(r, d, on).items():
            users = permissions.reminded(User.objects.filter(is_active=True, unit_id=unit_id), d.key)
            created += notify(users, f"deadline:{r.pk}:{d.key}:{unit_id}:{kind}", _subject(d, kind),
                              _body(r, d, kind, names), url=reverse("assessments:round", args=[r.pk]))
    for send in MORE_REMINDERS:
        created += send(on)
    return created


# where a new round's deadlines can come from: the apps above this one (planning: the province's plan of the year)
# register a function (province, year) -> {form field: initial value} or None, and a function told of each round
# opened (round, by), from their AppConfig.ready (this app imports none)
PROPOSERS, ON_OPENED = [], []


def register_proposer(propose, opened=None):
    """``propose(province, year)``: a round's deadlines and their sources for the opening form; ``opened(round,
    by)``: called in the opening's transaction (to keep the link to where the days came from)."""
    if propose not in PROPOSERS:
        PROPOSERS.append(propose)
    if opened is not None and opened not in ON_OPENED:
        ON_OPENED.append(opened)
    return propose


def proposed_for(province, year) -> dict:
    """The first proposal of a registered app for the province's round of ``year`` ({} when none)."""
    for propose in PROPOSERS:
        found = propose(province, year)
        if found:
            return found
    return {}


def round_opened(r, by):
    for opened in ON_OPENED:
        opened(r, by)


@task()
def send_reminders_task(on=None):
    """The nightly task: the reminders of ``on`` (ISO date; default today), then e-mails due again and the
    day's digests."""
    day = datetime.date.fromisoformat(on) if on else timezone.localdate()
    n = len(send_reminders(day))
    retry_due()
    digest_due(day)
    return n
