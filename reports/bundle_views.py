"""The round's dossiers in one ZIP (reports.bundles): asked for on the round page, followed on the
export status page like any export."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from assessments.models import Round
from reports import bundles, jobs


@login_required
@require_POST
def round_bundle(request, round_pk):
    r = get_object_or_404(Round.objects.visible_to(request.user).select_related("province"), pk=round_pk)
    if not request.user.has_perm("reports.bundle_round", r):
        raise PermissionDenied
    try:
        job = bundles.bundle_request(by=request.user, round_=r)
    except jobs.TooManyExports as refused:
        messages.error(request, refused.message)
        job = refused.waiting
    return redirect("reports:export_status", job.token)
