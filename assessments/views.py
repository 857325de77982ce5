"""Thin views over assessments.services: parse the form, call the service, report the outcome."""


from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from accounts.models import Role
from assessments import permissions as move_permissions
from assessments import rules as moves
from assessments import selectors, services
from assessments.documents import documents_for
from assessments.forms import (AppraiseForm, CouncilForm, CouncilMemberFormSet, DecisionForm,
                               EvidenceForm, RegistrationForm, ReturnForm, RoundForm)
from assessments.models import Assessment, Evidence, Round, Score
from core.confirm import confirmation_page, confirmed
from core.files import private_file_response
from criteria import rules


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
    if request.user.role != Role.PROVINCIAL_STAFF:
        raise PermissionDenied(_("Chỉ cán bộ cấp tỉnh được mở đợt đánh giá."))
    form = RoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        r = _run(request, lambda: services.round_open(by=request.user, province=request.user.unit,
                                                      **form.cleaned_data),
                 _("Đã mở đợt đánh giá."))
        if r:
            return redirect("assessments:round", r.pk)
    return render(request, "assessments/round_new.html", {"form": form})


# the review list's sortable columns (?sort=<name>, or -<name> for descending)
REVIEW_SORTS = {"commune__name": lambda a: a.commune.name, "final_total": lambda a: a.final_total,
                "status": lambda a: a.status}


@login_required
def round_detail(request, pk):
    r = get_object_or_404(Round.objects.visible_to(request.user).select_related("standard", "province"), pk=pk)
    rows = list(selectors.round_assessments(request.user, r))
    sort = request.GET.get("sort", "")
    key = REVIEW_SORTS.get(sort.lstrip("-"))
    if key:
        rows.sort(key=key, reverse=sort.startswith("-"))
    for a in rows:
        a.round = r
    # the decision's moves (assessments.rules: recognise / not_recognise) this user may make now
    decidable = [a for a in rows if any(m.name == "recognise"
                                        for m in move_permissions.available_moves(a, request.user))]
    can_decide = bool(decidable)
    return render(request, "assessments/round_detail.html", {
        "round": r, "rows": rows, "decidable": decidable, "can_decide": can_decide,
        "decision_form": DecisionForm(), "registrations": selectors.registration_status(request.user, r)})


@login_required
def assessment_start(request, round_pk):
    r = get_object_or_404(Round.objects.visible_to(request.user).select_related("standard"), pk=round_pk)
    if request.method != "POST":
        return render(request, "assessments/start.html", {"round": r})
    a = _run(request, lambda: services.assessment_start(by=request.user, round=r, commune=request.user.unit),
             _("Đã tạo hồ sơ tự đánh giá."))
    return redirect("assessments:detail", a.pk) if a else redirect("home")


@login_required
def registration(request, round_pk):
    r = get_object_or_404(Round.objects.visible_to(request.user).select_related("standard"), pk=round_pk)
    form = RegistrationForm(request.POST or None, standard=r.standard)
    if request.method == "POST" and form.is_valid():
        if _run(request, lambda: services.registration_record(by=request.user, round=r,
                                                              commune=request.user.unit, **form.cleaned_data),
                _("Đã ghi nhận đăng ký xây dựng xã, phường phù hợp với trẻ em.")):
            return redirect("home")
    return render(request, "assessments/registration.html", {"form": form, "round": r})


def _display_row(row, posted):
    """What a score row shows, worked out once here rather than by filters in every cell. After a
    refused save the inputs show what the officer typed, not the stored values."""
    c, s = row["criterion"], row["score"]
    n = c.number
    points = s.points if s else None
    typed_points = posted.get(f"points_{n}") if posted else None
    typed_note = posted.get(f"note_{n}") if posted else None
    note = s.source_note if s else ""
    appraised = bool(s and s.appraised_at)
    row.update({
        "n": n,
        "points_text": "" if points is None else rules.format_points(points),
        "points_input": rules.plain_points(points, empty="") if typed_points is None else typed_points,
        "note": note,
        "note_input": note if typed_note is None else typed_note,
        "appraised": appraised,
        "appraised_text": rules.format_points(s.appraised_points) if appraised else "",
        "adjusted": appraised and s.appraised_points != s.points,
        "appraisal_reason": s.appraisal_reason if appraised else "",
        "appraiser": s.appraised_by.display_name if appraised and s.appraised_by else "",
    })
    return row


def _detail_context(request, a, posted=None):
    groups = selectors.scoring_rows(a)
    rows = [_display_row(row, posted) for g in groups for row in g["rows"]]
    final_points = {r["n"]: r["score"].final_points if r["score"] else None for r in rows}
    self_points = {r["n"]: r["score"].points if r["score"] else None for r in rows}
    standard_rules = rules.rules_of(a.round.standard, [r["criterion"] for r in rows])
    user = request.user
    return {
        "a": a, "groups": groups,
        "verdict": rules.judge(standard_rules, a.tier, final_points),
        "self_verdict": rules.judge(standard_rules, a.tier, self_points),
        "can_score": user.role == Role.COMMUNE_OFFICER and user.unit_id == a.commune_id and a.commune_can_edit,
        "is_recognising": user.role in (Role.DISTRICT_OFFICER, Role.COUNCIL_CHAIR)
        and user.unit_id == a.commune.parent_id,
        "is_appraiser": user.role == Role.SECTOR_APPRAISER and a.status == Assessment.Status.ACCEPTED,
        "moves": _move_buttons(a, user),
        "returned": selectors.last_return(a),
        "documents": documents_for(user, a),
    }


