"""State changes of the assessment workflow, one function per action.

Each takes keyword-only arguments, checks the actor (assessments.permissions), the state and the
data on the server, changes the rows in one transaction and records the move.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments import deadlines, events, permissions
from assessments import rules as moves
from assessments.models import Assessment, Council, Decision, Registration, Round, Score, Transition
from assessments.selectors import closed_round_text, closing_decision
from communes.models import REFORM_DATE
from communes.selectors import communes_without_tier, recognising_units, tier_in_year
from core.files import files_follow_commit, save_file
from core.formatting import thousands
from core.locking import SavedRows, StaleEdit, check_version, check_version_or_repeat
from core.text import MAX_TEXT, visible
from core.uploads import EVIDENCE_TYPES, name_refusal, opens_as, sniff, unsafe_codes
from criteria import rules

S = Assessment.Status


def _lock(assessment_id, seen_version=None):
    a = (Assessment.objects.select_for_update(of=("self",))
         .select_related("round__standard", "round__province", "commune__parent").get(pk=assessment_id))
    _check_version(a, seen_version)
    return a


def _lock_seen(assessment_id, seen_version):
    """_lock for a write typed on a page: the page's version is required (None, no page, is refused too:
    without it the write could overwrite changes the person never saw)."""
    if seen_version is None:
        raise ValidationError(_("Trang đã cũ hoặc không hợp lệ: hãy tải lại trang rồi nhập lại."))
    return _lock(assessment_id, seen_version)


def _seen(seen_version):
    """The page's version for check_version: a move made from a page requires it, so None (no version
    given) is refused like a form that came without it, never let through unchecked."""
    return "" if seen_version is None else seen_version


def _stale_text(a):
    """The stale page's message for dossier ``a``, written from the version the page saw: what changed."""
    return lambda seen: " ".join([
        _("Hồ sơ vừa được người khác cập nhật (phiên bản %(now)s, bạn đang xem %(seen)s); "
          "thay đổi của bạn chưa được lưu.") % {"now": a.version, "seen": seen},
        *_changes_since(a, seen),
        _("Hãy tải lại trang để xem thay đổi rồi nhập lại.")])


def _check_version(a, seen_version):
    """Refuse a change made on a page older than the assessment (core.locking), saying what changed."""
    check_version(a.version, seen_version, stale=_stale_text(a))


def _repeat(a, seen_version, *, unchanged):
    """core.locking.check_version_or_repeat on dossier ``a``: True when an older page sent what is stored
    (its save sent again after the answer was lost: write nothing), False when the page is current."""
    return check_version_or_repeat(a.version, seen_version, stale=_stale_text(a), unchanged=unchanged)


def _changes_since(a, seen, limit=8):
    """What others changed after the version this user saw, read from the audit history."""
    seen_at = a.history.filter(version=seen).order_by("-history_date").values_list("history_date", flat=True).first()
    if seen_at is None:
        return []
    lines = []
    for t in a.transitions.filter(at__gt=seen_at).select_related("by"):
        lines.append(_("%(who)s chuyển hồ sơ sang “%(s)s”.") % {
            "who": t.by.display_name if t.by else "—", "s": S(t.to_status).label})
    for r in (Score.history.filter(assessment_id=a.pk, history_date__gt=seen_at)
              .select_related("history_user", "criterion").order_by("history_date", "history_id")):
        before = r.prev_record
        for field, label in (("points", _("điểm tự đánh giá")), ("appraised_points", _("điểm thẩm định"))):
            old, new = getattr(before, field, None), getattr(r, field)
            if old != new:
                lines.append(_("%(who)s sửa tiêu chí %(n)s, %(what)s: %(old)s → %(new)s.") % {
                    "who": r.history_user.display_name if r.history_user else "—", "n": r.criterion.number,
                    "what": label, "old": rules.format_points(old, "—"), "new": rules.format_points(new, "—")})
    if len(lines) > limit:
        lines = lines[:limit] + [_("… và %(k)s thay đổi khác.") % {"k": len(lines) - limit}]
    return lines


def _move(a, move, *, by, on, comment=""):
    """Make one move of assessments.rules.MOVES (already checked by permissions.require_move) on the
    day ``on`` of the act (checked by _act_day)."""
    if a.status not in move.sources:  # pragma: no cover - require_move refused it before
        raise ValidationError(permissions.move_refusal(a, move))
    to_status = move.target
    t = Transition.objects.create(assessment=a, from_status=a.status, to_status=to_status, by=by,
                                  comment=comment, acted_on=on)
    a.status = to_status
    a.version += 1
    # history_change_reason is varchar(100); the full comment is on the Transition
    a._change_reason, a._history_user = (comment or to_status)[:100], by
    a.save()
    events.dossier_moved(a, t)  # the commune is told in the same transaction (e-mails go after the commit)


# --- dates of the acts ----------------------------------------------------------------------

def _act_day(r, day, *, after=None, after_label="", what=""):
    """The day of an act of round ``r``: the one typed (or, when none is given, the day the form would
    propose, assessments.rules.default_act_date), refused by assessments.rules.act_date_refusal when it
    is in the future, outside the round's window or before the act it follows."""
    today = timezone.localdate()
    if day is None:
        day = moves.default_act_date(today=today, period_start=r.period_start, year=r.year, after=after)
    problem = moves.act_date_refusal(day, today=today, period_start=r.period_start, year=r.year, after=after,
                                     after_label=after_label)
    if problem:
        raise ValidationError(f"{what}: {problem}" if what else problem)
    return day


def last_move_day(a, to_status):
    """The day of the last move of ``a`` into ``to_status`` (None when it never got there)."""
    return (a.transitions.filter(to_status=to_status).order_by("-at", "-id")
            .values_list("acted_on", flat=True).first())


