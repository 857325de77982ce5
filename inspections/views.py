"""Thin views: find the plan in the user's scope (404 outside it), call one service, show the result.

Every write goes through inspections.services, which checks the actor again (403 when refused).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from communes.models import Unit
from core.confirm import confirmation_page, confirmed
from core.files import private_file_response
from core.listing import list_page
from core.locking import repeated_message
from core.uploads import PDF, XLSX
from inspections import exports, filters, forms, permissions, selectors, services
from inspections.models import FollowUp, Plan, TeamMember

GET_POST = require_http_methods(["GET", "POST"])


def _plan(request, pk, *, read=False) -> Plan:
    """The plan in the user's scope, 404 outside it; ``read`` (pages that only read it): the plans of the
    units the user's unit succeeded in the 2025 reform too."""
    permissions.require_reader(request.user)
    try:
        return selectors.plan_for(request.user, pk, read=read)
    except Plan.DoesNotExist:
        raise Http404(_("Không tìm thấy kế hoạch kiểm tra.")) from None


def _scoped_unit(request, plan, unit_pk, among="scope"):
    """A unit the plan covers (or visits) and the user may look into; 404 otherwise."""
    units = plan.scope.values("unit") if among == "scope" else plan.visits.values("unit")
    unit = get_object_or_404(Unit.objects.filter(pk__in=units), pk=unit_pk)
    if not permissions.can_see_unit(request.user, plan, unit):
        raise Http404(_("Không tìm thấy đơn vị này trong phạm vi của bạn."))
    return unit


def _visible_units(request, plan):
    """The visited units whose findings the user may see (all of them at the issuing level)."""
    units = selectors.visited_units(plan)
    if permissions.sees_whole_plan(request.user, plan):
        return units
    return [u for u in units if permissions.can_see_unit(request.user, plan, u)]


def _messages(error: ValidationError):
    return error.messages


def _attempt(request, service, /, **kwargs):
    """Run a service; on refusal show its messages and return None. The parameters are positional only,
    so a service's own ``action`` or ``form`` passes through ``kwargs``."""
    try:
        return service(by=request.user, **kwargs)
    except ValidationError as error:
        for message in _messages(error):
            messages.error(request, message)
        return None


def _into_form(form, service, request, /, **kwargs):
    try:
        return service(by=request.user, **kwargs)
    except ValidationError as error:
        for message in _messages(error):
            form.add_error(None, message)
        return None


def _button_version(request, plan):
    """The plan's version a page's button posted (forms.PlanPageForm alone: ``version``)."""
    return forms.PlanPageForm(request.POST, plan=plan).seen_version


def _status(*forms_shown):
    """400 for a page shown again because one of its forms was forged (a field of no row: nothing written)."""
    return 400 if any(getattr(f, "forged", False) for f in forms_shown) else 200


def _context(request, plan, tab, **extra):
    user = request.user
    return {"plan": plan, "tab": tab, "can_plan": permissions.can_plan(user, plan.issuer),
            "version_form": forms.PlanPageForm(plan=plan, auto_id=False),  # the version of the page's buttons
            "moves": permissions.available_moves(plan, user),
            "can_recheck": permissions.can_recheck(user, plan), **extra}


def _back(plan, name="detail", **kwargs):
    return redirect(reverse(f"inspections:{name}", kwargs={"pk": plan.pk, **kwargs}))


# --- plans ---------------------------------------------------------------------------------

@login_required
@require_GET
def plan_list(request):
    """Search, filters, sorting and paging from the URL (inspections.filters, issue 22)."""
    permissions.require_reader(request.user)
    user = request.user
    issuer = Unit.objects.filter(pk=user.unit.province_id).first() if user.unit_id else None
    listing = list_page(request, filters.PlanFilter(request.GET, queryset=selectors.plan_list(user), user=user))
    return render(request, "inspections/plan_list.html", {
        **listing, "can_create": issuer is not None and permissions.can_plan(user, issuer)})


