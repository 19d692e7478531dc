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


def project_outsiders(world: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    """For the outsider walk: a project in park A (owned by enterprise X, with the task-force
    persona on it) and one in park B (owned by enterprise Y), each with a problem, a member,
    a funding source and an attachment; returned as the walk's objects of each park."""
    from zoneops.core.tests.factories import DepartmentFactory
    from zoneops.projects.models import Attachment

    office = DepartmentFactory(code="projects", name="项目办")
    found = []
    for park, owner, name, members in (
        (world.park_a, world.enterprise_x, "甲园重点项目", (world.task_force,)),
        (world.park_b, world.enterprise_y, "乙园重点项目", ()),
    ):
        project = key_project(park=park, name=name, owner_enterprise=owner, members=members)
        problem = services.problem_raise(
            actor=None,
            project=project,
            data={
                "description": "用地",
                "department": office,
                "deadline": dt.date(2024, 5, 1),
                "raised_on": dt.date(2024, 1, 5),
            },
            check=False,
        )
        funding = services.funding_save(
            actor=None,
            project=project,
            data={"kind": "own_funds", "year": 2024, "requested": Decimal(1)},
            check=False,
        )
        update = services.ledger_update_save(
            actor=None,
            project=project,
            month=dt.date(2024, 1, 1),
            investment=Decimal(1),
            progress="x",
            check=False,
        )
        attachment = Attachment.objects.create(
            update=update, kind="photo", file="projects/none.png", name="none.png"
        )
        member = services.member_set(
            actor=None, project=project, user=world.admin, role=MemberRole.LIAISON, check=False
        )
        found.append(
            {
                "key_project": project,
                "key_problem": problem,
                "key_funding": funding,
                "key_member": member,
                "key_attachment": attachment,
            }
        )
    return found[0], found[1]


# A valid body for each write of the API, so that only scope can refuse it.
KEY_PROJECT_BODIES: dict[str, dict[str, Any]] = {
    "api:key_project_patch": {"name": "改名"},
    "api:key_project_update_create": {"month": "2024-02-01", "investment": "1", "progress": "x"},
    "api:key_project_problem_create": {
        "description": "x",
        "department_code": "projects",
        "deadline": "2024-06-01",
    },
    "api:key_project_problem_resolve": {"resolution": "x"},
    "api:key_project_member_put": {"username": "t-admin", "role": "member"},
    "api:key_project_funding_create": {"kind": "loans", "year": 2024},
}
