"""The demo's key projects, built on the demo registry (the monthly ledgers are not needed),
for a pinned day: the plan of its year, judged on that day."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from zoneops.core.models import Role, User
from zoneops.demo.builder import REGISTRY_STEPS, DemoContext
from zoneops.demo.context import DEMO_PASSWORD
from zoneops.demo.projects import build_projects
from zoneops.demo.tests.building import rolled_back
from zoneops.projects import queries
from zoneops.projects.models import KeyProject, LedgerUpdate, Problem

TODAY = dt.date(2026, 5, 20)


@pytest.fixture(scope="module")
def demo_built(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    with rolled_back(django_db_blocker):
        ctx = DemoContext(seed=2024, today=TODAY)
        for step in (*REGISTRY_STEPS, build_projects):
            step(ctx)
        yield


@pytest.fixture
def demo(demo_built: None, db: None) -> None:
    return None


def test_demo_plan_is_a_realistic_year(demo: None) -> None:
    projects = KeyProject.objects.filter(year=TODAY.year)
    assert projects.count() == KeyProject.objects.count()
    assert 40 <= projects.count() <= 60
    assert len(set(projects.values_list("park__name", flat=True))) == 4
    assert set(projects.values_list("level", flat=True)) == {"province", "city", "zone"}
    assert set(projects.values_list("category", flat=True)) == {
        "industrial",
        "infrastructure",
        "park_upgrading",
    }
    assert all(p.members.count() >= 3 for p in projects)
    assert LedgerUpdate.objects.count() > 30
    assert Problem.objects.filter(resolved_on__isnull=True, deadline__lt=TODAY).exists()
    assert Problem.objects.filter(resolved_on__isnull=False).exists()
    assert all(p.funding.exists() for p in projects)


def test_demo_shows_a_project_that_has_not_started_on_time(demo: None) -> None:
    leader = User.objects.get(username="leader")
    board = queries.dashboard(user=leader, year=TODAY.year)
    assert board.day == TODAY
    late = [p for p, found in board.warned if any(w.kind == "not_started" for w in found)]
    assert any(p.name == "碳酸锂提纯及氢氧化锂生产线项目" for p in late)
    assert 0 < board.started_of_due < board.due_to_start


def test_demo_taskforce_login_works_on_its_two_projects_only(demo: None) -> None:
    user = User.objects.get(username="taskforce")
    assert user.role == Role.TASK_FORCE and user.check_password(DEMO_PASSWORD)
    mine = list(KeyProject.objects.visible_to(user))
    assert len(mine) == 2
    client = Client()
    client.force_login(user)
    assert client.get(reverse("projects:detail", args=[mine[0].pk])).status_code == 200
    other = KeyProject.objects.exclude(pk__in=[p.pk for p in mine]).first()
    assert other is not None
    assert client.get(reverse("projects:detail", args=[other.pk])).status_code == 404
