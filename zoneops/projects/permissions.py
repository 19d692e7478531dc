"""What each role may do with key projects, beyond what it may see (models.KeyProjectQuerySet).

- the plan (projects, task forces, funding, warning rules): administrators and the 项目办;
- the ledger (monthly updates, attachments, problems): those, the project's task force and the
  officers of its park;
- resolving a problem: those, and the officers of the department that owns it.
Zone leaders read everything and write nothing; an owner enterprise reads its projects only.
"""

from __future__ import annotations

from typing import Any

from zoneops.core.models import Role
from zoneops.projects.models import PROJECTS_DEPARTMENT, KeyProject, Problem


def _signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and user.is_active


def can_manage_plan(user: Any) -> bool:
    if not _signed_in(user):
        return False
    if user.is_superuser or user.role == Role.ADMIN:
        return True
    department = user.department if user.department_id else None
    return (
        user.role == Role.DEPARTMENT_OFFICER
        and department is not None
        and department.code == PROJECTS_DEPARTMENT
    )


def can_keep_ledger(user: Any, project: KeyProject) -> bool:
    if not _signed_in(user):
        return False
    if can_manage_plan(user):
        return True
    if user.role in (Role.ENTERPRISE, Role.BANK):
        return False
    if project.members.filter(user=user).exists():
        return True
    return user.role == Role.PARK_OFFICER and user.parks.filter(pk=project.park_id).exists()


def can_resolve(user: Any, problem: Problem) -> bool:
    if not _signed_in(user):
        return False
    if user.role == Role.DEPARTMENT_OFFICER and user.department_id == problem.department_id:
        return True
    return can_keep_ledger(user, problem.project)
