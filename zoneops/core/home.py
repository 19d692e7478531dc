"""What each role's home page shows: the panels the apps declare (their ``module.py``), then
core's own figures (users, imports, the latest changes)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count

from zoneops.core import house
from zoneops.core.models import ChangeRecord, ImportJob, Role, User


def home_for(*, user: User) -> dict[str, Any]:
    role = user.role
    data: dict[str, Any] = {"role": role}
    # The apps' panels: each shown where its context is not None.
    data["panels"] = [
        {"key": panel.key, "template": panel.template, "panel": context}
        for panel in house.panels()
        if (context := panel.for_user(user)) is not None
    ]
    if role == Role.BANK:
        data["bank"] = user.bank
    if role == Role.PARK_OFFICER:
        data["parks"] = list(user.parks.all())
    if role == Role.DEPARTMENT_OFFICER:
        data["department"] = user.department
    if role in (Role.ADMIN, Role.ZONE_LEADER) or user.is_superuser:
        data["recent_changes"] = ChangeRecord.objects.select_related("actor")[:10]
    if role == Role.ADMIN or user.is_superuser:
        data["users_by_role"] = [
            {"role": Role(r["role"]).label, "n": r["n"]}
            for r in User.objects.values("role").annotate(n=Count("pk")).order_by("role")
        ]
        data["recent_imports"] = ImportJob.objects.visible_to(user).select_related("created_by")[:5]
    return data
