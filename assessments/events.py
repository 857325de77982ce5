"""Who is told when a dossier moves, and what: the people who act next (issue 22).

``dossier_moved`` is called by services._move for every move, in the move's transaction; e-mails go
after the commit (accounts.notifications). Who is told is asked of assessments.permissions (the
``told_*`` predicates), at the units of the act's day (communes.selectors.units_on: the commune's
recognising unit then, and the level above it):

- submitted: the recognising unit's office (``told_of_submission``); link: the dossier (accept or return).
- returned: the commune's officers, with the day to resubmit by; the dossier.
- accepted: the commune (the dossier); the appraisers of each sector owning criteria of the standard in
  the round's province (criteria.selectors.sharers_map), at the recognising unit (the appraisal form).
- appraised: the commune; the council (the dossier) and its chair (the round: the decision form).
- recognised, not recognised: the commune (the dossier); the level above the deciding unit (the
  province's staff over a district, the national staff over a province), once per decision (the decision).
  Both when the decision is **issued** (assessments.signing.decision_issue_by: its verified signed file, or its
  scanned paper original where the round allows it), not when it is recorded: ``decision_issued`` tells them.

The key names the move's Transition (``dossier:<id>:<status>:<transition>``; the level above: the
decision, ``decision:<id>``), so a move is announced once to each person (Notification's unique key).
The acting body is named as people do and as it was on the act's day: "Phòng Lao động - Thương binh và
Xã hội huyện Văn Bàn" in 2024, "Sở Y tế tỉnh Bắc Ninh" in 2026 (documents.office_for), "Chủ tịch UBND
tỉnh Bắc Ninh" for a decision; points are Vietnamese numbers (documents.points: 968,5; 1.000).
"""

from django.db.models import Q
from django.urls import reverse

from accounts.models import User
from accounts.notifications import notify
from assessments import permissions
from assessments.documents import in_text, office_for, points
from assessments.models import Assessment
from communes.selectors import units_on

S = Assessment.Status


def _d(day):
    return day.strftime("%d/%m/%Y") if day else "—"


def _office(unit, day):
    """"Phòng Lao động - Thương binh và Xã hội huyện Văn Bàn", "Sở Y tế tỉnh Bắc Ninh": the recognising
    unit's office for child affairs on ``day``."""
    return f"{office_for(unit, day).name} {in_text(unit)}"


def _resubmit_by(a, t):
    """The day by which a returned dossier comes back: the round's submission deadline; once that has
    passed, the appraisal's (no text sets another day for a resubmission)."""
    r = a.round
    if t.acted_on is None or r.submission_due >= t.acted_on:
        return f"Hạn nộp lại hồ sơ: chậm nhất ngày {_d(r.submission_due)} (hạn xã nộp hồ sơ của đợt)."
    return (f"Hạn xã nộp hồ sơ của đợt ({_d(r.submission_due)}) đã qua: nộp lại hồ sơ sớm nhất có thể, "
            f"chậm nhất ngày {_d(r.appraisal_due)} (hạn thẩm định của đợt).")


def _decision_act(a, t, issuer):
    d = a.decision
    if d is None:
        return f"Quyết định ngày {_d(t.acted_on)}"
    return f"Quyết định số {d.number} ngày {_d(d.signed_on)} của Chủ tịch UBND {in_text(issuer)}"


def _to_commune(a, t, c, rec, day):
    """(subject, body) of the commune's notice of move ``t``, or None (its own submission)."""
    y = a.round.year
    if t.to_status == S.RETURNED:
        return (f"Hồ sơ năm {y} của {c} được trả lại để bổ sung",
                f"{_office(rec, day)} trả lại hồ sơ đánh giá xã, phường phù hợp với trẻ em năm {y} của {c} "
                f"ngày {_d(t.acted_on)}.\n"
                f"Nội dung cần bổ sung: {t.comment.strip()}\n"
                f"{_resubmit_by(a, t)}")
    if t.to_status == S.ACCEPTED:
        return (f"Hồ sơ năm {y} của {c} đã được tiếp nhận",
                f"{_office(rec, day)} tiếp nhận hồ sơ hợp lệ của {c} ngày {_d(t.acted_on)}; "
                "hồ sơ đang được các ngành thẩm định.")
    if t.to_status == S.APPRAISED:
        return (f"Hồ sơ năm {y} của {c} đã được thẩm định",
                f"{_office(rec, day)} hoàn thành báo cáo thẩm định hồ sơ của {c} ngày {_d(t.acted_on)}. "
                f"Tổng điểm sau thẩm định: {points(a.final_total)}. Hồ sơ chờ Hội đồng xét công nhận.")
    if t.to_status == S.RECOGNISED:
        return (f"{c} được công nhận xã, phường phù hợp với trẻ em năm {y}",
                f"{_decision_act(a, t, rec)} công nhận {c} đạt tiêu chuẩn xã, phường phù hợp với trẻ em năm {y}.")
    if t.to_status == S.NOT_RECOGNISED:
        return (f"{c} chưa được công nhận xã, phường phù hợp với trẻ em năm {y}",
                f"{_decision_act(a, t, rec)}: {c} chưa được công nhận năm {y}.\n"
                f"Lý do: {t.comment.strip() or a.decision_reason}")
    return None


def _sectors_owning(a):
    """{sector: criterion numbers it owns (leads or shares)} of the dossier's standard in the round's
    province, as criteria.selectors says for the round (its province's code in the standard's period)."""
    from criteria.selectors import sharers_map

    owned = {}
    for number, sectors in sorted(sharers_map(a.round.standard, a.round.province.code).items()):
        for sector in sectors:
            owned.setdefault(sector, []).append(number)
    return owned


