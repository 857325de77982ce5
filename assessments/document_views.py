"""The printed documents as PDF: served inline, never cached, only to users who can see them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.permissions import own_or_inherited
from assessments import documents
from assessments import permissions as move_permissions
from assessments.models import Assessment, Decision
from core.files import private_file_response
from core.pdf import render_pdf


def pdf_response(content: bytes, filename: str):
    return private_file_response(content, filename=filename, content_type="application/pdf", inline=True)


def assessment_document(slug):
    """The view printing one document of the commune's dossier (see documents.DOCUMENTS)."""
    document = documents.DOCUMENTS[slug]

    @login_required
    def view(request, pk):
        a = own_or_inherited(Assessment.objects.visible_to(request.user).select_related("commune", "round"),
                             lambda: Assessment.objects.readable_by(request.user).select_related("commune", "round"),
                             pk=pk)
        if not document.ready(a):
            raise Http404
        context = documents.heading_applied(document.build(a), document=slug, assessment=a)
        pdf = render_pdf(document.template, context, request=request)
        return pdf_response(pdf, documents.filename_for(document, a))

    view.__name__ = f"document_{slug}"
    return view


request_letter = assessment_document("request")
score_sheet = assessment_document("score_sheet")
minutes = assessment_document("minutes")
appraisal_report = assessment_document("appraisal")


@login_required
def decision_pdf(request, pk):
    """The whole decision, for anyone who can see at least one commune it decides on."""
    d = get_object_or_404(Decision, pk=pk)
    if not (Assessment.objects.visible_to(request.user).filter(decision=d).exists()
            or Assessment.objects.readable_by(request.user).filter(decision=d).exists()):
        raise Http404
    context = documents.heading_applied(documents.decision_context(d), document="decision", decision=d)
    pdf = render_pdf("documents/assessments/decision.html", context, request=request)
    return pdf_response(pdf, documents.decision_filename(d))


def _heading_page(request, *, assessment, document, label, build, back, decision=None):
    """Show the issuing body a document will print (proposed from the data, or as confirmed) and let the
    unit that issues it confirm or correct it; the lines are stored with the act."""
    from assessments import services

    if not move_permissions.may_confirm_heading(request.user, assessment, document):
        raise PermissionDenied
    target = {"decision": decision} if decision is not None else {"assessment": assessment}
    current = documents.heading_applied(build(), document=document, **target)
    errors = []
    if request.method == "POST":
        try:
            services.document_heading_save(by=request.user, document=document,
                                           parent_body=request.POST.get("parent_body", ""),
                                           issuer=request.POST.get("issuer", ""),
                                           seen_version=request.POST.get("version", ""), **target)
        except ValidationError as e:
            errors = e.messages
        else:
            messages.success(request, _("Đã lưu cơ quan ban hành của văn bản."))
            return redirect(back)
        current = {**current, "parent_body": request.POST.get("parent_body", ""),
                   "issuer": request.POST.get("issuer", "")}
    return render(request, "assessments/document_heading.html", {
        "label": label, "parent_body": current["parent_body"], "issuer": current["issuer"],
        "confirmed": current["heading_confirmed"], "errors": errors, "back": back, "a": assessment})


@login_required
@require_http_methods(["GET", "POST"])
def document_heading(request, pk, slug):
    document = documents.DOCUMENTS.get(slug)
    a = get_object_or_404(Assessment.objects.visible_to(request.user).select_related("commune", "round"), pk=pk)
    if document is None or not document.ready(a):
        raise Http404
    return _heading_page(request, assessment=a, document=slug, label=document.label,
                         build=lambda: document.build(a), back=reverse("assessments:detail", args=[a.pk]))


@login_required
@require_http_methods(["GET", "POST"])
def decision_heading(request, pk):
    d = get_object_or_404(Decision, pk=pk)
    a = Assessment.objects.visible_to(request.user).filter(decision=d).select_related("commune").first()
    if a is None:
        raise Http404
    return _heading_page(request, assessment=a, document="decision", label=_("Quyết định công nhận"),
                         build=lambda: documents.decision_context(d), decision=d,
                         back=reverse("assessments:detail", args=[a.pk]))
