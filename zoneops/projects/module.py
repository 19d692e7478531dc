"""The projects module's entry in the navigation (kept here so its label is this app's string)."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from zoneops.core.models import Role

LABEL = _("重点项目")
# Enterprises see the projects they own, read only; banks see none.
ROLES = frozenset(
    {
        Role.ZONE_LEADER,
        Role.DEPARTMENT_OFFICER,
        Role.PARK_OFFICER,
        Role.TASK_FORCE,
        Role.ADMIN,
        Role.ENTERPRISE,
    }
)


def allows(user: Any) -> bool:
    """An enterprise sees the module only when it owns a key project (else it would be empty)."""
    if getattr(user, "role", None) != Role.ENTERPRISE:
        return True
    from zoneops.projects.models import KeyProject

    return KeyProject.objects.visible_to(user).exists()
