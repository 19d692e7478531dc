"""What each role may do with key projects, beyond what it may see (models.KeyProjectQuerySet):
the rows ``projects.*`` of the one table, ``zoneops.core.permissions.ACTIONS``.

- the plan (projects, task forces, funding, warning rules): administrators and the 项目办;
- the ledger (monthly updates, attachments, problems): those, the project's task force and the
  officers of its park;
- resolving a problem: those, and the officers of the department that owns it.
Zone leaders read everything and write nothing; an owner enterprise reads its projects only.
"""

from __future__ import annotations

from typing import Any

from zoneops.core.permissions import Reach, may_in_park, may_zone_wide, reach
from zoneops.projects.models import PROJECTS_DEPARTMENT, KeyProject, Problem

__all__ = ["PROJECTS_DEPARTMENT", "can_keep_ledger", "can_manage_plan", "can_resolve"]


def can_manage_plan(user: Any) -> bool:
    return may_zone_wide(user, "projects.plan")


def _on_team(user: Any, project: KeyProject, action: str) -> bool:
    return Reach.TEAM in reach(user, action) and project.members.filter(user=user).exists()


def can_keep_ledger(user: Any, project: KeyProject) -> bool:
    return may_in_park(user, "projects.ledger", project.park_id) or _on_team(
        user, project, "projects.ledger"
    )


def can_resolve(user: Any, problem: Problem) -> bool:
    action = "projects.resolve"
    if Reach.ROUTED in reach(user, action) and user.department_id == problem.department_id:
        return True
    return may_in_park(user, action, problem.project.park_id) or _on_team(
        user, problem.project, action
    )
