"""What each role may do, beyond what it may see (which is data scope, in scope.py)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

from zoneops.core.models import Role
from zoneops.core.scope import scope_of

# Roles that maintain the enterprise registry (within their scope).
REGISTRY_EDITORS = frozenset({Role.ADMIN, Role.DEPARTMENT_OFFICER, Role.PARK_OFFICER})


def can_edit_registry(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and (
        user.is_superuser or user.role in REGISTRY_EDITORS
    )


def can_edit_in_park(user: Any, park_id: int | None) -> bool:
    """May this user create or change registry data in this park?"""
    if not can_edit_registry(user):
        return False
    scope = scope_of(user)
    if scope.zone or scope.department_sees_zone:
        return True
    return park_id in scope.parks


def require(condition: bool) -> None:
    """Refuse an action the user's role does not allow (the object itself is visible)."""
    if not condition:
        raise PermissionDenied


def can_manage_users(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and user.is_platform_admin


def can_import(user: Any) -> bool:
    return can_edit_registry(user)
