"""Reads for the assessment pages, already scoped to the user and shaped for the page."""

from collections import defaultdict

from django.db.models import Case, Count, Exists, F, OuterRef, Q, Subquery, Sum, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import own_or_inherited, readable
from assessments import permissions
from assessments import rules as moves
from assessments.models import Assessment, Council, Decision, Evidence, Registration, Round, Score, SignedDocument
from communes.models import Level, Unit
from communes.selectors import recognising_units
from criteria import rules

S = Assessment.Status


def today():
    return timezone.localdate()


def assessment_for_page(user, pk, *, read=False):
    """The assessment with everything its page shows, in one query; ``read`` (a page that only reads it):
    the dossiers of the units the user's unit succeeded in the 2025 reform too (Assessment.readable_by).

    Its round's standard comes from the process's reference data (criteria.reference), and its
    decision, which only a decided dossier has, is read when the page asks for it: fewer joins make a
    query PostgreSQL plans in half the time.
    """
    from django.shortcuts import get_object_or_404

    from criteria import reference

    # the council (one-to-one, may be missing) rides along: the page links its signed minutes
    related = ("round", "commune__parent", "council")
    # whether any document of the dossier or of its decision is kept signed (issue 24): the page reads the
    # records only then, so a dossier with none costs no query more
    signed = Exists(SignedDocument.objects.filter(Q(assessment_id=OuterRef("pk"))
                                                  | Q(decision_id=OuterRef("decision_id"))))
    if read:
        a = own_or_inherited(Assessment.objects.visible_to(user).select_related(*related).annotate(has_signed=signed),
                             lambda: Assessment.objects.readable_by(user).select_related(*related)
                             .annotate(has_signed=signed), pk=pk)
    else:
        a = get_object_or_404(Assessment.objects.visible_to(user).select_related(*related).annotate(has_signed=signed),
                              pk=pk)
    a.round.standard = reference.for_round(a.round).standard
    return a


def dossier_version(assessment_id):
    """The dossier's version now: what a page loaded now would carry (for writers with no page, such as
    the demo and the benchmark, which act as a person who has just loaded it)."""
    return Assessment.objects.values_list("version", flat=True).get(pk=assessment_id)


def dossier_versions(assessment_ids) -> dict[int, int]:
    """{id: the dossier's version now} for several dossiers (a decision page's rows), one query."""
    return dict(Assessment.objects.filter(pk__in=list(assessment_ids)).values_list("pk", "version"))


def closing_decision(round_, commune):
    """The decision of ``round_`` issued by the unit recognising ``commune`` on the day it was signed
    (communes.selectors.recognising_units), or None. Once its recognising unit has decided the round,
    the round is closed to the commune: no new dossier is started in it (assessments.start)."""
    decisions = list(round_.decisions.select_related("issuer").order_by("signed_on", "pk"))
    units = {day: recognising_units([commune], day)[commune.pk] for day in {d.signed_on for d in decisions}}
    return next((d for d in decisions if units[d.signed_on] is not None and units[d.signed_on].pk == d.issuer_id),
                None)


def closed_round_text(decision) -> str:
    """Why a round decided by ``decision`` (closing_decision) takes no new dossier."""
    return _("Đợt đánh giá năm %(y)s đã kết thúc với Quyết định số %(n)s ngày %(d)s của %(u)s: không nhận thêm "
             "hồ sơ tự đánh giá mới.") % {"y": decision.round.year, "n": decision.number,
                                            "d": decision.signed_on.strftime("%d/%m/%Y"), "u": decision.issuer}


def scoring_rows(assessment):
    """Criteria grouped by owning sector, each with its indicators, score and evidence.

    Two queries (scores, their evidence) whatever the number of criteria; the criteria, indicators
    and owners come from the process's reference data (criteria.reference).
    """
    from criteria import reference

    ref = reference.for_round(assessment.round)
    # unordered: the default order joins four tables
    scores = {s.criterion_id: s for s in
              Score.objects.filter(assessment=assessment).order_by().select_related("appraised_by")}
    evidence = defaultdict(list)
    for e in Evidence.objects.filter(score_id__in=[s.pk for s in scores.values()]).order_by("uploaded_at", "id"):
        evidence[e.score_id].append(e)
    # the sectors as the documents of the round name them ("Y tế", not "LĐTBXH", for child affairs in 2026)
    day = assessment.round.appraisal_due
    named = {s.pk: (s.name_on(day), s.short_on(day)) for sectors in ref.sharers.values() for s in sectors}
    groups = defaultdict(list)
    for c in ref.criteria:
        score, lead = scores.get(c.pk), ref.owners[c.number]
        groups[lead].append({"criterion": c, "score": score, "indicators": ref.indicators[c.pk],
                             "evidence": evidence[score.pk] if score else [],
                             "sharers": ref.sharers[c.number][1:],  # co-owners, not the lead
                             "sharer_names": list(dict.fromkeys(  # each name once, never the lead's own
                                 named[s.pk][1] for s in ref.sharers[c.number][1:]
                                 if named[s.pk][1] != named[lead.pk][1])),
                             "sector_name": named[lead.pk][0], "sector_short": named[lead.pk][1]})
    return [{"sector": sector, "rows": rows} for sector, rows in
            sorted(groups.items(), key=lambda kv: kv[1][0]["criterion"].number)]


