"""The economic operation dashboard: the zone's, or a park's for a park officer."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from zoneops.core.exports import xlsx_download
from zoneops.core.models import User
from zoneops.core.navigation import require_module
from zoneops.core.params import query_int, query_month
from zoneops.core.queries import park_list
from zoneops.core.scope import scope_of
from zoneops.monitoring.alerts import queries as alert_queries
from zoneops.monitoring.analysis import aggregates as aggregate_queries
from zoneops.monitoring.analysis import breakdown as breakdown_queries
from zoneops.monitoring.analysis import charts, summary
from zoneops.monitoring.ledger import export as ledger_xlsx
from zoneops.monitoring.models import Indicator, OfficialFigure, ReportingPeriod
from zoneops.monitoring.reports import queries as report_queries
from zoneops.monitoring.targets import queries as target_queries

KPI_CODES = ("output_value", "electricity", "revenue", "total_profit", "vat_payable")


def _selection(request: HttpRequest) -> tuple[ReportingPeriod | None, Indicator, int | None]:
    get = request.GET
    month = query_month(request, "period")
    period = get_object_or_404(ReportingPeriod, year=month[0], month=month[1]) if month else None
    period = period or report_queries.latest_period()
    indicator = get_object_or_404(
        Indicator, code=get.get("indicator", "output_value"), is_active=True
    )
    scope = scope_of(request.user)
    park = query_int(request, "park")
    if not (scope.zone or scope.department_sees_zone) and len(scope.parks) == 1:
        park = next(iter(scope.parks))  # a park officer's dashboard is their park's
    if park is not None:
        get_object_or_404(park_list(user=cast(User, request.user)), pk=park)
    return period, indicator, park


@login_required
def summary_export(request: HttpRequest) -> HttpResponse:
    """The dashboard's place (the zone, or a park) as 主要经济指标完成情况: each KPI indicator's
    year to date, growth, 拉动 and 贡献率 for the place, its parks and its chains."""
    require_module(request.user, "monitoring")
    period, _indicator, park_id = _selection(request)
    if period is None:
        messages.info(request, _("还没有已审核的月报，无法导出"))
        return redirect("monitoring:dashboard")
    park = (
        get_object_or_404(park_list(user=cast(User, request.user)), pk=park_id) if park_id else None
    )
    title, units_line, groups, rows = summary.summary_sheet(
        user=cast(User, request.user),
        period=period,
        indicators=list(Indicator.objects.filter(code__in=KPI_CODES).order_by("order", "pk")),
        park=park,
        zone_name=str(settings.ZONE_NAME),
    )
    content = ledger_xlsx.xlsx_ledger_bytes(title, units_line, groups, rows, sheet="汇总")
    return xlsx_download(content, f"{title}.xlsx")


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    require_module(request.user, "monitoring")
    period, indicator, park = _selection(request)
    parks = park_list(user=cast(User, request.user))
    context: dict[str, Any] = {
        "place": next((p.name for p in parks if p.pk == park), _("全区")),
        "period": period,
        "indicator": indicator,
        "park": park,
        "parks": parks,
        "indicators": Indicator.objects.filter(is_active=True, kind="flow"),
        "periods": ReportingPeriod.objects.filter(reports__status="approved")
        .distinct()
        .order_by("-year", "-month")[:36],
    }
    if period is None:
        return render(request, "monitoring/dashboard.html", context)
    user = cast(User, request.user)
    slice_ = aggregate_queries.Slice(park=park)
    kpis = []
    for code in KPI_CODES:
        found = Indicator.objects.filter(code=code).first()
        if found:
            groups = breakdown_queries.aggregates(
                user=user, period=period, indicator=found, slice_=slice_
            )
            kpis.append({"indicator": found, "group": groups[0] if groups else None})
    breakdown = breakdown_queries.breakdown(
        user=user, period=period, indicator=indicator, by=("park", "chain"), slice_=slice_
    )
    by_park, by_chain = breakdown["park"], breakdown["chain"]
    changes = breakdown_queries.enterprise_changes(
        user=user, period=period, indicator=indicator, slice_=slice_, top=8
    )
    # Sums hold approved reports only: a month still being reported is marked, not read as a
    # fall (queries.Progress).
    progress = report_queries.reporting_progress(user=user, years=[period.year], slice_=slice_)
    current = progress.get((period.year, period.month))
    pending = bool(current and current.being_reported)
    this_year = aggregate_queries.trend(
        user=user, indicator=indicator, year=period.year, slice_=slice_
    )
    last_year = aggregate_queries.trend(
        user=user, indicator=indicator, year=period.year - 1, slice_=slice_
    )
    targets = [
        target_queries.target_progress(user=user, target=t, period=period)
        for t in target_queries.targets_for(user=user, year=period.year)
    ]
    if park:
        targets = [t for t in targets if t.target.park_id == park]
    steps = by_park if not park else by_chain  # the zone by park, a park by chain
    context.update(
        {
            "kpis": kpis,
            "by_park": by_park,
            "by_chain": by_chain,
            "changes": changes,
            "targets": targets[:8],
            # The alerts that hold in this period, one per enterprise and kind.
            "alerts": alert_queries.open_alerts(user=user)
            .filter(months__period=period)
            .filter(**({"enterprise__park_id": park} if park else {}))
            .annotate(level_order=alert_queries.LEVEL_ORDER)
            .order_by("level_order", "enterprise__name", "pk")[:10],
            "alert_counts": alert_queries.alert_counts(user=user, park=park),
            "official": (
                OfficialFigure.objects.filter(period=period, park__pk=park)
                if park
                else OfficialFigure.objects.filter(period=period, park__isnull=True)
            ).first(),
            "progress": current,
            "pending": pending,
            "progress_text": charts.progress_label(current) if current else "",
            "pending_months": [
                p for (year, _month), p in sorted(progress.items()) if p.being_reported
            ],
            "trend_chart": charts.trend(
                this_year,
                last_year,
                indicator,
                {month: p for (year, month), p in progress.items() if year == period.year},
            ),
            "park_chart": charts.growth_bars(by_park, pending=pending),
            "chain_chart": charts.growth_bars(by_chain, pending=pending),
            "waterfall_chart": charts.waterfall(steps, unit=indicator.display_unit, pending=pending)
            if steps
            else None,
            "zero": Decimal(0),
        }
    )
    return render(request, "monitoring/dashboard.html", context)
