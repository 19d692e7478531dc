"""The investment dashboard (target gauges, funnel, rates, breakdowns, funds arrived), the
targets page and the chain pages."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zoneops.core import units
from zoneops.core.exports import xlsx_response
from zoneops.core.history import timeline
from zoneops.core.permissions import require
from zoneops.core.scope import scope_of
from zoneops.enterprises import queries as registry
from zoneops.investment import analysis, charts, queries, services, targets
from zoneops.investment.columns import (
    ARRIVAL_HEADERS,
    CHAIN_HEADERS,
    TARGET_HEADERS,
    arrival_row,
    chain_row,
    target_row,
)
from zoneops.investment.forms import ChainOfficerForm, TargetForm
from zoneops.investment.models import PIPELINE, ChainOfficer, Target, TargetScope
from zoneops.investment.periods import Period, period_of
from zoneops.investment.permissions import can_manage_targets
from zoneops.investment.views.common import (
    attach_errors,
    enter,
    error_text,
    period_param,
    signed_in,
)


def _period(request: HttpRequest) -> Period:
    user = signed_in(request)
    return (
        period_param(request)
        or targets.default_period(user=user)
        or period_of(timezone.localdate())
    )


def _period_choices(request: HttpRequest, period: Period) -> list[Period]:
    periods = targets.target_periods(user=signed_in(request))
    extra = [Period(period.year), *(Period(period.year, q) for q in (1, 2, 3, 4))]
    return sorted(
        set(periods) | set(extra) | {period},
        key=lambda p: (p.year, p.quarter or 5),
        reverse=True,
    )


def gauges(progress: list[targets.Progress]) -> list[dict[str, Any]]:
    """Two dials per target (count and amount), with the words beside them."""
    out = []
    for item in progress:
        target = item.target
        out.append(
            {
                "progress": item,
                "count_id": f"gauge-count-{target.pk}",
                "amount_id": f"gauge-amount-{target.pk}",
                "count_chart": charts.gauge(
                    title=_("签约项目数"),
                    value=float(item.count_pct or 0),
                    goal_text=_("%(n)s / %(goal)s 个")
                    % {"n": item.count, "goal": target.project_count},
                    elapsed=float(item.elapsed),
                ),
                "amount_chart": charts.gauge(
                    title=_("签约金额"),
                    value=float(item.amount_pct or 0),
                    goal_text=_("%(n)s / %(goal)s 亿元")
                    % {
                        "n": units.to_display(item.amount, "亿元", 1),
                        "goal": units.to_display(target.amount, "亿元", 0),
                    },
                    elapsed=float(item.elapsed),
                ),
            }
        )
    return out


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    user = enter(request)
    period = _period(request)
    progress = [targets.progress(t) for t in targets.targets_for(user=user, period=period)]
    zone = [p for p in progress if p.target.scope == TargetScope.ZONE]
    by_chain = analysis.breakdown(user=user, period=period, by="chain")
    by_method = analysis.breakdown(user=user, period=period, by="method")
    by_officer = analysis.breakdown(user=user, period=period, by="officer")
    funnel = analysis.funnel(user=user)
    arrivals = analysis.arrivals_by_month(user=user, period=period)
    lead_people, lead_units = analysis.lead_tallies(period=period)
    return render(
        request,
        "investment/dashboard.html",
        {
            "period": period,
            "periods": _period_choices(request, period),
            "zone_gauges": gauges(zone),
            "other_progress": [p for p in progress if p.target.scope != TargetScope.ZONE],
            "rates": analysis.rates(user=user, period=period),
            "funnel": funnel,
            "dropped": analysis.dropped_count(user=user),
            "funnel_chart": charts.funnel(funnel),
            "by_chain": by_chain,
            "by_method": by_method,
            "by_officer": by_officer,
            "chain_chart": charts.breakdown_bars(by_chain),
            "arrivals_chart": charts.arrivals(arrivals, period),
            "scope": analysis.scope_label(user),
            "own_is_zone": scope_of(user).zone,
            "lead_people": lead_people,
            "lead_units": lead_units,
            "arrived_total": sum((sum(v, queries.ZERO) for v in arrivals.values()), queries.ZERO),
        },
    )


@login_required
def target_list(request: HttpRequest) -> HttpResponse:
    user = enter(request)
    period = period_param(request)
    progress = [targets.progress(t) for t in targets.targets_for(user=user, period=period)]
    can_manage = can_manage_targets(user)
    form = TargetForm(initial={"year": timezone.localdate().year}) if can_manage else None
    return render(
        request,
        "investment/targets.html",
        {
            "lines": progress,
            "period": period,
            "periods": targets.target_periods(user=user),
            "form": form,
        },
    )


@login_required
def target_export(request: HttpRequest) -> HttpResponse:
    user = enter(request)
    period = period_param(request)
    progress = [targets.progress(t) for t in targets.targets_for(user=user, period=period)]
    return xlsx_response(
        filename="招商目标.xlsx",
        sheet="招商目标",
        headers=TARGET_HEADERS,
        rows=(target_row(p) for p in progress),
    )


@login_required
@require_POST
def target_add(request: HttpRequest) -> HttpResponse:
    user = enter(request)
    require(can_manage_targets(user))
    form = TargetForm(request.POST)
    if form.is_valid():
        try:
            target = services.target_save(actor=user, **form.service_data())
            messages.success(request, _("已添加目标：%(t)s") % {"t": target})
        except ValidationError as exc:
            messages.error(request, error_text(exc))
    else:
        messages.error(request, error_text(form.errors))
    return redirect("investment:targets")


@login_required
def target_detail(request: HttpRequest, target_id: int) -> HttpResponse:
    """A target's progress, the projects it counts and its history; those who manage targets
    change it here (POST)."""
    user = enter(request)
    target: Target = get_object_or_404(targets.targets_for(user=user), pk=target_id)
    editable = can_manage_targets(user)
    if request.method == "POST":
        require(editable)
    form = None
    if editable:
        form = TargetForm(
            request.POST if request.method == "POST" else None,
            initial={
                "year": target.year,
                "quarter": target.quarter,
                "scope": target.scope,
                "chain": target.chain_id,
                "officer": target.officer_id,
                "project_count": target.project_count,
                "amount": units.to_input(target.amount, "亿元"),
                "industrial_only": target.industrial_only,
            },
        )
    if form is not None and form.is_bound and form.is_valid():
        try:
            services.target_save(actor=user, target=target, **form.service_data())
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("已修改目标：%(t)s") % {"t": target})
            return redirect("investment:target", target.pk)
    progress = targets.progress(target)
    counted = (
        queries.project_list(user=user)
        .filter(pk__in=targets.counted_projects(target, progress.period).values("pk"))
        .order_by("signed_on", "pk")
    )
    return render(
        request,
        "investment/target_detail.html",
        {
            "progress": progress,
            "gauges": gauges([progress])[0],
            "counted": counted,
            "history": timeline(target)[:20],
            "form": form,
        },
    )


@login_required
def arrival_list(request: HttpRequest) -> HttpResponse:
    user = enter(request)
    period = period_param(request)
    arrivals = queries.arrival_list(user=user, period=period)
    return render(
        request,
        "investment/arrival_list.html",
        {
            "page": Paginator(arrivals, 50).get_page(request.GET.get("page")),
            "period": period,
            "periods": _period_choices(request, period or _period(request)),
        },
    )


@login_required
def arrival_export(request: HttpRequest) -> HttpResponse:
    user = enter(request)
    arrivals = queries.arrival_list(user=user, period=period_param(request))
    return xlsx_response(
        filename="到位资金.xlsx",
        sheet="到位资金",
        headers=ARRIVAL_HEADERS,
        rows=(arrival_row(a) for a in arrivals),
    )


@login_required
def chain_list(request: HttpRequest) -> HttpResponse:
    user = enter(request)
    return render(
        request,
        "investment/chain_list.html",
        {"rows": queries.chain_overview(user=user), "stages": PIPELINE},
    )


@login_required
def chain_export(request: HttpRequest) -> HttpResponse:
    user = enter(request)
    return xlsx_response(
        filename="产业链招商.xlsx",
        sheet="产业链招商",
        headers=CHAIN_HEADERS,
        rows=(chain_row(row) for row in queries.chain_overview(user=user)),
    )


@login_required
def chain_detail(request: HttpRequest, chain_id: int) -> HttpResponse:
    user = enter(request)
    chain = get_object_or_404(registry.chain_list(user=user), pk=chain_id)
    page = queries.chain_page(user=user, chain=chain)
    period = targets.default_period(user=user)
    chain_targets = (
        [
            targets.progress(t)
            for t in targets.targets_for(user=user, period=period).filter(chain=chain)
        ]
        if period
        else []
    )
    return render(
        request,
        "investment/chain_detail.html",
        {
            "page": page,
            "chain": chain,
            "targets": chain_targets,
            "can_manage": can_manage_targets(user),
            "officer_form": ChainOfficerForm() if can_manage_targets(user) else None,
            "history": [r for t in page.team for r in timeline(t)[:5]],
        },
    )


@login_required
@require_POST
def chain_officer_add(request: HttpRequest, chain_id: int) -> HttpResponse:
    user = enter(request)
    chain = get_object_or_404(registry.chain_list(user=user), pk=chain_id)
    require(can_manage_targets(user))
    form = ChainOfficerForm(request.POST)
    if form.is_valid():
        services.chain_officer_set(actor=user, chain=chain, **form.cleaned_data)
        messages.success(request, _("已加入产业链招商专员"))
    else:
        messages.error(request, error_text(form.errors))
    return redirect("investment:chain", chain_id=chain.pk)


@login_required
@require_POST
def chain_officer_remove(request: HttpRequest, chain_id: int, link_id: int) -> HttpResponse:
    user = enter(request)
    chain = get_object_or_404(registry.chain_list(user=user), pk=chain_id)
    link = get_object_or_404(ChainOfficer, pk=link_id, chain=chain)
    services.chain_officer_remove(actor=user, link=link)
    messages.success(request, _("已移出产业链招商专员"))
    return redirect("investment:chain", chain_id=chain.pk)
