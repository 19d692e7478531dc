"""Who may open which appeal page: the module for all its roles, the rest for staff only."""

from __future__ import annotations

from django.http import Http404

from zoneops.core.models import Role, User
from zoneops.core.navigation import require_module

MODULE = "appeals"


def require_staff(user: User) -> None:
    """Statistics and configuration: the module's staff, not enterprises (404 like a module
    the role may not use)."""
    require_module(user, MODULE)
    if user.role == Role.ENTERPRISE:
        raise Http404
