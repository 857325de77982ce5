"""Who sees what the operator's URLs reveal (one predicate per act, as in every app)."""

import rules

from accounts.permissions import is_superuser, is_sysadmin

# The health URL answers everyone "ok" or "fail"; the administrator also sees each check, its
# message and the version (a database error's text or a queue's age is not for the public).
rules.add_perm("operations.see_health_detail", is_sysadmin | is_superuser)