def act_after(a, act):
    """(day, label) of the act that ``act`` follows on dossier ``a``: what its date may not precede."""
    if act == "request":
        council = Council.objects.filter(assessment=a).first()
        return (council.meeting_date if council else None), _("ngày họp Hội đồng đánh giá")
    if act == "submit":
        returned = last_move_day(a, S.RETURNED)
        if returned and (a.request_on is None or returned > a.request_on):
            return returned, _("ngày hồ sơ được trả lại để bổ sung")
        return a.request_on, _("ngày tờ trình")
    if act in ("accept", "return"):
        return a.submitted_on, _("ngày nộp hồ sơ")
    if act == "appraise":
        return a.accepted_on, _("ngày tiếp nhận hồ sơ hợp lệ")
    if act == "complete_appraisal":
        days = [d for d in a.scores.values_list("appraised_on", flat=True) if d]
        return (max(days) if days else a.accepted_on), _("ngày thẩm định tiêu chí muộn nhất")
    if act == "decision":
        return a.appraisal_report_on, _("ngày báo cáo thẩm định của %(c)s") % {"c": a.commune}
    raise KeyError(act)


def proposed_act_day(r, after=None):
    """The day a form proposes for an act of round ``r`` following an act of day ``after``."""
    return moves.default_act_date(today=timezone.localdate(), period_start=r.period_start, year=r.year,
                                  after=after)


# --- rounds and registration ---------------------------------------------------------------

SOURCES = ("deadlines_source", "registration_source", "submission_source", "appraisal_source", "decision_source",
           "district_report_source", "report_source")


@transaction.atomic
def round_open(*, by, province, year, standard, period_start, period_end, submission_due,
               appraisal_due, decision_due, report_due, registration_due=None, district_report_due=None,
               signing_path=None, **sources):
    """Open a round; ``sources`` are the texts of SOURCES (the plan, then each deadline's own words).
    ``signing_path``: what records its acts (Round.SigningPath); None chooses the electronic path where the
    province requires it (ProvinceSigning), else the paper path too; the paper path is refused there.

    No page version: the round does not exist when the page is loaded (a second opening is refused)."""
    from assessments.signing import electronic_required

    permissions.require_provincial_staff(by, province)
    required = electronic_required(province)
    if signing_path == Round.SigningPath.PAPER and required:
        raise ValidationError(_("Tỉnh yêu cầu văn bản điện tử ký số: đợt đánh giá không nhận bản chụp bản giấy."))
    signing_path = signing_path or (Round.SigningPath.ELECTRONIC if required else Round.SigningPath.PAPER)
    problems = standard.points_problems()
    if problems:
        raise ValidationError([_("Không thể mở đợt đánh giá trên bộ tiêu chuẩn %(code)s:") % {"code": standard}]
                              + [str(p) for p in problems])
    if Round.objects.filter(province=province, year=year, standard=standard).exists():
        raise ValidationError(_("Tỉnh đã mở đợt đánh giá năm %(year)s theo %(code)s.")
                              % {"year": year, "code": standard})
    if district_report_due and province.valid_from >= datetime.date.fromisoformat(REFORM_DATE):
        raise ValidationError(_("Từ 01/7/2025 không còn cấp huyện: đợt đánh giá không có hạn cấp huyện báo cáo."))
    _require_tiers(province, year)
    r = Round(province=province, year=year, standard=standard, period_start=period_start,
              period_end=period_end, registration_due=registration_due, submission_due=submission_due,
              appraisal_due=appraisal_due, decision_due=decision_due, district_report_due=district_report_due,
              report_due=report_due, opened_by=by, signing_path=signing_path,
              **{name: sources.pop(name, "").strip() for name in SOURCES})
    if sources:
        raise TypeError(f"round_open: unknown arguments {sorted(sources)}")
    r.full_clean()
    if not (submission_due <= appraisal_due <= decision_due):
        raise ValidationError(_("Các hạn phải theo thứ tự: nộp hồ sơ, thẩm định, ra quyết định."))
    r._history_user = by  # the audit history names who opened it, in a request or not
    r.save()
    deadlines.round_opened(r, by)  # e.g. planning keeps the link to the plan the days came from
    return r


TIER_LIST_LIMIT = 50  # units named one by one in a refusal; the rest are counted


class MissingTiers(ValidationError):
    """Communes of the round with no tier in force in its year: the threshold cannot be chosen."""

    def __init__(self, units, year):
        self.units, self.year = units, year
        shown = [_("%(name)s (mã %(code)s%(parent)s)") % {
            "name": u.name, "code": u.code, "parent": f", {u.parent.name}" if u.parent_id else ""}
            for u in units[:TIER_LIST_LIMIT]]
        more = ([_("… và %(k)s đơn vị khác.") % {"k": len(units) - TIER_LIST_LIMIT}]
                if len(units) > TIER_LIST_LIMIT else [])
        super().__init__([_("Không thể mở đợt đánh giá năm %(year)s: %(n)s đơn vị cấp xã chưa có nhóm ngưỡng "
                            "công nhận áp dụng trong năm %(year)s (nạp danh sách của tỉnh bằng lệnh "
                            "import_tiers, xem README):") % {"year": year, "n": len(units)}, *shown, *more])


def _require_tiers(province, year):
    missing = communes_without_tier(province, year)
    if missing:
        raise MissingTiers(missing, year)


@transaction.atomic
def registration_record(*, by, round, commune, registered_on, weak_criteria=(), note=""):
    """The commune's registration for the round. No page version: the registration has none and is
    mostly made once, when none exists; a second one replaces the commune's own (audited). A round its
    recognising unit has decided takes no registration, new or replaced (as assessment_start)."""
    permissions.require_commune_officer(by, commune)
    if commune.province_id != round.province_id:
        raise ValidationError(_("Xã, phường này không thuộc tỉnh của đợt đánh giá."))
    if (closed := closing_decision(round, commune)) is not None:
        raise ValidationError(closed_round_text(closed))
    registered_on = _act_day(round, registered_on, what=_("Ngày đăng ký"))
    with transaction.atomic():
        reg = (Registration.objects.select_for_update().filter(round=round, commune=commune).first()
               or Registration(round=round, commune=commune))
        reg.registered_on, reg.note, reg.registered_by = registered_on, note, by
        reg._history_user = by  # the audit history names who registered, in a request or not
        reg.save()
        reg.weak_criteria.set([c for c in weak_criteria if c.standard_id == round.standard_id])
    return reg


