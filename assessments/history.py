"""A commune's recognition history by year, its own and that of the communes it was formed from
(the 2025 reform's links, communes.models.UnitLink). Three queries: the links, the assessments, the
communes' names of their years."""

from django.db.models import Q

from assessments.models import Assessment
from communes.models import UnitLink
from communes.selectors import names_on
from criteria.rules import recognised_in


def recognition_history(unit):
    """{"own": [assessment], "predecessors": [(link, [assessment])], "successors": [link], "years": [row]}.

    ``years``: one row per year seen, newest first, with whether the commune counts it as recognised
    by criteria.rules.recognised_in (its own decision, or every predecessor that formed it)."""
    links = list(UnitLink.objects.filter(Q(successor=unit) | Q(predecessor=unit))
                 .select_related("predecessor__parent", "successor__parent"))
    predecessors = sorted((link for link in links if link.successor_id == unit.pk),
                          key=lambda link: (not link.is_default, link.predecessor.code))
    successors = sorted((link for link in links if link.predecessor_id == unit.pk),
                        key=lambda link: (not link.is_default, link.successor.code))
    ids = [unit.pk] + [link.predecessor_id for link in predecessors]
    assessments = list(Assessment.objects.filter(commune_id__in=ids).select_related("round", "decision", "commune")
                       .order_by("-round__year", "commune_id"))
    # the commune's name in each year, where it differs from today's (Thị trấn Sa Pa in 2017): one query
    names = names_on((a.commune, a.round.period_end) for a in assessments)
    by_commune = {}
    for a in assessments:
        then = names[a.commune_id, a.round.period_end]
        a.name_then = then if then != a.commune.name else ""
        by_commune.setdefault(a.commune_id, []).append(a)
    recognised = {cid: {a.round.year for a in items if a.status == Assessment.Status.RECOGNISED}
                  for cid, items in by_commune.items()}
    counted = [recognised.get(link.predecessor_id, set()) for link in predecessors if link.is_default]
    years = sorted({a.round.year for items in by_commune.values() for a in items}, reverse=True)
    return {
        "own": by_commune.get(unit.pk, []),
        "predecessors": [(link, by_commune.get(link.predecessor_id, [])) for link in predecessors],
        "successors": successors,
        "years": [{"year": y, "recognised": recognised_in(y, recognised.get(unit.pk, set()), counted)} for y in years],
    }
