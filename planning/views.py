from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.permissions import own_or_inherited
from assessments import deadlines
from assessments.models import Round
from core.files import private_file_response
from core.text import folded
from planning import documents, selectors, services
from planning.forms import (
    ApplyForm,
    EntryFormSet,
    PartFormSet,
    PlanCreateForm,
    PlanForm,
    entry_initial,
    part_initial,
)
from planning.models import Entry, Plan

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _require_reader(user):
    if not user.has_perm("planning.read"):
        raise PermissionDenied(_("Vai trò của bạn không xem được kế hoạch năm."))


def _plan(request, pk, *, read=False) -> Plan:
    """The plan in the user's scope (404 outside it); ``read``: the plans of the units the user's unit succeeded
    in the 2025 reform too. A page that writes asks ``planning.edit`` (403)."""
    user = request.user
    _require_reader(user)
    visible = Plan.objects.visible_to(user).select_related("unit")
    if read:
        return own_or_inherited(visible, lambda: Plan.objects.readable_by(user).select_related("unit"), pk=pk)
    plan = get_object_or_404(visible, pk=pk)
    if not user.has_perm("planning.edit", plan):
        raise PermissionDenied(_("Chỉ cán bộ cấp tỉnh của tỉnh lập kế hoạch, hoặc cơ quan của huyện với kế hoạch "
                                 "của huyện mình, được sửa kế hoạch."))
    return plan


def _errors(form, error: ValidationError):
    for message in error.messages:
        form.add_error(None, message)


@login_required
@require_GET
def plan_list(request):
    _require_reader(request.user)
    plans = Plan.objects.readable_by(request.user).select_related("unit").order_by("-year", "unit__path")
    return render(request, "planning/plan_list.html", {
        "plans": plans, "can_create": request.user.has_perm("planning.create")})


@login_required
@require_http_methods(["GET", "POST"])
def plan_create(request):
    user = request.user
    _require_reader(user)
    if not user.has_perm("planning.create"):
        raise PermissionDenied(_("Chỉ cán bộ cấp tỉnh, hoặc cơ quan cấp huyện (trước 01/7/2025), lập kế hoạch năm."))
    form = PlanCreateForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            plan = services.plan_create(by=user, unit=data["unit"], year=data["year"], title=data["title"],
                                        **documents.proposed(data["unit"], data["issued_by"], data["year"]))
        except ValidationError as e:
            _errors(form, e)
        else:
            messages.success(request, _("Đã lập kế hoạch; hãy ghi căn cứ, số và người ký."))
            return redirect("planning:edit", pk=plan.pk)
    return render(request, "planning/plan_create.html", {"form": form})


@login_required
@require_GET
def plan_detail(request, pk):
    plan = _plan(request, pk, read=True)
    user = request.user
    can_edit = user.has_perm("planning.edit", plan)
    rounds = []
    if can_edit:
        rounds = [r for r in Round.objects.filter(province_id=plan.unit_id).select_related("standard")
                  if plan.covers(r.year)]
    parts = documents.parts(plan)
    entries = [e for _part, _label, rows in parts for e, _n, _p in rows]
    taking = Round.objects.readable_by(user).filter(plan_link__plan=plan).select_related("standard", "province")
    return render(request, "planning/plan_detail.html", {
        "plan": plan, "parts": parts, "can_edit": can_edit, "rounds": rounds, "taking": taking,
        "targets": [e for e in entries if e.target_id], "deadlines": [e for e in entries if e.due_on],
        "activities": [e for e in entries if e.kind in (Entry.Kind.TRAINING, Entry.Kind.COMMUNICATION)],
        "funding": [e for e in entries if e.kind == Entry.Kind.FUNDING],
        "computed": selectors.districts_taking_part(plan),
        "basis": documents.lines(plan.basis), "citation": documents.citation(plan),
        "date_line": documents.date_line(plan)})


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request, pk):
    plan = _plan(request, pk)
    form = PlanForm(request.POST or None, instance=plan, initial={"version": plan.version})
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            services.plan_update(by=request.user, plan_id=plan.pk, seen_version=form.cleaned_data["version"], **fields)
        except ValidationError as e:
            _errors(form, e)
        else:
            messages.success(request, _("Đã lưu kế hoạch."))
            return redirect("planning:detail", pk=plan.pk)
    return render(request, "planning/plan_edit.html", {"plan": plan, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def plan_outline(request, pk):
    plan = _plan(request, pk)
    data = request.POST or None
    # a posted page is read as it was sent (its rows are what it shows); the page itself starts from the plan
    parts = PartFormSet(data, prefix="p", initial=None if data else part_initial(plan))
    entries = EntryFormSet(data, prefix="e", initial=None if data else entry_initial(plan))
    problems = []
    if request.method == "POST":
        if parts.is_valid() and entries.is_valid():
            keep = [f.cleaned_data for f in parts if f.cleaned_data and not f.cleaned_data.get("DELETE")]
            rows = [f.cleaned_data for f in entries if f.cleaned_data and not f.cleaned_data.get("DELETE")]
            try:
                services.plan_outline_save(by=request.user, plan_id=plan.pk, seen_version=request.POST.get("version"),
                                           parts=keep, entries=rows)
            except ValidationError as e:
                problems = e.messages
            else:
                messages.success(request, _("Đã lưu các phần của kế hoạch."))
                return redirect("planning:detail", pk=plan.pk)
    return render(request, "planning/plan_outline.html", {
        "plan": plan, "parts": parts, "entries": entries, "problems": problems})


@login_required
@require_POST
def plan_apply(request, pk):
    plan = _plan(request, pk)
    form = ApplyForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Hãy chọn đợt đánh giá."))
        return redirect("planning:detail", pk=plan.pk)
    r = Round.objects.filter(pk=form.cleaned_data["round"]).first()
    if r is None or not request.user.has_perm("assessments.open_round", r.province):
        raise Http404(_("Không tìm thấy đợt đánh giá."))
    try:
        services.plan_apply_deadlines(by=request.user, plan_id=plan.pk, round_id=r.pk)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        taken = {key for key, _day, _source in documents.deadline_rows(plan, r.year)}
        labels = [d.label for d in deadlines.of_round(Round.objects.get(pk=r.pk)) if d.key in taken]
        messages.success(request, _("Đợt đánh giá năm %(y)s đã lấy các hạn từ kế hoạch: %(labels)s.")
                         % {"y": r.year, "labels": "; ".join(labels)})
    return redirect("planning:detail", pk=plan.pk)


def _filename(plan, ext):
    return f"ke-hoach-{folded(plan.unit.name).replace(' ', '-')}-{plan.year}.{ext}"


@login_required
@require_GET
def plan_pdf(request, pk):
    plan = _plan(request, pk, read=True)
    return private_file_response(documents.plan_pdf(plan), filename=_filename(plan, "pdf"), content_type=PDF)


@login_required
@require_GET
def plan_docx(request, pk):
    plan = _plan(request, pk, read=True)
    return private_file_response(documents.plan_docx(plan), filename=_filename(plan, "docx"), content_type=DOCX)