# --- scoring ------------------------------------------------------------------------------

@transaction.atomic
def assessment_start(*, by, round, commune):
    """The commune's assessment for the round, with an empty score per criterion.

    No page version: it creates the dossier, which did not exist when the page was loaded (or returns
    it unchanged), so there is nothing to overwrite. A round its recognising unit has decided takes no
    new dossier (assessments.start)."""
    permissions.require_commune_officer(by, commune)
    if commune.province_id != round.province_id:
        raise ValidationError(_("Xã, phường này không thuộc tỉnh của đợt đánh giá."))
    a, created = Assessment.objects.filter(round=round, commune=commune).first(), False
    if a is None and (closed := closing_decision(round, commune)) is not None:
        raise ValidationError(closed_round_text(closed))
    if a is None:  # the threshold group is the commune's tier in force in the round's year
        tier = tier_in_year(commune, round.year)
        if tier is None:
            raise MissingTiers([commune], round.year)
        a, created = Assessment.objects.get_or_create(round=round, commune=commune, defaults={"tier": tier})
        if created:
            a.history.update(history_user=by)  # its one audit row: who started the dossier
            Score.objects.bulk_create(Score(assessment=a, criterion=c) for c in round.standard.criteria.all())
    return a


VERDICT_FIELDS = ("self_total", "final_total", "meets_standard", "zero_criteria")


def judge_stored(a, standard_rules, self_points, final_points):
    """Set a dossier's stored verdict (``VERDICT_FIELDS``) from its points by criteria.rules, the one
    place of the rule; the caller saves. Returns the verdict of the final points."""
    verdict = rules.judge(standard_rules, a.tier, final_points)
    a.self_total = rules.judge(standard_rules, a.tier, self_points).total
    a.final_total = verdict.total
    a.meets_standard = verdict.recognised
    a.zero_criteria = sum(1 for p in final_points.values() if p is not None and p == 0)
    return verdict


def recompute(a):
    """Refresh the stored verdict from the scores (the caller saves)."""
    scores = list(a.scores.select_related("criterion"))
    return judge_stored(a, rules.load_rules(a.round.standard.code), {s.criterion.number: s.points for s in scores},
                        {s.criterion.number: s.final_points for s in scores})


def _has_nul(value):
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    return "\x00" in str(value)


@transaction.atomic
def scores_save(*, by, assessment_id, seen_version, points, notes=None, figures=None, clear=()):
    """Save the commune's self-assessed points, all or nothing (see assessments.scoring for the rule).

    points: {criterion number: typed text or number}; figures: {criterion number: {indicator id:
    {"numerator", "denominator", "points"}}}; clear: criterion numbers whose "Xóa điểm" was chosen.
    Refused as a whole with one message per problem (``ScoresRefused``, whose ``entries`` tell the page
    which fields are wrong); the saved assessment has ``notices`` saying which points came from figures,
    and ``repeated``: an older page sent what is stored (a save whose answer was lost, sent again), so
    nothing was written (core.locking.check_version_or_repeat).
    """
    if seen_version is None:
        _lock_seen(assessment_id, seen_version)  # refused: a write typed on a page carries its version
    a = _lock(assessment_id)
    permissions.require_commune_officer(by, a.commune)
    scores = {s.criterion.number: s for s in a.scores.select_related("criterion")
              .prefetch_related("criterion__indicators")}
    clear = set(clear)
    unknown = sorted((set(points) | set(figures or {}) | clear) - set(scores), key=str)
    entries, changed = (None, None) if unknown else _typed_scores(scores, points=points, notes=notes,
                                                                  figures=figures, clear=clear)
    if _repeat(a, seen_version, unchanged=lambda: entries is not None and not entries.errors and not changed):
        # A page older than the dossier sent exactly what is stored: the same save sent again after its
        # answer was lost (a weak connection). Nothing is written twice; the page is told it is saved.
        a.notices, a.repeated = entries.notices, True
        return a
    if not a.commune_can_edit:
        raise ValidationError(_("Hồ sơ đang ở trạng thái “%(s)s”: xã không thể sửa điểm.")
                              % {"s": a.get_status_display()})
    if unknown:
        raise ValidationError(_("Bộ tiêu chuẩn %(code)s không có tiêu chí số %(n)s.")
                              % {"code": a.round.standard, "n": ", ".join(map(str, unknown))})
    if entries.errors:
        raise ScoresRefused(entries)
    for score in changed:  # saved one by one so the audit history records each change
        score._history_user = by
        score.save(update_fields=["points", "source_note", "figures"])
    recompute(a)
    a.version, a._history_user = a.version + 1, by
    a.save()
    a.notices, a.repeated = entries.notices, False
    return a


