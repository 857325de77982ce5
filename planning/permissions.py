"""Who may read and who may write a yearly plan (one predicate per act, see accounts.permissions).

Reading is scoped by ``Plan.objects.visible_to`` / ``readable_by`` (out of scope is a 404): every level of
a province reads its plans, national staff every plan, a province formed by the 2025 reform the plans of
the units it succeeded (read-only). Writing: the provincial staff of the plan's province, on a plan of their
own province (never an inherited one).
"""

import rules

from accounts.permissions import has_unit, is_national_staff, is_provincial_staff, is_superuser, is_sysadmin


@rules.predicate
def of_own_province(user, plan):
    """The plan's unit lies in the user's own province (the unit of a plan, or the plan's unit itself)."""
    unit = getattr(plan, "unit", plan)
    return (unit is not None and user.unit_id is not None
            and unit.path.startswith(f"/{user.unit.province_id}/"))


# every signed-in role with a unit reads its province's plans; the centre and the administrators all
can_read = rules.is_authenticated & (has_unit | is_national_staff | is_sysadmin | is_superuser)
can_create = is_provincial_staff & has_unit
can_edit = is_provincial_staff & has_unit & of_own_province

rules.add_perm("planning.read", can_read)
rules.add_perm("planning.create", can_create)
rules.add_perm("planning.edit", can_edit)
