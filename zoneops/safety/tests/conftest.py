"""The safety app's people and places, on top of the root ``world``: the safety bureau, one
grid in each park with its own 网格员, both enterprises profiled into their grid, and a small
checklist whose third item carries a 重大 rule."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest

from zoneops.core.models import Area, Role, User
from zoneops.core.tests.factories import DepartmentFactory, UserFactory
from zoneops.enterprises.models import Enterprise
from zoneops.safety import services
from zoneops.safety.models import ChecklistItem, Grid, Hazard, Source


@dataclass
class Safety:
    world: Any
    officer: User
    grid_a: Grid
    grid_b: Grid
    member_a: User
    member_b: User
    items: list[ChecklistItem]

    def hazard(self, enterprise: Enterprise, **data: Any) -> Hazard:
        found_on = data.pop("found_on", dt.date(2026, 3, 2))
        return services.hazard_report(
            actor=self.officer,
            enterprise=enterprise,
            source=data.pop("source", Source.SUPERVISION),
            found_on=found_on,
            data={"description": "安全出口被货物堵塞", "deadline_days": 5, **data},
            check=False,
        )


MAJOR_PLAN = {
    "level": "major",
    "funds": Decimal("300000"),
    "plan_goal": "消除除尘系统爆炸风险",
    "plan_measures": "拆分除尘系统，加装泄爆装置",
    "plan_people": "设备部牵头，安全部配合",
    "plan_safety": "相关工段停产，设警戒区",
    "supervision": "park",
}


@pytest.fixture
def safety(world: Any) -> Safety:
    return make_safety(world)


def make_safety(world: Any) -> Safety:
    """The set-up of the ``safety`` fixture, for tests outside the app (tests/apps)."""
    dept = DepartmentFactory(code="safety", name="安全生产监督管理局")
    officer = UserFactory(username="t-safety", role=Role.DEPARTMENT_OFFICER, department=dept)
    member_a = UserFactory(username="t-grid-a", role=Role.GRID_MEMBER)
    member_b = UserFactory(username="t-grid-b", role=Role.GRID_MEMBER)
    grids = []
    for park, member, code in ((world.park_a, member_a, "WG-A"), (world.park_b, member_b, "WG-B")):
        area = Area.objects.create(park=park, name=f"{park.name}一片区")
        grids.append(
            services.grid_save(
                actor=None,
                data={"area": area, "code": code, "name": f"{code}网格", "frequency_days": 30},
                members=[member],
                check=False,
            )
        )
    for enterprise, grid in ((world.enterprise_x, grids[0]), (world.enterprise_y, grids[1])):
        services.profile_save(actor=None, enterprise=enterprise, data={"grid": grid}, check=False)
    items = [
        services.checklist_item_save(
            actor=None,
            name="工贸企业通用检查表",
            theme="general",
            version=1,
            number=number,
            data={"category": "现场管理", "content": content, "basis": "", "major_rule": rule},
            check=False,
        )
        for number, (content, rule) in enumerate(
            (
                ("安全出口畅通", ""),
                ("电气线路规范", ""),
                ("干式除尘系统采取控爆措施", "应急管理部令第10号 专项类（粉尘防爆）"),
            ),
            start=1,
        )
    ]
    return Safety(world, officer, grids[0], grids[1], member_a, member_b, items)
