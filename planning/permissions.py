"""Who may read and who may write a yearly plan (one predicate per act, see accounts.permissions).

Reading is scoped by ``Plan.objects.visible_to`` / ``readable_by`` (out of scope is a 404): every level of
a province reads its plans, national staff every plan, a province formed by the 2025 reform the plans of
the units it succeeded (read-only). Writing: the provincial staff of the plan's province, on a plan of their
own province (never an inherited one); a district's office (``district_officer``), on its own district's plans
(a district plans its years before 1/7/2025: planning.services refuses a later one).
"""

import rules

from accounts.permissions import (
    has_unit,
    is_district_officer,
    is_national_staff,
    is_provincial_staff,
    is_superuser,
    is_sysadmin,
)
from communes.models import Level


@rules.predicate
def of_own_province(user, plan):
    """The plan's unit lies in the user's own province (the unit of a plan, or the plan's unit itself)."""
    unit = getattr(plan, "unit", plan)
    return (unit is not None and user.unit_id is not None
            and unit.path.startswith(f"/{user.unit.province_id}/"))


@rules.predicate
def at_a_district(user):
    return user.unit_id is not None and user.unit.level == Level.DISTRICT


@rules.predicate
def of_own_district(user, plan):
    """The plan is the user's own district's (the plan's unit, or the unit itself, is the user's unit)."""
    unit = getattr(plan, "unit", plan)
    return unit is not None and user.unit_id is not None and unit.pk == user.unit_id


# every signed-in role with a unit reads its province's plans; the centre and the administrators all
can_read = rules.is_authenticated & (has_unit | is_national_staff | is_sysadmin | is_superuser)
district_office = is_district_officer & has_unit & at_a_district
can_create = (is_provincial_staff & has_unit) | district_office
can_edit = (is_provincial_staff & has_unit & of_own_province) | (district_office & of_own_district)

rules.add_perm("planning.read", can_read)
rules.add_perm("planning.create", can_create)
rules.add_perm("planning.edit", can_edit)
