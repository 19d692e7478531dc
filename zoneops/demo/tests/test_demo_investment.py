"""The demo pipeline: the projects the zone named for the quarter, the quarter's target and
where it stands on the demo's today (nine signed, 381亿元; the 10GW cell project would
complete both). Built for a pinned day in the middle of a fourth quarter."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest

from zoneops.demo.builder import REGISTRY_STEPS, DemoContext
from zoneops.demo.investment import build_investment
from zoneops.demo.tests.building import rolled_back
from zoneops.investment import services, targets
from zoneops.investment.models import Event, FundArrival, Project, Stage, Target, WorkLog

pytestmark = pytest.mark.django_db
YI = Decimal(100_000_000)
TODAY = dt.date(2026, 11, 18)


@pytest.fixture(scope="module")
def demo_ctx(django_db_setup: None, django_db_blocker: Any) -> Iterator[DemoContext]:
    """Built once for the module inside a transaction rolled back at its end (as the demo
    zone's own tests do); each test runs in a savepoint on top of it."""
    with rolled_back(django_db_blocker):
        ctx = DemoContext(seed=2024, today=TODAY)
        for step in REGISTRY_STEPS:
            step(ctx)
        build_investment(ctx)
        yield ctx


@pytest.fixture
def demo(demo_ctx: DemoContext, db: None) -> DemoContext:
    return demo_ctx


def test_the_named_projects_and_the_pipeline_across_stages_and_chains(demo):
    names = set(Project.objects.values_list("name", flat=True))
    for named in (
        "电子级多晶硅",
        "工业硅",
        "盐湖提锂装备制造",
        "新型显示",
        "新型储能研发",
        "光伏玻璃及深加工",
        "超声波电池检测设备组装基地",
    ):
        assert any(named in n for n in names), named
    stages = {s: Project.objects.filter(stage=s).count() for s in Stage.values}
    assert all(n >= 2 for n in stages.values()), stages
    assert Project.objects.values("chain").distinct().count() == 7  # six chains and none
    assert FundArrival.objects.count() > 40 and WorkLog.objects.count() >= 10
    assert Event.objects.count() == 3 and Target.objects.count() == 12


def test_the_quarter_stands_at_nine_signed_and_the_cell_project_completes_it(demo):
    quarter = Target.objects.get(scope="zone", year=2026, quarter=4)
    progress = targets.progress(quarter, today=TODAY)
    assert (progress.count, progress.amount) == (9, 381 * YI)
    cell = Project.objects.get(name="10GW高效N型TOPCon电池片项目")
    assert cell.stage == Stage.NEGOTIATING
    services.project_move(actor=demo.users["invest"], project=cell, to_stage="signed", on=TODAY)
    progress = targets.progress(quarter, today=TODAY)
    assert (progress.count, progress.amount) == (10, 501 * YI)
    assert progress.count_words == "已完成目标"
    # The story's quarter is this one: its texts name it, nothing happens after today.
    assert Event.objects.filter(title__contains="2026年四季度").count() == 2
    assert WorkLog.objects.filter(outcome__startswith="四季度").count() == 2
    assert not Project.objects.filter(lead_on__gt=TODAY).exists()
    assert Project.objects.filter(signed_on__lt=dt.date(2026, 10, 1)).count() > 5


def test_the_demo_officer_sees_the_chains_she_works_on(demo):
    visible = Project.objects.visible_to(demo.users["invest"])
    chains = set(visible.exclude(chain=None).values_list("chain__name", flat=True))
    assert chains == {"锂电产业链", "光伏制造产业链", "装备制造产业链"}
    park = Project.objects.visible_to(demo.users["park-dc"])
    assert set(park.values_list("park__name", flat=True)) == {"东川工业园"}


def test_officers_outside_the_bureau_brought_leads_in(demo):
    # 全员大招商 in the demo: leads registered by the economy office, a park, the service centre,
    # 项目办 and the safety bureau, qualified or declined by 招商局 or still waiting.
    leads = Project.objects.exclude(source=None)
    sources = set(leads.values_list("source__username", flat=True))
    assert sources == {"econ", "park-dc", "service", "projects", "safety"}
    assert set(leads.values_list("review", flat=True)) == {"pending", "accepted", "declined"}
    assert not leads.filter(lead_on__gt=TODAY).exists()
    # The source keeps seeing the lead it brought, whoever follows it now.
    assert Project.objects.visible_to(demo.users["econ"]).filter(source__username="econ").exists()