def dossier_checklist(a, rows):
    """The parts of a dossier the recognising unit checks before accepting or returning it.

    rows: the page's score rows (selectors.scoring_rows), so nothing more is read. Each item is
    {key, label, ok, detail, url}; an item for every criterion's evidence follows the four parts.
    """
    council = getattr(a, "council", None)
    unscored = [r["criterion"].number for r in rows if r["score"] is None or r["score"].points is None]
    no_evidence = [r["criterion"].number for r in rows if not r["evidence"]]
    numbers = lambda ns: ", ".join(map(str, ns))  # noqa: E731
    items = [
        {"key": "request", "label": _("Tờ trình đề nghị công nhận"),
         "ok": bool(council and council.conclusion.strip()),
         "detail": _("Lập từ hồ sơ, kèm kết luận của Hội đồng.") if council and council.conclusion.strip()
         else _("Thiếu kết luận của Hội đồng đánh giá để đưa vào tờ trình."),
         "url": reverse("assessments:doc_request", args=[a.pk])},
        {"key": "score_sheet", "label": _("Bảng tự chấm điểm"), "ok": not unscored,
         "detail": _("Đủ %(k)s tiêu chí.") % {"k": len(rows)} if not unscored
         else _("Còn %(k)s tiêu chí chưa chấm: %(n)s.") % {"k": len(unscored), "n": numbers(unscored)},
         "url": reverse("assessments:doc_score_sheet", args=[a.pk])},
        {"key": "minutes", "label": _("Biên bản họp Hội đồng (bản đã ký)"),
         "ok": bool(council and council.meeting_date and council.minutes),
         "detail": (_("Họp ngày %(d)s, đã tải lên bản đã ký.") % {"d": council.meeting_date.strftime("%d/%m/%Y")}
                    if council and council.meeting_date and council.minutes
                    else _("Chưa ghi nhận cuộc họp của Hội đồng.") if not (council and council.meeting_date)
                    else _("Chưa tải lên biên bản đã ký.")),
         "url": reverse("assessments:minutes_file", args=[a.pk]) if council and council.minutes else ""},
        {"key": "evidence", "label": _("Minh chứng theo tiêu chí"), "ok": not no_evidence,
         "detail": _("Tiêu chí nào cũng có minh chứng.") if not no_evidence
         else _("%(k)s tiêu chí chưa có minh chứng: %(n)s.") % {"k": len(no_evidence), "n": numbers(no_evidence)},
         "url": ""},
    ]
    per_criterion = [{"n": r["criterion"].number, "name": r["criterion"].name, "count": len(r["evidence"])}
                     for r in sorted(rows, key=lambda r: r["criterion"].number)]
    return {"items": items, "per_criterion": per_criterion, "complete": all(i["ok"] for i in items),
            "missing": sum(1 for i in items if not i["ok"])}


def open_rounds_for(user):
    """The latest rounds in the user's scope (their deadlines show what is due or overdue)."""
    return Round.objects.visible_to(user).select_related("standard", "province").order_by("-year")[:3]


def _item(label, url, due=None, status=""):
    return {"label": label, "url": url, "due": due, "overdue": bool(due and due < today()),
            "status": status}


def home_panels(user):
    """What is waiting for this user, by their work (assessments.permissions.panel_kind), as panels of
    items with due dates."""
    builders = {"commune": _commune_panels, "appraiser": _appraiser_panels, "recognising": _recognising_panels,
                "rounds": _round_panels}
    builder = builders.get(permissions.panel_kind(user))
    return builder(user) if builder and (user.unit_id or user.sees_everything) else []


