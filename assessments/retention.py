"""The end of a file's retention (NĐ 13/2023: children's personal data is kept no longer than needed).

The files of a decided dossier (recognised or not recognised), its evidence and the council's signed
minutes, are removed ``years`` after the decision's signing date. What stays: the Evidence row with the
file's name and the day it was removed (``purged_on``), the council with ``minutes_purged_on``, and the
download log. Files go through the storage API, so any storage backend works. Drafts and dossiers
without a decision are never touched.
"""

import datetime
import logging
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from assessments.models import Assessment, Council, Evidence

log = logging.getLogger(__name__)

DECIDED = (Assessment.Status.RECOGNISED, Assessment.Status.NOT_RECOGNISED)


def cutoff(years: int, today: datetime.date) -> datetime.date:
    """The latest signing date whose files are past retention on ``today``."""
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


@dataclass
class Purge:
    evidence: list  # Evidence rows whose file is (or, in a dry run, would be) removed
    councils: list  # Councils whose signed minutes are (would be) removed

    def __len__(self):
        return len(self.evidence) + len(self.councils)


def due(years: int, today: datetime.date | None = None) -> Purge:
    """The files past retention still stored."""
    last = cutoff(years, today or timezone.localdate())
    decided = {"status__in": DECIDED, "decision__isnull": False, "decision__signed_on__lte": last}
    evidence = (Evidence.objects.filter(purged_on__isnull=True, **{f"score__assessment__{k}": v
                                                                   for k, v in decided.items()})
                .exclude(file="").select_related("score__assessment__commune", "score__assessment__round")
                .order_by("score__assessment_id", "pk"))
    councils = (Council.objects.filter(minutes_purged_on__isnull=True, **{f"assessment__{k}": v
                                                                          for k, v in decided.items()})
                .exclude(minutes="").select_related("assessment__commune", "assessment__round")
                .order_by("assessment_id"))
    return Purge(list(evidence), list(councils))


def purge(years: int, today: datetime.date | None = None) -> Purge:
    """Remove the files past retention; each row is marked in the same transaction as its file goes."""
    today = today or timezone.localdate()
    found = due(years, today)
    for ev in found.evidence:
        with transaction.atomic():
            name = ev.file.name
            ev.file.storage.delete(name)
            ev.file = ""
            ev.purged_on = today
            ev.save(update_fields=["file", "purged_on"])
        log.info("purge_evidence: removed evidence %s (%s) of dossier %s, file %s",
                 ev.pk, ev.original_name, ev.score.assessment_id, name)
    for c in found.councils:
        with transaction.atomic():
            name = c.minutes.name
            c.minutes.storage.delete(name)
            c.minutes = ""
            c.minutes_purged_on = today
            c.save(update_fields=["minutes", "minutes_purged_on"])
        log.info("purge_evidence: removed the signed minutes of dossier %s, file %s", c.assessment_id, name)
    return found
