"""A commune's recognition history, across the 2025 reform (thin: assessments.history does the reading).

Served at /don-vi/<id>/lich-su/ (config/urls.py) under the name communes:history: the page is about a
unit, but it reads assessments, so it lives here, above communes."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.permissions import own_or_inherited, readable
from assessments.history import recognition_history
from communes.models import Level, Unit
from criteria.rules import CONTINUITY_RULE


@login_required
@require_GET
def unit_history(request, pk):
    """Its own assessments and decisions by year, and those of the communes it was formed from."""
    communes = Unit.objects.filter(level=Level.COMMUNE).select_related("parent")
    # a successor reads the history of the communes it succeeded (accounts.permissions.readable)
    unit = own_or_inherited(communes.visible_to(request.user), lambda: readable(communes, request.user), pk=pk)
    return render(request, "communes/history.html", {"unit": unit, **recognition_history(unit),
                                                     "continuity_rule": CONTINUITY_RULE})