def _commune_panels(user):
    items = []
    existing = {a.round_id: a for a in Assessment.objects.filter(commune=user.unit).select_related("round")}
    registered = set(user.unit.registrations.values_list("round_id", flat=True))
    for r in open_rounds_for(user):
        a = existing.get(r.pk)
        if a is None and not user.has_perm("assessments.start", r):
            continue  # decided by the commune's recognising unit: nothing to register or start any more
        if r.pk not in registered and a is None:
            items.append(_item(_("Đăng ký xây dựng xã, phường phù hợp với trẻ em năm %(y)s") % {"y": r.year},
                               reverse("assessments:register", args=[r.pk]), r.registration_due, _("Chưa đăng ký")))
        if a is None:
            items.append(_item(_("Bắt đầu tự đánh giá năm %(y)s (%(s)s)") % {"y": r.year, "s": r.standard},
                               reverse("assessments:start", args=[r.pk]), r.submission_due, _("Chưa bắt đầu")))
        elif a.commune_can_edit:
            items.append(_item(_("Chấm điểm và nộp hồ sơ năm %(y)s") % {"y": r.year},
                               reverse("assessments:detail", args=[a.pk]), r.submission_due,
                               a.get_status_display()))
        else:
            items.append(_item(_("Hồ sơ năm %(y)s") % {"y": r.year},
                               reverse("assessments:detail", args=[a.pk]), None, a.get_status_display()))
    return [{"title": _("Hồ sơ của xã"), "items": items,
             "empty_text": _("Chưa có đợt đánh giá nào đang mở cho tỉnh.")}]


# the round's deadline for the move waiting in each state
WAITING_DUE = {S.DRAFT: "submission_due", S.RETURNED: "submission_due", S.SUBMITTED: "submission_due",
               S.ACCEPTED: "appraisal_due", S.APPRAISED: "decision_due"}


def waiting_dossiers(user, where, limit=100):
    """Dossiers on which the user has a move of assessments.rules.MOVES to make now, each with the
    labels of those moves: the home page shows exactly what the pages would let the user do."""
    statuses = permissions.statuses_to_act(user, where)
    if not statuses or user.unit_id is None:
        return []  # a role with no move (a council member) has nothing waiting
    # both the recognising unit and the appraising sector office are the commune's parent
    qs = (Assessment.objects.recognised_by(user.unit_id).filter(status__in=statuses)
          .select_related("commune__parent", "round").order_by("commune__path")[:limit])
    waiting = []
    for a in qs:
        available = permissions.available_moves(a, user)
        if available:
            waiting.append((a, available))
    return waiting


def _dossier_items(user, where):
    return [_item(_("%(c)s: %(m)s") % {"c": a.commune.name, "m": ", ".join(str(m.label) for m in available)},
                  reverse("assessments:detail", args=[a.pk]), getattr(a.round, WAITING_DUE[a.status]),
                  a.get_status_display())
            for a, available in waiting_dossiers(user, where)]


def _appraiser_panels(user):
    return [{"title": _("Hồ sơ chờ ngành thẩm định"), "items": _dossier_items(user, moves.OWNING_SECTOR),
             "empty_text": _("Không có hồ sơ nào chờ thẩm định.")}]


def unissued_decisions(user):
    """The decisions the user's unit has recorded for its communes and not issued yet (permissions.awaiting_issue),
    each with ``paper_ok`` (its round takes the scanned paper original too: signing.paper_allowed)."""
    from assessments.signing import paper_allowed_sql

    if not permissions.issues_decisions(user):
        return Decision.objects.none()
    ours = Assessment.objects.filter(permissions.awaiting_issue(user.unit_id), decision=OuterRef("pk"))
    return (Decision.objects.filter(Exists(ours)).select_related("round")
            .annotate(paper_ok=Case(When(paper_allowed_sql("round"), then=True), default=False))
            .order_by("signed_on", "pk"))


def _decision_items(user):
    from assessments.signing import awaits

    return [_item(_("Quyết định số %(n)s ngày %(d)s: chưa ban hành, %(w)s") % {
                "n": d.number, "d": d.signed_on.strftime("%d/%m/%Y"), "w": awaits(d.paper_ok)},
                  reverse("assessments:decision", args=[d.pk]), None, _("Chưa ban hành"))
            for d in unissued_decisions(user)[:100]]


