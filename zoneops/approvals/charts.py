"""The approval board's chart options (ECharts), coloured by meaning (core/charts.py)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from zoneops.approvals.queries import Statistics
from zoneops.core.charts import PRIMARY, WARN, category_axis


def stage_days(stats: Statistics) -> dict[str, Any]:
    rows = stats.stage_rows()
    return {
        "tooltip": {"trigger": "axis"},
        "grid": {"left": 40, "right": 16, "top": 24, "bottom": 48},
        "xAxis": category_axis([label for label, _d in rows]),
        "yAxis": {"type": "value", "name": _("工作日")},
        "series": [
            {
                "type": "bar",
                "name": _("平均用时"),
                "data": [float(d) if d is not None else None for _l, d in rows],
                "itemStyle": {"color": PRIMARY},
                "label": {"show": True, "position": "top"},
            }
        ],
    }


def projects_by_stage(stats: Statistics) -> dict[str, Any]:
    labels = list(stats.by_stage)
    return {
        "tooltip": {"trigger": "axis"},
        "grid": {"left": 32, "right": 16, "top": 24, "bottom": 48},
        "xAxis": category_axis(labels),
        "yAxis": {"type": "value", "minInterval": 1},
        "series": [
            {
                "type": "bar",
                "name": _("项目数"),
                "data": [stats.by_stage[label] for label in labels],
                "itemStyle": {"color": WARN},
                "label": {"show": True, "position": "top"},
            }
        ],
    }