def _numbers(ns):
    return ", ".join(map(str, ns))


def dossier_moved(a, t):
    """Tell the people who act next of move ``t`` (a Transition) of dossier ``a``; returns the new
    notifications."""
    deciding = t.to_status in (S.RECOGNISED, S.NOT_RECOGNISED)
    if deciding and (a.decision is None or not a.decision.is_issued):
        return []  # recorded, not issued yet: the outcome is told once the decision is issued (decision_issued)
    day = t.acted_on or a.round.decision_due
    named = units_on([a.commune], day)[a.commune_id]  # the commune and its recognising unit as on the day
    c, rec = named.name, (named.parent if named.parent_id else None)
    above = rec.parent_id if rec is not None else None
    near = Q(unit_id__in=[i for i in (a.commune_id, rec and rec.pk, deciding and above) if i])
    people = list(User.objects.filter(near | Q(unit__isnull=True) if deciding and above is None else near,
                                       is_active=True).select_related("unit"))
    at_commune = [u for u in people if u.unit_id == a.commune_id]
    at_rec = [u for u in people if rec is not None and u.unit_id == rec.pk]
    key, y, detail = f"dossier:{a.pk}:{t.to_status}:{t.pk}", a.round.year, reverse("assessments:detail", args=[a.pk])
    created = []
    commune_texts = _to_commune(a, t, c, rec, day) if rec is not None else None
    if commune_texts:
        created += notify([u for u in at_commune if permissions.told_as_commune(u)], key, *commune_texts, url=detail)
    if rec is None:
        return created
    r = a.round
    if t.to_status == S.SUBMITTED:
        created += notify(
            [u for u in at_rec if permissions.told_of_submission(u)], key,
            f"Hồ sơ năm {y} của {c} đã nộp, chờ tiếp nhận",
            f"{c} nộp hồ sơ đề nghị công nhận xã, phường phù hợp với trẻ em năm {y} ngày {_d(t.acted_on)} "
            f"(tổng điểm tự đánh giá: {points(a.self_total)}). Kiểm tra hồ sơ để tiếp nhận hoặc trả lại "
            f"cho xã bổ sung; hạn thẩm định của đợt: {_d(r.appraisal_due)}.",
            url=detail)
    elif t.to_status == S.ACCEPTED:
        appraisal = reverse("assessments:appraisal", args=[a.pk])
        for sector, numbers in _sectors_owning(a).items():
            told = [u for u in at_rec if permissions.told_to_appraise(u, {sector.pk})]
            if told:
                created += notify(
                    told, key, f"Hồ sơ năm {y} của {c} chờ ngành {sector.short_on(day)} thẩm định",
                    f"{_office(rec, day)} tiếp nhận hồ sơ hợp lệ của {c} ngày {_d(t.acted_on)}. "
                    f"Đề nghị ngành {sector.name_on(day)} thẩm định tiêu chí {_numbers(numbers)} "
                    f"trước ngày {_d(r.appraisal_due)} (hạn thẩm định của đợt).",
                    url=appraisal)
    elif t.to_status == S.APPRAISED:
        council = [u for u in at_rec if permissions.told_of_appraisal(u)]
        verdict = "đạt chuẩn" if a.meets_standard else "chưa đạt chuẩn"
        texts = (f"Hồ sơ năm {y} của {c} đã thẩm định, chờ Hội đồng xét công nhận",
                 f"{_office(rec, day)} hoàn thành báo cáo thẩm định hồ sơ của {c} ngày {_d(t.acted_on)}: tổng điểm "
                 f"sau thẩm định {points(a.final_total)}/{points(r.standard.total_points)}, {verdict}. "
                 f"Hạn ra quyết định công nhận: {_d(r.decision_due)}.")
        decides = [u for u in council if u.has_perm("assessments.decide", u.unit)]
        created += notify(decides, key, *texts, url=reverse("assessments:round", args=[r.pk]))
        created += notify([u for u in council if u not in decides], key, *texts, url=detail)
    elif deciding and a.decision is not None:
        d = a.decision
        above_unit = rec.parent if above is not None else None
        told = [u for u in people if u.unit_id == (above_unit.pk if above_unit else None)
                and permissions.told_of_decision_above(u, above_unit)]
        created += notify(
            told, f"decision:{d.pk}",
            f"Quyết định số {d.number} công nhận xã, phường phù hợp với trẻ em năm {y} ({in_text(rec)})",
            f"Chủ tịch UBND {in_text(rec)} ký Quyết định số {d.number} ngày {_d(d.signed_on)} về việc công nhận "
            f"xã, phường phù hợp với trẻ em năm {y}.",
            url=reverse("assessments:decision", args=[d.pk]))
    return created


def decision_issued(decision):
    """Tell the communes of ``decision`` their outcome, and the level above the decision, now that it is issued
    (assessments.signing.decision_issue_by, in its transaction): each dossier's deciding move, announced as
    ``dossier_moved`` announces it (the same keys: a decision whose notices went before this rule tells no one
    twice). Returns the new notifications."""
    created = []
    dossiers = (decision.assessments.filter(status__in=[S.RECOGNISED, S.NOT_RECOGNISED])
                .select_related("round__standard", "round__province", "commune__parent").order_by("pk"))
    for a in dossiers:
        a.decision = decision
        t = a.transitions.filter(to_status=a.status).order_by("-at", "-id").first()
        if t is not None:
            created += dossier_moved(a, t)
    return created
