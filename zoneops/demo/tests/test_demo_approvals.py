"""The demo's project approvals, built on the demo registry and key projects for a pinned day."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client

from zoneops.approvals import queries
from zoneops.approvals.models import ApprovalItem, ApprovalMatrix, ApprovalTemplate, Intake
from zoneops.core.models import User
from zoneops.demo.approvals import build_approvals
from zoneops.demo.builder import REGISTRY_STEPS, DemoContext
from zoneops.demo.context import DEMO_PASSWORD
from zoneops.demo.projects import build_projects
from zoneops.demo.tests.building import rolled_back

TODAY = dt.date(2026, 5, 20)


@pytest.fixture(scope="module")
def demo_built(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    with rolled_back(django_db_blocker):
        ctx = DemoContext(seed=2024, today=TODAY)
        for step in (*REGISTRY_STEPS, build_projects, build_approvals):
            step(ctx)
        yield


@pytest.fixture
def demo(demo_built: None, db: None) -> None:
    return None


def test_demo_approvals_have_overdue_items_a_land_ready_project_and_intakes(demo: None) -> None:
    assert ApprovalTemplate.objects.count() == 5
    assert ApprovalMatrix.objects.count() == 8
    admin = User.objects.get(username="admin")
    stats = queries.overview_figures(user=admin, today=TODAY)
    assert stats.land_ready == 1
    assert stats.items_overdue >= 2
    assert stats.average_total_days is not None  # one project through every stage
    assert stats.by_stage["已全部办结"] == 1
    assert ApprovalItem.objects.filter(problem_id__isnull=False).count() >= 3
    assert ApprovalItem.objects.filter(status="refused").count() == 1
    assert Intake.objects.filter(appeal__isnull=False).count() >= 1
    land = ApprovalMatrix.objects.get(land_ready=True)
    assert land.items.filter(stage__lte=3).exclude(status="concluded").count() == 0


def test_demo_approval_pages_answer(demo: None) -> None:
    client = Client()
    assert client.login(username="projects", password=DEMO_PASSWORD)
    board = client.get("/approvals/")
    assert board.status_code == 200
    matrix = ApprovalMatrix.objects.first()
    assert matrix is not None
    assert client.get(f"/approvals/{matrix.pk}/").status_code == 200
    assert client.get(f"/approvals/project/{matrix.key_project_id}/").status_code == 302
