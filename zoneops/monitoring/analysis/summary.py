"""主要经济指标完成情况: the dashboard's summary sheet, the zone's (or a park's) main
indicators with growth, 拉动 and 贡献率 by park and chain, in the ledger's Excel
layout."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from zoneops.core import units
from zoneops.core.models import Park, User
from zoneops.monitoring.analysis import aggregates as aggregate_queries
from zoneops.monitoring.analysis import breakdown as breakdown_queries
from zoneops.monitoring.analysis.aggregates import Slice
from zoneops.monitoring.ledger.export import ledger_units
from zoneops.monitoring.models import Indicator, ReportingPeriod

SUMMARY_SUBCOLUMNS = ("1—本月累计", "同比%", "拉动（百分点）", "贡献率%")


def summary_sheet(
    *,
    user: User,
    period: ReportingPeriod,
    indicators: Sequence[Indicator],
    park: Park | None,
    zone_name: str,
) -> tuple[str, str, list[tuple[str, Sequence[str]]], list[list[Any]]]:
    """主要经济指标完成情况: the dashboard's breakdown for several indicators at once, as the
    economy office pastes it into its monthly report — the zone (or the park) in bold, then each
    park and each chain, each indicator's year to date, growth on the same enterprises, 拉动 and
    贡献率. (title, units line, header groups, rows) for :func:`xlsx_ledger_bytes`."""
    slice_ = Slice(park=park.pk if park else None)
    by = ("zone", "chain") if park else ("zone", "park", "chain")
    kinds = {"zone": "园区" if park else "全区", "park": "园区", "chain": "产业链"}
    places: dict[tuple[str, str], list[Any]] = {}
    figures: dict[tuple[str, str], dict[str, aggregate_queries.Group]] = {}
    for indicator in indicators:
        breakdown = breakdown_queries.breakdown(
            user=user, period=period, indicator=indicator, by=by, slice_=slice_
        )
        for grouping in by:
            for group in breakdown[grouping]:
                place = (grouping, group.key)
                label = park.name if park and grouping == "zone" else group.label
                places.setdefault(place, [kinds[grouping], label, group.enterprises])
                figures.setdefault(place, {})[indicator.code] = group
    rows = []
    for place, lead in places.items():
        row = list(lead)
        for indicator in indicators:
            found = figures[place].get(indicator.code)
            row += (
                [
                    units.to_display(found.ytd, indicator.display_unit),
                    found.growth,
                    found.contribution_points,
                    found.contribution_share,
                ]
                if found
                else [None] * len(SUMMARY_SUBCOLUMNS)
            )
        rows.append(row)
    where = f"{zone_name}{park.name if park else ''}"
    title = f"{where}主要经济指标完成情况（{period}）"
    units_line = ledger_units(indicators) + "；同比、贡献率为%，拉动为百分点"
    groups: list[tuple[str, Sequence[str]]] = [("类别", ()), ("名称", ()), ("企业数", ())]
    groups += [(indicator.name, SUMMARY_SUBCOLUMNS) for indicator in indicators]
    return title, units_line, groups, rows
