"""Appeal statistics: the measures of docs/domain.md#appeal-measures by department and period,
ranked; hot topics."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from zoneops.appeals import queries
from zoneops.appeals.models import Appeal
from zoneops.appeals.views.access import require_staff
from zoneops.core.bounds import ZONE_ERA
from zoneops.core.exports import xlsx_response
from zoneops.core.http import AuthedRequest
from zoneops.core.params import query_date


def _period(request: AuthedRequest) -> tuple[dt.date, dt.date]:
    """The period asked for, or the twelve months up to the latest appeal the user can see."""

    start = query_date(request, "from", span=ZONE_ERA)
    end = query_date(request, "to", span=ZONE_ERA)
    if end is None:
        latest = (
            Appeal.objects.visible_to(request.user)
            .order_by("-received_on")
            .values_list("received_on", flat=True)
            .first()
        )
        end = latest or timezone.localdate()
    if start is None or start > end:
        start = dt.date(end.year - 1, end.month, 1) + dt.timedelta(days=31)
        start = start.replace(day=1)
    return start, end


def _rate(value: Any) -> float | None:
    return None if value is None else float(value)


@login_required
def appeal_stats(request: AuthedRequest) -> HttpResponse:
    require_staff(request.user)
    today = timezone.localdate()
    start, end = _period(request)
    scores, total = queries.department_scores(user=request.user, start=start, end=end, today=today)
    topics = queries.topic_counts(user=request.user, start=start, end=end)
    months = queries.monthly_counts(user=request.user, start=start, end=end)
    topic_chart = {
        "tooltip": {"trigger": "axis"},
        "grid": {"left": 90, "right": 20, "top": 10, "bottom": 30},
        "xAxis": {"type": "value", "minInterval": 1},
        "yAxis": {"type": "category", "inverse": True, "data": [t for t, _n in topics]},
        "series": [{"type": "bar", "name": _("诉求件数"), "data": [n for _t, n in topics]}],
    }
    score_chart = {
        "tooltip": {"trigger": "axis"},
        "legend": {"top": 0},
        "grid": {"left": 110, "right": 20, "top": 30, "bottom": 30},
        "xAxis": {"type": "value", "max": 100},
        "yAxis": {"type": "category", "inverse": True, "data": [s.department for s in scores]},
        "series": [
            {"type": "bar", "name": _("综合得分"), "data": [_rate(s.score) for s in scores]},
            {
                "type": "bar",
                "name": _("满意率"),
                "data": [_rate(s.satisfaction_rate) for s in scores],
            },
        ],
    }
    month_chart = {
        "tooltip": {"trigger": "axis"},
        "legend": {"top": 0},
        "grid": {"left": 40, "right": 20, "top": 30, "bottom": 30},
        "xAxis": {"type": "category", "data": [m for m, _n, _o in months]},
        "yAxis": {"type": "value", "minInterval": 1},
        "series": [
            {"type": "bar", "name": _("受理件数"), "data": [n for _m, n, _o in months]},
            {"type": "line", "name": _("按时办结"), "data": [o for _m, _n, o in months]},
        ],
    }
    return render(
        request,
        "appeals/stats.html",
        {
            "start": start,
            "end": end,
            "scores": scores,
            "total": total,
            "topics": topics,
            "topic_chart": topic_chart,
            "score_chart": score_chart,
            "month_chart": month_chart,
        },
    )


@login_required
def appeal_stats_export(request: AuthedRequest) -> HttpResponse:
    require_staff(request.user)
    start, end = _period(request)
    scores, total = queries.department_scores(
        user=request.user, start=start, end=end, today=timezone.localdate()
    )
    headers = [
        "排名",
        "承办部门",
        "受理件数",
        "响应率(%)",
        "按时办结率(%)",
        "解决率(%)",
        "满意率(%)",
        "综合得分",
        "在办超期",
    ]
    rows = [
        [
            s.rank,
            s.department,
            s.received,
            s.response_rate,
            s.on_time_rate,
            s.resolution_rate,
            s.satisfaction_rate,
            s.score,
            s.overdue_open,
        ]
        for s in [*scores, total]
    ]
    rows[-1][0], rows[-1][1] = "", "合计"
    return xlsx_response(
        filename=f"诉求办理统计_{start:%Y%m%d}-{end:%Y%m%d}.xlsx",
        sheet="诉求办理统计",
        headers=headers,
        rows=rows,
        title=f"诉求办理统计（{start:%Y-%m-%d} 至 {end:%Y-%m-%d}）",
    )
