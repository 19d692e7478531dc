"""Listing candidates come from the stored December reports (monitoring's public face) and go
when the figures stop passing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client

from zoneops.finance import queries, services
from zoneops.monitoring import public as monitoring
from zoneops.monitoring.models import ReportValue
from zoneops.monitoring.tests.factories import approved_report

pytestmark = pytest.mark.django_db

WAN = 10_000


def _tier():
    return services.listing_tier_save(
        actor=None,
        data={"name": "基础库", "order": 1, "min_years": 2},
        tests=[
            {
                "number": 1,
                "name": "近两年连续盈利且累计利润总额不低于800万元",
                "profitable_years": 2,
                "min_cumulative_profit": Decimal(800 * WAN),
            }
        ],
        check=False,
    )


def _december(enterprise, year: int, profit: int, last_profit: int, revenue: int = 5000):
    approved_report(
        enterprise,
        year,
        12,
        revenue=(0, revenue * WAN, revenue * WAN),
        total_profit=(0, profit * WAN, last_profit * WAN),
    )


def test_year_totals_read_each_december_and_fall_back_on_the_next_ones_last_year(world):
    x = world.enterprise_x
    _december(x, 2025, profit=500, last_profit=300)
    totals = monitoring.year_totals(["total_profit"], [2024, 2025], [x.pk])
    assert totals == {
        (x.pk, "total_profit", 2025): Decimal(500 * WAN),
        (x.pk, "total_profit", 2024): Decimal(300 * WAN),  # from 2025's 上年同期
    }
    _december(x, 2024, profit=310, last_profit=100)
    totals = monitoring.year_totals(["total_profit"], [2024], [x.pk])
    assert totals[(x.pk, "total_profit", 2024)] == Decimal(310 * WAN)  # its own December
    assert monitoring.latest_full_year() == 2025


def test_a_candidate_appears_when_its_figures_pass_and_goes_when_they_stop(world):
    x, y = world.enterprise_x, world.enterprise_y
    for enterprise in (x, y):
        enterprise.established_on = dt.date(2015, 6, 1)
        enterprise.save()
    tier = _tier()
    _december(x, 2025, profit=500, last_profit=300)  # 800 万元 over two years: passes
    _december(y, 2025, profit=500, last_profit=299)  # 799: fails
    found = queries.listing_candidates(user=world.econ)
    assert found.last_year == 2025
    [(_tier_found, rows)] = found.tiers
    assert [c.enterprise for c in rows] == [x]
    assert "累计利润总额800.00万元，不低于800.00万元" in rows[0].judgement.reason
    # Scope: the other park's officer sees no candidate of park A.
    assert queries.listing_candidates(user=world.park_b_officer).tiers[0][1] == []
    # The figures change (a corrected December): the candidate is gone.
    ReportValue.objects.filter(
        report__enterprise=x, indicator__code="total_profit", report__period__year=2025
    ).update(ytd_value=Decimal(499 * WAN))
    assert queries.listing_candidates(user=world.econ).tiers[0][1] == []
    # Enrolled companies are not candidates for their own tier, and the page says why others are.
    ReportValue.objects.filter(
        report__enterprise=x, indicator__code="total_profit", report__period__year=2025
    ).update(ytd_value=Decimal(600 * WAN))
    client = Client()
    client.force_login(world.econ)
    page = client.get("/finance/listing/candidates/").content.decode()
    assert x.name in page and y.name not in page
    services.listing_enrol(actor=world.econ, enterprise=x, data={"tier": tier, "board": "bse"})
    assert queries.listing_candidates(user=world.econ).tiers[0][1] == []
    api = client.get("/api/finance/listing/candidates").json()
    assert api == {"last_year": 2025, "candidates": []}
