"""The demo's safety: grids with their members (grid1 and grid2 in different parks), every
enterprise in exactly one grid, inspections by all four sources, hazards in every state of the
loop, two 重大 with their plans (one overdue and escalated). Built on the registry alone, for a
pinned day, once for the module."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest

from zoneops.core.models import User
from zoneops.demo.builder import REGISTRY_STEPS, DemoContext
from zoneops.demo.safety import build_safety
from zoneops.demo.tests.building import rolled_back
from zoneops.enterprises.models import Enterprise
from zoneops.safety import queries, services
from zoneops.safety.models import (
    PLAN_FIELDS,
    Hazard,
    HazardLevel,
    HazardStatus,
    Inspection,
    SafetyProfile,
    Source,
)

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 12, 6)


@pytest.fixture(scope="module")
def demo_ctx(django_db_setup: None, django_db_blocker: Any) -> Iterator[DemoContext]:
    with rolled_back(django_db_blocker):
        ctx = DemoContext(seed=2024, today=TODAY)
        for step in REGISTRY_STEPS:
            step(ctx)
        build_safety(ctx)
        yield ctx


def test_grid_members_work_grids_in_different_parks(demo_ctx: DemoContext) -> None:
    grid1 = User.objects.get(username="grid1").safety_grids.get()
    grid2 = User.objects.get(username="grid2").safety_grids.get()
    assert grid1.area.park.name == "东川工业园" and grid2.area.park.name == "南川工业园"
    assert User.objects.get(username="grid1").has_usable_password()
    assert SafetyProfile.objects.count() == Enterprise.objects.count()
    # A grid member sees their grid's enterprises only.
    mine = queries.enterprises(user=User.objects.get(username="grid1"))
    assert set(mine.values_list("park__name", flat=True)) == {"东川工业园"}
    assert mine.count() == grid1.profiles.count() > 20


def test_inspections_by_every_source_and_a_realistic_coverage(demo_ctx: DemoContext) -> None:
    sources = set(Inspection.objects.values_list("source", flat=True))
    assert sources == set(Source.values)
    leader = User.objects.get(username="leader")
    rates = [row.rate for row in queries.coverage(user=leader, today=TODAY)]
    assert len(rates) == 11 and all(r is not None and 55 <= r <= 95 for r in rates), rates


def test_hazards_in_every_state_and_two_majors_with_plans(demo_ctx: DemoContext) -> None:
    assert set(Hazard.objects.values_list("status", flat=True)) == set(HazardStatus.values)
    majors = list(Hazard.objects.filter(level=HazardLevel.MAJOR).order_by("found_on"))
    assert len(majors) == 2
    assert all(getattr(h, name) for h in majors for name in PLAN_FIELDS)
    overdue, on_time = majors
    assert overdue.is_overdue(TODAY) and not on_time.is_overdue(TODAY)
    assert overdue.enterprise == User.objects.get(username="ent1").enterprise
    assert overdue.supervision == "zone"  # escalated from the park by the daily run
    assert Hazard.objects.overdue(TODAY).filter(level=HazardLevel.GENERAL).exists()
    # The day's run has been made: a second one changes nothing.
    assert services.deadlines_run(today=TODAY) == {
        "checked": services.deadlines_run(today=TODAY)["checked"],
        "reminded": 0,
        "escalated": 0,
    }


def test_the_festivals_and_the_monthly_inspection_plans(demo_ctx: DemoContext) -> None:
    from zoneops.safety import plan_queries
    from zoneops.safety.models import InspectionPlan, InspectionPlanKind, Shutdown

    safety = User.objects.get(username="safety")
    festival = InspectionPlan.objects.get(kind=InspectionPlanKind.HOLIDAY)
    assert festival.key_only and festival.start_on <= TODAY < festival.end_on
    progress = plan_queries.plan_progress(user=safety, plan=festival, today=TODAY)
    assert 0 < progress.done < progress.total
    assert all(r.inspection.inspected_on < TODAY for r in progress.rows if r.inspection)
    rounds = InspectionPlan.objects.filter(cycle="monthly").order_by("start_on")
    assert rounds.count() >= 3 and [r.round for r in rounds] == list(range(1, rounds.count() + 1))
    assert rounds.last().start_on <= TODAY <= rounds.last().end_on  # the job caught up
    assert Shutdown.objects.filter(start_on__lte=TODAY).count() == Shutdown.objects.count() > 0
