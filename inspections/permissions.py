"""Who may do what with an inspection plan: checks over the user, the plan and its units.

Reading is scoped by ``Plan.objects.visible_to`` (out of scope is a 404); every change is checked
again here by the service that makes it (a refused change is a 403, whatever the page showed).
"""

import rules as predicates  # the rules package; this app's ``rules`` is the plans' moves table
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from accounts.models import Role
from inspections import rules

READ_ROLES = (Role.PROVINCIAL_STAFF, Role.DISTRICT_OFFICER, Role.SECTOR_APPRAISER,
              Role.NATIONAL_STAFF, Role.SYSADMIN, Role.COMMUNE_OFFICER)
REPORT_ROLES = (Role.COMMUNE_OFFICER, Role.DISTRICT_OFFICER)


def can_read(user) -> bool:
    return user.is_superuser or user.role in READ_ROLES


def has_any_move(user) -> bool:
    """Whether the user's role makes any move of the plans' table."""
    return any(user.role in m.who for m in rules.MOVES)


def require_reader(user):
    if not can_read(user):
        raise PermissionDenied(_("Vai trò của bạn không xem được kế hoạch kiểm tra."))


def _in_issuing_province(user, issuer) -> bool:
    return user.unit_id is not None and user.unit.province_id == issuer.province_id


def can_plan(user, issuer) -> bool:
    """Provincial staff of the issuing unit's province draw up and run the plan."""
    return user.role == Role.PROVINCIAL_STAFF and _in_issuing_province(user, issuer)


def require_planner(user, issuer):
    if not can_plan(user, issuer):
        raise PermissionDenied(_("Chỉ cán bộ cấp tỉnh của tỉnh ban hành kế hoạch được thay đổi kế hoạch."))


def relations(user, plan) -> set[str]:
    """How the user's unit stands to the plan (inspections.rules: ISSUING_PROVINCE)."""
    return {rules.ISSUING_PROVINCE} if _in_issuing_province(user, plan.issuer) else set()


def available_moves(plan, user) -> list[rules.Move]:
    """The moves of inspections.rules.MOVES this user may make on the plan now."""
    return rules.available(plan.status, user.role, relations(user, plan))


def require_move(user, plan, to) -> rules.Move:
    """A service's check before changing the plan's status: who (PermissionDenied), then the state."""
    targets = [m for m in rules.MOVES if m.target == to] or rules.MOVES  # an unknown state: anyone's move
    if not any(m.allows(user.role, relations(user, plan)) for m in targets):
        raise PermissionDenied(_("Chỉ cán bộ cấp tỉnh của tỉnh ban hành kế hoạch được thay đổi kế hoạch."))
    move = rules.move_to(plan.status, to)
    if move is None or not move.allows(user.role, relations(user, plan)):
        labels = dict(plan.Status.choices)
        raise ValidationError(_("Không thể chuyển kế hoạch từ “%(old)s” sang “%(new)s”.")
                              % {"old": labels[plan.status], "new": labels.get(to, to)})
    return move


def can_recheck(user, plan) -> bool:
    """A department appraiser of the issuing level (the inspection team's departments)."""
    return (user.role == Role.SECTOR_APPRAISER and user.sector_id is not None
            and user.unit_id is not None and plan.issuer.path.startswith(user.unit.path))


def require_rechecker(user, plan, sector):
    if not can_recheck(user, plan):
        raise PermissionDenied(_("Chỉ cán bộ thẩm định của các sở, ngành trong đoàn kiểm tra được ghi kết quả."))
    if user.sector_id != sector.pk:
        raise PermissionDenied(_("Tiêu chí này do %(sector)s kiểm tra, không phải ngành của bạn.")
                               % {"sector": sector.name})


def can_report_for(user, unit) -> bool:
    """Officers of the inspected unit (or of the district above it) send its report."""
    return (user.role in REPORT_ROLES and user.unit_id is not None
            and unit.path.startswith(user.unit.path))


def require_reporter(user, unit):
    if not can_report_for(user, unit):
        raise PermissionDenied(_("Chỉ cán bộ của đơn vị được kiểm tra (%(unit)s) được gửi báo cáo.")
                               % {"unit": unit})


def sees_whole_plan(user, plan) -> bool:
    """The issuing level (and national staff) see every unit's report and findings."""
    return user.sees_everything or (user.unit_id is not None and plan.issuer.path.startswith(user.unit.path))


def can_see_unit(user, plan, unit) -> bool:
    """A covered district or commune sees the reports and findings of its own subtree only."""
    return sees_whole_plan(user, plan) or (user.unit_id is not None and unit.path.startswith(user.unit.path))


def needs_action(user):
    """The plans on which the user has a move of the table now, as a condition in SQL (the list's "cần tôi
    xử lý"): a state the user's role moves from, in a plan issued within the user's province."""
    from django.db.models import Q

    statuses = {s for m in rules.MOVES if m.allows(user.role, {rules.ISSUING_PROVINCE}) for s in m.sources}
    if user.unit_id is None or not statuses:
        return Q(pk__in=[])
    return Q(status__in=statuses, issuer__path__startswith=f"/{user.unit.province_id}/")


predicates.add_perm("inspections.read", predicates.predicate(can_read))
