"""The assessment dossier's moves as data: one table read by services, views, templates and the home page.

Pure: plain strings in, moves out; no models (assessments.permissions works out the user's relation
to a dossier and calls ``available``). A move names the states it leaves from, the state it leads to,
who may make it (roles and their unit's relation to the commune), its Vietnamese label, and whether
it is irreversible, in which case the page asks for confirmation with ``consequence`` in words.
"""

import datetime

from django.utils.translation import gettext_lazy as _

from core.moves import Move

# Assessment.Status values
DRAFT, SUBMITTED, RETURNED = "draft", "submitted", "returned"
ACCEPTED, APPRAISED = "accepted", "appraised"
RECOGNISED, NOT_RECOGNISED = "recognised", "not_recognised"

# accounts.Role values
COMMUNE_OFFICER, SECTOR_APPRAISER = "commune_officer", "sector_appraiser"
DISTRICT_OFFICER, COUNCIL_CHAIR = "district_officer", "council_chair"
RECOGNISING_ROLES = (DISTRICT_OFFICER, COUNCIL_CHAIR)

# how the user's unit stands to the dossier's commune
OWN_COMMUNE = "own_commune"            # the commune itself
RECOGNISING_UNIT = "recognising_unit"  # the commune's parent (district before 7/2025, province after)
OWNING_SECTOR = "owning_sector"        # an appraiser of a sector owning criteria, over the commune


MOVES = (
    Move("submit", (DRAFT, RETURNED), SUBMITTED, (COMMUNE_OFFICER,), OWN_COMMUNE, _("Nộp hồ sơ"),
         confirm=True, url_name="submit", icon="send",
         consequence=_("Hồ sơ của %(commune)s được gửi lên %(unit)s. Sau khi nộp, xã không thể sửa điểm, "
                       "minh chứng hay thông tin hội đồng, trừ khi hồ sơ được trả lại để bổ sung.")),
    Move("accept", (SUBMITTED,), ACCEPTED, RECOGNISING_ROLES, RECOGNISING_UNIT, _("Tiếp nhận hồ sơ hợp lệ"),
         confirm=True, url_name="accept", style="success", icon="check2-square",
         consequence=_("Hồ sơ của %(commune)s được tiếp nhận là hợp lệ và chuyển các ngành thẩm định. "
                       "Sau bước này không thể trả hồ sơ lại cho xã.")),
    Move("return", (SUBMITTED,), RETURNED, RECOGNISING_ROLES, RECOGNISING_UNIT, _("Trả lại"),
         url_name="return", style="outline-danger", icon="arrow-return-left"),
    Move("appraise", (ACCEPTED,), ACCEPTED, (SECTOR_APPRAISER,), OWNING_SECTOR,
         _("Thẩm định tiêu chí của ngành")),
    Move("complete_appraisal", (ACCEPTED,), APPRAISED, RECOGNISING_ROLES, RECOGNISING_UNIT,
         _("Hoàn thành thẩm định"), confirm=True, url_name="complete_appraisal", style="success",
         icon="clipboard-check",
         consequence=_("Kết quả thẩm định của các ngành đối với hồ sơ của %(commune)s được chốt: không ngành "
                       "nào sửa được điểm thẩm định nữa, hồ sơ chờ quyết định công nhận.")),
    Move("recognise", (APPRAISED,), RECOGNISED, RECOGNISING_ROLES, RECOGNISING_UNIT, _("Công nhận"),
         confirm=True, consequence=_("%(commune)s được công nhận đạt chuẩn theo quyết định này.")),
    Move("not_recognise", (APPRAISED,), NOT_RECOGNISED, RECOGNISING_ROLES, RECOGNISING_UNIT,
         _("Không công nhận"), confirm=True,
         consequence=_("%(commune)s không được công nhận; lý do được ghi vào quyết định.")),
)
BY_NAME = {m.name: m for m in MOVES}
# the moves a decision makes, by the outcome chosen for each dossier
DECISION_MOVES = {True: BY_NAME["recognise"], False: BY_NAME["not_recognise"]}


def move(name: str) -> Move:
    return BY_NAME[name]


def available(status: str, role: str, relations) -> list[Move]:
    """The moves a user with ``role`` and these unit ``relations`` may make from ``status``."""
    return [m for m in MOVES if status in m.sources and m.allows(role, relations)]


def statuses_to_act(role: str, where: str) -> list[str]:
    """The states in which a user of ``role`` related by ``where`` has a move to make."""
    return sorted({s for m in MOVES if m.allows(role, {where}) for s in m.sources})


# --- dates of the acts ----------------------------------------------------------------------
# Every official act of a dossier carries the day it happened, typed by whoever records it; the audit
# history keeps separately when it was recorded and by whom. The rule below is the one check of that
# day, used by every service that records an act.

def act_window(*, period_start, year):
    """The days an act of round ``year`` may bear: from the evaluation period's start to the end of the
    year after the round's (a decision or late appraisal may fall in January of the next year, a
    correction later in that year; a 2024 dossier is never dated 2026)."""
    return period_start, datetime.date(year + 1, 12, 31)


def act_date_refusal(day, *, today, period_start, year, after=None, after_label=""):
    """Why ``day`` cannot be the date of an act of round ``year``, or None when it can.

    Refused: a day in the future (after ``today``), a day outside act_window, a day before ``after``
    (the date of the act this one follows, named by ``after_label``).
    """
    if day is None:
        return _("Hãy nhập ngày của văn bản, sự việc (dd/mm/yyyy).")
    first, last = act_window(period_start=period_start, year=year)
    text = day.strftime("%d/%m/%Y")
    if day > today:
        return _("Ngày %(d)s chưa đến: chỉ ghi nhận việc đã diễn ra (hôm nay là %(t)s).") % {
            "d": text, "t": today.strftime("%d/%m/%Y")}
    if not first <= day <= last:
        return _("Ngày %(d)s nằm ngoài thời gian của đợt đánh giá năm %(y)s (từ %(a)s đến %(b)s).") % {
            "d": text, "y": year, "a": first.strftime("%d/%m/%Y"), "b": last.strftime("%d/%m/%Y")}
    if after is not None and day < after:
        return _("Ngày %(d)s sớm hơn %(what)s (%(a)s).") % {
            "d": text, "what": after_label or _("việc trước đó"), "a": after.strftime("%d/%m/%Y")}
    return None


def default_act_date(*, today, period_start, year, after=None):
    """The day a form proposes (and a service takes when none is given): today while the round's
    window is open; for a round whose window has closed (a province recording its past), the date of
    the act this one follows, or the window's last day; never a day of the recording outside it."""
    first, last = act_window(period_start=period_start, year=year)
    if first <= today <= last and (after is None or after <= today):
        return today
    if after is not None and first <= after <= last:
        return after
    return min(max(today, first), last)