@login_required
@GET_POST
def plan_create(request):
    user = request.user
    issuer = Unit.objects.filter(pk=user.unit.province_id).first() if user.unit_id else None
    if issuer is None or not permissions.can_plan(user, issuer):
        raise PermissionDenied(_("Chỉ cán bộ cấp tỉnh được lập kế hoạch kiểm tra."))
    form = forms.PlanForm(request.POST or None, initial={
        "issuer_body": f"Ủy ban nhân dân {issuer.name}".upper(), "place": issuer.name.split(" ", 1)[-1]})
    if request.method == "POST" and form.is_valid():
        plan = _into_form(form, services.inspection_create, request, issuer=issuer,
                          standard=form.cleaned_data["standard"], **form.plan_fields())
        if plan:
            messages.success(request, _("Đã lập dự thảo kế hoạch; ngành thẩm định đã được phân công "
                                        "theo mặc định của tỉnh."))
            return _back(plan)
    return render(request, "inspections/plan_form.html", {"form": form, "plan": None})


@login_required
@GET_POST
def plan_edit(request, pk):
    plan = _plan(request, pk)
    permissions.require_planner(request.user, plan.issuer)
    form = forms.PlanForm(request.POST or None, initial=forms.PlanForm.initial_for(plan))
    form.fields["standard"].disabled = True
    if request.method == "POST" and form.is_valid():
        saved = _into_form(form, services.inspection_update, request, plan_id=plan.pk,
                           seen_version=request.POST.get("version", ""), **form.plan_fields())
        if saved:
            messages.success(request, _("Đã lưu kế hoạch."))
            return _back(plan)
    return render(request, "inspections/plan_form.html", {"form": form, "plan": plan})


@login_required
@require_GET
def plan_detail(request, pk):
    plan = _plan(request, pk, read=True)
    unit_findings = selectors.findings(plan)
    return render(request, "inspections/plan_detail.html", _context(
        request, plan, "overview", doc=selectors.plan_document(plan),
        progress=selectors.progress(plan, unit_findings),
        approval_problems=services.approval_problems(plan) if plan.status == Plan.Status.DRAFT else [],
        status_history=selectors.status_history(plan)))


@login_required
@require_POST
def plan_transition(request, pk):
    """One move of inspections.rules.MOVES; an irreversible one first shows what it will do."""
    plan = _plan(request, pk)
    to = request.POST.get("to", "")
    version = request.POST.get("version", "")  # a form without it is refused like a stale page
    if to not in Plan.Status.values:
        messages.error(request, _("Trạng thái không hợp lệ."))
        return _back(plan)
    try:
        move = permissions.require_move(request.user, plan, to)  # not theirs: 403; wrong state: a message
        problems = services.transition_problems(plan, to)
    except ValidationError as error:
        for message in _messages(error):
            messages.error(request, message)
        return _back(plan)
    stale = version != str(plan.version)  # the service refuses it
    if move.confirm and not confirmed(request) and not stale:
        if problems:  # what the service would refuse, said before asking
            for message in problems:
                messages.error(request, message)
            return _back(plan)
        return confirmation_page(
            request, title=move.label, subject=str(plan), consequences=[move.consequence],
            back_url=reverse("inspections:detail", args=[plan.pk]),
            hidden=[("to", to), ("version", version)])
    if _attempt(request, services.inspection_transition, plan_id=plan.pk, to=to, seen_version=version):
        messages.success(request, _("Kế hoạch chuyển sang “%(s)s”.") % {"s": Plan.Status(to).label})
    return _back(plan)


# --- team and assignment -------------------------------------------------------------------

@login_required
@GET_POST
def team(request, pk):
    plan = _plan(request, pk)
    form = forms.MemberForm(request.POST or None, plan=plan)
    if request.method == "POST":
        permissions.require_planner(request.user, plan.issuer)
        if form.is_valid() and _into_form(form, services.inspection_add_member, request, plan_id=plan.pk,
                                          seen_version=form.seen_version, **form.values()):
            messages.success(request, _("Đã thêm thành viên đoàn kiểm tra."))
            return _back(plan, "team")
    return render(request, "inspections/team.html", _context(
        request, plan, "team", team=selectors.team(plan), form=form, roles=TeamMember.TeamRole))


@login_required
@require_POST
def subteam_add(request, pk):
    plan = _plan(request, pk)
    subteam = _attempt(request, services.inspection_add_subteam, plan_id=plan.pk,
                       seen_version=_button_version(request, plan))
    if subteam:
        messages.success(request, _("Đã thêm %(s)s.") % {"s": subteam})
    return _back(plan, "team")


