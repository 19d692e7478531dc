"""What each role may do with project approvals, beyond what it may see: the rows
``approvals.*`` of ``zoneops.core.permissions.ACTIONS``.

- templates: administrators and the 项目办;
- a project's matrix: whoever keeps its ledger (项目办, its park's officers, its task force);
- 一窗受理: the window (企业服务中心), the 项目办, the parks' officers for their park.
"""

from __future__ import annotations

from zoneops.approvals.models import ApprovalMatrix
from zoneops.core.models import User
from zoneops.core.permissions import Reach, may, may_in_park, may_zone_wide, reach


def can_manage_templates(user: User) -> bool:
    return may_zone_wide(user, "approvals.templates")


def _on_task_force(user: User, project_id: int) -> bool:
    from zoneops.projects.public import member_list

    return member_list(user=user).filter(project_id=project_id, user=user).exists()


def can_keep_matrix(user: User, matrix: ApprovalMatrix) -> bool:
    action = "approvals.matrix"
    project = matrix.key_project
    if may_in_park(user, action, project.park_id):
        return True
    return Reach.TEAM in reach(user, action) and _on_task_force(user, project.pk)


def can_start_matrix(user: User, project_park_id: int, project_id: int) -> bool:
    """May this user open the approval matrix of this key project?"""
    action = "approvals.matrix"
    if may_in_park(user, action, project_park_id):
        return True
    return Reach.TEAM in reach(user, action) and _on_task_force(user, project_id)


def can_take_intake(user: User, matrix: ApprovalMatrix) -> bool:
    return may_in_park(user, "approvals.intake", matrix.key_project.park_id)


def takes_intake(user: User) -> bool:
    return may(user, "approvals.intake")
