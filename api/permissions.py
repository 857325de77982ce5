"""Who reads the API: the page's own predicate (``assessments.read_lists`` for the records, ``reports.read`` for the
reports and targets), asked of the signed-in user or of a key's holder alike (accounts.permissions)."""

from rest_framework import permissions


class CanRead(permissions.BasePermission):
    """The page's own predicate for what the endpoint serves (``read_perm`` of the view), asked of the
    signed-in user or of the key's holder (api.principal.KeyHolder) alike. The API has no handler for any
    other method than GET, HEAD and OPTIONS: a reader's POST is answered 405, and nothing is written."""

    def has_permission(self, request, view):
        user = request.user
        if not (user and user.is_authenticated):
            return False
        return user.has_perm(view.read_perm)