@login_required
@require_POST
def member_delete(request, pk, member_pk):
    plan = _plan(request, pk)
    _attempt(request, services.inspection_remove_member, plan_id=plan.pk, member_id=member_pk,
             seen_version=_button_version(request, plan))
    return _back(plan, "team")


@login_required
@GET_POST
def assignment(request, pk):
    plan = _plan(request, pk)
    current = {a.criterion_id: a.sector_id for a in selectors.assignments(plan)}
    form = forms.AssignmentForm(request.POST or None, plan=plan, current=current)
    if request.method == "POST":
        permissions.require_planner(request.user, plan.issuer)
        if request.POST.get("reset"):
            _attempt(request, services.inspection_assign_defaults, plan_id=plan.pk, seen_version=form.seen_version)
            return _back(plan, "assignment")
        if form.is_valid() and _into_form(form, services.inspection_assign, request, plan_id=plan.pk,
                                          seen_version=form.seen_version, sectors=form.sectors()):
            messages.success(request, _("Đã lưu phân công ngành thẩm định."))
            return _back(plan, "assignment")
    return render(request, "inspections/assignment.html", _context(
        request, plan, "assignment", form=form, by_sector=selectors.assignments_by_sector(plan),
        rows=selectors.assignments(plan)), status=_status(form))


# --- scope and schedule --------------------------------------------------------------------

@login_required
@GET_POST
def schedule(request, pk):
    plan = _plan(request, pk)
    scope_form = forms.ScopeForm(prefix="scope", plan=plan)
    visit_form = forms.VisitForm(prefix="visit", plan=plan)
    if request.method == "POST":
        permissions.require_planner(request.user, plan.issuer)
        if "scope-unit" in request.POST:
            scope_form = forms.ScopeForm(request.POST, prefix="scope", plan=plan)
            if scope_form.is_valid() and _into_form(scope_form, services.inspection_add_unit, request, plan_id=plan.pk,
                                                    seen_version=scope_form.seen_version, **scope_form.values()):
                messages.success(request, _("Đã thêm đơn vị được kiểm tra."))
                return _back(plan, "schedule")
        else:
            visit_form = forms.VisitForm(request.POST, prefix="visit", plan=plan)
            if visit_form.is_valid() and _into_form(visit_form, services.inspection_schedule, request, plan_id=plan.pk,
                                                    seen_version=visit_form.seen_version, **visit_form.values()):
                messages.success(request, _("Đã xếp lịch làm việc."))
                return _back(plan, "schedule")
    return render(request, "inspections/schedule.html", _context(
        request, plan, "schedule", scope=selectors.scope(plan), visits=selectors.visits(plan),
        scope_form=scope_form, visit_form=visit_form))


@login_required
@require_POST
def scope_remove(request, pk, unit_pk):
    plan = _plan(request, pk)
    _attempt(request, services.inspection_remove_unit, plan_id=plan.pk, unit_id=unit_pk,
             seen_version=_button_version(request, plan))
    return _back(plan, "schedule")


@login_required
@require_POST
def visit_delete(request, pk, visit_pk):
    plan = _plan(request, pk)
    _attempt(request, services.inspection_unschedule, plan_id=plan.pk, visit_id=visit_pk,
             seen_version=_button_version(request, plan))
    return _back(plan, "schedule")


# --- "Tổ chức thực hiện" -----------------------------------------------------------------------

@login_required
@GET_POST
def duties(request, pk):
    plan = _plan(request, pk)
    form = forms.DutyForm(request.POST or None, plan=plan)
    if request.method == "POST":
        permissions.require_planner(request.user, plan.issuer)
        if form.is_valid() and _into_form(form, services.inspection_add_duty, request, plan_id=plan.pk,
                                          seen_version=form.seen_version, **form.values()):
            return _back(plan, "duties")
    items, uncovered = selectors.duties(plan)
    return render(request, "inspections/duties.html", _context(
        request, plan, "duties", items=items, uncovered=uncovered, form=form))


@login_required
@require_POST
def duty_delete(request, pk, duty_pk):
    plan = _plan(request, pk)
    _attempt(request, services.inspection_remove_duty, plan_id=plan.pk, duty_id=duty_pk,
             seen_version=_button_version(request, plan))
    return _back(plan, "duties")


# --- report outline and the units' reports -------------------------------------------------

