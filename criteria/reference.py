"""A standard with its criteria, indicators and owning sectors in a province, read once per process.

Every request of the scoring page shows them, and they change only when an administrator edits a
standard or a province's assignment of criteria to sectors. Each process keeps what it read for
``REFERENCE_DATA_SECONDS`` (60 by default; 0 turns the cache off); saving or deleting any of these rows
clears the cache of the process that did it at once, so the editor sees the change immediately and the
other processes within that time. Only what pages display comes from here: the services that score,
appraise and check permissions read the database every time.
"""

import time
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings

from criteria.selectors import ownership_of

_cache = {}


@dataclass(frozen=True)
class Reference:
    """Shared by every request of the process: read it, never change it."""

    standard: object  # the Standard
    province_code: str
    criteria: tuple  # Criterion in number order, with its default_sector
    indicators: dict  # criterion pk → its indicators, in order
    owners: dict  # criterion number → the Sector that leads its appraisal in the province
    sharers: dict  # criterion number → every Sector that owns it, the lead first


def of(standard_id, province_id, *, now=None) -> Reference:
    """The standard's reference data in the province (five queries, none when kept).

    ``now`` is the reading of ``time.monotonic()`` to judge expiry by (the clock, unless a test gives it).
    """
    ttl = settings.REFERENCE_DATA_SECONDS
    key = (standard_id, province_id)
    now = time.monotonic() if now is None else now
    kept = _cache.get(key)
    if ttl > 0 and kept is not None and kept[0] > now:
        return kept[1]
    reference = _read(standard_id, province_id)
    if ttl > 0:
        _cache[key] = (now + ttl, reference)
    return reference


def for_round(round_) -> Reference:
    return of(round_.standard_id, round_.province_id)


def _read(standard_id, province_id):
    standard = apps.get_model("criteria", "Standard").objects.get(pk=standard_id)
    province_code = apps.get_model("communes", "Unit").objects.values_list("code", flat=True).get(pk=province_id)
    criteria = tuple(standard.criteria.select_related("default_sector").prefetch_related("indicators"))
    sharers = ownership_of(criteria, province_code)
    return Reference(standard=standard, province_code=province_code, criteria=criteria,
                     indicators={c.pk: list(c.indicators.all()) for c in criteria},
                     owners={n: sectors[0] for n, sectors in sharers.items()}, sharers=sharers)


def clear(**_signal):
    """Forget everything kept (connected to every save and delete of the standards' rows)."""
    _cache.clear()


def connect_signals():
    from django.db.models.signals import post_delete, post_save

    from criteria.models import Criterion, Indicator, Ownership, Sector, SectorName, Standard

    for model in (Standard, Criterion, Indicator, Sector, SectorName, Ownership):
        for signal in (post_save, post_delete):
            signal.connect(clear, sender=model, dispatch_uid=f"criteria.reference.clear.{model.__name__}")
