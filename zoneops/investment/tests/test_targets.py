"""Targets: count and amount signed in the period, the gap, and the pace against time; the
dashboard's gauges move the moment a project is signed."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from zoneops.investment import services, targets
from zoneops.investment.periods import Period
from zoneops.investment.tests.factories import YI, project, signed

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def q1(inv):
    return services.target_save(
        actor=None,
        year=2024,
        quarter=1,
        scope="zone",
        project_count=10,
        amount=500 * YI,
        check=False,
    )


def test_progress_counts_industrial_projects_signed_in_the_quarter_and_still_standing(inv, q1):
    signed(on=D(2024, 1, 16), officer=inv.officer_a, name="装备", investment=12)
    signed(on=D(2024, 3, 31), officer=inv.officer_a, name="显示", investment=100, code="3974")
    signed(on=D(2023, 12, 31), officer=inv.officer_a, name="去年", investment=40)
    signed(on=D(2024, 4, 1), officer=inv.officer_a, name="二季度", investment=40)
    signed(on=D(2024, 2, 1), officer=inv.officer_a, name="物流", investment=10, code="5990")
    gone = signed(on=D(2024, 2, 2), officer=inv.officer_a, name="终止", investment=30)
    services.project_move(actor=None, project=gone, to_stage="dropped", note="撤资", check=False)
    progress = targets.progress(q1, today=D(2024, 2, 15))
    assert (progress.count, progress.amount) == (2, 112 * YI)
    assert progress.count_pct == Decimal(20)
    assert progress.amount_pct == Decimal("22.4")
    assert round(progress.elapsed, 1) == Decimal("50.5")  # 46 of 91 days
    assert progress.count_words == "还需签约 8 个项目"
    assert progress.amount_words == "本季度还需 388.0亿元"
    assert progress.pace_words == ("慢于时间进度 30.5 个百分点", "text-danger")


def test_a_target_met_says_so_and_by_how_much(inv, q1):
    for n in range(10):
        signed(on=D(2024, 3, 1), officer=inv.officer_a, name=f"项目{n}", investment=55)
    progress = targets.progress(q1, today=D(2024, 3, 1))
    assert progress.count_words == "已完成目标"
    assert progress.amount_words == "已完成目标，超出 50.0亿元"
    assert progress.pace_words[1] == "text-success"


def test_chain_and_officer_targets_count_their_own(inv):
    chain_t = services.target_save(
        actor=None,
        year=2024,
        quarter=1,
        scope="chain",
        chain=inv.chain_b,
        project_count=2,
        amount=100 * YI,
        check=False,
    )
    officer_t = services.target_save(
        actor=None,
        year=2024,
        scope="officer",
        officer=inv.officer_a,
        project_count=4,
        amount=100 * YI,
        check=False,
    )
    services.project_move(
        actor=None, project=inv.project_b, to_stage="signed", on=D(2024, 3, 15), check=False
    )
    services.project_move(
        actor=None, project=inv.project_a, to_stage="signed", on=D(2024, 5, 15), check=False
    )
    assert targets.progress(chain_t).count == 1
    assert targets.progress(chain_t).amount == 55 * YI
    assert targets.progress(officer_t).amount == 60 * YI


def test_a_second_target_for_the_same_place_and_period_is_refused(inv, q1):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.target_save(
            actor=None,
            year=2024,
            quarter=1,
            scope="zone",
            project_count=1,
            amount=YI,
            check=False,
        )


def _gauge_numbers(response):
    gauge = response.context["zone_gauges"][0]
    return gauge["progress"].count, gauge["progress"].amount


def test_signing_a_project_moves_the_q1_gauges_at_once(inv, q1, login):
    """What it must show: the leader's dashboard, before and after one move on the board."""
    officer = login(inv.officer_a)
    before = officer.get(reverse("investment:dashboard"))
    assert before.context["period"] == Period(2024, 1)
    assert _gauge_numbers(before) == (0, 0)
    response = officer.post(
        reverse("investment:project_move", args=[inv.project_a.pk]),
        {"to_stage": "signed", "on": "2024-03-28", "amount": "58.5"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200 and "已移至签约" in response.content.decode()
    after = officer.get(reverse("investment:dashboard"))
    assert _gauge_numbers(after) == (1, Decimal("58.5") * YI)
    dial = after.context["zone_gauges"][0]["amount_chart"]["series"][0]["data"][0]
    assert dial["value"] == pytest.approx(11.7)  # 58.5 of 500亿元
    api = officer.get("/api/investment/targets?period=2024-Q1").json()
    assert api[0]["signed_count"] == 1 and Decimal(api[0]["signed_amount"]) == Decimal("58.5") * YI


def test_default_period_is_the_latest_quarter_with_targets_that_has_begun(inv, q1):
    services.target_save(
        actor=None, year=2024, scope="zone", project_count=35, amount=1500 * YI, check=False
    )
    user = inv.officer_a
    assert targets.default_period(user=user, today=D(2026, 11, 28)) == Period(2024, 1)
    services.target_save(
        actor=None,
        year=2024,
        quarter=2,
        scope="zone",
        project_count=10,
        amount=500 * YI,
        check=False,
    )
    assert targets.default_period(user=user, today=D(2024, 3, 31)) == Period(2024, 1)
    assert targets.default_period(user=user, today=D(2024, 4, 2)) == Period(2024, 2)


def test_project_counted_only_once_a_lead_is_signed(inv, q1):
    project(name="线索", officer=inv.officer_a)
    assert targets.progress(q1).count == 0
