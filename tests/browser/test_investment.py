"""Investment in a real browser: an officer moves a lead through the pipeline on the board
(one action per move, by htmx), and the Q1 gauges on the dashboard move with the signing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from tests.browser.conftest import shot
from tests.browser.test_roles import sign_in
from zoneops.core.models import Role
from zoneops.core.tests.factories import DepartmentFactory, UserFactory
from zoneops.enterprises.services import chain_membership_set
from zoneops.enterprises.tests.factories import ChainFactory, ChainNodeFactory
from zoneops.investment import services
from zoneops.investment.models import Project
from zoneops.investment.tests.factories import YI, project, signed

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def pipeline(world):
    dept = DepartmentFactory(code="investment", name="招商局")
    officer = UserFactory(
        username="t-invest", full_name="李海燕", role=Role.DEPARTMENT_OFFICER, department=dept
    )
    chain = ChainFactory(name="光伏制造产业链", leader_name="杨永红", leader_title="市委常委")
    nodes = {
        name: ChainNodeFactory(chain=chain, name=name, segment=segment)
        for segment, name in (
            ("upstream", "工业硅"),
            ("upstream", "多晶硅"),
            ("midstream", "电池片"),
            ("midstream", "光伏玻璃"),
            ("downstream", "光伏电站"),
        )
    }
    chain_membership_set(
        actor=None,
        enterprise=world.enterprise_y,
        chain=chain,
        node=nodes["多晶硅"],
        role="owner",
        check=False,
    )
    services.chain_officer_set(actor=None, chain=chain, officer=officer, is_head=True, check=False)
    services.target_save(
        actor=None,
        year=2024,
        quarter=1,
        scope="zone",
        project_count=10,
        amount=500 * YI,
        check=False,
    )
    for n, (name, node, amount) in enumerate(
        (("年产10万吨工业硅项目", "工业硅", 30), ("光伏玻璃及深加工项目", "光伏玻璃", 55))
    ):
        signed(
            on=dt.date(2024, 1 + n, 16),
            officer=officer,
            name=name,
            chain=chain,
            node=nodes[node],
            park=world.park_a,
            investment=amount,
            code="3042",
        )
    project(
        name="钙钛矿叠层电池中试线项目",
        officer=officer,
        chain=chain,
        node=nodes["电池片"],
        park=world.park_a,
        investment=9,
        code="3825",
    )
    lead = project(
        name="10GW高效N型TOPCon电池片项目",
        officer=officer,
        chain=chain,
        node=nodes["电池片"],
        park=world.park_a,
        investment=120,
        code="3825",
        lead_on=dt.date(2023, 12, 11),
    )
    return officer, chain, lead


def _move(page, project_id: int, stage: str, on: str, amount: str = "") -> None:
    card = page.locator(f"[data-project='{project_id}']")
    card.locator("summary").click()
    card.locator("select[name=to_stage]").select_option(stage)
    card.locator("input[name=on]").fill(on)
    if amount:
        card.locator("input[name=amount]").fill(amount)
    card.locator("button[type=submit]").click()
    page.wait_for_selector(f"[data-stage='{stage}'] [data-project='{project_id}']")


def test_officer_moves_a_lead_to_signed_and_the_gauges_follow(world, pipeline, page_for):
    officer, chain, lead = pipeline
    page = page_for()
    sign_in(page, officer.username)
    page.goto("/investment/board/")
    assert page.locator(f"[data-stage='lead'] [data-project='{lead.pk}']").count() == 1
    _move(page, lead.pk, "negotiating", "2024-02-26")
    _move(page, lead.pk, "signed", "2024-03-28", amount="120")
    assert "已移至签约" in page.inner_text("#board")
    shot(page, "investment-board")

    lead.refresh_from_db()
    assert (lead.stage, lead.signed_on, lead.signed_amount) == (
        "signed",
        dt.date(2024, 3, 28),
        Decimal(120) * YI,
    )
    assert [c.to_stage for c in lead.stage_changes.order_by("on", "pk")] == [
        "lead",
        "negotiating",
        "signed",
    ]

    page.goto("/investment/")
    page.wait_for_selector("[data-testid=gauge-amount] canvas")
    counts = page.locator("[data-testid=gauge-count] .zo-count").inner_text()
    amount = page.locator("[data-testid=gauge-amount] .zo-amount").inner_text()
    assert (counts, amount) == ("3", "205.00亿元")
    shot(page, "investment-dashboard")

    page.goto(f"/investment/chains/{chain.pk}/")
    # Downstream and empty: extend the chain; upstream with one enterprise: strengthen it.
    assert "光伏电站" in page.inner_text("#chain-gaps .zo-gap-extend")
    assert "多晶硅" in page.inner_text("#chain-gaps .zo-gap-strengthen")
    shot(page, "investment-chain")

    page.goto(f"/investment/projects/{lead.pk}/")
    timeline = page.inner_text("#stage-timeline")
    assert "2024年3月28日" in timeline and "2024年2月26日" in timeline
    assert Project.objects.filter(stage="signed").count() == 3