def _typed_scores(scores, *, points, notes, figures, clear):
    """What the scoring page typed, read against the stored ``scores`` (by criterion number): the entries
    (assessments.scoring: values, refusals, notices) and the scores it changes, set but not saved."""
    from assessments import scoring

    criteria = [s.criterion for s in scores.values()]
    entries = scoring.read_entries(
        criteria=criteria, indicators={c.pk: list(c.indicators.all()) for c in criteria},
        saved={n: s.points for n, s in scores.items()}, points=points, figures=figures, clear=clear)
    for number, note in (notes or {}).items():
        if number in scores and _has_nul(note):  # PostgreSQL refuses NUL in text: say so instead of failing
            entries.refuse(number, _("Tiêu chí %(n)s: ghi chú có ký tự không hợp lệ.") % {"n": number},
                           f"note_{number}")
        elif number in scores and len(note) > MAX_TEXT:  # a page's text is bounded (core.text)
            entries.refuse(number, _("Tiêu chí %(n)s: ghi chú quá dài (%(len)s ký tự), tối đa %(max)s ký tự.")
                           % {"n": number, "len": thousands(len(note)), "max": thousands(MAX_TEXT)}, f"note_{number}")
    changed = []
    for number, score in scores.items():
        entry = entries.values.get(number)
        note = (notes or {}).get(number, score.source_note)
        new, figs = (entry.points, score.figures if entry.figures is None else entry.figures) if entry \
            else (score.points, score.figures)
        if new != score.points or note != score.source_note or figs != score.figures:
            score._change_reason = "clear" if entry and entry.cleared else "self-assessment"
            score.points, score.source_note, score.figures = new, note, figs
            changed.append(score)
    return entries, changed


class ScoresRefused(ValidationError):
    """scores_save refused: ``messages`` as any ValidationError, ``entries`` for the page's fields."""

    def __init__(self, entries):
        super().__init__(entries.messages)
        self.entries = entries


# --- council and submission -----------------------------------------------------------------

@files_follow_commit
@transaction.atomic
def council_save(*, by, assessment_id, seen_version, meeting_date, conclusion, members, minutes=None,
                 starts_at=None, ends_at=None):
    """The council and its meeting: the day (checked as every act's date: not before the commune's
    registration), the start and end time, the conclusion, the members and the signed minutes.

    ``seen_version``: the version of the page the form was typed on (required); saving replaces the
    meeting and its members as a whole, so it moves the dossier's version on and a second person saving
    from an older page is refused instead of overwriting the first, unless it sent exactly what is
    stored: its own save sent again after the answer was lost (``repeated``, nothing written)."""
    a = _lock(assessment_id)
    permissions.require_commune_officer(by, a.commune)  # who may not act is told so, whatever the page
    stored = Council.objects.filter(assessment=a).first()
    if _repeat(a, _seen(seen_version), unchanged=lambda: _council_as_sent(
            stored, meeting_date=meeting_date, conclusion=conclusion, members=members, minutes=minutes,
            starts_at=starts_at, ends_at=ends_at)):
        stored.repeated = True  # the same save sent again after its answer was lost: nothing written
        return stored
    if not a.commune_can_edit:
        raise ValidationError(_("Hồ sơ đã nộp: không thể sửa thông tin hội đồng."))
    if meeting_date is not None:
        registered = Registration.objects.filter(round=a.round, commune=a.commune).values_list(
            "registered_on", flat=True).first()
        _act_day(a.round, meeting_date, after=registered, after_label=_("ngày đăng ký xây dựng"),
                 what=_("Ngày họp Hội đồng"))
    if starts_at and ends_at and ends_at <= starts_at:
        raise ValidationError(_("Giờ kết thúc cuộc họp phải sau giờ bắt đầu."))
    council, created = Council.objects.get_or_create(assessment=a)
    if created:
        council.history.update(history_user=by)  # its first audit row: who recorded the council
    council.meeting_date, council.conclusion = meeting_date, conclusion
    council.starts_at, council.ends_at = starts_at, ends_at
    if minutes is not None:
        import secrets

        _too_large(minutes)
        if sniff(minutes, EVIDENCE_TYPES) != "application/pdf" or not opens_as(minutes, "application/pdf"):
            raise ValidationError(_("Biên bản đã ký phải là tệp PDF mở được (kiểm tra theo nội dung tệp)."))
        _remove_after_commit(council.minutes)  # the replaced file; the audit history keeps its name
        refusal = name_refusal(getattr(minutes, "name", "") or "")
        if refusal:
            raise ValidationError(refusal)
        save_file(council.minutes, f"{a.pk}-{secrets.token_urlsafe(16)}.pdf", minutes)
    council._history_user = by
    council.save()
    # one row at a time so the audit history records every member removed and added
    for member in council.members.all():
        member._history_user = by
        member.delete()
    for m in members:
        member = council.members.model(council=council, **m)
        member._history_user = by
        member.save()
    a.version, a._history_user, a._change_reason = a.version + 1, by, "council"
    a.save()
    council.repeated = False
    return council


def _council_as_sent(council, *, meeting_date, conclusion, members, minutes, starts_at, ends_at):
    """Does the stored ``council`` hold what the form sent: the meeting, the members in their order and,
    when a file was sent, the same signed minutes (compared by content)?"""
    if council is None or (council.meeting_date, council.starts_at, council.ends_at, council.conclusion) != (
            meeting_date, starts_at, ends_at, conclusion):
        return False
    default = council.members.model.CouncilRole.MEMBER
    if [(m.name, m.position, m.council_role) for m in council.members.all()] != [
            (m["name"], m["position"], m.get("council_role") or default) for m in members]:
        return False
    return minutes is None or _same_content(council.minutes, minutes)


def _same_content(stored, upload):
    """Whether the stored file ``stored`` has the bytes of ``upload`` (read in chunks, the upload rewound)."""
    import hashlib

    try:
        if not stored or stored.size != upload.size:
            return False
    except OSError:  # the stored file is gone
        return False

    digests = []
    for f in (stored, upload):
        digest = hashlib.sha256()
        f.open("rb")
        f.seek(0)
        for chunk in f.chunks():
            digest.update(chunk)
        f.seek(0)
        digests.append(digest.digest())
    stored.close()
    return digests[0] == digests[1]


