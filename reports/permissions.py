"""Who may read the reports, set a unit's target and ask for a round's dossiers (see accounts.permissions)."""

import rules

from accounts.permissions import (
    has_unit,
    is_council_chair,
    is_district_officer,
    is_national_staff,
    is_provincial_staff,
    is_superuser,
    is_sysadmin,
)


@rules.predicate
def of_the_rounds_province(user, round_):
    return round_ is not None and user.unit_id is not None and user.unit_id == round_.province_id


# the recognising units, the province, the ministry and the administrators
can_read = is_district_officer | is_council_chair | is_provincial_staff | is_national_staff | is_sysadmin | is_superuser
# a unit's own target: the recognising unit and the province
can_set_target = (is_district_officer | is_council_chair | is_provincial_staff) & has_unit
# the round's dossiers in one ZIP: the provincial staff of the round's province
can_bundle = is_provincial_staff & of_the_rounds_province

rules.add_perm("reports.read", can_read)
rules.add_perm("reports.set_target", can_set_target)
rules.add_perm("reports.bundle_round", can_bundle)
