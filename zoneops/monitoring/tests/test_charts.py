"""The dashboard's chart options: what the browser is told to draw."""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace

from zoneops.monitoring.analysis import charts


def group(label: str, last: str, now: str) -> SimpleNamespace:
    return SimpleNamespace(label=label, last_ytd=Decimal(last), ytd_same=Decimal(now))


def test_waterfall_steps_run_from_last_years_total_to_this_years():
    groups = [group("东川", "2000000000", "2150000000"), group("南川", "1000000000", "960000000")]
    option = charts.waterfall(groups, unit="万元")
    base, rises, falls = (s["data"] for s in option["series"])
    assert [r["value"] for r in rises] == [300000.0, 15000.0, 0.0, 311000.0]
    assert falls == [0.0, 0.0, 4000.0, 0.0]
    assert base == [0.0, 300000.0, 311000.0, 0.0]


def test_waterfall_axis_starts_below_the_lowest_total_so_small_steps_show():
    # Totals 30.0亿 → 31.5亿 → 31.1亿: from 0 the steps would be slivers.
    groups = [group("东川", "2000000000", "2150000000"), group("南川", "1000000000", "960000000")]
    floor = charts.waterfall(groups, unit="万元")["yAxis"]["min"]
    assert floor == 290000.0  # 30亿 less half the 1.5亿 span, rounded down to 10,000万元
    assert floor < 300000.0


def test_waterfall_axis_is_left_to_echarts_when_steps_are_large_or_totals_negative():
    big = [group("东川", "100000000", "400000000")]
    losses = [group("东川", "-50000000", "-20000000")]  # 利润总额 can be negative
    flat = [group("东川", "100000000", "100000000")]
    for groups in (big, losses, flat):
        assert "min" not in charts.waterfall(groups, unit="万元")["yAxis"]


def test_waterfall_labels_slant_only_when_they_would_collide():
    parks = [group(f"{n}工业园", "100", "110") for n in "东南西北"]
    assert "rotate" not in charts.waterfall(parks, unit="万元")["xAxis"]["axisLabel"]
    chains = [group(f"{n}制造产业链", "100", "110") for n in "东南西北中"]
    assert charts.waterfall(chains, unit="万元")["xAxis"]["axisLabel"]["rotate"] == 30