@transaction.atomic
def assessment_submit(*, by, assessment_id, seen_version, on=None, request_on=None):
    """Submit the dossier on the day ``on`` with its request letter (tờ trình) dated ``request_on``
    (default: the submission's day): the letter not before the council's meeting, the submission not
    before the letter nor before the day the dossier was returned. ``seen_version``: the page's version
    (required, as for every move: what the officer confirmed is what is submitted)."""
    a = _lock(assessment_id)
    move = permissions.require_move(by, a, "submit")  # a replayed submission says so, not "stale page"
    _check_version(a, _seen(seen_version))
    missing = list(a.scores.filter(points__isnull=True).values_list("criterion__number", flat=True))
    problems = []
    if missing:
        problems.append(_("Còn %(k)s tiêu chí chưa chấm điểm: %(n)s.")
                        % {"k": len(missing), "n": ", ".join(map(str, sorted(missing)))})
    council = Council.objects.filter(assessment=a).first()
    if council is None or council.meeting_date is None:
        problems.append(_("Chưa ghi nhận cuộc họp của Hội đồng đánh giá cấp xã."))
    if problems:
        raise ValidationError(problems)
    after, label = act_after(a, "request")
    request_on = _act_day(a.round, request_on or on, after=after, after_label=label, what=_("Ngày tờ trình"))
    returned = last_move_day(a, S.RETURNED)
    if returned and returned > request_on:
        after, label = returned, _("ngày hồ sơ được trả lại để bổ sung")
    else:
        after, label = request_on, _("ngày tờ trình")
    on = _act_day(a.round, on, after=after, after_label=label, what=_("Ngày nộp hồ sơ"))
    _move(a, move, by=by, on=on)
    a.submitted_at, a.submitted_on, a.request_on = timezone.now(), on, request_on
    a.save(update_fields=["submitted_at", "submitted_on", "request_on"])
    return a


# --- appraisal -------------------------------------------------------------------------------

@transaction.atomic
def assessment_return(*, by, assessment_id, seen_version, comment, on=None):
    """Return the dossier for completion; ``seen_version`` (required): the comment is about the dossier
    the officer read, so a dossier changed since (an appraisal saved) is shown first."""
    a = _lock(assessment_id)
    move = permissions.require_move(by, a, "return")
    _check_version(a, _seen(seen_version))
    if not comment.strip():
        raise ValidationError(_("Hãy ghi rõ nội dung cần bổ sung khi trả lại hồ sơ."))
    after, label = act_after(a, "return")
    on = _act_day(a.round, on, after=after, after_label=label, what=_("Ngày trả lại hồ sơ"))
    _move(a, move, by=by, on=on, comment=comment)
    return a


@transaction.atomic
def assessment_accept(*, by, assessment_id, seen_version, on=None):
    a = _lock(assessment_id)
    move = permissions.require_move(by, a, "accept")
    _check_version(a, _seen(seen_version))  # accepting what the officer confirmed, not a later version
    after, label = act_after(a, "accept")
    on = _act_day(a.round, on, after=after, after_label=label, what=_("Ngày tiếp nhận hồ sơ"))
    _move(a, move, by=by, on=on)
    a.accepted_on = on
    a.save(update_fields=["accepted_on"])
    return a


def _require_appraiser(a, *, by, numbers):
    """Check that ``by`` appraises each criterion of ``numbers`` on the locked dossier ``a``."""
    from criteria.selectors import owner_map

    owners = owner_map(a.round.standard, a.round.province.code)
    for number in numbers:
        permissions.require_sector_appraiser(by, a.commune, owners[number])


def _appraisal_day(a, *, on):
    """Check that the locked dossier ``a`` is open for appraisal; return the appraisal's day (``on``
    checked, or the proposed day)."""
    if a.status not in moves.move("appraise").sources:
        raise ValidationError(_("Chỉ thẩm định hồ sơ đã được tiếp nhận hợp lệ (trạng thái hiện tại: %(s)s).")
                              % {"s": a.get_status_display()})
    after, label = act_after(a, "appraise")
    return _act_day(a.round, on, after=after, after_label=label, what=_("Ngày thẩm định"))


def _appraisal_of(score, *, agree, points, reason):
    """(appraised points, reason) for one criterion: agreement, or typed points with a reason.

    Points go through core.numbers (the one reader of typed numbers). "Thống nhất" with a typed point
    is a contradiction and is refused, never resolved by ignoring one of the two.
    """
    from core.numbers import parse_vn_decimal

    n, reason = score.criterion.number, (reason or "").strip()
    label = _("Tiêu chí %(n)s") % {"n": n}
    new = parse_vn_decimal(points, label=label, max_value=score.criterion.max_points)
    if agree:
        if new is not None:
            raise ValidationError(_("Tiêu chí %(n)s: đã chọn “Thống nhất” nhưng lại nhập điểm %(v)s. Hãy bỏ "
                                    "chọn “Thống nhất” để điều chỉnh điểm, hoặc xóa điểm đã nhập.")
                                  % {"n": n, "v": str(points).strip()})
        if score.points is None:
            raise ValidationError(_("Tiêu chí %(n)s: xã chưa chấm điểm nên không thể “Thống nhất”; hãy nhập "
                                    "điểm thẩm định và lý do.") % {"n": n})
        return score.points, ""
    if new is None:
        raise ValidationError(_("Tiêu chí %(n)s: hãy chọn “Thống nhất” hoặc nhập điểm thẩm định.") % {"n": n})
    if not visible(reason):  # nothing but invisible characters (U+200B…) is no reason
        raise ValidationError(_("Hãy ghi lý do khi điều chỉnh điểm tiêu chí %(n)s.") % {"n": n})
    if len(reason) > MAX_TEXT:
        raise ValidationError(_("Tiêu chí %(n)s: lý do quá dài (%(len)s ký tự), tối đa %(max)s ký tự.")
                              % {"n": n, "len": thousands(len(reason)), "max": thousands(MAX_TEXT)})
    return new, reason


