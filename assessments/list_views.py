"""The lists of dossiers, rounds, decisions and communes (issue 22): one thin view over assessments.filters.

Each list reads its filters from the URL (GET), so a filtered, sorted page is a link to share; each row
links to its page and to the commune's history. The communes' list is served at /don-vi/ under the name
communes:list (config/urls.py), beside the history page, for the same reason as it (it reads dossiers).
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from assessments import filters, selectors
from core.listing import list_page

# kind: (template, the filters, the rows the user reads)
LISTS = {
    "dossiers": ("assessments/list_dossiers.html", filters.DossierFilter, selectors.dossier_rows),
    "rounds": ("assessments/list_rounds.html", filters.RoundFilter, selectors.round_rows),
    "decisions": ("assessments/list_decisions.html", filters.DecisionFilter, selectors.decision_rows),
    "communes": ("communes/list.html", filters.CommuneFilter, selectors.commune_rows),
}


@login_required
@require_GET
def listing(request, kind):
    if not request.user.has_perm("assessments.read_lists"):
        raise PermissionDenied(_("Tài khoản chưa gắn với đơn vị nào."))
    template, filter_class, rows = LISTS[kind]
    filterset = filter_class(request.GET, queryset=rows(request.user), user=request.user)
    return render(request, template, list_page(request, filterset))
