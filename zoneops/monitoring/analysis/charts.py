"""ECharts options for the monitoring pages (read by app.js from json_script blocks).

Values go out already in display units and rounded, as plain floats: the browser only draws.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from zoneops.core import charts as palette
from zoneops.core import units
from zoneops.monitoring.models import Indicator

BLUE, GREY, GREEN, RED = palette.PRIMARY, palette.COMPARE, palette.GOOD, palette.BAD


def _num(value: Decimal | None, places: int = 2) -> float | None:
    return None if value is None else round(float(value), places)


# Diagonal stripes over a bar whose month is still being reported (its sum is not final).
HATCH = {
    "symbol": "rect",
    "symbolSize": 1,
    "dashArrayX": [1, 0],
    "dashArrayY": [3, 4],
    "rotation": -0.7853981633974483,
    "color": palette.HATCH,
}


def progress_label(progress: Any) -> str:
    """已审核 54/113: how many of a month's reports the figures hold."""
    return _("已审核 %(a)d/%(n)d") % {"a": progress.approved, "n": progress.expected}


def _pending(progress: Any) -> bool:
    return progress is not None and progress.being_reported


def trend(
    this_year: list[Any],
    last_year: list[Any],
    indicator: Indicator,
    progress: dict[int, Any] | None = None,
) -> dict[str, Any]:
    """Month values this year against last year (bars) and year-to-date growth (line).

    ``progress``: this year's months by number (queries.Progress); a month still being
    reported has hatched bars and says under its label how many reports are approved.
    """
    progress = progress or {}
    months = [
        _("%(m)s月") % {"m": m}
        + ("\n" + progress_label(progress[m]) if _pending(progress.get(m)) else "")
        for m in range(1, 13)
    ]
    unit = indicator.display_unit

    def monthly(points: list[Any]) -> list[Any]:
        by_month = {p.month: p.month_value for p in points}
        return [_num(units.to_display(by_month.get(m), unit)) for m in range(1, 13)]

    def marked(values: list[Any]) -> list[Any]:
        return [
            {"value": v, "itemStyle": {"decal": HATCH}} if _pending(progress.get(m)) else v
            for m, v in zip(range(1, 13), values, strict=True)
        ]

    growth = {p.month: p.growth for p in this_year}
    return {
        "animation": False,
        "tooltip": {"trigger": "axis"},
        "legend": {"top": 0},
        "grid": {"left": 8, "right": 8, "top": 36, "bottom": 8, "containLabel": True},
        "xAxis": {"type": "category", "data": months, "axisLabel": {"interval": 0}},
        "yAxis": [
            {"type": "value", "name": unit},
            {"type": "value", "name": "%", "splitLine": {"show": False}},
        ],
        "series": [
            {
                "name": _("本年当月"),
                "type": "bar",
                "data": marked(monthly(this_year)),
                "itemStyle": {"color": BLUE},
            },
            {
                "name": _("上年当月"),
                "type": "bar",
                "data": monthly(last_year),
                "itemStyle": {"color": GREY},
            },
            {
                "name": _("累计增速"),
                "type": "line",
                "yAxisIndex": 1,
                "data": [_num(growth.get(m), 1) for m in range(1, 13)],
                "itemStyle": {"color": RED},
            },
        ],
    }


def growth_bars(groups: list[Any], *, pending: bool = False) -> dict[str, Any]:
    """Year-on-year growth per group, green up and red down; hatched while the period is
    still being reported (``pending``)."""
    return {
        "animation": False,
        "tooltip": {"trigger": "axis"},
        "grid": {"left": 8, "right": 24, "top": 8, "bottom": 8, "containLabel": True},
        "xAxis": {"type": "value", "name": "%"},
        "yAxis": {"type": "category", "data": [g.label for g in groups]},
        "series": [
            {
                "type": "bar",
                "barMaxWidth": 24,
                "data": [
                    {
                        "value": _num(g.growth, 1),
                        "itemStyle": {
                            "color": GREEN if (g.growth or 0) >= 0 else RED,
                            **({"decal": HATCH} if pending else {}),
                        },
                    }
                    for g in groups
                ],
            }
        ],
    }


def _category_labels(labels: list[str]) -> dict[str, Any]:
    """Every label shown; slanted when, side by side, they would run into each other (a
    park's chains: 光伏制造产业链 盐湖化工产业链 …)."""
    crowded = sum(len(label) for label in labels) > 30
    return {"interval": 0, "rotate": 30} if crowded else {"interval": 0}


def _value_axis(levels: list[Decimal], unit: str) -> dict[str, Any]:
    """A waterfall's value axis. It starts below the lowest running total by half the steps'
    span, at a round number, so that increases of a few percent of the total can be seen (from
    0 they are slivers on two tall bars); where that would be 0 or below, or a total is
    negative (利润总额), ECharts chooses."""
    axis: dict[str, Any] = {"type": "value", "name": unit}
    low, high = min(levels), max(levels)
    span = units.to_display(high - low, unit) or Decimal(0)
    floor = (units.to_display(low, unit) or Decimal(0)) - span / 2
    if low > 0 and span > 0 and floor > 0:
        step = Decimal(10) ** span.adjusted()
        axis["min"] = float((floor // step) * step)
    return axis


def waterfall(groups: list[Any], *, unit: str, pending: bool = False) -> dict[str, Any]:
    """Contribution waterfall: from last year's total, each group's increase, to this year's
    (hatched while the period is still being reported)."""
    last_total = sum((g.last_ytd for g in groups), Decimal(0))
    labels, base, rises, falls = (
        [_("上年同期")],
        [0.0],
        [_num(units.to_display(last_total, unit))],
        [0.0],
    )
    running = last_total
    levels = [last_total]
    for g in groups:
        increase = g.ytd_same - g.last_ytd
        low = min(running, running + increase)
        labels.append(g.label)
        base.append(_num(units.to_display(low, unit)) or 0.0)
        rises.append((_num(units.to_display(increase, unit)) or 0.0) if increase >= 0 else 0.0)
        falls.append((_num(units.to_display(-increase, unit)) or 0.0) if increase < 0 else 0.0)
        running += increase
        levels.append(running)
    labels.append(_("本年累计"))
    base.append(0.0)
    rises.append(_num(units.to_display(running, unit)) or 0.0)
    falls.append(0.0)
    return {
        "animation": False,
        "tooltip": {"trigger": "axis"},
        "grid": {"left": 8, "right": 8, "top": 16, "bottom": 8, "containLabel": True},
        "xAxis": {"type": "category", "data": labels, "axisLabel": _category_labels(labels)},
        "yAxis": _value_axis(levels, unit),
        "series": [
            {
                "type": "bar",
                "stack": "w",
                "data": base,
                "itemStyle": {"color": "transparent"},
                "tooltip": {"show": False},
            },
            {
                "name": _("增加"),
                "type": "bar",
                "stack": "w",
                # The first and last bars are totals (last year's, this year's): blue.
                "data": [
                    {
                        "value": v,
                        "itemStyle": {
                            "color": BLUE if i in (0, len(rises) - 1) else GREEN,
                            # Last year's total is final; the rest is not yet.
                            **({"decal": HATCH} if pending and i else {}),
                        },
                    }
                    for i, v in enumerate(rises)
                ],
            },
            {
                "name": _("减少"),
                "type": "bar",
                "stack": "w",
                "data": falls,
                "itemStyle": {"color": RED, **({"decal": HATCH} if pending else {})},
            },
        ],
    }
