"""Pages of the period reviews (thin): read through reviews.selectors, act through reviews.services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.confirm import confirmation_page, confirmed
from core.files import private_file_response
from core.uploads import PDF, XLSX
from reviews import documents, drafting, permissions, selectors, services
from reviews.forms import PartForm, ReturnForm, RoundForm

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _messages(error):
    return error.messages if hasattr(error, "messages") else [str(error)]


def _require_reader(user):
    if not user.has_perm("reviews.read"):
        raise PermissionDenied(_("Vai trò của bạn không xem được sơ kết, tổng kết."))


@login_required
@require_GET
def round_list(request):
    _require_reader(request.user)
    return render(request, "reviews/list.html", {
        "rounds": selectors.rounds_for(request.user), "can_open": request.user.has_perm("reviews.open_round")})


@login_required
@require_http_methods(["GET", "POST"])
def round_new(request):
    permissions.require_opener(request.user)
    form = RoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            round_ = services.review_round_open(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            for message in _messages(error):
                form.add_error(None, message)
        else:
            messages.success(request, _("Đã mở đợt %(k)s; các xã được thông báo.") % {
                "k": round_.get_kind_display().lower()})
            return redirect("reviews:round", round_.pk)
    return render(request, "reviews/round_new.html", {"form": form, "unit": request.user.unit})


@login_required
@require_GET
def round_detail(request, pk):
    round_ = selectors.round_for(request.user, pk)
    parts = selectors.parts_of(round_, request.user)
    return render(request, "reviews/round.html", {
        "round": round_, "parts": parts, "communes": [p for p in parts if not p.is_units_own],
        "own": next((p for p in parts if p.is_units_own), None),
        "mine": next((p for p in parts if p.unit_id == request.user.unit_id), None),
        "sent": sum(1 for p in parts if not p.is_units_own and p.status == p.Status.SUBMITTED)})


def _part_page(request, part, form, status=200, return_form=None):
    draft = drafting.draft(part, request.user)
    return render(request, "reviews/part.html", {
        "part": part, "round": part.round, "form": form, "draft": draft,
        "return_form": return_form or ReturnForm(initial={"version": part.version}),
        "chart_share": drafting.chart_share(draft["rows"]),
        "chart_criteria": drafting.chart_criteria(draft["criteria"]),
        "can_write": request.user.has_perm("reviews.write", part),
        "moves": permissions.available_moves(part, request.user),
        "communes": selectors.communes_side_by_side(part, request.user), "below": selectors.below_label(part),
        "receiver": permissions.receiving_unit(part)}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def part_detail(request, pk):
    part = (selectors.part_for if request.method == "POST" else selectors.part_to_read)(request.user, pk)
    form = PartForm(request.POST or None, part=part)
    if request.method == "POST":
        try:
            permissions.require_writer(request.user, part)  # not theirs: 403; sent already: a message
        except ValidationError as error:
            form.is_valid()
            for message in _messages(error):
                form.add_error(None, message)
            return _part_page(request, part, form, status=400)
        if form.is_valid():
            try:
                services.part_save(by=request.user, part_id=part.pk, seen_version=form.cleaned_data["version"],
                                   **{n: form.cleaned_data[n] for n in part.TEXTS})
            except ValidationError as error:
                for message in _messages(error):
                    form.add_error(None, message)
            else:
                messages.success(request, _("Đã lưu báo cáo."))
                return redirect("reviews:part", part.pk)
        part.refresh_from_db()
        return _part_page(request, part, form, status=400)
    return _part_page(request, part, form)


@login_required
@require_POST
def part_submit(request, pk):
    part = selectors.part_for(request.user, pk)
    version = request.POST.get("version", "")
    try:
        move = permissions.require_move(request.user, part, "submit")
    except ValidationError as error:
        for message in _messages(error):
            messages.error(request, message)
        return redirect("reviews:part", part.pk)
    if not confirmed(request) and version == str(part.version):
        above = (permissions.receiving_unit(part) or part.round.unit.parent
                 or documents.office_for(part.unit, part.due).ministry)  # the ministry of the day
        return confirmation_page(request, title=move.label, subject=str(part),
                                 consequences=[move.consequence % {"unit": part.unit, "above": above}],
                                 back_url=reverse("reviews:part", args=[part.pk]), hidden=[("version", version)])
    try:
        services.part_submit(by=request.user, part_id=part.pk, seen_version=version)
    except ValidationError as error:
        for message in _messages(error):
            messages.error(request, message)
    else:
        messages.success(request, _("Đã gửi báo cáo lên cấp trên."))
    return redirect("reviews:part", part.pk)


@login_required
@require_POST
def part_return(request, pk):
    part = selectors.part_for(request.user, pk)
    try:
        permissions.require_move(request.user, part, "return")  # not theirs: 403; wrong state: a message
    except ValidationError as error:
        for message in _messages(error):
            messages.error(request, message)
        return redirect("reviews:part", part.pk)
    form = ReturnForm(request.POST)
    if not form.is_valid():
        for message in [m for errors in form.errors.values() for m in errors]:
            messages.error(request, message)
        return redirect("reviews:part", part.pk)
    try:
        services.part_return(by=request.user, part_id=part.pk, seen_version=form.cleaned_data["version"],
                             comment=form.cleaned_data["comment"])
    except ValidationError as error:
        for message in _messages(error):
            messages.error(request, message)
    else:
        messages.success(request, _("Đã trả lại báo cáo của %(u)s để bổ sung.") % {"u": part.unit})
    return redirect("reviews:part", part.pk)


@login_required
@require_GET
def part_pdf(request, pk):
    part = selectors.part_to_read(request.user, pk)
    return private_file_response(documents.part_pdf(part, request.user), filename=documents.filename(part, "pdf"),
                                 content_type=PDF, inline=True)


@login_required
@require_GET
def part_docx(request, pk):
    part = selectors.part_to_read(request.user, pk)
    return private_file_response(documents.part_docx(part, request.user), filename=documents.filename(part, "docx"),
                                 content_type=DOCX)


@login_required
@require_GET
def part_xlsx(request, pk):
    part = selectors.part_to_read(request.user, pk)
    return private_file_response(documents.part_xlsx(part, request.user), filename=documents.filename(part, "xlsx"),
                                 content_type=XLSX)
