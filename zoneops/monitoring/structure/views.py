"""The industrial structure page (产业结构) and the entry of the bureau's value-added shares."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zoneops.core import charts as palette
from zoneops.core.models import User
from zoneops.core.navigation import require_module
from zoneops.core.permissions import may, require
from zoneops.core.queries import park_list
from zoneops.enterprises.models import ClassNode
from zoneops.monitoring.analysis.views import _selection
from zoneops.monitoring.models import ReportingPeriod
from zoneops.monitoring.structure import queries, services


def _num(value: Decimal | None) -> float | None:
    return None if value is None else round(float(value), 2)


def chart(item: queries.ClassStructure) -> dict[str, Any]:
    """Shares of output and revenue (bars, %) and each node's 拉动 on output growth (points)."""
    names = [row.node.name for row in item.rows]

    def series(code: str, attr: str) -> list[float | None]:
        out = []
        for row in item.rows:
            figure = row.figures.get(code)
            value = (
                None
                if figure is None
                else (figure.share if attr == "share" else figure.group.contribution_points)
            )
            out.append(_num(value))
        return out

    return {
        "tooltip": {"trigger": "axis"},
        "legend": {"bottom": 0},
        "grid": {"left": 56, "right": 72, "top": 40, "bottom": 72},
        "xAxis": palette.category_axis(names),
        "yAxis": [
            {"type": "value", "name": _("比重（%）")},
            {"type": "value", "name": _("拉动（百分点）"), "splitLine": {"show": False}},
        ],
        "series": [
            {
                "name": _("产值比重"),
                "type": "bar",
                "data": series("output_value", "share"),
                "itemStyle": {"color": palette.PRIMARY},
            },
            {
                "name": _("营业收入比重"),
                "type": "bar",
                "data": series("revenue", "share"),
                "itemStyle": {"color": palette.LIGHT},
            },
            {
                "name": _("拉动产值增长"),
                "type": "line",
                "yAxisIndex": 1,
                "data": series("output_value", "pull"),
                "itemStyle": {"color": palette.GOOD},
            },
        ],
    }


@login_required
def structure_page(request: HttpRequest) -> HttpResponse:
    require_module(request.user, "monitoring")
    request.nav_module = "monitoring"  # type: ignore[attr-defined]
    period, _indicator, park = _selection(request)
    user = cast(User, request.user)
    parks = park_list(user=user)
    items = queries.structures(user=user, period=period, park=park) if period else []
    return render(
        request,
        "monitoring/structure.html",
        {
            "period": period,
            "park": park,
            "parks": parks,
            "place": next((p.name for p in parks if p.pk == park), _("全区")),
            "periods": ReportingPeriod.objects.filter(reports__status="approved")
            .distinct()
            .order_by("-year", "-month")[:36],
            "items": [
                (item, chart(item), f"structure-chart-{item.classification.pk}") for item in items
            ],
            "can_enter": may(user, "monitoring.official_shares"),
        },
    )


@login_required
@require_POST
def share_add(request: HttpRequest) -> HttpResponse:
    """Store the bureau's value-added share of one node for the page's period and place."""
    require_module(request.user, "monitoring")
    user = cast(User, request.user)
    require(may(user, "monitoring.official_shares"))
    period, _indicator, park = _selection(request)
    node_id = request.POST.get("node", "")
    node = ClassNode.objects.filter(pk=int(node_id)).first() if node_id.isdigit() else None
    place = get_object_or_404(park_list(user=user), pk=park) if park else None
    query = f"?period={period.key}" if period else ""
    back = redirect(reverse("monitoring:structure") + query + (f"&park={park}" if park else ""))
    try:
        share = Decimal(request.POST.get("share", ""))
        growth_text = request.POST.get("growth", "").strip()
        growth = Decimal(growth_text) if growth_text else None
    except InvalidOperation:
        messages.error(request, _("占比与增速应为数字"))
        return back
    if period is None or node is None:
        messages.error(request, _("请选择报告期和分类节点"))
        return back
    try:
        services.value_added_share_save(
            actor=user,
            period=period,
            node=node,
            park=place,
            share=share,
            growth=growth,
            source=request.POST.get("source", "").strip() or "市统计局",
        )
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, _("已保存统计局反馈的增加值占比"))
    return back
