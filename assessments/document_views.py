"""The printed documents as PDF: served inline, never cached, only to users who can see them."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404

from assessments import documents
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
        a = get_object_or_404(Assessment.objects.visible_to(request.user)
                              .select_related("commune", "round"), pk=pk)
        if not document.ready(a):
            raise Http404
        pdf = render_pdf(document.template, document.build(a), request=request)
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
    if not Assessment.objects.visible_to(request.user).filter(decision=d).exists():
        raise Http404
    pdf = render_pdf("documents/assessments/decision.html", documents.decision_context(d), request=request)
    return pdf_response(pdf, documents.decision_filename(d))