@transaction.atomic
def scores_appraise(*, by, assessment_id, rows, seen_version, on=None):
    """The sector's appraisal of its criteria in one go: all rows are saved or none.

    rows: {criterion number: {"agree": bool, "points": text or number or None, "reason": text}}. A
    row with nothing chosen or typed is left as it is, unless it was appraised before: an appraisal
    is never silently cleared. Refusals come back as {criterion number: [messages]}. ``seen_version``
    is the version of the page the rows were typed on: two appraisers of one sector (or of two) cannot
    overwrite each other; the second is told who changed what. An older page that sent exactly what is
    stored is the same appraisal sent again after its answer was lost: nothing is written, and the
    scores returned (core.locking.SavedRows) say ``repeated``.
    """
    if seen_version is None:
        _lock_seen(assessment_id, seen_version)  # refused: a write typed on a page carries its version
    a = _lock(assessment_id)
    scores = {s.criterion.number: s for s in a.scores.select_related("criterion")}
    unknown = sorted(set(rows) - set(scores))
    if unknown:
        raise ValidationError(_("Bộ tiêu chuẩn %(code)s không có tiêu chí số %(n)s.")
                              % {"code": a.round.standard, "n": ", ".join(map(str, unknown))})
    _require_appraiser(a, by=by, numbers=sorted(rows))
    errors, typed = {}, {}
    for number in sorted(rows):
        row, score = rows[number], scores[number]
        blank = not row.get("agree") and str(row.get("points") or "").strip() == "" \
            and not str(row.get("reason") or "").strip()
        if blank:
            if score.appraised_at is not None:
                errors[number] = [_("Tiêu chí %(n)s đã được thẩm định: hãy chọn “Thống nhất” hoặc nhập điểm; "
                                    "không thể để trống.") % {"n": number}]
            continue
        try:
            typed[number] = _appraisal_of(score, agree=bool(row.get("agree")), points=row.get("points"),
                                          reason=row.get("reason", ""))
        except ValidationError as e:
            errors[number] = e.messages
    changed = [scores[n] for n, (new, reason) in typed.items()
               if scores[n].appraised_at is None or (new, reason) != (scores[n].appraised_points,
                                                                     scores[n].appraisal_reason)]
    if _repeat(a, seen_version, unchanged=not errors and not changed):
        return SavedRows([scores[n] for n in typed], repeated=True)
    on = _appraisal_day(a, on=on)
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    for score in changed:  # one by one, so the audit history records each criterion
        score.appraised_points, score.appraisal_reason = typed[score.criterion.number]
        score.appraised_by, score.appraised_at, score.appraised_on = by, now, on
        score._change_reason, score._history_user = "appraisal", by
        score.save(update_fields=["appraised_points", "appraisal_reason", "appraised_by", "appraised_at",
                                  "appraised_on"])
    if changed:
        recompute(a)
        a.version, a._history_user = a.version + 1, by
        a.save()
    return SavedRows(changed)


@transaction.atomic
def assessment_complete_appraisal(*, by, assessment_id, seen_version, on=None):
    """Close the sectors' appraisal with the appraisal report dated ``on`` (not before the last
    criterion's appraisal)."""
    a = _lock(assessment_id)
    move = permissions.require_move(by, a, "complete_appraisal")
    _check_version(a, _seen(seen_version))  # an appraisal changed after the page was loaded is seen first
    pending = list(a.scores.filter(appraised_at__isnull=True).values_list("criterion__number", flat=True))
    if pending:
        raise ValidationError(_("Các tiêu chí chưa được ngành thẩm định: %(n)s.")
                              % {"n": ", ".join(map(str, sorted(pending)))})
    after, label = act_after(a, "complete_appraisal")
    on = _act_day(a.round, on, after=after, after_label=label, what=_("Ngày báo cáo thẩm định"))
    _move(a, move, by=by, on=on)
    a.appraisal_report_on = on
    a.save(update_fields=["appraisal_report_on"])
    return a


# --- recognition ----------------------------------------------------------------------------

@transaction.atomic
def decision_issue(*, by, round, issuer, number, signed_on, signer_name, signer_title, outcomes, seen_versions):
    """Record the recognising unit's decision: outcomes maps assessment id → (recognised, reason).

    ``seen_versions`` maps each of those dossiers to the version the decision page showed (required): a
    dossier changed since the page was loaded, or sent without its version, refuses the whole decision,
    naming the commune, and nothing is written. Each commune must be recognised by ``issuer`` on the
    day the decision is signed (communes.selectors.recognising_units)."""
    if not by.has_perm("assessments.decide", issuer):
        raise permissions.PermissionDenied(_("Chỉ cơ quan công nhận được ban hành quyết định."))
    if not outcomes:
        raise ValidationError(_("Quyết định phải có ít nhất một xã, phường."))
    existing = Decision.objects.filter(issuer=issuer, number=number).first()
    if existing is not None:
        if _decision_repeated(existing, round=round, signed_on=signed_on, signer_name=signer_name,
                              signer_title=signer_title, outcomes=outcomes, seen_versions=seen_versions):
            existing.repeated = True  # the same decision sent again after its answer was lost: nothing written
            return existing
        raise ValidationError(_("Số quyết định %(n)s đã được sử dụng.") % {"n": number})
    signed_on = _act_day(round, signed_on, what=_("Ngày ký quyết định"))
    dossiers = [_lock(assessment_id) for assessment_id in sorted(outcomes)]  # in one order: no deadlock
    recognisers = recognising_units([a.commune for a in dossiers], signed_on)
    decided = []
    for a in dossiers:
        recogniser = recognisers[a.commune_id]
        if a.round_id != round.pk or recogniser is None or recogniser.pk != issuer.pk:
            raise ValidationError(_("%(c)s không thuộc thẩm quyền công nhận của %(u)s trong đợt này.")
                                  % {"c": a.commune, "u": issuer})
        recognised, reason = outcomes[a.pk]
        move = permissions.require_move(by, a, moves.DECISION_MOVES[bool(recognised)].name)  # state before reasons
        _decided_as_seen(a, seen_versions.get(a.pk))
        after, label = act_after(a, "decision")
        _act_day(round, signed_on, after=after, after_label=label, what=_("Ngày ký quyết định"))
        verdict = recompute(a)
        if recognised and not verdict.recognised:
            raise ValidationError(_("%(c)s chưa đạt chuẩn nên không thể công nhận: %(r)s")
                                  % {"c": a.commune, "r": " ".join(verdict.reasons)})
        if not recognised and not reason.strip():
            reason = " ".join(verdict.reasons)
            if not reason:
                raise ValidationError(_("Hãy ghi lý do không công nhận %(c)s.") % {"c": a.commune})
        decided.append((a, move, reason))
    decision = Decision(round=round, issuer=issuer, number=number, signed_on=signed_on,
                        signer_name=signer_name, signer_title=signer_title, created_by=by)
    decision._history_user = by
    # the number's uniqueness is the database's (below): a check here would race with another officer
    # committing the same number after the look-up above, and answer with Django's generic message
    decision.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():  # another officer may take the same number at the same moment
            decision.save()
    except IntegrityError:
        raise ValidationError(_("Số quyết định %(n)s đã được sử dụng.") % {"n": number})
    for a, move, reason in decided:
        a.decision, a.decision_reason = decision, reason
        _move(a, move, by=by, on=signed_on, comment=reason)
    decision.repeated = False
    return decision