@login_required
@GET_POST
def outline(request, pk):
    plan = _plan(request, pk)
    form = forms.SectionForm(request.POST or None, plan=plan)
    if request.method == "POST":
        permissions.require_planner(request.user, plan.issuer)
        if form.is_valid() and _into_form(form, services.inspection_add_section, request, plan_id=plan.pk,
                                          seen_version=form.seen_version, **form.values()):
            return _back(plan, "outline")
    reports = [(u, r, permissions.can_report_for(request.user, u), permissions.can_see_unit(request.user, plan, u))
               for u, r in selectors.reports(plan)]
    return render(request, "inspections/outline.html", _context(
        request, plan, "outline", sections=list(plan.outline.all()), form=form, reports=reports))


@login_required
@require_POST
def section_delete(request, pk, section_pk):
    plan = _plan(request, pk)
    _attempt(request, services.inspection_remove_section, plan_id=plan.pk, section_id=section_pk,
             seen_version=_button_version(request, plan))
    return _back(plan, "outline")


@login_required
@GET_POST
def unit_report(request, pk, unit_pk):
    plan = _plan(request, pk)
    unit = _scoped_unit(request, plan, unit_pk)
    report = plan.unit_reports.filter(unit=unit).first()
    sections = list(plan.outline.all())
    form = forms.UnitReportForm(request.POST or None, request.FILES or None, plan=plan, sections=sections,
                                report=report)
    if request.method == "POST":
        permissions.require_reporter(request.user, unit)
        if form.is_valid() and _into_form(form, services.inspection_submit_report, request, plan_id=plan.pk,
                                          seen_version=form.seen_version, unit=unit, answers=form.answers(),
                                          upload=form.cleaned_data.get("upload")):
            messages.success(request, _("Đã gửi báo cáo của %(unit)s.") % {"unit": unit})
            return _back(plan, "outline")
    return render(request, "inspections/unit_report.html", _context(
        request, plan, "outline", unit=unit, report=report, form=form,
        can_report=permissions.can_report_for(request.user, unit)), status=_status(form))


@login_required
@require_GET
def unit_report_file(request, pk, unit_pk):
    plan = _plan(request, pk)
    unit = _scoped_unit(request, plan, unit_pk)
    report = get_object_or_404(plan.unit_reports.exclude(file=""), unit=unit)
    extension = {"application/pdf": ".pdf", "application/msword": ".doc"}.get(report.content_type, ".docx")
    return private_file_response(report.file.open("rb"), filename=f"bao-cao-{plan.pk}-{unit_pk}{extension}",
                                 content_type=report.content_type or "application/octet-stream")


# --- findings, conclusions and follow-up ---------------------------------------------------

@login_required
@GET_POST
def unit_findings(request, pk, unit_pk):
    plan = _plan(request, pk)
    unit = _scoped_unit(request, plan, unit_pk, among="visits")
    uf = selectors.findings(plan, [unit])[0]
    user = request.user
    mine = [r for r in uf.rows if user.sector_id and r.sector.pk == user.sector_id]
    finding_form = forms.FindingForm(plan=plan, rows=mine)
    conclusion_form = forms.ConclusionForm(prefix="c", plan=plan, initial={
        "conclusions": uf.conclusion.conclusions if uf.conclusion else "",
        "recommendations": uf.conclusion.recommendations if uf.conclusion else ""})
    if request.method == "POST":
        if "c-conclusions" in request.POST:
            permissions.require_planner(user, plan.issuer)
            conclusion_form = forms.ConclusionForm(request.POST, prefix="c", plan=plan)
            concluded = conclusion_form.is_valid() and _into_form(
                conclusion_form, services.inspection_conclude, request, plan_id=plan.pk, unit=unit,
                seen_version=conclusion_form.seen_version, **conclusion_form.values())
            if concluded:
                messages.success(request, _("Đã lưu kết luận tại %(unit)s.") % {"unit": unit})
                if concluded.repeated:  # the same save again: its first answer never reached the browser
                    messages.info(request, repeated_message(_("kết luận")))
                return _back(plan, "findings", unit_pk=unit.pk)
        else:
            if not (mine and permissions.can_recheck(user, plan)):  # before the form is read: 403, not 400
                raise PermissionDenied(_("Chỉ cán bộ thẩm định của ngành được phân công tiêu chí trong kế hoạch này "
                                         "được ghi kết quả kiểm tra."))
            finding_form = forms.FindingForm(request.POST, plan=plan, rows=mine)
            if finding_form.is_valid():
                points, notes = finding_form.entries()
                recorded = _into_form(finding_form, services.inspection_record_findings, request, plan_id=plan.pk,
                                      seen_version=finding_form.seen_version, unit=unit, points=points, notes=notes)
                if recorded:
                    messages.success(request, _("Đã lưu kết quả kiểm tra %(n)s tiêu chí.") % {"n": len(points)})
                    if recorded.repeated:  # the same save again: its first answer never reached the browser
                        messages.info(request, repeated_message(_("kết quả kiểm tra")))
                    return _back(plan, "findings", unit_pk=unit.pk)
    return render(request, "inspections/unit_findings.html", _context(
        request, plan, "results", unit=unit, uf=uf, mine=mine, finding_form=finding_form,
        conclusion_form=conclusion_form), status=_status(finding_form))