def _recognising_panels(user):
    panels = []
    if permissions.statuses_to_act(user, moves.RECOGNISING_UNIT):
        panels.append({"title": _("Hồ sơ cần xử lý"),
                       "items": _decision_items(user) + _dossier_items(user, moves.RECOGNISING_UNIT),
                       "empty_text": _("Không có hồ sơ nào đang chờ.")})
    rounds = [_item(_("Danh sách xét công nhận năm %(y)s") % {"y": r.year},
                    reverse("assessments:round", args=[r.pk]), r.decision_due if panels else None)
              for r in open_rounds_for(user)]  # a council member has no deadline of its own to meet
    panels.append({"title": _("Đợt đánh giá"), "items": rounds, "empty_text": _("Chưa có đợt nào.")})
    return panels


def _round_panels(user):
    rounds = list(open_rounds_for(user).annotate(
        n=Count("assessments"),
        n_submitted=Count("assessments", filter=~Q(assessments__status__in=[S.DRAFT, S.RETURNED])),
        n_recognised=Count("assessments", filter=Q(assessments__status=S.RECOGNISED)),
        n_decided=Count("assessments", filter=Q(assessments__status__in=[S.RECOGNISED, S.NOT_RECOGNISED]))))
    # a round whose every assessment is decided has nothing left to be late for
    items = [_item(_("%(p)s – năm %(y)s: %(a)s hồ sơ, %(s)s đã nộp, %(r)s được công nhận")
                   % {"p": r.province, "y": r.year, "a": r.n, "s": r.n_submitted, "r": r.n_recognised},
                   reverse("assessments:round", args=[r.pk]), r.report_due if r.n_decided < r.n else None)
             for r in rounds]
    return [{"title": _("Các đợt đánh giá"), "items": items,
             "empty_text": _("Chưa có đợt đánh giá nào.")}]


def round_assessments(user, round_):
    """The recognising unit's list: every assessment of the round the user reads, with totals and verdicts
    (a successor province reads its predecessors' rounds; deciding asks each dossier's own predicate)."""
    adjusted = Q(scores__appraised_points__isnull=False) & ~Q(scores__appraised_points=F("scores__points"))
    own = user.sees_everything or (user.unit_id is not None and user.unit.province_id == round_.province_id)
    dossiers = Assessment.objects.visible_to(user) if own else Assessment.objects.readable_by(user)
    signed = SignedDocument.objects.filter(decision=OuterRef("decision_id"), document="decision")
    return (dossiers.filter(round=round_)
            .select_related("commune__parent", "decision")
            .annotate(decision_signed_path=Subquery(signed.values("path")[:1]),  # "ký số, đã xác thực" (issue 24)
                      decision_signer=Subquery(signed.values("signer_name")[:1]),
                      discrepancies=Count("scores", filter=adjusted),
                      # "Điểm điều chỉnh": the points the appraisal changed (appraised − self-assessed)
                      adjustment=Sum(F("scores__appraised_points") - F("scores__points"), filter=adjusted))
            .order_by("commune__path"))


def consecutive_years(commune_ids):
    """For each commune, the number of consecutive years recognised up to its latest recognition.

    A commune formed by the 2025 reform continues its predecessors' run by the one rule,
    ``criteria.rules.consecutive_years`` (two queries: the links, the recognitions)."""
    from communes.models import UnitLink

    commune_ids = list(commune_ids)
    predecessors = defaultdict(list)
    for successor, predecessor in UnitLink.objects.filter(is_default=True, successor_id__in=commune_ids).values_list(
            "successor_id", "predecessor_id"):
        predecessors[successor].append(predecessor)
    wanted = set(commune_ids).union(*predecessors.values())
    years = defaultdict(set)
    for commune_id, year in (Assessment.objects.filter(commune_id__in=wanted, status=S.RECOGNISED)
                             .values_list("commune_id", "round__year")):
        years[commune_id].add(year)
    return {commune_id: rules.consecutive_years(max(years[commune_id]), years[commune_id],
                                                [years[p] for p in predecessors[commune_id]], limit=100)
            for commune_id in commune_ids if years[commune_id]}


def merit_lists(user, min_years):
    """Communes in scope whose latest recognitions run for at least min_years consecutive years."""
    visible = Assessment.objects.visible_to(user).filter(status=S.RECOGNISED)
    ids = set(visible.values_list("commune_id", flat=True))
    runs = consecutive_years(ids)
    units = Unit.objects.filter(pk__in=[c for c, n in runs.items() if n >= min_years]).select_related("parent")
    return [(u, runs[u.pk]) for u in units]


