"""Who may make each move on an assessment: pure checks over the user and the assessment's unit.

Every service calls one of these before it changes anything, so a move refused here is refused
whatever the page showed. The recognising unit is the commune's parent (district before the 2025
reform, province after); nothing here assumes districts exist.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from accounts.models import Role

RECOGNISING_ROLES = (Role.DISTRICT_OFFICER, Role.COUNCIL_CHAIR)


def _within(user, unit):
    return user.unit_id is not None and unit.path.startswith(user.unit.path)


def require_commune_officer(user, commune):
    if not (user.role == Role.COMMUNE_OFFICER and user.unit_id == commune.pk):
        raise PermissionDenied(_("Chỉ cán bộ của chính xã, phường này được chấm điểm và nộp hồ sơ."))


def require_recognising_officer(user, commune, roles=RECOGNISING_ROLES):
    if not (user.role in roles and user.unit_id == commune.parent_id):
        raise PermissionDenied(
            _("Chỉ cơ quan công nhận (%(unit)s) được thực hiện thao tác này.") % {"unit": commune.parent})


def require_sector_appraiser(user, commune, owner):
    if user.role != Role.SECTOR_APPRAISER or not _within(user, commune):
        raise PermissionDenied(_("Chỉ cán bộ thẩm định của ngành phụ trách trên địa bàn được thẩm định."))
    if user.sector_id != owner.pk:
        raise PermissionDenied(
            _("Tiêu chí này do ngành %(sector)s thẩm định, không phải ngành của bạn.") % {"sector": owner})


def require_provincial_staff(user, province):
    if not (user.role == Role.PROVINCIAL_STAFF and user.unit_id == province.pk):
        raise PermissionDenied(_("Chỉ cán bộ cấp tỉnh của %(unit)s được mở đợt đánh giá.") % {"unit": province})