def _decision_repeated(d, *, round, signed_on, signer_name, signer_title, outcomes, seen_versions):
    """Is the decision sent, whose number ``d`` already has, ``d`` itself sent again after its answer was
    lost? The same round, day, signer and dossiers, each decided as sent, from a page that showed each
    dossier before ``d`` moved it (core.locking.check_version_or_repeat decides, dossier by dossier)."""
    if (d.round_id, d.signed_on, d.signer_name, d.signer_title) != (round.pk, signed_on, signer_name, signer_title):
        return False
    dossiers = [_lock(assessment_id) for assessment_id in sorted(outcomes)]  # in one order: no deadlock
    if any(a.decision_id != d.pk for a in dossiers) or d.assessments.count() != len(dossiers):
        return False

    def as_sent(a):
        recognised, reason = outcomes[a.pk]
        return a.status == moves.DECISION_MOVES[bool(recognised)].target and (
            a.decision_reason == reason or (not recognised and not reason.strip()))  # the reason the service wrote

    try:
        return all(_repeat(a, seen_versions.get(a.pk, ""), unchanged=lambda a=a: as_sent(a)) for a in dossiers)
    except ValidationError:  # a page as it is now, or without its versions: not a repeat
        return False


def _decided_as_seen(a, seen_version):
    """Refuse a decision on dossier ``a`` unless the decision page showed its present version; the
    refusal names the commune (the page lists many)."""
    try:
        _check_version(a, _seen(seen_version))
    except ValidationError as e:
        raise ValidationError(_("Chưa ghi quyết định nào. Hồ sơ của %(c)s: %(why)s")
                              % {"c": a.commune, "why": " ".join(e.messages)}) from None


# --- evidence --------------------------------------------------------------------------------

