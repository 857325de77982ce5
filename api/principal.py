"""Who reads through an API key: the key's unit in the shape every scoped queryset and predicate asks of a
user (``role``, ``unit``, ``unit_id``, ``sees_everything``, ``has_perm``). A province's key reads as the
province's staff, a national key as national staff: the same ``visible_to`` / ``readable_by`` /
``accounts.permissions.readable`` / ``reports.scope.Scope`` as their pages, no second copy of scoping."""

import rules

from accounts.models import Role


class KeyHolder:
    is_authenticated = True
    is_anonymous = False
    is_active = True
    is_superuser = False
    is_staff = False
    sector_id = None
    sector = None
    pk = id = None

    def __init__(self, key):
        self.key = key
        self.unit = key.unit
        self.unit_id = key.unit_id
        self.role = Role.NATIONAL_STAFF if key.unit_id is None else Role.PROVINCIAL_STAFF
        self.username = f"api:{key.prefix}"

    @property
    def sees_everything(self):
        return self.unit_id is None

    def has_perm(self, perm, obj=None):
        """The app's predicates, as for a user of the key's role and unit (reading only: the API writes nothing)."""
        return rules.perm_exists(perm) and rules.has_perm(perm, self, obj)

    def __str__(self):
        return self.username
