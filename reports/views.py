"""Report pages (thin): parse the filter, call a selector, render; exports go through reports.jobs."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.files import private_file_response
from core.uploads import PDF, XLSX
from criteria.rules import CONTINUITY_RULE, reward_day, reward_periods, rewards_on
from reports import charts, jobs, selectors, services
from reports.forms import ReportFilterForm, TargetForm
from reports.models import ExportJob
from reports.scope import HISTORY_RULE


def _require_reader(user):
    if not user.has_perm("reports.read"):
        raise PermissionDenied(_("Báo cáo dành cho cơ quan công nhận, cán bộ cấp tỉnh và Trung ương."))


def _page(request, template, build, tab):
    """Common frame of the report pages: permission, filter, scope, then the page's own numbers."""
    _require_reader(request.user)
    form = ReportFilterForm(request.GET, user=request.user)
    scope = form.scope()
    context = {"form": form, "scope": scope, "tab": tab, "qs": form.querystring(),
               "area": str(scope.unit) if scope and scope.unit is not None else _("Toàn quốc")}
    if scope is not None:
        context.update(build(scope))
        if scope.has_history():  # a post-reform unit showing its predecessors' years: the rule, stated
            context["history_rule"] = HISTORY_RULE
    return render(request, template, context)


@login_required
def index(request):
    return redirect("reports:summary")


@login_required
@require_GET
def summary(request):
    def build(scope):
        data = selectors.summary(scope)
        rows = data["rows"]
        single = len(rows) == 1 and rows[0].unit == scope.unit
        return {**data, "single": single,
                "communes": selectors.commune_rows(scope) if single else None,
                "chart": "" if single or not rows else charts.share_vs_target(
                    rows, title=_("Tỷ lệ đơn vị đạt chuẩn so với chỉ tiêu năm %(y)s") % {"y": scope.year}),
                "group_label": (_("Tỉnh, thành phố trước 01/7/2025") if rows and rows[0].unit.valid_to
                                else _("Tỉnh, thành phố")) if scope.by_province else _("Đơn vị công nhận")}

    return _page(request, "reports/summary.html", build, "summary")


@login_required
@require_GET
def criteria(request):
    def build(scope):
        analysis = selectors.criteria_analysis(scope)
        return {"analysis": analysis, "chart": charts.criterion_blockers(
            analysis["rows"], title=_("Tiêu chí đạt 0 điểm và tiêu chí làm đơn vị không được công nhận"))}

    return _page(request, "reports/criteria.html", build, "criteria")


@login_required
@require_GET
def trend(request):
    def build(scope):
        data = selectors.trend(scope)
        return {"trend": data, "chart": charts.trend_lines(
            data, title=_("Tỷ lệ đơn vị đạt chuẩn qua các năm")) if data["years"] else ""}

    return _page(request, "reports/trend.html", build, "trend")


def _rewards_of(scope):
    """The rewards the list of the scope's year proposes (its period's, its province's), and every period
    for the note."""
    province = scope.province_code()
    rewards = rewards_on(reward_day(scope.year), province)
    return {"three_reward": rewards[3], "five_reward": rewards[5], "periods": reward_periods(province)}


@login_required
@require_GET
def holders(request):
    def build(scope):
        rows = selectors.holders(scope)
        return {"holders_5": [h for h in rows if h["run"] >= 5], "holders_3": [h for h in rows if h["run"] < 5],
                "continuity_rule": CONTINUITY_RULE, **_rewards_of(scope)}

    return _page(request, "reports/holders.html", build, "holders")


@login_required
@require_http_methods(["GET", "POST"])
def targets(request):
    _require_reader(request.user)
    user = request.user
    can_edit = user.has_perm("reports.set_target")
    next_year = timezone.localdate().year + 1
    form = TargetForm(request.POST or None, initial={"year": next_year})
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied(_("Bạn không được đặt chỉ tiêu."))
        if form.is_valid():
            target = services.target_record(by=user, **form.cleaned_data)
            messages.success(request, _("Đã ghi chỉ tiêu năm %(y)s.") % {"y": form.cleaned_data["year"]})
            if target.repeated:  # sent again (a lost answer) or unchanged: written once
                messages.info(request, _("Chỉ tiêu này đã được lưu với đúng các giá trị trên: không ghi lại lần nữa."))
            return redirect("reports:targets")
    rows = selectors.targets_for(user).order_by("unit__code", "kind", "year")
    filter_form = ReportFilterForm(request.GET, user=user)
    return render(request, "reports/targets.html", {
        "rows": rows, "form": form if can_edit else None, "tab": "targets", "filter_form": filter_form,
        "qs": filter_form.querystring(), "unit": user.unit})


# --- exports ------------------------------------------------------------------------------------

@login_required
@require_POST
def export_start(request):
    _require_reader(request.user)
    form = ReportFilterForm(request.GET, user=request.user)
    scope = form.scope()
    if scope is None:
        raise Http404(_("Chưa có đợt đánh giá nào để xuất báo cáo."))
    fmt = request.POST.get("format")
    if fmt not in (ExportJob.Format.XLSX, ExportJob.Format.PDF):  # a ZIP is asked for on the round page
        raise Http404(_("Không có định dạng này."))
    try:
        job = jobs.export_request(by=request.user, scope=scope, format=fmt,
                                  number=request.POST.get("number", "")[:40],
                                  signer_name=request.POST.get("signer_name", "")[:120],
                                  signer_title=request.POST.get("signer_title", "")[:120])
    except jobs.TooManyExports as refused:  # nothing queued: the oldest waiting export is shown instead
        messages.error(request, refused.message)
        job = refused.waiting
    return redirect("reports:export_status", job.token)


def _own_job(request, token):
    return get_object_or_404(ExportJob, token=token, user=request.user)


@login_required
@require_GET
def export_status(request, token):
    job = jobs.settle(_own_job(request, token))
    return render(request, "reports/export_status.html", {
        "job": job, "recent": jobs.jobs_for(request.user),
        "download_url": reverse("reports:export_download", args=[job.token])})


@login_required
@require_GET
def export_download(request, token):
    job = _own_job(request, token)
    if job.status != ExportJob.Status.DONE or not job.file:
        raise Http404(_("Tệp chưa sẵn sàng."))
    content_type = {ExportJob.Format.PDF: PDF, ExportJob.Format.XLSX: XLSX}.get(job.format, "application/zip")
    return private_file_response(job.file.open("rb"), filename=job.download_name, content_type=content_type)
