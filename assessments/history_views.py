"""A commune's recognition history, across the 2025 reform (thin: assessments.history does the reading).

Served at /don-vi/<id>/lich-su/ (config/urls.py) under the name communes:history: the page is about a
unit, but it reads assessments, so it lives here, above communes."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from assessments.history import recognition_history
from communes.models import Level, Unit
from criteria.rules import CONTINUITY_RULE


@login_required
@require_GET
def unit_history(request, pk):
    """Its own assessments and decisions by year, and those of the communes it was formed from."""
    unit = get_object_or_404(Unit.objects.visible_to(request.user).filter(level=Level.COMMUNE).select_related("parent"),
                             pk=pk)
    return render(request, "communes/history.html", {"unit": unit, **recognition_history(unit),
                                                     "continuity_rule": CONTINUITY_RULE})
