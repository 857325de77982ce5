"""A commune's recognition history by year, its own and that of the communes it was formed from
(the 2025 reform's links, communes.models.UnitLink). Four queries: the links, the mergers before the
reform (communes.models.UnitVersion.successor), the assessments, the communes' names of their years."""

import datetime

from django.db.models import Q

from assessments.models import Assessment
from communes.models import UnitLink, UnitVersion
from communes.selectors import names_on
from criteria.rules import recognised_in


def recognition_history(unit):
    """{"own": [assessment], "predecessors": [(link, [assessment])], "successors": [link], "years": [row],
    "merged_into": [version], "merged_from": [version], "ended": {...} or None}.

    ``years``: one row per year seen, newest first, with whether the commune counts it as recognised
    by criteria.rules.recognised_in (its own decision, or every predecessor that formed it).
    ``merged_into``: the unit's periods that ended with a merger before the reform, each naming the unit it
    went into (``successor``) and the resolution; ``merged_from``: the units merged into this one that way.
    ``ended``: for a unit that ended with no successor known (no link, no merger), its end and the source of
    its last period (which says what is not confirmed), so the page says so instead of saying nothing."""
    links = list(UnitLink.objects.filter(Q(successor=unit) | Q(predecessor=unit))
                 .select_related("predecessor__parent", "successor__parent"))
    versions = list(UnitVersion.objects.filter(Q(unit=unit) | Q(successor=unit))
                    .select_related("unit__parent", "successor__parent").order_by("valid_from", "unit_id"))
    merged_into = [v for v in versions if v.unit_id == unit.pk and v.successor_id is not None]
    for v in merged_into:
        v.merged_on = v.valid_to + datetime.timedelta(days=1)
    merged_from = [v for v in versions if v.successor_id == unit.pk]
    own_versions = [v for v in versions if v.unit_id == unit.pk]
    predecessors = sorted((link for link in links if link.successor_id == unit.pk),
                          key=lambda link: (not link.is_default, link.predecessor.code))
    successors = sorted((link for link in links if link.predecessor_id == unit.pk),
                        key=lambda link: (not link.is_default, link.successor.code))
    ids = [unit.pk] + [link.predecessor_id for link in predecessors]
    assessments = list(Assessment.objects.filter(commune_id__in=ids).select_related("round", "decision", "commune")
                       .order_by("-round__year", "commune_id"))
    # the commune's name in each year, where it differs from today's (Thị trấn Sa Pa in 2017), and the name of the
    # unit a merger took it into on that day (Thị trấn Tân An in 2020, a ward since 2025): one query
    names = names_on([(a.commune, a.round.period_end) for a in assessments]
                     + [(v.successor, v.merged_on) for v in merged_into])
    for v in merged_into:
        v.successor_name = names[v.successor_id, v.merged_on]
    by_commune = {}
    for a in assessments:
        then = names[a.commune_id, a.round.period_end]
        a.name_then = then if then != a.commune.name else ""
        by_commune.setdefault(a.commune_id, []).append(a)
    recognised = {cid: {a.round.year for a in items if a.status == Assessment.Status.RECOGNISED}
                  for cid, items in by_commune.items()}
    counted = [recognised.get(link.predecessor_id, set()) for link in predecessors if link.is_default]
    years = sorted({a.round.year for items in by_commune.values() for a in items}, reverse=True)
    ended = None
    if unit.valid_to is not None and not successors and not merged_into:
        last = next((v for v in reversed(own_versions) if v.valid_to == unit.valid_to), None)
        ended = {"on": unit.valid_to, "source": last.source if last else ""}
    return {
        "own": by_commune.get(unit.pk, []),
        "predecessors": [(link, by_commune.get(link.predecessor_id, [])) for link in predecessors],
        "successors": successors,
        "merged_into": merged_into,
        "merged_from": merged_from,
        "ended": ended,
        "years": [{"year": y, "recognised": recognised_in(y, recognised.get(unit.pk, set()), counted)} for y in years],
    }
