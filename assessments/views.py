"""Thin views over assessments.services: parse the form, call the service, report the outcome."""


from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.permissions import own_or_inherited
from assessments import deadlines, scoring, selectors, services, signing
from assessments import permissions as move_permissions
from assessments import rules as moves
from assessments.documents import documents_for
from assessments.forms import (
    ActDateForm,
    AppraisalForm,
    CouncilForm,
    CouncilMemberFormSet,
    DecisionForm,
    EvidenceFilesForm,
    EvidenceForm,
    OutcomesForm,
    ReasonForm,
    RegistrationForm,
    ReturnForm,
    RoundForm,
    ScoreEntryForm,
    SubmitForm,
)
from assessments.models import Assessment, Evidence, EvidenceDownload, Round, Score
from assessments.permissions import is_appraiser
from communes.selectors import recognising_unit, recognising_units, units_on
from core import formatting
from core.confirm import confirmation_page, confirmed
from core.files import private_file_response
from core.locking import repeated_message
from criteria import reference, rules


def _report_form_errors(request, form):
    for errors in form.errors.values():
        for m in errors:
            messages.error(request, m)


def _run(request, action, success):
    """Call a service; report a refusal as a message instead of an error page."""
    try:
        result = action()
    except ValidationError as e:
        for m in e.messages:
            messages.error(request, m)
        return None
    messages.success(request, success)
    return result


@login_required
def round_new(request):
    if not request.user.has_perm("assessments.open_round"):
        raise PermissionDenied(_("Chỉ cán bộ cấp tỉnh được mở đợt đánh giá."))
    year = _year_asked(request)
    # the province's plan of the year proposes the deadlines and their sources (assessments.deadlines.proposed_for:
    # planning registers it); every value stays editable, what is posted is what is opened
    proposal = dict(deadlines.proposed_for(request.user.unit, year)) if request.method == "GET" else {}
    proposed_by = proposal.pop("proposed_by", None)
    form = RoundForm(request.POST or None, initial=proposal or {"year": year})
    if request.method == "POST" and form.is_valid():
        r = _run(request, lambda: services.round_open(by=request.user, province=request.user.unit,
                                                      **form.cleaned_data),
                 _("Đã mở đợt đánh giá."))
        if r:
            return redirect("assessments:round", r.pk)
    return render(request, "assessments/round_new.html", {"form": form, "year": year, "proposed_by": proposed_by})


def _year_asked(request):
    """?year= on the opening page (the year whose plan proposes the deadlines), else this year."""
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return timezone.localdate().year
    return year if 2010 <= year <= 2100 else timezone.localdate().year


# the review list's sortable columns (?sort=<name>, or -<name> for descending)
REVIEW_SORTS = {"commune__name": lambda a: a.commune.name, "final_total": lambda a: a.final_total,
                "status": lambda a: a.status}


@login_required
def round_detail(request, pk):
    r = own_or_inherited(Round.objects.visible_to(request.user).select_related("standard", "province"),
                         lambda: Round.objects.readable_by(request.user).select_related("standard", "province"), pk=pk)
    return render(request, "assessments/round_detail.html", _round_context(request, r))


SELECT_PASSING = ("chon", "dat-chuan")  # ?chon=dat-chuan: "Chọn tất cả hồ sơ đạt chuẩn" without JavaScript


def _with_query(request, name, value):
    """The page's query string (its sorting and filters) with ``name`` set to ``value``."""
    query = request.GET.copy()
    query[name] = value
    return query.urlencode()


def _round_context(request, r, decision_form=None, posted=None):
    """The round page; after a refused decision, with the form and the outcomes as they were typed.

    The decision form chooses nothing by itself: each dossier is chosen by the chair, or every passing
    one at once with "Chọn tất cả hồ sơ đạt chuẩn" (static/js/decision.js, else ?chon=dat-chuan)."""
    rows = list(selectors.round_assessments(request.user, r))
    sort = request.GET.get("sort", "")
    key = REVIEW_SORTS.get(sort.lstrip("-"))
    if key:
        rows.sort(key=key, reverse=sort.startswith("-"))
    listed = selectors.registration_communes(request.user, r)  # the unit's registration list (None: no list)
    # the list's communes and the dossiers' as the round's decision names them, one query for both (a commune in
    # both is named from its dossier's, loaded whole)
    named = units_on((listed or []) + [a.commune for a in rows], r.decision_due)
    select_passing = request.GET.get(SELECT_PASSING[0]) == SELECT_PASSING[1]
    for a in rows:
        a.round, a.commune_then = r, named[a.commune_id]
        a.outcome_input = posted.get(f"outcome_{a.pk}") if posted is not None \
            else "yes" if select_passing and a.meets_standard else ""
        a.reason_input = posted.get(f"reason_{a.pk}", "") if posted is not None else ""
    # the decision's moves (assessments.rules: recognise / not_recognise) this user may make now
    decidable = [a for a in rows if any(m.name == "recognise"
                                        for m in move_permissions.available_moves(a, request.user))]
    can_decide = bool(decidable)
    return {
        "round": r, "rows": rows, "decidable": decidable, "can_decide": can_decide,
        "passing": sum(1 for a in decidable if a.meets_standard),
        "select_passing_query": _with_query(request, *SELECT_PASSING),
        "decision_form": decision_form or DecisionForm(initial={"signed_on": services.proposed_act_day(
            r, max((a.appraisal_report_on for a in decidable if a.appraisal_report_on), default=None))}),
        "registrations": selectors.registration_status(listed, rows, named),
        "deadlines": deadlines.for_round_page(r, rows, selectors.today()),
        "deadlines_open": not move_permissions.is_national_staff(request.user),  # the ministry reads, it acts on none
        # what records the round's acts now (its setting and its province's rule), and so what an unissued
        # decision of the round waits for (assessments.signing: "Chưa ban hành")
        "paper_ok": signing.paper_allowed(r),
        "signing_rule_url": reverse("assessments:province_signing", args=[r.province_id])
        if request.user.sees_everything or (request.user.unit_id and request.user.unit.province_id == r.province_id)
        else ""}


