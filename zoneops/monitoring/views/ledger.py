"""The ledger (台账) and its Excel export, an enterprise's monthly history, targets, alerts.

Thin: parse the request, call a read or a service, render the page or its htmx fragment.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from zoneops.core.exports import xlsx_download
from zoneops.core.models import Role
from zoneops.core.navigation import require_module
from zoneops.core.params import query_int, query_month
from zoneops.core.permissions import require
from zoneops.core.queries import park_list
from zoneops.enterprises import queries as registry
from zoneops.enterprises.models import IndustryLevel, Tag
from zoneops.monitoring import alerts as alert_service
from zoneops.monitoring import ledger_export as ledger
from zoneops.monitoring import queries
from zoneops.monitoring.models import (
    AlertLevel,
    AlertStatus,
    Indicator,
    ReportingPeriod,
)
from zoneops.monitoring.permissions import can_handle_alert, can_manage_catalogue
from zoneops.monitoring.targets import TargetForm, describe, target_save

PAGE_SIZES = (20, 50, 100)


def _period(request: HttpRequest) -> ReportingPeriod | None:
    """?period=YYYY-MM (404 if there is no such period), else the latest approved one."""
    month = query_month(request, "period")
    if month is not None:
        return get_object_or_404(ReportingPeriod, year=month[0], month=month[1])
    return queries.latest_period()


def _indicators() -> list[Indicator]:
    return list(Indicator.objects.filter(is_active=True).order_by("order", "code"))


def _ledger_filter(
    request: HttpRequest, period: ReportingPeriod, indicators: list[Indicator]
) -> ledger.LedgerFilter:
    get = request.GET
    return ledger.LedgerFilter(
        period=period,
        indicators=ledger.choose_indicators(get.getlist("indicators"), indicators),
        slice=queries.Slice(
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
    user = request.user
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
                "subcolumns": [(key, _(label)) for key, label in ledger.SUBCOLUMNS],
                "colspan": 3 + len(ledger.SUBCOLUMNS) * len(f.indicators),
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
    reports = ledger.ledger_reports(user=request.user, f=f)
    content = ledger.xlsx_ledger_bytes(
        ledger.ledger_title(period, str(settings.ZONE_NAME)),
        ledger.ledger_units(f.indicators),
        ledger.ledger_groups(f.indicators),
        ledger.ledger_sheet_rows(
            ledger.ledger_totals(reports=reports, f=f),
            ledger.ledger_rows(reports.iterator(chunk_size=500), f),
        ),
    )
    return xlsx_download(content, f"规上工业企业主要经济指标-{period.key}.xlsx")


@login_required
def enterprise_history(request: HttpRequest, enterprise_id: int) -> HttpResponse:
    """Staff see any enterprise in scope; an enterprise user only their own (scope does it)."""
    user: Any = request.user
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
    history = ledger.enterprise_history(user=user, enterprise_id=enterprise.pk, indicator=indicator)
    return render(
        request,
        "monitoring/enterprise_history.html",
        {
            "enterprise": enterprise,
            "indicator": indicator,
            "indicators": indicators,
            "history": history,
            "chart": history.chart(),
            "alerts": queries.open_alerts(user=user, enterprise=enterprise).order_by(
                "-last_period__year", "-last_period__month", "-pk"
            ),
            "is_staff_view": user.role != Role.ENTERPRISE,
        },
    )


@login_required
def targets(request: HttpRequest) -> HttpResponse:
    require_module(request.user, "monitoring")
    return _targets_page(request, form=None)


def _target_form(request: HttpRequest, data: Any = None, year: int | None = None) -> TargetForm:
    user = request.user
    return TargetForm(
        data,
        parks=park_list(user=user),
        chains=registry.chain_list(user=user),
        indicators=Indicator.objects.filter(is_active=True).order_by("order", "code"),
        initial={"year": year, "scope": "zone", "kind": "value"},
    )


def _targets_page(request: HttpRequest, form: TargetForm | None, status: int = 200) -> HttpResponse:
    user = request.user
    latest = queries.latest_period()
    year = query_int(request, "year", low=2000, high=2100) or (
        latest.year if latest else timezone.localdate().year
    )
    period = _period(request) if request.GET.get("period") else latest
    may_manage = can_manage_catalogue(user)
    if may_manage and form is None:
        form = _target_form(request, year=year)
    lines = (
        [
            describe(queries.target_progress(user=user, target=target, period=period))
            for target in queries.targets_for(user=user, year=year)
        ]
        if period is not None
        else []
    )
    return render(
        request,
        "monitoring/targets.html",
        {
            "year": year,
            "years": [year - 1, year, year + 1],
            "period": period,
            "lines": lines,
            "form": form if may_manage else None,
        },
        status=status,
    )


@login_required
@require_POST
def target_add(request: HttpRequest) -> HttpResponse:
    require_module(request.user, "monitoring")
    require(can_manage_catalogue(request.user))
    form = _target_form(request, request.POST)
    if form.is_valid():
        try:
            target = target_save(actor=request.user, **form.service_data())
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("已添加目标：%(target)s") % {"target": target})
            return redirect(f"{reverse('monitoring:targets')}?year={target.year}")
    return _targets_page(request, form=form, status=422)


class AlertHandleForm(forms.Form):
    status = forms.ChoiceField(
        label=gettext_lazy("处理"),
        choices=[
            (AlertStatus.ACKNOWLEDGED, gettext_lazy("知悉")),
            (AlertStatus.CLOSED, gettext_lazy("关闭")),
        ],
    )
    note = forms.CharField(label=gettext_lazy("处理说明"), max_length=500, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("status") == AlertStatus.CLOSED and not data.get("note", "").strip():
            self.add_error("note", _("关闭预警须写明处理情况"))
        return data


@login_required
def alerts(request: HttpRequest) -> HttpResponse:
    require_module(request.user, "monitoring")
    user: Any = request.user
    get = request.GET
    level = get.get("level", "")
    status = get.get("status", "")
    park = query_int(request, "park")
    found = ledger.alert_list(user=user, level=level, status=status, park=park)
    page = Paginator(found, 30).get_page(get.get("page"))
    for alert in page:
        alert.may_handle = alert.status != AlertStatus.CLOSED and _may_handle(user, alert)  # type: ignore[attr-defined]
    context = {
        "page": page,
        "level": level,
        "status": status,
        "park": park,
        "parks": park_list(user=user),
        "levels": AlertLevel.choices,
        "statuses": [
            ("", _("未关闭")),
            *AlertStatus.choices,
            ("all", _("全部")),
        ],
    }
    if request.headers.get("HX-Request") and request.headers.get("HX-Target") == "alert-table":
        return render(request, "monitoring/alerts.html#table", context)
    return render(request, "monitoring/alerts.html", context)


def _may_handle(user: Any, alert: Any) -> bool:
    """The alert's owner, or a reviewer in its park (as ``alerts.alert_handle`` checks)."""
    return can_handle_alert(user, alert)


@login_required
@require_POST
def alert_handle(request: HttpRequest, alert_id: int) -> HttpResponse:
    require_module(request.user, "monitoring")
    alert = get_object_or_404(ledger.alert_list(user=request.user, status="all"), pk=alert_id)
    require(_may_handle(request.user, alert))  # visible but not theirs to handle: 403
    form = AlertHandleForm(request.POST)
    if form.is_valid():
        alert_service.alert_handle(
            actor=request.user,
            alert=alert,
            status=form.cleaned_data["status"],
            note=form.cleaned_data["note"],
        )
        messages.success(request, _("已处理预警：%(alert)s") % {"alert": alert})
    else:
        messages.error(
            request,
            _("未能处理预警：")
            + "; ".join(" ".join(str(m) for m in errors) for errors in form.errors.values()),
        )
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = reverse("monitoring:alerts")
    return redirect(back)
