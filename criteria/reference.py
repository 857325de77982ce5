"""A standard with its criteria, indicators and owning sectors in a province, kept by each process.

Every request of the scoring page shows them, and they change only when an administrator edits a
standard or a province's assignment of criteria to sectors. Each process keeps what it read for
``REFERENCE_DATA_SECONDS`` (60 by default; 0 turns keeping off), under a generation read from Django's
cache on every call: saving or deleting any of these rows writes a new generation there, so every
process that shares the cache (Redis, when CACHE_URL or REDIS_URL is set; config/settings.py) reads
the rows again on its next call, at once. Only what pages display comes from here: the services that
score, appraise and check permissions read the database every time.
"""

import time
import uuid
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import prefetch_related_objects

from criteria.selectors import ownership_of

GENERATION = "criteria.reference.generation"  # in the shared cache, never expires
_cache = {}  # (standard, province) → (generation, expires at on the monotonic clock, Reference)


@dataclass(frozen=True)
class Reference:
    """Shared by every request of the process: read it, never change it."""

    standard: object  # the Standard
    province_code: str
    criteria: tuple  # Criterion in number order, with its default_sector
    indicators: dict  # criterion pk → its indicators, in order
    owners: dict  # criterion number → the Sector that leads its appraisal in the province
    sharers: dict  # criterion number → every Sector that owns it, the lead first (with its names by period)


def of(standard_id, province_id, *, now=None) -> Reference:
    """The standard's reference data in the province (six queries, none when kept; one cache read).

    ``now`` is the reading of ``time.monotonic()`` to judge expiry by (the clock, unless a test gives it).
    """
    ttl = settings.REFERENCE_DATA_SECONDS
    if ttl <= 0:
        return _read(standard_id, province_id)
    key = (standard_id, province_id)
    now = time.monotonic() if now is None else now
    generation = _generation()
    kept = _cache.get(key)
    if kept is not None and kept[0] == generation and kept[1] > now:
        return kept[2]
    reference = _read(standard_id, province_id)
    _cache[key] = (generation, now + ttl, reference)
    return reference


def _generation():
    generation = cache.get(GENERATION)
    if generation is None:  # a cache started empty (or lost its keys): a generation nobody has kept
        cache.add(GENERATION, uuid.uuid4().hex, None)
        generation = cache.get(GENERATION)
    return generation


def for_round(round_) -> Reference:
    return of(round_.standard_id, round_.province_id)


def _read(standard_id, province_id):
    standard = apps.get_model("criteria", "Standard").objects.get(pk=standard_id)
    province_code = apps.get_model("communes", "Unit").objects.values_list("code", flat=True).get(pk=province_id)
    criteria = tuple(standard.criteria.select_related("default_sector").prefetch_related("indicators"))
    sharers = ownership_of(criteria, province_code)
    # each owning sector with its names by period (Sector.name_on / short_on read them without a query)
    prefetch_related_objects([sector for sectors in sharers.values() for sector in sectors], "names")
    return Reference(standard=standard, province_code=province_code, criteria=criteria,
                     indicators={c.pk: list(c.indicators.all()) for c in criteria},
                     owners={n: sectors[0] for n, sectors in sharers.items()}, sharers=sharers)


def clear(**_signal):
    """Make every process read afresh (connected to every save and delete of the standards' rows).

    Once now, and again when the edit's transaction commits: a process that read the old rows between
    the two (the edit not yet committed) must not keep them under the new generation.
    """
    _bump()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(_bump)


def _bump():
    cache.set(GENERATION, uuid.uuid4().hex, None)
    _cache.clear()


def connect_signals():
    from django.db.models.signals import post_delete, post_save

    from criteria.models import Criterion, Indicator, Ownership, Sector, SectorName, Standard

    for model in (Standard, Criterion, Indicator, Sector, SectorName, Ownership):
        for signal in (post_save, post_delete):
            signal.connect(clear, sender=model, dispatch_uid=f"criteria.reference.clear.{model.__name__}")
