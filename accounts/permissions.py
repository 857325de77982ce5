"""Who may act: the roles as predicates, and the one way to ask.

Each app's ``permissions.py`` names every act once, as a ``rules`` predicate registered under
"<app>.<act>" (``rules.add_perm("assessments.decide", can_decide)``). Views, services, templates
(``{% load rules %}{% has_perm "assessments.decide" user round as can %}``), the navigation, the home
panels and the deadlines' "who acts" all ask ``user.has_perm(name, obj)``; Django REST framework's
object permissions read the same. Roles are compared only here, in the apps' permissions modules
and in the role definitions (accounts.models.Role): tests/core/test_who_acts.py fails otherwise.

The ``rules`` package (3.5) is the ecosystem's form of this; it is asked through ``User.has_perm``
(accounts.models), which answers the app's own permissions from their predicates with no query and
no superuser bypass: a superuser administers, but acts on a dossier only in a role that may.
"""

import rules

from accounts.models import Role


def role_in(*roles):
    """A predicate: the user holds one of ``roles``."""
    names = "_or_".join(str(r) for r in roles)

    @rules.predicate(name=f"role_{names}")
    def check(user):
        return getattr(user, "role", None) in roles

    return check


is_commune_officer = role_in(Role.COMMUNE_OFFICER)
is_sector_appraiser = role_in(Role.SECTOR_APPRAISER)
is_district_officer = role_in(Role.DISTRICT_OFFICER)
is_council_chair = role_in(Role.COUNCIL_CHAIR)
is_provincial_staff = role_in(Role.PROVINCIAL_STAFF)
is_national_staff = role_in(Role.NATIONAL_STAFF)
is_sysadmin = role_in(Role.SYSADMIN)
is_council_member = role_in(Role.COUNCIL_MEMBER)


@rules.predicate
def is_superuser(user):
    return bool(getattr(user, "is_superuser", False))


@rules.predicate
def has_unit(user):
    return getattr(user, "unit_id", None) is not None


# The step of the recognition flow a role works on (the home page's "Quy trình công nhận").
WORKFLOW_STEP = {Role.COMMUNE_OFFICER: 1, Role.SECTOR_APPRAISER: 2, Role.DISTRICT_OFFICER: 2,
                 Role.COUNCIL_MEMBER: 3, Role.COUNCIL_CHAIR: 3, Role.PROVINCIAL_STAFF: 4, Role.NATIONAL_STAFF: 4}


def workflow_step(user) -> int | None:
    return WORKFLOW_STEP.get(getattr(user, "role", None))


rules.add_perm("accounts.use_app", rules.is_authenticated)
