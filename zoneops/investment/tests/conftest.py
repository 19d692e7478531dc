"""The investment module's people and projects, on top of the shared personas (world):
two investment officers on two chains, a chain leader who is not an officer, and projects in
park A (chain A, officer 1) and park B (chain B, officer 2)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest

from zoneops.core.models import Role
from zoneops.core.tests.factories import DepartmentFactory, UserFactory
from zoneops.enterprises.tests.factories import ChainFactory, ChainNodeFactory
from zoneops.investment import services
from zoneops.investment.models import Project
from zoneops.investment.tests.factories import project


@dataclass
class Investment:
    officer_a: Any
    officer_b: Any
    chain_leader_b: Any
    chain_a: Any
    chain_b: Any
    node_a: Any
    node_b: Any
    project_a: Project  # chain A, park A, followed by officer A
    project_b: Project  # chain B, park B, followed by officer B


@pytest.fixture
def inv(world: Any) -> Investment:
    dept = DepartmentFactory(code="investment", name="招商局")
    officer_a = UserFactory(username="t-invest-a", role=Role.DEPARTMENT_OFFICER, department=dept)
    officer_b = UserFactory(username="t-invest-b", role=Role.DEPARTMENT_OFFICER, department=dept)
    chain_leader_b = UserFactory(username="t-chain-leader", role=Role.DEPARTMENT_OFFICER)
    chain_a = ChainFactory(name="锂电产业链")
    chain_b = ChainFactory(name="光伏制造产业链", leader_user=chain_leader_b)
    node_a = ChainNodeFactory(chain=chain_a, name="电池系统及储能", segment="downstream")
    node_b = ChainNodeFactory(chain=chain_b, name="光伏玻璃")
    services.chain_officer_set(actor=None, chain=chain_a, officer=officer_a, check=False)
    services.chain_officer_set(actor=None, chain=chain_b, officer=officer_b, check=False)
    return Investment(
        officer_a=officer_a,
        officer_b=officer_b,
        chain_leader_b=chain_leader_b,
        chain_a=chain_a,
        chain_b=chain_b,
        node_a=node_a,
        node_b=node_b,
        project_a=project(
            name="新型储能研发制造项目",
            officer=officer_a,
            chain=chain_a,
            node=node_a,
            park=world.park_a,
            investment=60,
        ),
        project_b=project(
            name="光伏玻璃及深加工项目",
            officer=officer_b,
            chain=chain_b,
            node=node_b,
            park=world.park_b,
            investment=55,
            code="3042",
            lead_on=dt.date(2023, 11, 3),
        ),
    )
