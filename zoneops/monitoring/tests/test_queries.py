"""Aggregates, growth on the same enterprise set, contribution and decliners, checked against
an independent computation over the same rows."""

from __future__ import annotations

from decimal import Decimal

import pytest

from zoneops.enterprises.services import chain_membership_set
from zoneops.enterprises.tests.factories import ChainFactory, EnterpriseFactory
from zoneops.monitoring.analysis import aggregates as aggregate_queries
from zoneops.monitoring.analysis import breakdown as breakdown_queries
from zoneops.monitoring.models import Indicator, ReportingPeriod, Target
from zoneops.monitoring.reports import queries as report_queries
from zoneops.monitoring.targets import queries as target_queries
from zoneops.monitoring.tests.factories import approved_report

pytestmark = pytest.mark.django_db

D = Decimal


@pytest.fixture
def ledger(world):
    """Five enterprises in two parks, March 2024, output in 元 (month, ytd, last ytd)."""
    a1, a2 = world.enterprise_x, EnterpriseFactory(name="甲二", park=world.park_a)
    b1, b2 = world.enterprise_y, EnterpriseFactory(name="乙二", park=world.park_b)
    new = EnterpriseFactory(name="新投产", park=world.park_b)  # no figure for last year
    for e, march in (
        (a1, (400, 1200, 1000)),
        (a2, (100, 300, 400)),
        (b1, (250, 800, 500)),
        (b2, (50, 150, 200)),
        (new, (90, 90, None)),
    ):
        approved_report(
            e, 2024, 1, output_value=(march[1] // 3, march[1] // 3, (march[2] or 0) // 3 or None)
        )
        approved_report(
            e,
            2024,
            2,
            output_value=(march[1] // 3, 2 * (march[1] // 3), (march[2] or 0) * 2 // 3 or None),
        )
        approved_report(
            e, 2024, 3, output_value=(march[1] - 2 * (march[1] // 3), march[1], march[2])
        )
    lithium = ChainFactory(name="锂电产业链")
    for e in (a1, b1):
        chain_membership_set(actor=None, enterprise=e, chain=lithium, node=None, check=False)
    return {"a1": a1, "a2": a2, "b1": b1, "b2": b2, "new": new, "chain": lithium}


def _output():
    return Indicator.objects.get(code="output_value")


def _march():
    return ReportingPeriod.objects.get(year=2024, month=3)


def test_zone_growth_is_on_the_same_set(world, ledger):
    (zone,) = breakdown_queries.aggregates(user=world.leader, period=_march(), indicator=_output())
    assert zone.ytd == D(1200 + 300 + 800 + 150 + 90)
    assert zone.ytd_same == D(1200 + 300 + 800 + 150)
    assert zone.last_ytd == D(1000 + 400 + 500 + 200)
    assert zone.growth == (D(2450) / D(2100) - 1) * 100
    assert zone.enterprises == 5


def test_park_contributions_add_up_to_zone_growth(world, ledger):
    groups = {
        g.label: g
        for g in breakdown_queries.aggregates(
            user=world.leader, period=_march(), indicator=_output(), by="park"
        )
    }
    a, b = groups["东川工业园"], groups["南川工业园"]
    assert a.growth == (D(1500) / D(1400) - 1) * 100
    assert a.contribution_points == D(100) / D(2100) * 100
    assert b.contribution_points == D(250) / D(2100) * 100
    (zone,) = breakdown_queries.aggregates(user=world.leader, period=_march(), indicator=_output())
    assert a.contribution_points + b.contribution_points == pytest.approx(zone.growth)
    assert a.contribution_share + b.contribution_share == pytest.approx(D(100))


def test_chain_and_industry_groupings(world, ledger):
    (chain,) = breakdown_queries.aggregates(
        user=world.leader, period=_march(), indicator=_output(), by="chain"
    )
    assert chain.label == "锂电产业链" and chain.ytd == D(2000) and chain.last_ytd == D(1500)
    (industry,) = breakdown_queries.aggregates(
        user=world.leader, period=_march(), indicator=_output(), by="industry"
    )
    assert industry.key == "38" and industry.enterprises == 5


def _figures(groups):
    return {g.label: (g.ytd, g.ytd_same, g.last_ytd, g.enterprises) for g in groups}


@pytest.fixture
def solar(ledger):
    """A second chain sharing 乙 (b1) with the lithium chain."""
    chain = ChainFactory(name="光伏制造产业链")
    for e in (ledger["b1"], ledger["b2"]):
        chain_membership_set(actor=None, enterprise=e, chain=chain, node=None, check=False)
    return chain


def test_breakdown_counts_an_enterprise_in_each_of_its_chains(world, ledger, solar):
    found = breakdown_queries.breakdown(
        user=world.leader, period=_march(), indicator=_output(), by=aggregate_queries.GROUPINGS
    )
    assert _figures(found["chain"]) == {
        "锂电产业链": (D(2000), D(2000), D(1500), 2),
        "光伏制造产业链": (D(950), D(950), D(700), 2),
    }
    assert [g.label for g in found["chain"]] == ["锂电产业链", "光伏制造产业链"]
    assert _figures(found["zone"]) == {"全区": (D(2540), D(2450), D(2100), 5)}
    assert _figures(found["park"]) == {
        "东川工业园": (D(1500), D(1500), D(1400), 2),
        "南川工业园": (D(1040), D(950), D(700), 3),
    }
    assert [(g.key, g.ytd, g.enterprises) for g in found["industry"]] == [("38", D(2540), 5)]
    # Each grouping alone (another statement, or the plain aggregate for the zone) agrees.
    for by, groups in found.items():
        alone = breakdown_queries.aggregates(
            user=world.leader, period=_march(), indicator=_output(), by=by
        )
        assert alone == groups


def test_breakdown_of_a_chain_slice_by_chain_and_park(world, ledger, solar):
    found = breakdown_queries.breakdown(
        user=world.leader,
        period=_march(),
        indicator=_output(),
        by=("chain", "park"),
        slice_=aggregate_queries.Slice(chain=ledger["chain"].pk),
    )
    assert _figures(found["chain"]) == {
        "锂电产业链": (D(2000), D(2000), D(1500), 2),
        "光伏制造产业链": (D(800), D(800), D(500), 1),  # only 乙 is in the slice
    }
    assert _figures(found["park"]) == {
        "东川工业园": (D(1200), D(1200), D(1000), 1),
        "南川工业园": (D(800), D(800), D(500), 1),
    }
    lithium = found["chain"][0]
    assert lithium.contribution_points == D(500) / D(1500) * 100  # of the slice, not the zone


def test_park_officer_breakdown_keeps_to_own_park(world, ledger, solar):
    found = breakdown_queries.breakdown(
        user=world.park_a_officer,
        period=_march(),
        indicator=_output(),
        by=("park", "industry", "chain"),
    )
    assert _figures(found["park"]) == {"东川工业园": (D(1500), D(1500), D(1400), 2)}
    assert [g.ytd for g in found["industry"]] == [D(1500)]
    assert _figures(found["chain"]) == {"锂电产业链": (D(1200), D(1200), D(1000), 1)}
    nothing = breakdown_queries.breakdown(
        user=world.park_a_officer,
        period=_march(),
        indicator=_output(),
        by=("zone", "chain"),
        slice_=aggregate_queries.Slice(chain=solar.pk),
    )
    assert nothing == {"zone": [], "chain": []}


def test_park_officer_sees_only_own_park_in_aggregates(world, ledger):
    (zone,) = breakdown_queries.aggregates(
        user=world.park_a_officer, period=_march(), indicator=_output()
    )
    assert zone.ytd == D(1500) and zone.enterprises == 2
    assert breakdown_queries.aggregates(
        user=world.ent_x_user, period=_march(), indicator=_output()
    )[0].ytd == D(1200)


def test_decliners_and_falling_share(world, ledger):
    changes = breakdown_queries.enterprise_changes(
        user=world.leader, period=_march(), indicator=_output()
    )
    assert [c.name for c in changes.fallers] == ["甲二", "乙二"]
    assert [c.name for c in changes.risers] == [ledger["b1"].name, ledger["a1"].name]
    assert changes.falling == 2 and changes.comparable == 4
    assert changes.falling_share == D(50)
    top = changes.risers[0]
    assert top.contribution_points == D(300) / D(2100) * 100


def test_trend_month_by_month(world, ledger):
    points = aggregate_queries.trend(user=world.leader, indicator=_output(), year=2024)
    assert [p.month for p in points] == [1, 2, 3]
    assert points[-1].ytd == D(2540)


def test_value_target_progress_against_time(world, ledger):
    target = Target.objects.create(
        scope="zone", indicator=_output(), year=2024, quarter=1, kind="value", value=D(5000)
    )
    progress = target_queries.target_progress(user=world.leader, target=target, period=_march())
    assert progress.actual == D(2540)
    assert progress.gap == D(2460)
    assert progress.time_elapsed == D(100)
    assert progress.completion == D(2540) / D(5000) * 100


def test_growth_target_for_a_park(world, ledger):
    target = Target.objects.create(
        scope="park", park=world.park_b, indicator=_output(), year=2024, kind="growth", value=D(10)
    )
    progress = target_queries.target_progress(user=world.leader, target=target, period=_march())
    assert progress.actual == (D(950) / D(700) - 1) * 100
    assert progress.time_elapsed == D(25)


def test_not_reported_lists_above_scale_enterprises_without_a_report(world, ledger):
    from zoneops.monitoring.periods import period_get_or_create

    april = period_get_or_create(2024, 4)
    ledger["a1"].is_above_scale = True
    ledger["a1"].save()
    assert list(report_queries.not_reported(user=world.leader, period=april)) == [ledger["a1"]]
    assert list(report_queries.not_reported(user=world.park_b_officer, period=april)) == []


def test_trade_and_service_enterprises_are_not_expected_to_file_industrial_reports(world, ledger):
    from zoneops.enterprises.models import Industry
    from zoneops.monitoring.periods import period_get_or_create

    april = period_get_or_create(2024, 4)
    shop = EnterpriseFactory(
        name="西宁批发商贸有限公司",
        park=world.park_a,
        is_above_scale=True,
        industry=Industry.objects.get(code="51"),
    )
    plant = EnterpriseFactory(
        name="西宁电力有限公司",
        park=world.park_a,
        is_above_scale=True,
        industry=Industry.objects.get(code="44"),
    )
    missing = list(report_queries.not_reported(user=world.leader, period=april))
    assert plant in missing and shop not in missing


def test_a_quarter_counts_only_the_enterprises_reported_at_its_last_month(world):
    """Q4 as of November: 11月累计 − 9月累计 over those with an approved November; an enterprise
    still to report November is not subtracted (it made a quarter of −its September)."""
    x, y = world.enterprise_x, world.enterprise_y
    approved_report(x, 2026, 9, output_value=(100, 900, 800))
    approved_report(y, 2026, 9, output_value=(100, 5000, 4000))
    approved_report(x, 2026, 11, output_value=(100, 1100, 1000))  # y has not reported yet
    target = Target.objects.create(
        scope="zone", indicator=_output(), year=2026, quarter=4, kind="value", value=D(400)
    )
    november = ReportingPeriod.objects.get(year=2026, month=11)
    progress = target_queries.target_progress(user=world.leader, target=target, period=november)
    assert progress.actual == D(200)  # x: 1100 − 900
    assert progress.completion == D(50)
