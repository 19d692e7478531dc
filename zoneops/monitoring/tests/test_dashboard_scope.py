"""The dashboard says what its figures cover (the place, the months, approved reports only)
and marks a month still being reported, so that a half-approved December does not read as a
collapse."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from zoneops.monitoring.models import MonthlyReport
from zoneops.monitoring.periods import period_get_or_create
from zoneops.monitoring.reports import services
from zoneops.monitoring.tests.factories import approved_report, complete, figures

pytestmark = pytest.mark.django_db


def _month(enterprise: Any, month: int) -> Any:
    ytd = 100_000 * month
    return approved_report(enterprise, 2024, month, output_value=(100_000, ytd, ytd))


def _submitted(enterprise: Any, month: int) -> None:
    ytd = 100_000 * month
    services.report_save(
        actor=None,
        enterprise=enterprise,
        period=period_get_or_create(2024, month),
        figures=complete(enterprise, month, figures(output_value=(100_000, ytd, ytd))),
        submit=True,
        check=False,
    )


@pytest.fixture
def half_december(world: Any) -> Any:
    """X and Y above size: November approved for both, December for X only (Y's waits)."""
    for enterprise in (world.enterprise_x, world.enterprise_y):
        enterprise.is_above_scale = True
        enterprise.save()
        _month(enterprise, 11)
    _month(world.enterprise_x, 12)
    _submitted(world.enterprise_y, 12)
    return world


def _trend(page: Any) -> dict[str, Any]:
    return page.context["trend_chart"]


def test_a_month_still_being_reported_is_hatched_and_says_how_many_are_approved(
    half_december, login
):
    page = login(half_december.leader).get(reverse("monitoring:dashboard"))
    progress = page.context["progress"]
    assert (progress.approved, progress.expected, progress.being_reported) == (1, 2, True)
    chart = _trend(page)
    labels = chart["xAxis"]["data"]
    assert labels[11] == "12月\n已审核 1/2" and labels[10] == "11月"
    bars = chart["series"][0]["data"]
    assert "decal" in bars[11]["itemStyle"]  # December: hatched
    assert bars[10] == 20.0  # November (two enterprises, 10万元 each): final, plain
    html = page.content.decode()
    assert "2024年12月仍在报送" in html and "已审核 1/2" in html
    # The bars of the period's groupings are hatched too.
    chain_and_parks = page.context["park_chart"]["series"][0]["data"]
    assert all("decal" in bar["itemStyle"] for bar in chain_and_parks)


def test_every_figure_says_its_place_months_and_that_it_holds_approved_reports(
    half_december, login
):
    html = login(half_december.leader).get(reverse("monitoring:dashboard")).content.decode()
    assert "口径：全区 · 2024年1—12月累计 · 只汇总已审核的月报" in html
    assert html.count("全区 · 2024年1—12月 · 仅含已审核月报") >= 5
    park = login(half_december.park_a_officer).get(reverse("monitoring:dashboard"))
    assert "口径：东川工业园 · 2024年1—12月累计" in park.content.decode()
    # The park's own December is complete (X is approved): nothing hatched there.
    assert park.context["progress"].being_reported is False
    assert all(not isinstance(bar, dict) for bar in _trend(park)["series"][0]["data"])


def test_a_fully_approved_month_is_not_marked(half_december, login):
    waiting = MonthlyReport.objects.get(enterprise=half_december.enterprise_y, period__month=12)
    services.report_approve(actor=None, report=waiting, check=False)
    page = login(half_december.leader).get(reverse("monitoring:dashboard"))
    assert page.context["progress"].being_reported is False
    assert "仍在报送" not in page.content.decode()
    assert _trend(page)["xAxis"]["data"][11] == "12月"
