"""Who is told when a review moves (accounts.notifications.notify), as for a dossier (assessments.events):

- a round opened: the writers of every part (communes, districts in a province's round of three levels, the
  unit's own), each with its deadline;
- a part sent to a level of the round (a commune's to its district, or to the province after 1/7/2025; a
  district's to the province): the office of the receiving unit;
- a part returned: its unit's writers, with what is missing and the deadline;
- the round's unit's part sent: the level above (the province's staff over a district, the ministry over a
  province);
- each deadline 7 days and 1 day ahead and the day after, to the writers of a part not sent, and the day after the
  deadline of the parts a unit receives, to that unit's office, naming those not sent (``send_reminders``, run
  with the dossiers' nightly reminders).

Who is who is asked of reviews.permissions; the key names the part's version, so a move is told once.
"""

import datetime

from django.db.models import Q
from django.urls import reverse

from accounts.models import User
from accounts.notifications import notify
from reviews import permissions


def _d(day):
    return day.strftime("%d/%m/%Y") if day else "—"


def round_opened(round_):
    units = [p.unit_id for p in round_.parts.all()]
    people = permissions.writers_of(User.objects.filter(unit_id__in=units, is_active=True)).select_related("unit")
    created = []
    for part in round_.parts.select_related("unit"):
        own = part.unit_id == round_.unit_id or part.is_middle
        due = part.due
        told = [u for u in people if u.unit_id == part.unit_id and (own or permissions.told_as_commune(u))]
        created += notify(told, f"review:{round_.pk}:opened", f"{round_.get_kind_display()} giai đoạn {round_.span}: "
                          f"hạn gửi báo cáo {_d(due)}",
                          f"{round_.unit} mở đợt {round_.get_kind_display().lower()} {round_.title} "
                          f"(giai đoạn {round_.span}). Báo cáo của {part.unit} gửi chậm nhất ngày {_d(due)}; "
                          "số liệu phần xây dựng xã phù hợp với trẻ em được lập sẵn từ dữ liệu.",
                          reverse("reviews:part", args=[part.pk]))
    return created


def part_moved(part, move):
    round_, url = part.round, reverse("reviews:part", args=[part.pk])
    key = f"review-part:{part.pk}:{move}:{part.version}"
    receiver = permissions.receiving_unit(part)
    if move == "return":
        people = permissions.writers_of(User.objects.filter(unit_id=part.unit_id, is_active=True))
        told = [u for u in people if part.is_middle or permissions.told_as_commune(u)]
        return notify(told, key,
                      f"Báo cáo {round_.get_kind_display().lower()} của {part.unit} được trả lại để bổ sung",
                      f"{receiver} trả lại báo cáo của {part.unit}.\nNội dung cần bổ sung: {part.return_comment}\n"
                      f"Hạn gửi báo cáo: {_d(part.due)}.", url)
    if receiver is None:
        above = round_.unit.parent  # the province over a district; None over a province: the ministry
        people = User.objects.filter(is_active=True).filter(unit=above) if above else User.objects.filter(
            is_active=True, unit__isnull=True)
        told = [u for u in people if permissions.told_above(u, above)]
        body = (f"{part.unit} đã gửi báo cáo {round_.get_kind_display().lower()} giai đoạn {round_.span} "
                f"ngày {_d(part.submitted_on)} (hạn {_d(round_.unit_due)}).")
    else:
        people = User.objects.filter(unit_id=receiver.pk, is_active=True)
        told = [u for u in people if permissions.told_as_receiver(u)]
        body = (f"{part.unit} đã gửi báo cáo {round_.get_kind_display().lower()} giai đoạn {round_.span} "
                f"ngày {_d(part.submitted_on)} (hạn {_d(part.due)}).")
    return notify(told, key, f"Báo cáo {round_.get_kind_display().lower()} của {part.unit} đã gửi", body, url)


# --- the two deadlines, reminded with the dossiers' (assessments.deadlines.register_reminders) -----------

def _kinds(on):
    """{deadline day: "d7" | "d1" | "late"} reminded on day ``on``: 7 days and 1 day ahead, the day after."""
    from assessments.deadlines import AHEAD

    days = {on + datetime.timedelta(days=n): f"d{n}" for n in AHEAD}
    days[on - datetime.timedelta(days=1)] = "late"
    return days


def _reminder_subject(kind, due, what):
    if kind == "d7":
        return f"Còn 7 ngày đến hạn {what} ({_d(due)})"
    if kind == "d1":
        return f"Ngày mai ({_d(due)}) là hạn {what}"
    return f"Đã quá hạn {what} ({_d(due)})"


def send_reminders(on):
    """The review parts not sent by a deadline 7 days or 1 day ahead, or passed the day before: their writers
    are told; the day after the communes' deadline the round's unit's office is told which communes have not
    sent. Keys name the part (or round) and the kind, so a second run of the day tells nobody twice."""
    from reviews.models import ReviewPart, ReviewRound

    kinds, created = _kinds(on), []
    rounds = ReviewRound.objects.filter(Q(commune_due__in=list(kinds)) | Q(district_due__in=list(kinds))
                                        | Q(unit_due__in=list(kinds)))
    for round_ in rounds.select_related("unit"):
        everyone = list(round_.parts.select_related("unit", "round"))
        parts = [p for p in everyone if p.status != ReviewPart.Status.SUBMITTED]
        receivers = {p.pk: p for p in everyone if p.is_units_own or p.is_middle}
        people = list(User.objects.filter(unit_id__in={p.unit_id for p in everyone}, is_active=True))
        writers = set(permissions.writers_of(User.objects.filter(pk__in=[u.pk for u in people]))
                      .values_list("pk", flat=True))
        kind_word = round_.get_kind_display().lower()
        for part in parts:
            due = part.due
            if due not in kinds:
                continue
            kind = kinds[due]
            what = f"gửi báo cáo {kind_word} giai đoạn {round_.span}"
            told = [u for u in people if u.pk in writers and u.unit_id == part.unit_id]
            created += notify(told, f"review-deadline:{part.pk}:{kind}", _reminder_subject(kind, due, what),
                              f"{round_.unit}: {round_.title} (giai đoạn {round_.span}).\nBáo cáo của {part.unit} "
                              f"chưa gửi; hạn {_d(due)}.", reverse("reviews:part", args=[part.pk]))
        # the day after a deadline of the parts a unit receives: its office, with those not sent
        for receiver in receivers.values():
            below = [p for p in parts if p.above_id == receiver.pk]
            if not below or kinds.get(below[0].due) != "late":
                continue
            level = "cấp huyện" if receiver.is_units_own and round_.three_levels else "cấp xã"
            office = [u for u in people if u.unit_id == receiver.unit_id and permissions.told_as_receiver(u)]
            key = (f"review-deadline:{round_.pk}:communes:late" if receiver.is_units_own and not round_.three_levels
                   else f"review-deadline:{receiver.pk}:below:late")
            created += notify(office, key,
                              _reminder_subject("late", below[0].due, f"{level} gửi báo cáo {kind_word}"),
                              f"Chưa gửi báo cáo: {', '.join(p.unit.name for p in below)}.",
                              reverse("reviews:part", args=[receiver.pk]) if receiver.is_middle
                              else reverse("reviews:round", args=[round_.pk]))
    return created