@login_required
def assessment_start(request, round_pk):
    r = get_object_or_404(Round.objects.visible_to(request.user).select_related("standard"), pk=round_pk)
    if request.method != "POST":
        can_start = request.user.has_perm("assessments.start", r)
        closed = None if can_start or not move_permissions.is_commune_officer(request.user) \
            else selectors.closing_decision(r, request.user.unit)
        return render(request, "assessments/start.html", {
            "round": r, "can_start": can_start, "closed": selectors.closed_round_text(closed) if closed else ""})
    a = _run(request, lambda: services.assessment_start(by=request.user, round=r, commune=request.user.unit),
             _("Đã tạo hồ sơ tự đánh giá."))
    return redirect("assessments:detail", a.pk) if a else redirect("home")


@login_required
def registration(request, round_pk):
    r = get_object_or_404(Round.objects.visible_to(request.user).select_related("standard"), pk=round_pk)
    form = RegistrationForm(request.POST or None, standard=r.standard,
                            initial={"registered_on": services.proposed_act_day(r)})
    if request.method == "POST" and form.is_valid():
        if _run(request, lambda: services.registration_record(by=request.user, round=r,
                                                              commune=request.user.unit, **form.cleaned_data),
                _("Đã ghi nhận đăng ký xây dựng xã, phường phù hợp với trẻ em.")):
            return redirect("home")
    return render(request, "assessments/registration.html", {"form": form, "round": r})


def _figure_inputs(row, posted, invalid):
    """The raw-figure inputs of a criterion whose sub-indicators have bands: what was typed after a
    refused save, else the figures that produced the saved points; a blank one is "chưa nhập"."""
    n, s = row["criterion"].number, row["score"]
    saved = (s.figures if s else None) or {}
    items = []
    for ind in row["indicators"]:
        fig = saved.get(str(ind.pk)) or {}
        prefix = f"fig_{n}_{ind.pk}_"
        banded = scoring.banded(ind)
        item = {"ind": ind, "banded": banded, "prefix": prefix, "entered": bool(fig.get("entered")),
                "complete": ind.bands_complete, "bands_text": ind.bands_text(),
                "points_text": rules.format_points(fig["points"]) if fig.get("points") not in (None, "") else ""}
        for part in ("numerator", "denominator", "points"):
            typed = posted.get(prefix + part) if posted is not None else None
            # a banded sub-indicator's points field holds only points typed below its known bands
            shown = "" if part == "points" and banded and not item["entered"] else fig.get(part, "")
            item[part] = typed if typed is not None else formatting.number(shown) if part == "points" and shown \
                else shown
            item[part + "_invalid"] = prefix + part in invalid
        items.append(item)
    return items


def _display_row(row, posted, entries=None):
    """What a score row shows, worked out once here rather than by filters in every cell. After a
    refused save the inputs show what the officer typed, not the stored values."""
    c, s = row["criterion"], row["score"]
    n = c.number
    points = s.points if s else None
    typed_points = posted.get(f"points_{n}") if posted else None
    typed_note = posted.get(f"note_{n}") if posted else None
    note = s.source_note if s else ""
    appraised = bool(s and s.appraised_at)
    invalid = entries.invalid if entries else set()
    takes_figures = scoring.takes_figures(row["indicators"])
    row.update({
        "n": n,
        "points_text": "" if points is None else rules.format_points(points),
        "points_input": formatting.number(points) if typed_points is None
        else typed_points,
        "points_invalid": f"points_{n}" in invalid,
        "errors": entries.errors.get(n, []) if entries else [],
        "clear_checked": bool(posted and posted.get(f"clear_{n}")),
        "takes_figures": takes_figures,
        "figures": _figure_inputs(row, posted, invalid) if takes_figures else [],
        "from_figures": bool(s and s.figures and points is not None),
        "entered": bool(s and any(f.get("entered") for f in s.figures.values() if isinstance(f, dict))),
        "note": note,
        "note_input": note if typed_note is None else typed_note,
        "appraised": appraised,
        "appraised_text": rules.format_points(s.appraised_points) if appraised else "",
        "adjusted": appraised and s.appraised_points != s.points,
        "appraisal_reason": s.appraisal_reason if appraised else "",
        "appraiser": s.appraised_by.display_name if appraised and s.appraised_by else "",
    })
    return row


def _unconfirmed(item):
    """"tên", "điểm" or both for a criterion or sub-indicator not checked against the published text."""
    flags = [label for attr, label in (("name_provisional", _("tên")), ("points_provisional", _("điểm")))
             if getattr(item, attr, False)]
    if not flags and getattr(item, "provisional", False):
        flags = [_("tên hoặc điểm")]
    return _(" và ").join(flags)


