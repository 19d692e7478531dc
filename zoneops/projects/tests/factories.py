"""Key projects for tests, written through the services (so history and rules apply)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from zoneops.core.models import Park
from zoneops.projects import services
from zoneops.projects.models import KeyProject, MemberRole

WAN = Decimal(10_000)


def key_project(
    *,
    park: Park,
    name: str = "测试重点项目",
    year: int = 2024,
    members: tuple[Any, ...] = (),
    monthly_plan_wan: int = 100,
    **fields: Any,
) -> KeyProject:
    """A project of ``year`` planning ``monthly_plan_wan`` 万元 in each month."""
    defaults: dict[str, Any] = {
        "category": "industrial",
        "level": "zone",
        "total_investment": Decimal(5000) * WAN,
        "planned_start": dt.date(year, 3, 1),
        "planned_completion": dt.date(year + 1, 12, 31),
    }
    defaults.update(fields)
    project = services.key_project_create(
        None,
        name=name,
        year=year,
        park=park,
        plan_months={m: Decimal(monthly_plan_wan) * WAN for m in range(1, 13)},
        check=False,
        **defaults,
    )
    for user in members:
        services.member_set(
            actor=None, project=project, user=user, role=MemberRole.MEMBER, check=False
        )
    return project