def registration_communes(user, round_):
    """The communes under the user's unit, each with ``registered``: whether it registered for the round (the
    recognising unit's registration list); None for a commune's officer or a user without a unit. One query.

    A unit's subtree holds only units of its own period, so no date filter is needed."""
    if user.unit_id is None or user.unit.level == Level.COMMUNE:
        return None
    registered = Exists(Registration.objects.filter(round=round_, commune_id=OuterRef("pk")))
    return list(Unit.objects.within(user.unit).communes().only("id", "name", "code", "kind", "parent_id")
                .annotate(registered=registered)[:2000])


def registration_status(communes, dossiers, named):
    """The registration list of ``registration_communes``, registered or not, and its counts; no query.

    ``dossiers`` are the round's dossiers the page lists (``round_assessments``): they hold every dossier of
    the unit's communes (``visible_to`` and ``readable_by`` both cover the unit's subtree), so they say which
    communes self-assessed. ``named``: the communes as the round's year names them (``units_on``)."""
    if communes is None:
        return None
    assessed = {a.commune_id for a in dossiers}
    # a commune that self-assessed without registering takes part all the same: counted, and labelled so
    rows = [(named[c.pk], c.registered, c.pk in assessed) for c in communes]
    return {"rows": rows, "registered": sum(1 for _c, r, _a in rows if r), "total": len(rows),
            "assessed": sum(1 for _c, _r, a in rows if a),
            "unregistered": sum(1 for _c, r, a in rows if a and not r)}


def last_return(assessment):
    """Why a returned dossier came back (the district's comment), or None when it is not returned."""
    if assessment.status != Assessment.Status.RETURNED:
        return None
    return (assessment.transitions.filter(to_status=Assessment.Status.RETURNED).select_related("by")
            .order_by("-at", "-id").first())


def audit_trail(assessment):
    """Every recorded change to the assessment's points, as who/when/before → after lines."""
    records = (Score.history.filter(assessment_id=assessment.pk).select_related("history_user", "criterion")
               .order_by("history_date", "history_id"))
    previous, lines = {}, []
    for r in records:
        before = previous.get(r.id)
        changes = []
        for field, label in (("points", _("điểm tự đánh giá")), ("appraised_points", _("điểm thẩm định"))):
            old, new = getattr(before, field, None), getattr(r, field)
            if old != new:
                changes.append(f"{label} {rules.format_points(old, '—')} → {rules.format_points(new, '—')}")
        if changes:
            lines.append({"when": r.history_date, "who": r.history_user.display_name if r.history_user else "—",
                          "what": _("Tiêu chí %(n)s: %(c)s") % {"n": r.criterion.number, "c": "; ".join(changes)}})
        previous[r.id] = r
    previous = {}
    for e in (Evidence.history.filter(score__assessment_id=assessment.pk)
              .select_related("history_user", "score__criterion").order_by("history_date", "history_id")):
        before, previous[e.id] = previous.get(e.id), e
        lines.append({"when": e.history_date, "who": e.history_user.display_name if e.history_user else "—",
                      "what": _("Tiêu chí %(n)s: %(change)s") % {"n": e.score.criterion.number,
                                                                 "change": _evidence_change(e, before)}})
    previous = None
    for c in (Council.history.filter(assessment_id=assessment.pk).select_related("history_user")
              .order_by("history_date", "history_id")):
        change, previous = _minutes_change(c, previous), c
        if change:
            lines.append({"when": c.history_date, "who": c.history_user.display_name if c.history_user else "—",
                          "what": change})
    return sorted(lines, key=lambda line: line["when"], reverse=True)


def _evidence_change(record, before):
    """One audit row of an evidence file as a person says it: added, replaced (old name → new), removed at
    the end of its retention, deleted."""
    name = record.original_name
    if record.history_type == "+":
        return _("tải lên minh chứng “%(name)s”") % {"name": name}
    if record.history_type == "-":
        return _("xóa minh chứng “%(name)s”") % {"name": name}
    if record.purged_on and not (before and before.purged_on):
        return _("tệp minh chứng “%(name)s” được xóa theo thời hạn lưu trữ") % {"name": name}
    if before is None or record.file != before.file:
        old = before.original_name if before else ""
        return (_("thay minh chứng “%(old)s” bằng tệp “%(name)s”") % {"old": old, "name": name} if old
                else _("thay tệp minh chứng “%(name)s”") % {"name": name})
    return _("sửa minh chứng “%(name)s”") % {"name": name}


