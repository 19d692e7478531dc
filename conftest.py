"""Personas shared by every test (STYLE.md): a zone leader, officers of park A and park B, an
economic officer, users of enterprises X (park A) and Y (park B), a bank user, an administrator,
and the anonymous visitor (Django's test client without login)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.core.cache import cache
from django.test import Client

from zoneops.core.models import Role, User
from zoneops.core.tests.factories import BankFactory, DepartmentFactory, ParkFactory, UserFactory
from zoneops.enterprises.models import Enterprise
from zoneops.enterprises.tests.factories import EnterpriseFactory

PASSWORD = "zoneops-test-pw"


@dataclass
class World:
    park_a: object
    park_b: object
    enterprise_x: Enterprise
    enterprise_y: Enterprise
    leader: User
    econ: User
    park_a_officer: User
    park_b_officer: User
    ent_x_user: User
    ent_y_user: User
    bank_user: User
    admin: User
    task_force: User

    def personas(self) -> dict[str, User]:
        return {
            "leader": self.leader,
            "econ": self.econ,
            "park_a_officer": self.park_a_officer,
            "park_b_officer": self.park_b_officer,
            "ent_x_user": self.ent_x_user,
            "ent_y_user": self.ent_y_user,
            "bank_user": self.bank_user,
            "admin": self.admin,
            "task_force": self.task_force,
        }


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # A test that reaches the database through a module or package fixture of its own (the demo
    # zone, built once through django_db_blocker) is a database test: pytest-django would
    # otherwise order it after the browser tests, whose live server flushes the database, the
    # migrations' reference data (industries, indicators, rules) included.
    for item in items:
        uses_blocker = "django_db_blocker" in getattr(item, "fixturenames", ())
        if uses_blocker and item.get_closest_marker("django_db") is None:
            item.add_marker(pytest.mark.django_db)


@pytest.fixture(autouse=True)
def _clear_cache() -> None:
    # Login throttles and import progress live in the cache: each test starts clean.
    cache.clear()


@pytest.fixture
def world(db: object) -> World:
    park_a = ParkFactory(name="东川工业园", division_code="630102400")
    park_b = ParkFactory(name="南川工业园", division_code="630103400")
    econ_dept = DepartmentFactory(code="economy", name="经济发展局")
    enterprise_x = EnterpriseFactory(name="青海甲锂业有限公司", park=park_a)
    enterprise_y = EnterpriseFactory(name="青海乙光伏有限公司", park=park_b)
    return World(
        park_a=park_a,
        park_b=park_b,
        enterprise_x=enterprise_x,
        enterprise_y=enterprise_y,
        leader=UserFactory(username="t-leader", role=Role.ZONE_LEADER),
        econ=UserFactory(username="t-econ", role=Role.DEPARTMENT_OFFICER, department=econ_dept),
        park_a_officer=UserFactory(username="t-park-a", role=Role.PARK_OFFICER, parks=[park_a]),
        park_b_officer=UserFactory(username="t-park-b", role=Role.PARK_OFFICER, parks=[park_b]),
        ent_x_user=UserFactory(username="t-ent-x", role=Role.ENTERPRISE, enterprise=enterprise_x),
        ent_y_user=UserFactory(username="t-ent-y", role=Role.ENTERPRISE, enterprise=enterprise_y),
        bank_user=UserFactory(
            username="t-bank", role=Role.BANK, bank=BankFactory(name="青海银行测试支行")
        ),
        admin=UserFactory(username="t-admin", role=Role.ADMIN),
        task_force=UserFactory(username="t-taskforce", role=Role.TASK_FORCE),
    )


@pytest.fixture
def login():
    """login(user) -> a test client signed in as that user."""

    def _login(user: User) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return _login