def _provisional_items(a, rows):
    """The standard's values not yet checked against the published text, listed once on the page."""
    items = []
    for row in rows:
        c = row["criterion"]
        if what := _unconfirmed(c):
            items.append(_("tiêu chí %(n)s (%(what)s)") % {"n": c.number, "what": what})
        for ind in row["indicators"]:
            if what := _unconfirmed(ind):
                items.append(_("chỉ tiêu %(n)s.%(i)s (%(what)s)") % {"n": c.number, "i": ind.number, "what": what})
    standard = a.round.standard
    if standard.zero_blocks_provisional:
        items.append(_("quy định có tiêu chí 0 điểm thì không được công nhận"))
    if standard.thresholds_provisional and a.tier != "city_ward":
        items.append(_("ngưỡng công nhận của nhóm %(tier)s") % {"tier": a.get_tier_display()})
    return items


def _detail_context(request, a, posted=None, entries=None):
    groups = selectors.scoring_rows(a)
    rows = [_display_row(dict(row, sector=g["sector"]), posted, entries) for g in groups for row in g["rows"]]
    rows.sort(key=lambda r: r["n"])  # the official order 1..N, as the standard's form has it
    for g in groups:  # the appraisal section reads the rows by sector
        g["rows"] = [r for r in rows if r["sector"] == g["sector"]]
    # one choice per name of the round's period: child affairs and health are both "Y tế" from 2025
    by_name = {}
    for r in rows:
        by_name.setdefault(r["sector_short"], {})[r["sector"].code] = None
    sectors = sorted(((",".join(codes), name) for name, codes in by_name.items()), key=lambda s: s[1])
    sector_filter = request.GET.get("nganh", "")
    for r in rows:
        r["hidden"] = bool(sector_filter) and r["sector"].code not in sector_filter.split(",")
    final_points = {r["n"]: r["score"].final_points if r["score"] else None for r in rows}
    self_points = {r["n"]: r["score"].points if r["score"] else None for r in rows}
    standard_rules = rules.rules_of(a.round.standard, [r["criterion"] for r in rows])
    user = request.user
    return {
        "a": a, "groups": groups, "rows": rows, "sectors": sectors, "sector_filter": sector_filter,
        "verdict": rules.judge(standard_rules, a.tier, final_points),
        "self_verdict": rules.judge(standard_rules, a.tier, self_points),
        "appraised": any(r["appraised"] for r in rows),
        "provisional_items": _provisional_items(a, rows),
        "entry_errors": entries.messages if entries else [],
        "can_score": user.has_perm("assessments.score", a),
        "read_as_successor": user.has_perm("accounts.read_as_successor", a.commune),
        "can_read_download_log": move_permissions.can_read_download_log(user, a),
        "is_recognising": user.has_perm("assessments.act_for_recognising_unit", a),
        # the moves table decides both: the buttons, and the link to the sector's appraisal form
        "is_appraiser": any(m.name == "appraise" for m in move_permissions.available_moves(a, user)),
        "moves": _move_buttons(a, user),
        "return_on": services.proposed_act_day(a.round, a.submitted_on),  # the return form's proposed day
        "returned": selectors.last_return(a),
        "documents": _with_records(user, a, documents_for(user, a)),
        # what the dossier's decision waits for while it is not issued ("Chưa ban hành")
        "decision_paper_ok": bool(a.decision_id) and a.decision.issued_at is None and signing.paper_allowed(a.round),
        "council": getattr(a, "council", None),
        # what the recognising unit checks before accepting or returning (the commune sees it too)
        "checklist": selectors.dossier_checklist(a, rows) if a.status in (
            Assessment.Status.DRAFT, Assessment.Status.RETURNED, Assessment.Status.SUBMITTED) else None,
    }


def _with_records(user, a, docs):
    """Each printed document with its signed record (one query) and whether the user may record it."""
    from assessments.signing import records_for

    records = records_for(a) if getattr(a, "has_signed", True) else {}  # selectors.assessment_for_page
    for doc in docs:
        doc["record"] = records.get(doc["slug"])
        doc["may_sign"] = bool(doc.get("signed_url")) and move_permissions.may_sign_document(user, a, doc["slug"])
    return docs


@login_required
def assessment_detail(request, pk):
    a = selectors.assessment_for_page(request.user, pk, read=True)
    return render(request, "assessments/detail.html", _detail_context(request, a))


@login_required
def assessment_history(request, pk):
    """The dossier's audit trail: every status change and every change of points or evidence."""
    a = selectors.assessment_for_page(request.user, pk, read=True)
    return render(request, "assessments/history.html", {
        "a": a, "transitions": a.transitions.select_related("by"), "history": selectors.audit_trail(a)})


def _score_form(request, ref):
    """The scoring form as Django parses it: a criterion or sub-indicator the round's standard does not
    have makes it invalid (the view answers 400, nothing saved)."""
    form = ScoreEntryForm(request.POST, criteria=ref.criteria, indicators=ref.indicators)
    form.is_valid()
    return form


def _wants_json(request):
    """The scoring page's own script (static/js/scoring.js) asks for JSON; a plain form post gets pages."""
    return request.headers.get("Accept", "").startswith("application/json")


