"""What 项目报建 adds: its pages, API (/api/projects/approvals/…), menu entry, home panel,
import kind (the approval templates) and daily job (overdue items into the project ledger)."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from zoneops.core.house import AppModule, HomePanel, ObjectPanel
from zoneops.core.models import Role
from zoneops.core.navigation import Module
from zoneops.core.schedules import Job, daily

# Whoever may see key projects (an enterprise sees its own projects' approvals).
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
    """An enterprise sees the module only when one of its projects has a matrix."""
    if getattr(user, "role", None) != Role.ENTERPRISE:
        return True
    from zoneops.approvals.models import ApprovalMatrix

    return ApprovalMatrix.objects.visible_to(user).exists()


MODULE = AppModule(
    urls="zoneops.approvals.urls",
    api="zoneops.approvals.api:router",
    api_prefix="/projects/approvals/",
    menu=(
        Module(
            "approvals",
            _("项目报建"),
            "approvals:board",
            "clipboard-check",
            ROLES,
            allows,
            order=41,
        ),
    ),
    panels=(
        HomePanel("approvals", "approvals/_home.html", "zoneops.approvals.queries:home_panel", 41),
    ),
    object_panels=(
        ObjectPanel(
            "projects.keyproject",
            "approvals",
            "approvals/_project.html",
            "zoneops.approvals.queries:project_panel",
        ),
    ),
    import_kinds=("zoneops.approvals.importers",),
    jobs=(
        Job(
            "approvals.escalations",
            _("报建事项超期转台账问题"),
            "zoneops.approvals.services:escalations_run",
            daily(7, 20),
            counts={"checked": _("检查事项"), "raised": _("新增台账问题")},
        ),
    ),
)
