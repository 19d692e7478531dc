"""Trailing twelve months and projections from the monthly ledgers; cultivation candidates."""

from __future__ import annotations

from decimal import Decimal

import pytest

from zoneops.enterprises.tests.factories import EnterpriseFactory
from zoneops.monitoring import services
from zoneops.monitoring.periods import period_get_or_create
from zoneops.monitoring.tests.factories import approved_report, figures
from zoneops.support import queries
from zoneops.support.figures import latest_figures
from zoneops.support.models import PoolKind
from zoneops.support.tests.factories import membership

pytestmark = pytest.mark.django_db

WAN = 10_000


def _history(enterprise, *, last_full: int, last_ytd: int, ytd: int, month: int = 9) -> None:
    """Revenue in 万元: last December's year-to-date, then this year's report for ``month``."""
    approved_report(enterprise, 2023, 12, revenue=(0, last_full * WAN, last_full * WAN))
    approved_report(enterprise, 2024, month, revenue=(0, ytd * WAN, last_ytd * WAN))


def test_trailing_twelve_months_and_projection(world):
    e = world.enterprise_x
    _history(e, last_full=1800, last_ytd=1200, ytd=1500)
    f = latest_figures([e.pk])[e.pk].revenue
    assert f is not None
    assert f.ttm == Decimal(2100 * WAN)  # 1500 + 1800 − 1200
    assert f.growth == Decimal("25.0")
    assert f.projection == Decimal(2250 * WAN)  # 1800 × 1500 / 1200


def test_each_indicator_comes_from_the_newest_approved_report_that_has_it(world):
    x, y = world.enterprise_x, world.enterprise_y
    approved_report(x, 2023, 12, revenue=(0, 1800 * WAN, 1500 * WAN))
    approved_report(
        x, 2024, 8, revenue=(0, 1000 * WAN, 900 * WAN), output_value=(0, 1200 * WAN, 1000 * WAN)
    )
    approved_report(x, 2024, 9, output_value=(100 * WAN, 1300 * WAN, 1100 * WAN))  # no revenue
    # October is a recent period (y's report is approved), but x's is only submitted.
    approved_report(y, 2024, 10, revenue=(0, 50 * WAN, 40 * WAN))
    services.report_save(
        actor=None,
        enterprise=x,
        period=period_get_or_create(2024, 10),
        figures=figures(revenue=(100 * WAN, 1100 * WAN, 1000 * WAN)),
        explanation="测试数据",
        submit=True,
        check=False,
    )
    found = latest_figures([x.pk, y.pk])
    revenue, output = found[x.pk].revenue, found[x.pk].output
    assert revenue is not None and output is not None
    assert (revenue.period, revenue.ytd, revenue.last_full_year) == (
        "2024年8月",
        Decimal(1000 * WAN),
        Decimal(1800 * WAN),
    )
    assert revenue.ttm == Decimal(1900 * WAN)  # 1000 + 1800 − 900
    assert (output.period, output.ytd, output.last_full_year) == ("2024年9月", 1300 * WAN, None)
    assert found[y.pk].revenue is not None and found[y.pk].revenue.period == "2024年10月"
    assert found[y.pk].output is None
    assert set(latest_figures([y.pk])) == {y.pk}


def test_enterprise_one_step_below_twenty_million_is_a_candidate_with_its_projection(world):
    near = EnterpriseFactory(
        name="青海临界小微科技有限公司", park=world.park_a, is_above_scale=False
    )
    far = EnterpriseFactory(
        name="青海远未达标商贸有限公司", park=world.park_a, is_above_scale=False
    )
    # Trailing twelve months: 1490 + 1900 − 1400 = 1990万元, one step below 2000万元.
    _history(near, last_full=1900, last_ytd=1400, ytd=1490)
    _history(far, last_full=600, last_ytd=450, ytd=460)
    found = queries.cultivation_candidates(user=world.leader)
    by_name = {c.enterprise.name: c for c in found}
    assert "青海远未达标商贸有限公司" not in by_name
    c = by_name["青海临界小微科技有限公司"]
    assert c.pool_kind == PoolKind.ABOVE_SCALE
    assert c.ttm == Decimal(1990 * WAN)
    assert c.gap == Decimal(10 * WAN)
    assert c.projection == Decimal("20221429")  # 1900 × 1490 ÷ 1400 万元, rounded to 元
    assert c.ytd == Decimal(1490 * WAN) and c.last_full_year == Decimal(1900 * WAN)
    # The page shows it with the figures behind it.
    client = _login(world.leader)
    page = client.get("/support/cultivation/candidates/").content.decode()
    assert "青海临界小微科技有限公司" in page and "1,990.00万元" in page and "2,022.14万元" in page


def test_candidates_leave_out_members_and_are_scoped(world):
    near = EnterpriseFactory(name="青海临界甲公司", park=world.park_a, is_above_scale=False)
    _history(near, last_full=1900, last_ytd=1400, ytd=1490)
    assert [c.enterprise for c in queries.cultivation_candidates(user=world.park_a_officer)] == [
        near
    ]
    assert queries.cultivation_candidates(user=world.park_b_officer) == []
    membership(near)
    assert queries.cultivation_candidates(user=world.leader) == []


def test_above_size_enterprise_projected_past_a_billion_is_a_tier_candidate(world):
    big = EnterpriseFactory(name="青海大型锂业", park=world.park_a, is_above_scale=True)
    _history(big, last_full=90_000, last_ytd=60_000, ytd=68_000)  # 9.8亿 → 10.2亿
    (c,) = queries.cultivation_candidates(user=world.leader)
    assert c.pool_kind == PoolKind.TIER_1B
    assert c.projection and c.projection >= Decimal(10**9)


def _login(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client
