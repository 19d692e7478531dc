"""The hand-over link moved from the plan to the investment side (investment 0003 with
projects 0003/0004): a link made before the move is still there after it, and back."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from zoneops.investment.models import Project
from zoneops.projects import public as projects


def key_project(*, park: Any, name: str) -> Any:
    """A key project of the plan, made the way investment's hand-over makes one."""
    return projects.key_project_create(
        None,
        name=name,
        year=2024,
        category="industrial",
        level="zone",
        park=park,
        total_investment=Decimal(50_000_000),
        plan_months={m: Decimal(1_000_000) for m in range(1, 13)},
        check=False,
    )


BEFORE = [("investment", "0002_lead_source_and_review"), ("projects", "0002_investment_origin")]
AFTER = [
    ("investment", "0003_project_key_project"),
    ("projects", "0004_remove_keyproject_investment_project"),
]


def _migrate(targets: list[tuple[str, str]]) -> Any:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_a_link_made_on_the_plan_side_is_kept_on_the_investment_side(inv: Any, world: Any):
    linked = key_project(park=world.park_a, name="储能重点项目")
    unlinked = key_project(park=world.park_b, name="另一个重点项目")
    try:
        old = _migrate(BEFORE)
        old.get_model("projects", "KeyProject").objects.filter(pk=linked.pk).update(
            investment_project_id=inv.project_a.pk
        )
        _migrate(AFTER)
        moved = dict(
            Project.objects.filter(key_project__isnull=False).values_list("pk", "key_project_id")
        )
        assert moved == {inv.project_a.pk: linked.pk}
        assert Project.objects.get(pk=inv.project_b.pk).key_project is None

        # And back: the plan side gets its column and the link again.
        old = _migrate(BEFORE)
        back = old.get_model("projects", "KeyProject").objects
        assert back.get(pk=linked.pk).investment_project_id == inv.project_a.pk
        assert back.get(pk=unlinked.pk).investment_project_id is None
    finally:
        _migrate(AFTER)