@login_required
@require_POST
def scores_save(request, pk):
    """Save the typed points. The page's script posts with ``Accept: application/json`` and keeps the page
    (and its draft) when the network fails; a refusal answers 400 to it with nothing recorded, and the
    script then posts the form as a page, which shows the refusal at the fields."""
    a = selectors.assessment_for_page(request.user, pk)
    as_json = _wants_json(request)
    form = _score_form(request, reference.for_round(a.round))
    if form.errors:  # nothing saved; the page comes back with what the officer typed
        if as_json:
            return JsonResponse({"saved": False, "messages": form.all_messages()}, status=400)
        for m in form.all_messages():
            messages.error(request, m)
        return render(request, "assessments/detail.html", _detail_context(request, a, request.POST), status=400)
    points, notes, figures, clear = form.typed()
    try:
        saved = services.scores_save(by=request.user, assessment_id=a.pk, seen_version=request.POST.get("version"),
                                     points=points, notes=notes, figures=figures, clear=clear)
    except ValidationError as e:
        if as_json:
            return JsonResponse({"saved": False, "messages": e.messages}, status=400)
        entries = getattr(e, "entries", None)
        messages.error(request, _("Chưa lưu gì: %(count)s ô cần sửa (xem thông báo ở từng dòng).")
                       % {"count": len(e.messages)} if entries else e.messages[0])
        for m in e.messages[0 if entries else 1:]:
            messages.error(request, m)
        # nothing is lost: the page comes back with what the officer typed
        return render(request, "assessments/detail.html", _detail_context(request, a, request.POST, entries),
                      status=400)
    messages.success(request, _("Đã lưu điểm tự đánh giá."))
    if saved.repeated:  # the same save again: its first answer never reached the browser
        messages.info(request, repeated_message(_("điểm")))
    for m in saved.notices:
        messages.info(request, m)
    url = reverse("assessments:detail", args=[a.pk])
    if as_json:
        return JsonResponse({"saved": True, "url": url})
    return redirect(url)


def _preview_json(a, verdict, *, messages_=(), invalid=(), notices=()):
    """The live verdict as the sticky bar of the scoring page shows it (static/js/scoring.js)."""
    return {
        "total": formatting.number(verdict.total), "threshold": verdict.threshold,
        "max": a.round.standard.total_points, "recognised": verdict.recognised,
        "zeros": list(verdict.zero_criteria), "missing": list(verdict.missing_criteria),
        "messages": list(messages_), "invalid": sorted(invalid), "notices": list(notices)}


@login_required
@require_POST
def scores_preview(request, pk):
    """The verdict for what is typed on the scoring page, nothing saved (the page's live verdict).
    Only for whoever may score the dossier: everyone else sees the saved verdict on the page.
    JSON for the page's sticky bar (``Accept: application/json``), else the verdict card's HTML."""
    a = selectors.assessment_for_page(request.user, pk)
    move_permissions.require_commune_officer(request.user, a.commune)
    ref = reference.for_round(a.round)
    saved = {}
    for number, pts in Score.objects.filter(assessment=a).order_by().values_list("criterion__number", "points"):
        saved[number] = pts
    standard_rules = rules.rules_of(a.round.standard, ref.criteria)
    form = _score_form(request, ref)
    if form.errors:  # the saved verdict, and why nothing typed counts
        verdict = rules.judge(standard_rules, a.tier, saved)
        if _wants_json(request):
            return JsonResponse(_preview_json(a, verdict, messages_=form.all_messages()), status=400)
        return render(request, "assessments/_live_verdict.html", {
            "a": a, "verdict": verdict, "label": _("Tổng điểm tự đánh giá"),
            "live": True, "entry_errors": form.all_messages()}, status=400)
    points, _notes, figures, clear = form.typed()
    entries = scoring.read_entries(criteria=ref.criteria, indicators=ref.indicators, saved=saved,
                                   points=points, figures=figures, clear=clear)
    typed = {**saved, **{n: e.points for n, e in entries.values.items()}}
    verdict = rules.judge(standard_rules, a.tier, typed)
    if _wants_json(request):
        return JsonResponse(_preview_json(a, verdict, messages_=entries.messages, invalid=entries.invalid,
                                          notices=entries.notices))
    return render(request, "assessments/_live_verdict.html", {
        "a": a, "verdict": verdict, "label": _("Tổng điểm tự đánh giá"),
        "live": True, "entry_errors": entries.messages, "notices": entries.notices})


def _council_with_one_more_row(request, form, formset):
    """The council form and its member rows as typed (unbound, so nothing is judged yet), plus a blank row."""
    typed = {name: form[name].value() for name in form.fields if name != "minutes"}
    rows, blank = [], 0
    for f in formset.forms:
        row = {name: f[name].value() or "" for name in ("name", "position", "council_role")}
        if any(v.strip() for v in row.values()):
            rows.append({**row, "DELETE": bool(f["DELETE"].value())})
        else:
            blank += 1
    chosen = request.FILES.get("minutes")
    if chosen:
        messages.warning(request, _("Tệp “%(name)s” chưa được lưu: hãy chọn lại tệp biên bản trước khi lưu.")
                         % {"name": chosen.name})
    more = CouncilMemberFormSet(initial=rows, prefix="m")
    more.extra = blank + 1
    return CouncilForm(initial=typed), more