@login_required
@GET_POST
def results(request, pk):
    plan = _plan(request, pk)
    general_form = forms.GeneralConclusionForm(prefix="g", plan=plan, initial={
        "report_number": plan.report_number, "general_conclusion": plan.general_conclusion})
    follow_form = forms.FollowUpForm(prefix="fu", plan=plan)
    if request.method == "POST":
        permissions.require_planner(request.user, plan.issuer)
        if "g-general_conclusion" in request.POST:
            general_form = forms.GeneralConclusionForm(request.POST, prefix="g", plan=plan)
            if general_form.is_valid() and _into_form(
                    general_form, services.inspection_set_general_conclusion, request, plan_id=plan.pk,
                    seen_version=general_form.seen_version, **general_form.values()):
                messages.success(request, _("Đã lưu kết luận chung."))
                return _back(plan, "results")
        else:
            follow_form = forms.FollowUpForm(request.POST, prefix="fu", plan=plan)
            if follow_form.is_valid() and _into_form(follow_form, services.inspection_add_follow_up, request,
                                                     plan_id=plan.pk, seen_version=follow_form.seen_version,
                                                     **follow_form.values()):
                messages.success(request, _("Đã giao việc sau kiểm tra."))
                return _back(plan, "results")
    unit_findings = selectors.findings(plan, _visible_units(request, plan))
    return render(request, "inspections/results.html", _context(
        request, plan, "results", unit_findings=unit_findings,
        progress=selectors.progress(plan, unit_findings), general_form=general_form,
        follow_form=follow_form, follow_ups=list(plan.follow_ups.select_related("unit")),
        statuses=FollowUp.Status.choices))


@login_required
@require_POST
def follow_up_status(request, pk, follow_up_pk):
    plan = _plan(request, pk)
    form = forms.FollowUpStatusForm(request.POST, plan=plan)
    if form.is_valid():
        _attempt(request, services.inspection_set_follow_up_status, plan_id=plan.pk, seen_version=form.seen_version,
                 follow_up_id=follow_up_pk, status=form.cleaned_data["status"])
    return _back(plan, "results")


# --- exports -------------------------------------------------------------------------------

def _download(content, filename, content_type):
    return private_file_response(content, filename=filename, content_type=content_type)


@login_required
@require_GET
def plan_pdf(request, pk):
    plan = _plan(request, pk, read=True)
    return _download(exports.plan_pdf(plan), f"ke-hoach-kiem-tra-{plan.pk}.pdf", PDF)


@login_required
@require_GET
def schedule_pdf(request, pk):
    plan = _plan(request, pk, read=True)
    return _download(exports.schedule_pdf(plan), f"lich-kiem-tra-{plan.pk}.pdf", PDF)


@login_required
@require_GET
def schedule_xlsx(request, pk):
    plan = _plan(request, pk, read=True)
    return _download(exports.schedule_xlsx(plan), f"lich-kiem-tra-{plan.pk}.xlsx", XLSX)


@login_required
@require_GET
def findings_pdf(request, pk):
    plan = _plan(request, pk, read=True)
    return _download(exports.findings_pdf(plan, _visible_units(request, plan)), f"ket-qua-kiem-tra-{plan.pk}.pdf", PDF)


@login_required
@require_GET
def findings_xlsx(request, pk):
    plan = _plan(request, pk, read=True)
    return _download(exports.findings_xlsx(plan, _visible_units(request, plan)), f"ket-qua-kiem-tra-{plan.pk}.xlsx",
                     XLSX)
