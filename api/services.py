"""Issuing and revoking the API's keys (an administrator's acts: the admin and ``manage.py api_keys``)."""

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from api.models import ApiKey
from communes.models import Level

# what djangorestframework-api-key issues: an 8-character prefix, a dot, a 32-character secret
KEY_SHAPE = re.compile(r"^[A-Za-z0-9]{8}\.[A-Za-z0-9]{32}$")


def api_key_issue(*, by, name: str, unit=None, expiry_date=None) -> tuple[ApiKey, str]:
    """A new key for a client system reading ``unit``'s records (a province; None: the whole country).
    Returns the key row and the key itself, which is shown this once and stored only hashed."""
    if unit is not None and unit.level != Level.PROVINCE:
        raise ValidationError(_("Khóa API được cấp cho một tỉnh, thành phố hoặc cho toàn quốc."))
    key = ApiKey(name=name, unit=unit, expiry_date=expiry_date, issued_by=by)
    key.full_clean(exclude=["id", "prefix", "hashed_key"])
    secret = ApiKey.objects.assign_key(key)
    key.save()
    return key, secret


@transaction.atomic
def api_key_revoke(*, by, prefix: str) -> ApiKey:
    """Revoke the key whose prefix is ``prefix``: every request with it is refused (401) from now on."""
    key = ApiKey.objects.select_for_update().get(prefix=prefix)
    if not key.revoked:
        key.revoked, key.revoked_at = True, timezone.now()
        key.save(update_fields=["revoked", "revoked_at"])
    return key


def api_key_holder(secret: str) -> ApiKey | None:
    """The usable key (not revoked, not expired) that ``secret`` is, with its unit, or None."""
    if not KEY_SHAPE.match(secret or ""):
        return None
    try:
        key = ApiKey.objects.select_related("unit").get(prefix=secret.partition(".")[0], revoked=False)
    except ApiKey.DoesNotExist:
        return None
    if key.has_expired or not key.is_valid(secret):
        return None
    return key


def api_key_used(key: ApiKey, *, every_seconds=60) -> None:
    """Record the key's use: at most one write a minute per key (an UPDATE of its row only)."""
    now = timezone.now()
    if key.last_used_at is None or (now - key.last_used_at).total_seconds() >= every_seconds:
        ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
        key.last_used_at = now