@login_required
def council(request, pk):
    a = selectors.assessment_for_page(request.user, pk)
    existing = getattr(a, "council", None)
    initial = ({"meeting_date": existing.meeting_date, "starts_at": existing.starts_at, "ends_at": existing.ends_at,
                "conclusion": existing.conclusion} if existing else {})
    if not initial.get("meeting_date"):
        initial["meeting_date"] = services.proposed_act_day(a.round)
    members_initial = [{"name": m.name, "position": m.position, "council_role": m.council_role}
                       for m in existing.members.all()] if existing else []
    form = CouncilForm(request.POST or None, request.FILES or None, initial=initial)
    # the stored members are the rows a page shows, never what a post is read against: a row posted from
    # an older page (a save sent again after its answer was lost) that equals a stored member would
    # otherwise count as an untouched blank row and be dropped
    formset = CouncilMemberFormSet(request.POST or None, initial=None if request.POST else members_initial,
                                   prefix="m")
    if request.method == "GET" and not members_initial:
        formset.extra = 3  # a new council: a few rows to start with, "Thêm thành viên" for more
    if request.method == "POST" and "add_member" in request.POST:
        # the page without its script (static/js/council.js adds the row in the page): the form again as
        # typed, with one more row, nothing saved and no error shown yet
        form, formset = _council_with_one_more_row(request, form, formset)
        return render(request, "assessments/council.html", {"a": a, "form": form, "formset": formset,
                                                            "council": existing,
                                                            "max_mb": settings.EVIDENCE_MAX_BYTES // 1048576})
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        members = [f.cleaned_data for f in formset if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        for m in members:
            m.pop("DELETE", None)
        saved = _run(request, lambda: services.council_save(by=request.user, assessment_id=a.pk, members=members,
                                                            seen_version=request.POST.get("version", ""),
                                                            **form.cleaned_data),
                     _("Đã lưu thông tin Hội đồng đánh giá."))
        if saved:
            if saved.repeated:  # the same save again: its first answer never reached the browser
                messages.info(request, repeated_message(_("thông tin Hội đồng")))
            return redirect("assessments:detail", a.pk)
    chosen = request.FILES.get("minutes")
    if request.method == "POST" and chosen:
        # a browser never refills a file input: say so plainly, next to the field
        form.add_error("minutes", _("Tệp “%(name)s” chưa được lưu vì biểu mẫu còn lỗi: hãy sửa lỗi rồi chọn lại "
                                    "tệp biên bản trước khi lưu.") % {"name": chosen.name})
    return render(request, "assessments/council.html", {"a": a, "form": form, "formset": formset,
                                                        "council": existing,
                                                        "max_mb": settings.EVIDENCE_MAX_BYTES // 1048576},
                  status=400 if request.method == "POST" else 200)


def _move_buttons(a, user):
    """The page's buttons: one per move of assessments.rules.MOVES this user may make now."""
    return [{"name": m.name, "label": m.label, "style": m.style, "icon": m.icon, "confirm": m.confirm,
             "url": reverse(f"assessments:{m.url_name}", args=[a.pk])}
            for m in move_permissions.available_moves(a, user) if m.url_name]


def _consequence(move, a, unit):
    """What ``move`` does to dossier ``a``, in words; ``unit``: the commune's recognising unit on the
    day of the act (communes.selectors.recognising_unit)."""
    return move.consequence % {"commune": a.commune, "unit": unit}


def _transition_view(name, service, success, form_class=ActDateForm):
    """A POST-only view for one move of assessments.rules.MOVES.

    The page's version is checked: a move on what the officer did not see, or from a form without the
    version, is refused. An irreversible move (confirm=True) first answers with the confirmation step, saying what
    will happen; only the post from that step (confirm=1) reaches the service.
    """
    move = moves.move(name)

    @login_required
    @require_POST
    def view(request, pk):
        a = selectors.assessment_for_page(request.user, pk)
        move_permissions.require_move(request.user, a, name, check_state=False)  # not theirs: 403
        # every move's form carries the version: one without it is refused like a stale page ("" to
        # check_version), never let through unchecked
        version = request.POST.get("version", "")
        kwargs = {"seen_version": version}
        form = form_class(request.POST)
        if not form.is_valid():
            _report_form_errors(request, form)
            return redirect("assessments:detail", a.pk)
        kwargs.update({k: v for k, v in form.cleaned_data.items() if v is not None})
        stale = version != str(a.version)  # the service says who changed what
        if move.confirm and not confirmed(request) and not stale:
            if a.status not in move.sources:  # the same refusal the service gives, before asking
                messages.error(request, move_permissions.move_refusal(a, move))
                return redirect("assessments:detail", a.pk)
            # the step asks for the day of the act, proposing today (or, for a past round, the day of
            # the act it follows: assessments.rules.default_act_date)
            after = services.act_after(a, "request" if name == "submit" else name)[0]
            day = services.proposed_act_day(a.round, after)
            dates = form_class(initial={"on": day, "request_on": day})
            return confirmation_page(
                request, title=move.label, subject=_("%(c)s – năm %(y)s") % {"c": a.commune, "y": a.round.year},
                consequences=[_consequence(move, a, recognising_unit(a.commune, day))],
                back_url=reverse("assessments:detail", args=[a.pk]),
                hidden=[("version", version)],
                fields=[dates[f] for f in dates.fields])
        _run(request, lambda: service(by=request.user, assessment_id=a.pk, **kwargs), success)
        return redirect("assessments:detail", a.pk)
    return view


submit = _transition_view("submit", services.assessment_submit, _("Đã nộp hồ sơ lên cơ quan công nhận."),
                          SubmitForm)
return_ = _transition_view("return", services.assessment_return, _("Đã trả hồ sơ để xã bổ sung."), ReturnForm)
accept = _transition_view("accept", services.assessment_accept, _("Đã tiếp nhận hồ sơ, chuyển các ngành thẩm định."))
complete_appraisal = _transition_view("complete_appraisal", services.assessment_complete_appraisal,
                                      _("Đã hoàn thành thẩm định."))


@login_required
@require_POST
def evidence_upload(request, pk, score_pk):
    """One file or several: each is checked and stored, or refused, on its own, with its own message. The
    page's script sends the files one at a time and asks for JSON to show each one's progress and outcome
    (static/js/evidence.js); the messages are kept for the page it then loads, as without the script."""
    a = selectors.assessment_for_page(request.user, pk)
    score = get_object_or_404(Score.objects.select_related("criterion"), pk=score_pk, assessment=a)
    form = EvidenceFilesForm(request.POST, request.FILES)
    outcomes = []
    if not form.is_valid():
        messages.error(request, form.errors["file"][0])
    for upload in form.cleaned_data.get("file", []) if form.is_valid() else []:
        try:
            services.evidence_add(by=request.user, score_id=score.pk, seen_version=request.POST.get("version", ""),
                                  upload=upload)
        except ValidationError as e:
            text = _("Chưa tải lên “%(name)s”: %(why)s") % {"name": upload.name, "why": " ".join(e.messages)}
            messages.error(request, text)
            outcomes.append({"name": upload.name, "ok": False, "message": text})
        else:
            text = _("Đã tải lên minh chứng “%(name)s” cho tiêu chí %(n)s.") % {"name": upload.name,
                                                                               "n": score.criterion.number}
            messages.success(request, text)
            outcomes.append({"name": upload.name, "ok": True, "message": text})
    if request.headers.get("Accept") == "application/json":
        return JsonResponse({"files": outcomes}, status=200 if outcomes and all(o["ok"] for o in outcomes) else 400)
    return redirect("assessments:detail", a.pk)


@login_required
@require_POST
def evidence_delete(request, pk, evidence_pk):
    a = selectors.assessment_for_page(request.user, pk)
    ev = get_object_or_404(Evidence, pk=evidence_pk, score__assessment=a)
    _run(request, lambda: services.evidence_delete(by=request.user, assessment_id=a.pk, evidence_id=ev.pk,
                                                 seen_version=request.POST.get("version", "")),
         _("Đã xóa minh chứng “%(name)s”.") % {"name": ev.original_name})
    return redirect("assessments:detail", a.pk)


@login_required
@require_POST
def evidence_replace(request, pk, evidence_pk):
    a = selectors.assessment_for_page(request.user, pk)
    ev = get_object_or_404(Evidence, pk=evidence_pk, score__assessment=a)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        _run(request, lambda: services.evidence_replace(by=request.user, assessment_id=a.pk, evidence_id=ev.pk,
                                                        seen_version=request.POST.get("version", ""),
                                                        upload=form.cleaned_data["file"]),
             _("Đã thay tệp minh chứng “%(name)s”.") % {"name": ev.original_name})
    else:
        messages.error(request, _("Hãy chọn tệp mới để thay minh chứng “%(name)s”.") % {"name": ev.original_name})
    return redirect("assessments:detail", a.pk)


def _file_purged(request, a, name, purged_on):
    """410 Gone: the file was removed at the end of its retention (assessments.retention)."""
    return render(request, "assessments/file_purged.html", {"a": a, "name": name, "purged_on": purged_on},
                  status=410)


def _reason(request, a, criterion_number=None):
    """(reason, form): "" for someone who needs to know (assessments.permissions.needs_to_know); for
    anyone else the reason they posted (with the CSRF token), or None with the form to ask for it."""
    if move_permissions.needs_to_know(request.user, a, criterion_number):
        return "", None
    form = ReasonForm(request.POST if request.method == "POST" else None)
    if form.is_valid() and form.cleaned_data["reason"].strip():
        return form.cleaned_data["reason"].strip(), None
    return None, form


def _reason_page(request, a, name, form):
    return render(request, "assessments/file_reason.html", {"a": a, "name": name, "form": form})


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def minutes_download(request, pk):
    """The council's signed minutes: for whoever sees the dossier, with a reason outside the
    need-to-know, logged, never cached; a successor province reads an inherited dossier's minutes too."""
    a = selectors.assessment_for_page(request.user, pk, read=True)
    council = getattr(a, "council", None)
    if council is not None and council.minutes_purged_on:
        return _file_purged(request, a, _("Biên bản hội đồng đã ký"), council.minutes_purged_on)
    if council is None or not council.minutes:
        raise Http404
    reason, form = _reason(request, a)
    if reason is None:
        return _reason_page(request, a, _("Biên bản hội đồng đã ký"), form)
    services.minutes_downloaded(by=request.user, council=council, reason=reason)
    return private_file_response(council.minutes.open("rb"), content_type="application/pdf",
                                 filename=_("Biên bản hội đồng – %(c)s – %(y)s.pdf") % {"c": a.commune.name,
                                                                                     "y": a.round.year})


def _figure_lines(row):
    """The raw figures the commune entered for a criterion, one line per indicator."""
    figures = row["score"].figures if row["score"] else {}
    lines = []
    for ind in row["indicators"]:
        fig = figures.get(str(ind.pk)) or {}
        if fig.get("numerator") not in (None, "") and fig.get("denominator") not in (None, ""):
            line = _("%(n)s.%(i)s: %(a)s/%(b)s → %(p)s điểm") % {
                "n": row["n"], "i": ind.number, "a": formatting.number(fig["numerator"]),
                "b": formatting.number(fig["denominator"]), "p": formatting.number(fig.get("points"))}
            lines.append(line + (str(scoring.ENTERED) if fig.get("entered") else ""))
    return lines


def _appraisal_context(request, a, posted=None, errors=None):
    """Rows of the appraisal page: the user's own appraisal rows (a form when they are the appraiser
    and the dossier is open for appraisal) and, read-only, the rows their role needs to see."""
    user, errors = request.user, errors or {}
    open_ = a.status == Assessment.Status.ACCEPTED
    mine, readonly = [], []
    for g in selectors.scoring_rows(a):
        appraiser = is_appraiser(user, a.commune, g["sector"])
        for row in g["rows"]:
            _display_row(row, None)
            s, n = row["score"], row["n"]
            row.update(sector=g["sector"], figure_lines=_figure_lines(row), errors=errors.get(n, []))
            if appraiser and open_:
                adjusted = bool(s.appraised_at and s.appraisal_reason)
                if posted is not None:
                    row.update(agree_input=posted.get(f"agree_{n}") == "1",
                               ap_points_input=posted.get(f"points_{n}", ""),
                               reason_input=posted.get(f"reason_{n}", ""))
                else:
                    row.update(agree_input=bool(s.appraised_at) and not adjusted,
                               ap_points_input=formatting.number(s.appraised_points)
                               if adjusted else "",
                               reason_input=s.appraisal_reason if adjusted else "")
                mine.append(row)
            elif move_permissions.reads_appraisal_row(user, g["sector"], row["sharers"]):
                readonly.append(row)  # a sector sharing a criterion sees it; the lead records its points
    date_form = None  # the day of the sector's appraisal, proposed as assessments.rules.default_act_date says
    if mine:
        date_form = ActDateForm(posted) if posted is not None else ActDateForm(initial={
            "on": services.proposed_act_day(a.round, services.act_after(a, "appraise")[0])})
    return {"a": a, "mine": mine, "readonly": readonly, "date_form": date_form,
            "sector_user": move_permissions.is_sector_appraiser(user)}


def _agree_all(posted, mine):
    """The form as posted, with "Thống nhất" chosen on every row the commune scored and no points are
    typed on (a typed adjustment is kept as typed); what static/js/appraisal.js does in the browser."""
    posted, filled = posted.copy(), 0
    for row in mine:
        n = row["n"]
        if row["score"].points is not None and not posted.get(f"points_{n}", "").strip():
            filled += posted.get(f"agree_{n}") != "1"
            posted[f"agree_{n}"] = "1"
    return posted, filled


@login_required
def appraisal(request, pk):
    """The sector appraiser's one form: every criterion of their sector at once, beside the
    commune's points, raw figures and evidence. Others see the rows read-only."""
    a = selectors.assessment_for_page(request.user, pk)
    if request.method != "POST":
        return render(request, "assessments/appraisal.html", _appraisal_context(request, a))
    # not theirs: 403; theirs on a dossier not open for appraisal: the service names its state
    move = move_permissions.require_move(request.user, a, "appraise", check_state=False)
    mine = _appraisal_context(request, a)["mine"]
    if not mine and a.status in move.sources:  # a sector sharing a criterion reads it; its lead appraises
        raise PermissionDenied(_("Bạn không phải cán bộ thẩm định tiêu chí nào của hồ sơ này lúc này."))
    form = AppraisalForm(request.POST, numbers=[r["n"] for r in mine])
    if mine and not form.is_valid():
        # a criterion this form does not hold (another sector's, or made up): refused, not ignored
        for m in form.all_messages():
            messages.error(request, m)
        return render(request, "assessments/appraisal.html",
                      _appraisal_context(request, a, request.POST), status=400)
    if "fill_agreement" in request.POST and mine:  # the page without its script: the form again, filled, not saved
        posted, filled = _agree_all(request.POST, mine)
        messages.info(request, _("Đã chọn “Thống nhất” cho %(k)s tiêu chí; chưa ghi gì: xem lại rồi bấm “Ghi kết "
                                 "quả thẩm định”.") % {"k": filled})
        return render(request, "assessments/appraisal.html", _appraisal_context(request, a, posted))
    rows = form.rows() if mine else {}
    dated = ActDateForm(request.POST)
    on = dated.cleaned_data["on"] if dated.is_valid() else None
    if not dated.is_valid():
        messages.error(request, _("Chưa lưu gì: ngày thẩm định không đúng dạng dd/mm/yyyy."))
        return render(request, "assessments/appraisal.html",
                      _appraisal_context(request, a, request.POST), status=400)
    try:
        changed = services.scores_appraise(by=request.user, assessment_id=a.pk, rows=rows, on=on,
                                           seen_version=request.POST.get("version", ""))
    except ValidationError as e:
        by_row = e.message_dict if hasattr(e, "error_dict") else {}
        messages.error(request, _("Chưa lưu gì: hãy sửa các tiêu chí được đánh dấu rồi ghi lại."))
        if not by_row:
            for m in e.messages:
                messages.error(request, m)
        return render(request, "assessments/appraisal.html",
                      _appraisal_context(request, a, request.POST, by_row), status=400)
    if changed.repeated:  # the same appraisal again: its first answer never reached the browser
        messages.success(request, _("Đã lưu kết quả thẩm định."))
        messages.info(request, repeated_message(_("kết quả thẩm định")))
    elif changed:
        messages.success(request, _("Đã ghi kết quả thẩm định tiêu chí %(n)s.")
                         % {"n": ", ".join(str(s.criterion.number) for s in changed)})
    else:
        messages.info(request, _("Không có thay đổi nào để ghi."))
    return redirect("assessments:appraisal", a.pk)


@login_required
@require_GET
def download_log(request, pk):
    """Who opened the dossier's files, when and why: for its recognising unit and the administrators."""
    a = get_object_or_404(Assessment.objects.visible_to(request.user).select_related("commune__parent", "round"),
                          pk=pk)
    if not move_permissions.can_read_download_log(request.user, a):
        raise PermissionDenied(_("Nhật ký tải tệp của hồ sơ chỉ cơ quan công nhận (%(unit)s) và quản trị hệ thống "
                                 "được xem.") % {"unit": recognising_unit(a.commune, timezone.localdate())})
    entries = (EvidenceDownload.objects
               .filter(Q(evidence__score__assessment=a) | Q(council__assessment=a))
               .select_related("by__unit").order_by("-at", "-pk"))
    return render(request, "assessments/download_log.html", {"a": a, "entries": entries})


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def evidence_download(request, token):
    ev = get_object_or_404(Evidence.objects.select_related("score__criterion"), token=token)
    # read-only: a successor province reads an inherited dossier's files too (the need-to-know rule below
    # asks the others for a reason, and every download is logged)
    a = selectors.assessment_for_page(request.user, ev.score.assessment_id, read=True)
    if ev.purged_on:
        return _file_purged(request, a, ev.original_name, ev.purged_on)
    reason, form = _reason(request, a, ev.score.criterion.number)
    if reason is None:
        return _reason_page(request, a, ev.original_name, form)
    services.evidence_downloaded(by=request.user, evidence=ev, reason=reason)
    return private_file_response(ev.file.open("rb"), filename=ev.original_name, content_type=ev.content_type)


@login_required
@require_POST
def decide(request, round_pk):
    r = get_object_or_404(Round.objects.visible_to(request.user), pk=round_pk)
    form = DecisionForm(request.POST)
    typed = OutcomesForm(request.POST, assessment_ids=selectors.round_assessments(request.user, r)
                         .values_list("pk", flat=True))

    def again(*problems):  # nothing decided: the round page again (its dossiers as they are now), as typed
        for m in problems:
            messages.error(request, m)
        return render(request, "assessments/round_detail.html", _round_context(request, r, form, request.POST),
                      status=400)

    if typed.forged:  # an id the page did not offer
        return again(typed.forged_message)
    if not form.is_valid() or not typed.is_valid():
        return again(*[m for errors in form.errors.values() for m in errors], *typed.all_messages())
    outcomes = typed.outcomes()
    if not request.user.has_perm("assessments.decide"):
        raise PermissionDenied(_("Chỉ cơ quan công nhận được ban hành quyết định."))
    if not confirmed(request):  # issuing a decision is irreversible: say what it does, exactly, first
        if not outcomes:
            return again(_("Quyết định phải có ít nhất một xã, phường: hãy chọn “Công nhận” hoặc “Không công nhận” "
                           "cho từng hồ sơ đưa vào quyết định."))
        chosen = {a.pk: a for a in Assessment.objects.visible_to(request.user)
                  .filter(pk__in=outcomes, round=r).select_related("commune__parent")}
        listed = [(chosen[aid], yes, reason) for aid, (yes, reason) in sorted(outcomes.items()) if aid in chosen]
        data = form.cleaned_data
        units = recognising_units([a.commune for a, _yes, _reason in listed], data["signed_on"])
        recognised = sum(1 for _a, yes, _reason in listed if yes)
        return confirmation_page(
            request, title=_("Ban hành quyết định công nhận"),
            subject=_("Quyết định số %(n)s ngày %(d)s, %(t)s %(s)s ký") % {
                "n": data["number"], "d": data["signed_on"].strftime("%d/%m/%Y"), "t": data["signer_title"],
                "s": data["signer_name"]},
            consequences=[_("Quyết định gồm %(n)s xã, phường: %(yes)s được công nhận, %(no)s không được công nhận. "
                            "Chỉ các xã, phường dưới đây được ghi vào quyết định; hồ sơ của chúng được khóa, "
                            "không sửa được nữa.") % {"n": len(listed), "yes": recognised,
                                                       "no": len(listed) - recognised}],
            details=[_consequence(moves.DECISION_MOVES[yes], a, units[a.commune_id])
                     + (f" ({reason})" if reason else "") for a, yes, reason in listed],
            back_url=reverse("assessments:round", args=[r.pk]))
    d = _run(request, lambda: services.decision_issue(by=request.user, round=r, issuer=request.user.unit,
                                                      outcomes=outcomes, seen_versions=typed.versions(),
                                                      **form.cleaned_data),
             _("Đã ghi nhận quyết định công nhận."))
    if d is None:
        return again()
    if d.repeated:  # the same decision again: its first answer never reached the browser
        messages.info(request, repeated_message(_("quyết định")))
    return redirect("assessments:decision", d.pk)


@login_required
def merit(request):
    from criteria.selectors import province_code_of

    if not request.user.has_perm("assessments.read_merit"):
        raise PermissionDenied(_("Danh sách khen thưởng dành cho cơ quan công nhận, cấp tỉnh và Trung ương."))
    province = province_code_of(request.user.unit)  # a province's own text applies there only
    rewards = rules.rewards_on(timezone.localdate(), province)  # the period in force today, the others below
    return render(request, "assessments/merit.html", {
        "three": selectors.merit_lists(request.user, 3), "five": selectors.merit_lists(request.user, 5),
        "three_reward": rewards[3], "five_reward": rewards[5], "periods": rules.reward_periods(province)})




@login_required
def decision_detail(request, pk):
    from assessments.models import Decision

    d = get_object_or_404(Decision.objects.select_related("issuer", "round__standard"), pk=pk)
    items = (list(Assessment.objects.visible_to(request.user).filter(decision=d).select_related("commune"))
             or list(Assessment.objects.readable_by(request.user).filter(decision=d).select_related("commune")))
    if not items:
        raise Http404
    from assessments.models import SignedDocument

    record = SignedDocument.objects.of_act(document="decision", decision=d).first()
    return render(request, "assessments/decision.html", {
        "d": d, "items": items, "pdf_url": reverse("assessments:decision_pdf", args=[d.pk]), "record": record,
        "paper_allowed": signing.paper_allowed(d.round),
        "may_sign": move_permissions.may_sign_document(request.user, items[0], "decision")})
