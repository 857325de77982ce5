"""A standard's criteria, with their indicators and owning sectors in a province, read once per process.

Every request of the scoring page shows them, and they change only when an administrator edits a
standard or a province's assignment of criteria to sectors. Each process keeps what it read for
``REFERENCE_DATA_SECONDS`` (60 by default; 0 turns the cache off); saving or deleting any of these rows
clears the cache of the process that did it at once, so the editor sees the change immediately and the
other processes within that time. Only what pages display comes from here: the services that score,
appraise and check permissions read the database every time.
"""

import time
from dataclasses import dataclass

from django.conf import settings

from criteria.selectors import normalise_province_code, owners_of

_cache = {}


@dataclass(frozen=True)
class Reference:
    criteria: tuple  # Criterion in number order, default_sector and indicators loaded; shared: read only
    owners: dict  # criterion number → the Sector that appraises it in the province


def for_province(standard, province_code) -> Reference:
    """The standard's criteria and their owners in the province (three queries, none when cached)."""
    ttl = settings.REFERENCE_DATA_SECONDS
    key = (standard.pk, normalise_province_code(province_code))
    now = time.monotonic()
    kept = _cache.get(key)
    if ttl > 0 and kept is not None and kept[0] > now:
        return kept[1]
    criteria = tuple(standard.criteria.select_related("default_sector").prefetch_related("indicators"))
    reference = Reference(criteria=criteria, owners=owners_of(criteria, province_code))
    if ttl > 0:
        _cache[key] = (now + ttl, reference)
    return reference


def clear(**_signal):
    """Forget everything kept (connected to every save and delete of the standards' rows)."""
    _cache.clear()


def connect_signals():
    from django.db.models.signals import post_delete, post_save

    from criteria.models import Criterion, Indicator, Ownership, Sector, SectorName, Standard

    for model in (Standard, Criterion, Indicator, Sector, SectorName, Ownership):
        for signal in (post_save, post_delete):
            signal.connect(clear, sender=model, dispatch_uid=f"criteria.reference.clear.{model.__name__}")
