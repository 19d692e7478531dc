"""What 重点项目 adds: its pages, API, menu entry and import kinds."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from zoneops.core.house import AppModule, HomePanel
from zoneops.core.models import Role
from zoneops.core.navigation import Module

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


MODULE = AppModule(
    urls="zoneops.projects.urls",
    api="zoneops.projects.api:router",
    api_prefix="/projects",
    menu=(Module("projects", _("重点项目"), "projects:plan", "kanban", ROLES, allows, order=40),),
    panels=(
        HomePanel("task_force", "projects/_home.html", "zoneops.projects.home:home_panel", 20),
    ),
    import_kinds=("zoneops.projects.importers",),
)
