"""Who may do what with a period review: one predicate per act (see accounts.permissions).

Reading is scoped by ``ReviewPart.objects.visible_to`` (a part is seen where its unit is, like a
dossier: out of scope is a 404); every change is asked again here by the service that makes it.
"""

import rules as predicates  # the rules package; this app's ``rules`` is the parts' moves table
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from accounts.permissions import (
    has_unit,
    is_commune_officer,
    is_district_officer,
    is_national_staff,
    is_provincial_staff,
    is_superuser,
    is_sysadmin,
    role_in,
)
from communes.models import Level
from reviews import rules


def receiving_unit(part):
    """The unit the part is sent to (its ``above`` part's), or None for the round's unit's own part."""
    return part.above.unit if part.above_id is not None else None


def relations(user, part) -> set[str]:
    """How the user's unit stands to the part (reviews.rules: OWN_PART, RECEIVING_UNIT). No query when the part
    was read with its ``above`` part (reviews.selectors.PART_RELATIONS)."""
    found = set()
    if user.unit_id is None:
        return found
    if user.unit_id == part.unit_id:
        found.add(rules.OWN_PART)
    elif part.above_id is not None and user.unit_id == part.above.unit_id:
        found.add(rules.RECEIVING_UNIT)
    return found


def available_moves(part, user) -> list[rules.Move]:
    return rules.available(part.status, getattr(user, "role", None), relations(user, part))


def require_move(user, part, name) -> rules.Move:
    """A service's check before a move: who (PermissionDenied), then the state (ValidationError)."""
    move = rules.move(name)
    if not move.allows(getattr(user, "role", None), relations(user, part)):
        if move.where == rules.OWN_PART:
            raise PermissionDenied(_("Chỉ cán bộ của chính đơn vị được viết và gửi báo cáo của đơn vị."))
        raise PermissionDenied(_("Chỉ cơ quan của %(unit)s (nơi nhận báo cáo) được trả lại báo cáo này.")
                               % {"unit": receiving_unit(part) or part.round.unit})
    if part.status not in move.sources:
        labels = dict(part.Status.choices)
        raise ValidationError(_("Không thể chuyển báo cáo từ trạng thái “%(old)s” sang “%(new)s”.")
                              % {"old": labels[part.status], "new": labels[move.target]})
    return move


@predicates.predicate
def of_own_part(user, part):
    return part is not None and user.unit_id is not None and user.unit_id == part.unit_id


@predicates.predicate
def part_open(user, part):
    return part is not None and part.editable


@predicates.predicate
def at_a_recognising_level(user):
    """The user's unit is a district or a province: the levels that recognise communes and review them."""
    return user.unit_id is not None and user.unit.level in (Level.DISTRICT, Level.PROVINCE)


writes_parts = role_in(*rules.WRITERS)
# a writer of the part's own unit, while the part is a draft or returned
can_write = writes_parts & of_own_part & part_open
# the office of a recognising unit opens a review round of its communes
can_open = (is_district_officer | is_provincial_staff) & has_unit & at_a_recognising_level
# the menu and the list: whoever works at a unit, the ministry, administrators
can_read = has_unit | is_national_staff | is_sysadmin | is_superuser

predicates.add_perm("reviews.write", can_write)
predicates.add_perm("reviews.open_round", can_open)
predicates.add_perm("reviews.read", can_read)


def require_writer(user, part):
    if not user.has_perm("reviews.write", part):
        if of_own_part(user, part) and writes_parts(user):
            raise ValidationError(_("Báo cáo đã gửi lên cấp trên: không sửa được nữa, trừ khi được trả lại."))
        raise PermissionDenied(_("Chỉ cán bộ của chính đơn vị được viết báo cáo của đơn vị."))


def require_opener(user):
    if not user.has_perm("reviews.open_round"):
        raise PermissionDenied(_("Chỉ cơ quan công nhận cấp huyện (hoặc cấp tỉnh sau 01/7/2025) được mở đợt tổng kết."))


# --- who is told (reviews.events) ------------------------------------------------------------------------

told_as_commune = is_commune_officer & has_unit
told_as_receiver = role_in(*rules.RECEIVERS) & has_unit


def told_above(user, above) -> bool:
    """The level above the round's unit: the province's staff over a district, the national staff over a province."""
    if above is None:
        return is_national_staff(user)
    return is_provincial_staff(user) and user.unit_id == above.pk


def writers_of(users):
    """``users`` (a queryset) narrowed to those who write their unit's part."""
    return users.filter(role__in=rules.WRITERS)


def receivers_of(users):
    return users.filter(role__in=rules.RECEIVERS)