def _too_large(upload):
    from django.conf import settings

    if upload.size > settings.EVIDENCE_MAX_BYTES:
        raise ValidationError(_("Tệp quá lớn (%(mb).1f MB); tối đa %(max)s MB.")
                              % {"mb": upload.size / 1048576, "max": settings.EVIDENCE_MAX_BYTES // 1048576})


def _checked_evidence(upload):
    """The evidence file's type (read from its content) and a printable name, or a refusal."""
    if not upload.size:
        raise ValidationError(_("Tệp rỗng (0 byte): hãy chọn lại tệp có nội dung."))
    _too_large(upload)
    content_type = sniff(upload, EVIDENCE_TYPES)
    if content_type is None:
        raise ValidationError(_("Chỉ nhận tệp PDF, JPEG hoặc PNG (kiểm tra theo nội dung tệp)."))
    if not opens_as(upload, content_type):
        raise ValidationError(_("Tệp không mở được như một tệp %(kind)s: có thể tệp bị hỏng hoặc không đúng "
                                "định dạng. Hãy quét hoặc lưu lại tệp rồi tải lên.")
                              % {"kind": content_type.split("/")[1].upper()})
    name = upload.name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    refusal = name_refusal(name)
    if refusal:
        raise ValidationError(refusal)
    return content_type, name[-200:] or "minh-chung"


def _remove_after_commit(field_file):
    """Delete a stored file once the transaction that dropped it has committed (never before: a
    rollback must find the file where the row says it is)."""
    storage, name = field_file.storage, field_file.name
    if name:
        transaction.on_commit(lambda: storage.delete(name))


@files_follow_commit
@transaction.atomic
def evidence_add(*, by, score_id, seen_version, upload):
    """Attach an evidence file to a criterion; its type is read from its content, not its name.

    ``seen_version``: the version of the dossier page the file was chosen on (required), as for every
    evidence change: a page older than the dossier is refused. A file added, removed or replaced
    overwrites nothing typed on another page, so evidence changes leave the dossier's version as it is."""
    import secrets

    from assessments.models import Evidence

    score = Score.objects.select_related("assessment__commune").get(pk=score_id)
    a = _lock(score.assessment_id)
    permissions.require_commune_officer(by, a.commune)
    _check_version(a, _seen(seen_version))
    if not a.commune_can_edit:
        raise ValidationError(_("Hồ sơ đã nộp: không thể thêm minh chứng."))
    content_type, name = _checked_evidence(upload)
    ev = Evidence(score=score, token=secrets.token_urlsafe(24), original_name=name,
                  content_type=content_type, size=upload.size, uploaded_by=by)
    save_file(ev.file, ev.token, upload)
    ev._history_user = by
    ev.save()
    return ev


def _evidence_to_change(by, evidence_id, assessment_id, seen_version):
    """The evidence row, locked with its dossier, for the commune officer while the dossier is open, from
    a page no older than the dossier (see evidence_add)."""
    from assessments.models import Evidence

    a = _lock(assessment_id)
    ev = Evidence.objects.select_related("score__criterion").filter(score__assessment=a, pk=evidence_id).first()
    if ev is None:
        raise ValidationError(_("Minh chứng này không còn trong hồ sơ (có thể vừa bị xóa)."))
    permissions.require_commune_officer(by, a.commune)
    _check_version(a, _seen(seen_version))
    if not a.commune_can_edit:
        raise ValidationError(_("Hồ sơ đã nộp (trạng thái “%(s)s”): không thể xóa hay thay minh chứng.")
                              % {"s": a.get_status_display()})
    return ev


@transaction.atomic
def evidence_delete(*, by, assessment_id, seen_version, evidence_id):
    """Remove an evidence file from a draft or returned dossier: the audit history keeps the row,
    the stored file goes once the deletion has committed."""
    ev = _evidence_to_change(by, evidence_id, assessment_id, seen_version)
    _remove_after_commit(ev.file)
    ev._history_user, ev._change_reason = by, "evidence deleted"
    ev.delete()
    return ev


@files_follow_commit
@transaction.atomic
def evidence_replace(*, by, assessment_id, seen_version, evidence_id, upload):
    """Put a new file in place of an evidence file (new download link; the old file is removed)."""
    import secrets

    ev = _evidence_to_change(by, evidence_id, assessment_id, seen_version)
    content_type, name = _checked_evidence(upload)
    _remove_after_commit(ev.file)
    ev.token, ev.original_name, ev.content_type, ev.size, ev.uploaded_by = (
        secrets.token_urlsafe(24), name, content_type, upload.size, by)
    ev.uploaded_at = timezone.now()
    save_file(ev.file, ev.token, upload)
    ev._history_user, ev._change_reason = by, "evidence replaced"
    ev.save()
    return ev


def evidence_downloaded(*, by, evidence, reason=""):
    """Every download is logged; ``reason``: why someone outside the need-to-know opened it."""
    from assessments.models import EvidenceDownload

    return EvidenceDownload.objects.create(evidence=evidence, by=by, original_name=evidence.original_name,
                                           reason=reason)


def minutes_downloaded(*, by, council, reason=""):
    from assessments.models import EvidenceDownload

    return EvidenceDownload.objects.create(council=council, by=by, original_name=council.minutes.name[:200],
                                           reason=reason)


# --- the issuing body a document carries ----------------------------------------------------------

def _heading_line_refusal(model, field_name, value):
    """Why a typed heading line cannot be printed (too long for its field, or a control or
    bidirectional character other than a line break), or None."""
    field = model._meta.get_field(field_name)
    if len(value) > field.max_length:
        return _("%(field)s dài %(length)s ký tự, quá %(max)s ký tự cho phép.") % {
            "field": str(field.verbose_name).capitalize(), "length": len(value), "max": field.max_length}
    codes = unsafe_codes(value, allowed="\r\n")
    if codes:
        return _("%(field)s có ký tự điều khiển không in được (%(codes)s); hãy gõ lại dòng này.") % {
            "field": str(field.verbose_name).capitalize(), "codes": codes}
    return None


@transaction.atomic
def document_heading_save(*, by, document, parent_body, issuer, seen_version, assessment=None, decision=None):
    """Record the issuing body the user confirmed for one document of an act (DocumentHeading).

    ``assessment`` for a dossier's document, ``decision`` for the decision (checked against one of the
    dossiers it decides). The lines are printed as typed; the issuer line may not be empty.
    ``seen_version``: the heading's version the page showed, 0 when none was confirmed yet (required):
    a heading confirmed by someone else since the page was loaded is refused, nothing written.
    """
    from assessments.models import DocumentHeading

    act = decision.assessments.select_related("commune").first() if decision is not None else assessment
    if act is None or not permissions.may_confirm_heading(by, act, document):
        raise permissions.PermissionDenied(_("Chỉ đơn vị ban hành văn bản được xác nhận tên cơ quan ban hành."))
    of_act = {"assessment": None if decision is not None else assessment, "decision": decision, "document": document}
    heading = (DocumentHeading.objects.select_for_update(of=("self",)).filter(**of_act)
               .select_related("confirmed_by").first())  # PostgreSQL locks no row of an outer join
    check_version(heading.version if heading else 0, _seen(seen_version), stale=lambda seen: _heading_stale(heading))
    parent_body, issuer = (parent_body or "").strip(), (issuer or "").strip()
    if not issuer:
        raise ValidationError(_("Hãy ghi tên cơ quan ban hành văn bản."))
    problems = [p for p in (_heading_line_refusal(DocumentHeading, "parent_body", parent_body),
                            _heading_line_refusal(DocumentHeading, "issuer", issuer)) if p]
    if problems:
        raise ValidationError(problems)
    if heading is not None:
        heading.parent_body, heading.issuer, heading.confirmed_by = parent_body, issuer, by
        heading.version += 1
        heading.save()
        return heading
    heading = DocumentHeading(**of_act, parent_body=parent_body, issuer=issuer, confirmed_by=by)
    try:
        with transaction.atomic():  # another officer may confirm the first heading at the same moment
            heading.save()
    except IntegrityError:
        raise StaleEdit(_heading_stale(None)) from None
    return heading


def _heading_stale(heading):
    """The refusal of a heading typed on a page older than the one confirmed since (``heading``)."""
    if heading is None:
        return _("Cơ quan ban hành của văn bản vừa được người khác xác nhận; nội dung bạn nhập chưa được lưu. "
                 "Hãy tải lại trang để xem rồi nhập lại.")
    return _("Cơ quan ban hành của văn bản vừa được %(who)s xác nhận là “%(lines)s”; nội dung bạn nhập chưa "
             "được lưu. Hãy tải lại trang để xem rồi nhập lại.") % {
        "who": heading.confirmed_by.display_name if heading.confirmed_by else "—",
        "lines": " / ".join(line for line in (heading.parent_body, heading.issuer) if line)}