def _minutes_change(record, before):
    """The council's signed minutes in one audit row of the council: uploaded, replaced, removed at the end
    of their retention; None when the row changed something else (the meeting, the conclusion)."""
    had = bool(before and before.minutes)
    if record.minutes_purged_on and not (before and before.minutes_purged_on):
        return _("biên bản họp Hội đồng đã ký được xóa theo thời hạn lưu trữ")
    if not record.minutes or (before is not None and record.minutes == before.minutes):
        return None
    return _("thay biên bản họp Hội đồng đã ký") if had else _("tải lên biên bản họp Hội đồng đã ký")


# --- the lists (issue 22): rows the user reads, each with what its row shows; assessments.filters narrows them


def waiting_dossiers_of(user, field):
    """A condition: a dossier of the row (``field``: the row's key in the dossier, e.g. "round_id") waits for
    the user's move."""
    return Exists(Assessment.objects.filter(permissions.needs_action(user), **{field: OuterRef("pk")}))


def waiting_in_decisions_round(user):
    """A condition on a decision: a dossier of its round, in the issuer's area, waits for the user's move (the
    round's next decision is still to come; the same predicate as the dossiers' list, ``needs_action``)."""
    return Exists(Assessment.objects.filter(permissions.needs_action(user), round_id=OuterRef("round_id"),
                                            commune__path__startswith=OuterRef("issuer__path")))


def dossier_rows(user):
    """The dossiers the user reads, newest round first, each with its commune, district, round and
    decision, and whether it waits for the user's move (``waiting``): one query a page."""
    return (Assessment.objects.readable_by(user)
            .select_related("commune__parent", "round__province", "decision")
            .annotate(waiting=Case(When(permissions.needs_action(user), then=True), default=False))
            .order_by("-round__year", "commune__search_name", "pk"))


def round_rows(user):
    """The rounds the user reads with their dossiers' counts: one query a page."""
    return (Round.objects.readable_by(user).select_related("province", "standard")
            .annotate(n=Count("assessments", distinct=True),
                      n_decided=Count("assessments", distinct=True,
                                      filter=Q(assessments__status__in=[S.RECOGNISED, S.NOT_RECOGNISED])),
                      waiting=Case(When(waiting_dossiers_of(user, "round_id"), then=True), default=False))
            .order_by("-year", "province__search_name", "pk"))


def decision_rows(user):
    """The decisions on a dossier the user reads, newest first, with their counts: one query a page."""
    from assessments.signing import paper_allowed_sql

    signed = SignedDocument.objects.filter(decision=OuterRef("pk"), document="decision")
    return (Decision.objects.readable_by(user).select_related("issuer", "round")
            .annotate(signed_path=Subquery(signed.values("path")[:1]),
                      paper_ok=Case(When(paper_allowed_sql("round"), then=True), default=False),
                      signer=Subquery(signed.values("signer_name")[:1]),
                      n=Count("assessments", distinct=True),
                      n_recognised=Count("assessments", distinct=True, filter=Q(assessments__status=S.RECOGNISED)),
                      waiting=Case(When(waiting_in_decisions_round(user), then=True), default=False))
            .order_by("-signed_on", "pk"))


def commune_rows(user):
    """The communes the user reads (its own unit's, and the former ones it succeeded), current first."""
    return (readable(Unit.objects.communes(), user).select_related("parent")
            .annotate(waiting=Case(When(waiting_dossiers_of(user, "commune_id"), then=True), default=False))
            .order_by(F("valid_to").asc(nulls_first=True), "search_name", "pk"))


def sector_named_for(user, today):
    """The user's sector as the documents of the user's period name it: today's name for a unit in being; for a
    unit the 2025 reform ended (Huyện Lục Nam's offices), the name on the appraisal day of the last round of its
    province it took part in ("Lao động - Thương binh và Xã hội" in 2024, not today's "Y tế"), else on its last
    day. Empty without a sector."""
    if user.sector_id is None:
        return ""
    unit, day = user.unit, today
    if unit is not None and unit.valid_to is not None and unit.valid_to < today:
        province = unit
        while province.level != Level.PROVINCE and province.parent_id is not None:
            province = province.parent
        last = (Round.objects.filter(province=province, appraisal_due__lte=unit.valid_to)
                .order_by("-appraisal_due").values_list("appraisal_due", flat=True).first())
        day = last or unit.valid_to
    return user.sector.name_on(day)
