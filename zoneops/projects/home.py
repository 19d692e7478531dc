"""The projects' panel on the home page: a task force is pointed at its key projects."""

from __future__ import annotations

from zoneops.core.models import Role, User


def home_panel(*, user: User) -> dict[str, object] | None:
    return {} if user.role == Role.TASK_FORCE else None
