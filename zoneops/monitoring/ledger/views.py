"""The ledger (台账) and its Excel export, an enterprise's monthly history.

Thin: parse the request, call a read or a service, render the page or its htmx fragment.
"""

from __future__ import annotations

from typing import Any, cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from zoneops.core.exports import xlsx_download
from zoneops.core.models import Role, User
from zoneops.core.navigation import require_module
from zoneops.core.params import query_int, query_month
from zoneops.core.queries import park_list
from zoneops.enterprises import queries as registry
from zoneops.enterprises.models import IndustryLevel, Tag
from zoneops.monitoring.alerts import queries as alert_queries
from zoneops.monitoring.analysis import aggregates as aggregate_queries
from zoneops.monitoring.ledger import export as ledger_xlsx
from zoneops.monitoring.ledger import figures as ledger_figures
from zoneops.monitoring.ledger import history as ledger_history
from zoneops.monitoring.ledger import queries as ledger
from zoneops.monitoring.models import Indicator, ReportingPeriod
from zoneops.monitoring.reports import queries as report_queries

PAGE_SIZES = (20, 50, 100)


def _period(request: HttpRequest) -> ReportingPeriod | None:
    """?period=YYYY-MM (404 if there is no such period), else the latest approved one."""
    month = query_month(request, "period")
    if month is not None:
        return get_object_or_404(ReportingPeriod, year=month[0], month=month[1])
    return report_queries.latest_period()


def _indicators() -> list[Indicator]:
    return list(Indicator.objects.filter(is_active=True).order_by("order", "code"))


def _ledger_filter(
    request: HttpRequest, period: ReportingPeriod, indicators: list[Indicator]
) -> ledger.LedgerFilter:
    get = request.GET
    return ledger.LedgerFilter(
        period=period,
        indicators=ledger.choose_indicators(get.getlist("indicators"), indicators),
        slice=aggregate_queries.Slice(
            park=query_int(request, "park"),
            industry=get.get("industry", "").strip() if get.get("industry", "").isdigit() else "",
            chain=query_int(request, "chain"),
            tag=get.get("tag", "").strip(),
        ),
        any_status=get.get("status") == "any",
        sort=get.get("sort", ledger.DEFAULT_SORT),
    )


@login_required
def ledger_page(request: HttpRequest) -> HttpResponse:
    require_module(request.user, "monitoring")
    user = cast(User, request.user)
    period = _period(request)
    indicators = _indicators()
    context: dict[str, Any] = {
        "period": period,
        "periods": ReportingPeriod.objects.order_by("-year", "-month")[:36],
        "all_indicators": indicators,
        "parks": park_list(user=user),
        "chains": registry.chain_list(user=user),
        "tags": Tag.objects.all(),
        "industries": registry.industry_list(user=user, level=IndustryLevel.DIVISION).filter(
            parent__code__in=("B", "C", "D")
        ),
        "page_sizes": PAGE_SIZES,
    }
    if period is not None:
        f = _ledger_filter(request, period, indicators)
        reports = ledger.ledger_reports(user=user, f=f)
        size = query_int(request, "size", high=max(PAGE_SIZES)) or PAGE_SIZES[0]
        size = size if size in PAGE_SIZES else PAGE_SIZES[0]
        page = Paginator(reports, size).get_page(request.GET.get("page"))
        context.update(
            {
                "f": f,
                "sort_column": f.sort_key()[0],
                "sort_desc": f.sort_key()[1],
                "chosen": {i.code for i in f.indicators},
                "page": page,
                "size": size,
                "rows": ledger.ledger_rows(page.object_list, f, start=page.start_index()),
                "totals": ledger.ledger_totals(reports=reports, f=f),
                "subcolumns": [(key, _(label)) for key, label in ledger_figures.SUBCOLUMNS],
                "colspan": 3 + len(ledger_figures.SUBCOLUMNS) * len(f.indicators),
            }
        )
    if request.headers.get("HX-Request") and request.headers.get("HX-Target") == "ledger-table":
        return render(request, "monitoring/ledger.html#table", context)
    return render(request, "monitoring/ledger.html", context)


@login_required
def ledger_export(request: HttpRequest) -> HttpResponse:
    require_module(request.user, "monitoring")
    period = _period(request)
    if period is None:
        messages.info(request, _("还没有已审核的月报，无法导出台账"))
        return redirect("monitoring:ledger")
    f = _ledger_filter(request, period, _indicators())
    reports = ledger.ledger_reports(user=cast(User, request.user), f=f)
    content = ledger_xlsx.xlsx_ledger_bytes(
        ledger_xlsx.ledger_title(period, str(settings.ZONE_NAME)),
        ledger_xlsx.ledger_units(f.indicators),
        ledger_xlsx.ledger_groups(f.indicators),
        ledger_xlsx.ledger_sheet_rows(
            ledger.ledger_totals(reports=reports, f=f),
            ledger.ledger_rows(reports.iterator(chunk_size=500), f),
        ),
    )
    return xlsx_download(content, f"规上工业企业主要经济指标-{period.key}.xlsx")


@login_required
def enterprise_history(request: HttpRequest, enterprise_id: int) -> HttpResponse:
    """Staff see any enterprise in scope; an enterprise user only their own (scope does it)."""
    user = cast(User, request.user)
    if user.role == Role.ENTERPRISE:
        require_module(user, "reports")
        request.nav_module = "reports"  # type: ignore[attr-defined]
    else:
        require_module(user, "monitoring")
    enterprise = get_object_or_404(
        registry.enterprise_list(user=user).select_related("park"), pk=enterprise_id
    )
    indicators = [i for i in _indicators() if i.kind == "flow"] or _indicators()
    code = request.GET.get("indicator", "output_value")
    indicator = next((i for i in indicators if i.code == code), indicators[0])
    history = ledger_history.enterprise_history(
        user=user, enterprise_id=enterprise.pk, indicator=indicator
    )
    return render(
        request,
        "monitoring/enterprise_history.html",
        {
            "enterprise": enterprise,
            "indicator": indicator,
            "indicators": indicators,
            "history": history,
            "chart": history.chart(),
            "alerts": alert_queries.open_alerts(user=user, enterprise=enterprise).order_by(
                "-last_period__year", "-last_period__month", "-pk"
            ),
            "is_staff_view": user.role != Role.ENTERPRISE,
        },
    )