@login_required
def assessment_detail(request, pk):
    a = selectors.assessment_for_page(request.user, pk)
    return render(request, "assessments/detail.html", _detail_context(request, a))


@login_required
def assessment_history(request, pk):
    """The dossier's audit trail: every status change and every change of points or evidence."""
    a = selectors.assessment_for_page(request.user, pk)
    return render(request, "assessments/history.html", {
        "a": a, "transitions": a.transitions.select_related("by"), "history": selectors.audit_trail(a)})


@login_required
@require_POST
def scores_save(request, pk):
    a = selectors.assessment_for_page(request.user, pk)
    numbers = a.round.standard.criteria.values_list("number", flat=True)
    points = {n: request.POST[f"points_{n}"].strip() for n in numbers if f"points_{n}" in request.POST}
    notes = {n: request.POST[f"note_{n}"] for n in numbers if f"note_{n}" in request.POST}
    figures = {}
    for key, value in request.POST.items():  # fig_<criterion>_<indicator>_<numerator|denominator|points>
        parts = key.split("_")
        if len(parts) == 4 and parts[0] == "fig" and parts[1].isdigit() and parts[2].isdigit() and value.strip():
            figures.setdefault(int(parts[1]), {}).setdefault(parts[2], {})[parts[3]] = value.strip().replace(",", ".")
    try:
        services.scores_save(by=request.user, assessment_id=a.pk, seen_version=request.POST.get("version"),
                             points=points, notes=notes, figures=figures)
    except ValidationError as e:
        for m in e.messages:
            messages.error(request, m)
        # nothing is lost: the page comes back with what the officer typed
        return render(request, "assessments/detail.html", _detail_context(request, a, request.POST), status=400)
    messages.success(request, _("Đã lưu điểm tự đánh giá."))
    return redirect("assessments:detail", a.pk)


