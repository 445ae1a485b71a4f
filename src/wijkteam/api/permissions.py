"""API permissions: each viewset declares the permission every action needs.

``required_permissions = {"list": (...), "retrieve": (...), ...}``; an action missing from the
dict is refused, so a new endpoint without a declaration cannot leak data.
"""

from rest_framework.permissions import BasePermission


class DeclaredPermissions(BasePermission):
    def has_permission(self, request, view):
        user = request.user
        if not user or not user.is_authenticated:
            return False
        declared = getattr(view, "required_permissions", None)
        if declared is None:
            return False
        action = getattr(view, "action", None) or request.method.lower()
        if action not in declared:
            return False
        return user.has_perms(declared[action])
