"""ECharts options for the investment pages (app.js reads them from json_script blocks).
Values go out in display units, rounded: the browser only draws."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from zoneops.core import charts as palette
from zoneops.core import units
from zoneops.investment.models import Origin, Stage
from zoneops.investment.periods import Period

BLUE, GREEN, ORANGE, RED, GREY = (
    palette.PRIMARY,
    palette.GOOD,
    palette.WARN,
    palette.BAD,
    palette.COMPARE,
)
ORIGIN_COLOURS = {
    "outside_province": BLUE,
    "outside_city": palette.LIGHT,
    "local": GREY,
    "abroad": ORANGE,
}


def _yi(value: Decimal) -> float:
    return float(units.to_display(value, "亿元", 2) or 0)


def gauge(*, title: str, value: float, goal_text: str, elapsed: float) -> dict[str, Any]:
    """Completion in % on a dial, with time elapsed as a red mark on the rim."""
    shown = round(value, 1)
    return {
        "animation": False,
        "series": [
            {
                "type": "gauge",
                "min": 0,
                "max": 100,
                "startAngle": 210,
                "endAngle": -30,
                "radius": "92%",
                "progress": {"show": True, "width": 14, "itemStyle": {"color": BLUE}},
                "axisLine": {
                    "lineStyle": {
                        "width": 14,
                        "color": [
                            [max(0.0, min(elapsed / 100 - 0.005, 1.0)), palette.TRACK],
                            [max(0.0, min(elapsed / 100 + 0.005, 1.0)), RED],
                            [1, palette.TRACK],
                        ],
                    }
                },
                "pointer": {"show": False},
                "axisTick": {"show": False},
                "splitLine": {"show": False},
                "axisLabel": {"show": False},
                "title": {"offsetCenter": [0, "62%"], "fontSize": 13, "color": palette.MUTED},
                "detail": {
                    "valueAnimation": False,
                    "offsetCenter": [0, "5%"],
                    "fontSize": 24,
                    "fontWeight": 600,
                    "color": palette.TEXT,
                    "formatter": f"{shown}%\n{{goal|{goal_text}}}",
                    "rich": {
                        "goal": {"fontSize": 12, "color": palette.MUTED, "padding": [6, 0, 0, 0]}
                    },
                },
                "data": [{"value": min(shown, 100), "name": title}],
            }
        ],
    }


def funnel(stages: list[tuple[Stage, int]]) -> dict[str, Any]:
    colours = [palette.colour("pale"), palette.LIGHT, BLUE, GREEN, palette.DEEP]
    return {
        "animation": False,
        "tooltip": {"trigger": "item", "formatter": "{b}：{c}"},
        "series": [
            {
                "type": "funnel",
                "sort": "none",
                "left": "8%",
                "width": "84%",
                "minSize": "18%",
                "gap": 2,
                "label": {"show": True, "position": "inside", "formatter": "{b}  {c}"},
                "data": [
                    {"name": str(stage.label), "value": n, "itemStyle": {"color": colours[i]}}
                    for i, (stage, n) in enumerate(stages)
                ],
            }
        ],
    }


def breakdown_bars(groups: list[Any]) -> dict[str, Any]:
    """Amount signed per group (亿元, bars) and its count (labels)."""
    groups = [g for g in groups if g.rates.signed][:10]
    labels = [g.label for g in groups][::-1]
    return {
        "animation": False,
        "tooltip": {"trigger": "axis"},
        "grid": {"left": 8, "right": 40, "top": 8, "bottom": 8, "containLabel": True},
        "xAxis": {"type": "value", "name": _("亿元")},
        "yAxis": {"type": "category", "data": labels},
        "series": [
            {
                "type": "bar",
                "name": _("签约金额"),
                "barMaxWidth": 20,
                "itemStyle": {"color": BLUE},
                "label": {"show": True, "position": "right"},
                "data": [_yi(g.rates.amount) for g in groups][::-1],
            }
        ],
    }


def arrivals(series: dict[str, list[Decimal]], period: Period) -> dict[str, Any]:
    months = [_("%(m)s月") % {"m": m.month} for m in period.months()]
    return {
        "animation": False,
        "tooltip": {"trigger": "axis"},
        "legend": {"top": 0},
        "grid": {"left": 8, "right": 8, "top": 36, "bottom": 8, "containLabel": True},
        "xAxis": {"type": "category", "data": months},
        "yAxis": {"type": "value", "name": _("亿元")},
        "series": [
            {
                "name": str(label),
                "type": "bar",
                "stack": "origin",
                "barMaxWidth": 36,
                "itemStyle": {"color": ORIGIN_COLOURS[value]},
                "data": [_yi(v) for v in series[value]],
            }
            for value, label in Origin.choices
        ],
    }