@login_required
def council(request, pk):
    a = selectors.assessment_for_page(request.user, pk)
    existing = getattr(a, "council", None)
    initial = {"meeting_date": existing.meeting_date, "conclusion": existing.conclusion} if existing else None
    members_initial = [{"name": m.name, "position": m.position, "council_role": m.council_role}
                       for m in existing.members.all()] if existing else []
    form = CouncilForm(request.POST or None, request.FILES or None, initial=initial)
    formset = CouncilMemberFormSet(request.POST or None, initial=members_initial, prefix="m")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        members = [f.cleaned_data for f in formset if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        for m in members:
            m.pop("DELETE", None)
        if _run(request, lambda: services.council_save(by=request.user, assessment_id=a.pk, members=members,
                                                       **form.cleaned_data),
                _("Đã lưu thông tin Hội đồng đánh giá.")):
            return redirect("assessments:detail", a.pk)
    return render(request, "assessments/council.html", {"a": a, "form": form, "formset": formset})


def _move_buttons(a, user):
    """The page's buttons: one per move of assessments.rules.MOVES this user may make now."""
    return [{"name": m.name, "label": m.label, "style": m.style, "icon": m.icon, "confirm": m.confirm,
             "url": reverse(f"assessments:{m.url_name}", args=[a.pk])}
            for m in move_permissions.available_moves(a, user) if m.url_name]


def _consequence(move, a):
    return move.consequence % {"commune": a.commune, "unit": a.commune.parent}


def _transition_view(name, service, success, form_class=None):
    """A POST-only view for one move of assessments.rules.MOVES.

    The page's version is passed on when the form sends one: a move on what the officer did not see is
    refused. An irreversible move (confirm=True) first answers with the confirmation step, saying what
    will happen; only the post from that step (confirm=1) reaches the service.
    """
    move = moves.move(name)

    @login_required
    @require_POST
    def view(request, pk):
        a = selectors.assessment_for_page(request.user, pk)
        move_permissions.require_move(request.user, a, name, check_state=False)  # not theirs: 403
        version = request.POST.get("version")
        kwargs = {"seen_version": version} if version is not None and name != "return" else {}
        if form_class:
            form = form_class(request.POST)
            if not form.is_valid():
                _report_form_errors(request, form)
                return redirect("assessments:detail", a.pk)
            kwargs.update(form.cleaned_data)
        if move.confirm and not confirmed(request):
            if a.status not in move.sources:  # the same refusal the service gives, before asking
                messages.error(request, move_permissions.move_refusal(a, move))
                return redirect("assessments:detail", a.pk)
            return confirmation_page(
                request, title=move.label, subject=_("%(c)s – năm %(y)s") % {"c": a.commune, "y": a.round.year},
                consequences=[_consequence(move, a)], back_url=reverse("assessments:detail", args=[a.pk]),
                hidden=[("version", version if version is not None else a.version)])
        _run(request, lambda: service(by=request.user, assessment_id=a.pk, **kwargs), success)
        return redirect("assessments:detail", a.pk)
    return view


submit = _transition_view("submit", services.assessment_submit, _("Đã nộp hồ sơ lên cơ quan công nhận."))
return_ = _transition_view("return", services.assessment_return, _("Đã trả hồ sơ để xã bổ sung."), ReturnForm)
accept = _transition_view("accept", services.assessment_accept, _("Đã tiếp nhận hồ sơ, chuyển các ngành thẩm định."))
complete_appraisal = _transition_view("complete_appraisal", services.assessment_complete_appraisal,
                                      _("Đã hoàn thành thẩm định."))


@login_required
@require_POST
def appraise(request, pk, score_pk):
    a = selectors.assessment_for_page(request.user, pk)
    score = get_object_or_404(Score, pk=score_pk, assessment=a)
    form = AppraiseForm(request.POST)
    if form.is_valid():
        _run(request, lambda: services.score_appraise(by=request.user, score_id=score.pk, **form.cleaned_data),
             _("Đã ghi kết quả thẩm định tiêu chí %(n)s.") % {"n": score.criterion.number})
    else:
        messages.error(request, _("Dữ liệu thẩm định không hợp lệ."))
    return redirect("assessments:detail", a.pk)


@login_required
@require_POST
def evidence_upload(request, pk, score_pk):
    a = selectors.assessment_for_page(request.user, pk)
    score = get_object_or_404(Score, pk=score_pk, assessment=a)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        _run(request, lambda: services.evidence_add(by=request.user, score_id=score.pk,
                                                    upload=form.cleaned_data["file"]),
             _("Đã tải lên minh chứng."))
    else:
        messages.error(request, _("Hãy chọn một tệp minh chứng."))
    return redirect("assessments:detail", a.pk)


@never_cache
@login_required
@require_GET
def evidence_download(request, token):
    ev = get_object_or_404(Evidence.objects.select_related("score__assessment"), token=token)
    get_object_or_404(Assessment.objects.visible_to(request.user), pk=ev.score.assessment_id)
    services.evidence_downloaded(by=request.user, evidence=ev)
    return private_file_response(ev.file.open("rb"), filename=ev.original_name, content_type=ev.content_type)


@login_required
@require_POST
def decide(request, round_pk):
    r = get_object_or_404(Round.objects.visible_to(request.user), pk=round_pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        _report_form_errors(request, form)
        return redirect("assessments:round", r.pk)
    outcomes = {}
    for key, value in request.POST.items():
        if key.startswith("outcome_") and value in ("yes", "no"):
            aid = int(key.removeprefix("outcome_"))
            outcomes[aid] = (value == "yes", request.POST.get(f"reason_{aid}", ""))
    recognise = moves.move("recognise")
    if request.user.role not in recognise.who:
        raise PermissionDenied(_("Chỉ cơ quan công nhận được ban hành quyết định."))
    if not confirmed(request):  # issuing a decision is irreversible: say what it does first
        if not outcomes:
            messages.error(request, _("Quyết định phải có ít nhất một xã, phường."))
            return redirect("assessments:round", r.pk)
        chosen = {a.pk: a for a in Assessment.objects.visible_to(request.user)
                  .filter(pk__in=outcomes, round=r).select_related("commune__parent")}
        details = [_consequence(moves.DECISION_MOVES[yes], chosen[aid]) + (f" ({reason})" if reason else "")
                   for aid, (yes, reason) in sorted(outcomes.items()) if aid in chosen]
        data = form.cleaned_data
        return confirmation_page(
            request, title=_("Ban hành quyết định công nhận"),
            subject=_("Quyết định số %(n)s ngày %(d)s, %(t)s %(s)s ký") % {
                "n": data["number"], "d": data["signed_on"].strftime("%d/%m/%Y"), "t": data["signer_title"],
                "s": data["signer_name"]},
            consequences=[_("Quyết định được ghi nhận với kết quả cho từng xã, phường dưới đây; hồ sơ của các "
                            "xã, phường này được khóa, không sửa được nữa.")],
            details=details, back_url=reverse("assessments:round", args=[r.pk]))
    d = _run(request, lambda: services.decision_issue(by=request.user, round=r, issuer=request.user.unit,
                                                      outcomes=outcomes, **form.cleaned_data),
             _("Đã ghi nhận quyết định công nhận."))
    return redirect("assessments:decision", d.pk) if d else redirect("assessments:round", r.pk)


@login_required
def merit(request):
    return render(request, "assessments/merit.html", {
        "three": selectors.merit_lists(request.user, 3), "five": selectors.merit_lists(request.user, 5)})




@login_required
def decision_detail(request, pk):
    from assessments.models import Decision

    d = get_object_or_404(Decision.objects.select_related("issuer", "round__standard"), pk=pk)
    items = list(Assessment.objects.visible_to(request.user).filter(decision=d).select_related("commune"))
    if not items:
        raise Http404
    return render(request, "assessments/decision.html", {
        "d": d, "items": items, "pdf_url": reverse("assessments:decision_pdf", args=[d.pk])})
