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
from communes.models import within_any
from communes.selectors import succeeded_paths


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


# --- reading: the user's unit, and after the 2025 reform the units it succeeded (read-only) -------------

def read_paths(user) -> tuple[str, ...] | None:
    """The paths of the units whose records the user reads, own unit first: None for the whole country
    (national staff, administrators); else the user's unit and the units it succeeded in the 2025 reform
    (communes.selectors.succeeded_paths, the reform links: the new Bắc Ninh reads the former Bắc Giang's
    rounds, dossiers, decisions, plans and communes). One query, kept on the user for the request."""
    if user.sees_everything:
        return None
    if user.unit_id is None:
        return ()
    if getattr(user, "_read_paths", None) is None:
        user._read_paths = (user.unit.path, *succeeded_paths(user.unit))
    return user._read_paths


def readable(queryset, user, field="path"):
    """``queryset`` narrowed to the records the user reads (``field``: the unit's path through the record,
    e.g. "commune__path"). Reading only: every act is asked of its own predicate, which an inherited
    record fails (its unit is not the user's), and the pages that write scope by ``visible_to``."""
    paths = read_paths(user)
    return queryset if paths is None else queryset.filter(within_any(paths, field))


def own_or_inherited(visible, inherited, **lookup):
    """The record of ``lookup`` in the user's own scope (``visible``, as every page has it: no query more),
    else among those the user reads as its unit's successor (``inherited()``, whose reform links cost a query
    only then); Http404 when neither holds it. The pages that only read ask it."""
    from django.http import Http404

    for records in (visible, None):
        try:
            return (records if records is not None else inherited()).get(**lookup)
        except visible.model.DoesNotExist:
            continue
    raise Http404


@rules.predicate
def reads_as_successor(user, unit):
    """The unit lies under one the user's unit succeeded, not under the user's own unit: the page reads it
    as history and offers no act. No query for a unit of the user's own."""
    if unit is None or user.sees_everything or user.unit_id is None or unit.path.startswith(user.unit.path):
        return False
    return any(unit.path.startswith(p) for p in read_paths(user)[1:])


rules.add_perm("accounts.read_as_successor", reads_as_successor)
rules.add_perm("accounts.use_app", rules.is_authenticated)
