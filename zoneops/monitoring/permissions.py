"""Who may enter, review and correct monthly reports."""

from __future__ import annotations

from typing import Any

from zoneops.core.models import Role
from zoneops.core.scope import scope_of

# The economic operation office collects and reviews the figures (DESIGN: 经济发展局).
ECONOMY_DEPARTMENT = "economy"


def can_review(user: Any, park_id: int | None) -> bool:
    """Enter on an enterprise's behalf, return, approve: economy office, park officers, admins."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser or user.role == Role.ADMIN:
        return True
    if user.role == Role.DEPARTMENT_OFFICER:
        return bool(user.department and user.department.code == ECONOMY_DEPARTMENT)
    if user.role == Role.PARK_OFFICER:
        return park_id in scope_of(user).parks
    return False


def can_fill(user: Any, enterprise_id: int, park_id: int) -> bool:
    """Fill in and submit a report: the enterprise itself, or a reviewer in scope."""
    if getattr(user, "role", None) == Role.ENTERPRISE:
        return user.enterprise_id == enterprise_id
    return can_review(user, park_id)


def can_manage_catalogue(user: Any) -> bool:
    """Indicators, rules, targets, surveys: administrators and the economy office."""
    return can_review(user, None) and getattr(user, "role", None) != Role.PARK_OFFICER
