"""State changes of the reports app: recording a unit's plan target."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.numbers import parse_vn_decimal
from reports.models import Target


@transaction.atomic
def target_record(*, by, year, percent, source=""):
    """Set the share of units the user's own unit aims to have recognised in ``year``; ``repeated`` on the
    target returned when it already held these values (nothing written)."""
    if not by.has_perm("reports.set_target"):
        raise PermissionDenied(_("Chỉ cơ quan công nhận và cán bộ cấp tỉnh được đặt chỉ tiêu cho đơn vị mình."))
    percent = parse_vn_decimal(percent, label=_("Tỷ lệ đơn vị đạt chuẩn"), max_value=100)  # text or a number
    if percent is None:
        raise ValidationError(_("Tỷ lệ đơn vị đạt chuẩn: hãy nhập tỷ lệ."))
    stored = Target.objects.select_for_update().filter(
        unit=by.unit, kind=Target.Kind.RECOGNISED_SHARE, year=year).first()
    if stored is not None and (stored.percent, stored.source) == (percent, source):
        # what is stored already (the same save sent again after its answer was lost, issue 25): the form
        # carries no page version, so equal values are the whole test; nothing is written twice
        stored.repeated = True
        return stored
    target = stored or Target(unit=by.unit, kind=Target.Kind.RECOGNISED_SHARE, year=year)
    target.percent, target.source, target.created_by = percent, source, by
    target.full_clean()
    target._history_user = by  # the audit names the officer, whatever called the service
    target.save()
    target.repeated = False
    return target
