"""ECharts options for the key-project pages (read by app.js from json_script blocks).

Values go out already in 万元 and rounded: the browser only draws.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from zoneops.core import charts as palette
from zoneops.core import units

BLUE, GREY, GREEN, RED, ORANGE = (
    palette.PRIMARY,
    palette.COMPARE,
    palette.GOOD,
    palette.BAD,
    palette.WARN,
)
WAN = "万元"
YI = "亿元"


def _in(value: Decimal | None, unit: str) -> float | None:
    shown = units.to_display(value, unit)
    return None if shown is None else float(shown)


def _wan(value: Decimal | None) -> float | None:
    return _in(value, WAN)


def _base() -> dict[str, Any]:
    return {
        "animation": False,
        "tooltip": {"trigger": "axis"},
        "legend": {"top": 0},
        "grid": {"left": 8, "right": 16, "top": 36, "bottom": 8, "containLabel": True},
    }


def cumulative(series: dict[str, list[Decimal | None]]) -> dict[str, Any]:
    """Planned against actual cumulative investment over the project's year."""
    return _base() | {
        "xAxis": {"type": "category", "data": [_("%(m)s月") % {"m": m} for m in range(1, 13)]},
        "yAxis": {"type": "value", "name": WAN},
        "series": [
            {
                "name": _("计划累计投资"),
                "type": "line",
                "data": [_wan(v) for v in series["planned"]],
                "itemStyle": {"color": GREY},
                "lineStyle": {"type": "dashed"},
            },
            {
                "name": _("实际累计完成"),
                "type": "line",
                "data": [_wan(v) for v in series["actual"]],
                "itemStyle": {"color": BLUE},
                "areaStyle": {"opacity": 0.15},
            },
        ],
    }


def planned_completed(groups: list[Any], unit: str = YI) -> dict[str, Any]:
    """This year's planned against completed investment per group (park, category)."""
    return _base() | {
        "xAxis": palette.category_axis([str(g.label) for g in groups]),
        "yAxis": {"type": "value", "name": unit},
        "series": [
            {
                "name": _("本年计划投资"),
                "type": "bar",
                "data": [_in(g.year_planned, unit) for g in groups],
                "itemStyle": {"color": GREY},
            },
            {
                "name": _("本年完成投资"),
                "type": "bar",
                "data": [_in(g.year_completed, unit) for g in groups],
                "itemStyle": {"color": BLUE},
            },
        ],
    }


def funding(rows: list[dict[str, Any]], unit: str = YI) -> dict[str, Any]:
    """Requested, approved and disbursed money by funding source."""
    return _base() | {
        "grid": {"left": 8, "right": 16, "top": 36, "bottom": 8, "containLabel": True},
        "xAxis": {"type": "value", "name": unit},
        "yAxis": {"type": "category", "data": [str(r["label"]) for r in rows], "inverse": True},
        "series": [
            {
                "name": name,
                "type": "bar",
                "data": [_in(r[key], unit) for r in rows],
                "itemStyle": {"color": color},
            }
            for key, name, color in (
                ("requested", _("申请"), GREY),
                ("approved", _("批复"), BLUE),
                ("disbursed", _("到位"), GREEN),
            )
        ],
    }


def problems(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Problems by owning department: resolved, open within the deadline, overdue."""
    stacks: tuple[tuple[str, Callable[[dict[str, Any]], int], str], ...] = (
        (_("已解决"), lambda r: r["resolved"], GREEN),
        (_("办理中"), lambda r: r["open"] - r["overdue"], ORANGE),
        (_("已超期"), lambda r: r["overdue"], RED),
    )
    return _base() | {
        "xAxis": {"type": "value", "minInterval": 1},
        "yAxis": {"type": "category", "data": [r["department"] for r in rows], "inverse": True},
        "series": [
            {
                "name": name,
                "type": "bar",
                "stack": "n",
                "data": [value(r) for r in rows],
                "itemStyle": {"color": color},
            }
            for name, value, color in stacks
        ],
    }
