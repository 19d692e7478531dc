"""The electricity nowcast page: the estimates of a month, labelled 估算, with their back-tested
error, kept apart from the reported figures; the economy office runs the estimate from here."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from zoneops.core.http import AuthedRequest
from zoneops.core.navigation import require_module
from zoneops.core.permissions import require
from zoneops.monitoring.models import Estimate, ReportingPeriod
from zoneops.monitoring.nowcast import method as nowcast_method
from zoneops.monitoring.nowcast import queries as nowcast_queries
from zoneops.monitoring.nowcast import services as nowcast_services
from zoneops.monitoring.permissions import can_manage_catalogue


def _period(request: AuthedRequest) -> ReportingPeriod | None:
    """The month asked for (?period=YYYY-MM), else the latest estimated one, else the latest."""
    wanted = request.GET.get("period") or request.POST.get("period") or ""
    periods = ReportingPeriod.objects.visible_to(request.user)
    if wanted:
        found = next((p for p in periods if p.key == wanted), None)
        if found is None:
            raise Http404
        return found
    latest = (
        Estimate.objects.visible_to(request.user)
        .order_by("-period__year", "-period__month")
        .values_list("period_id", flat=True)
        .first()
    )
    return periods.filter(pk=latest).first() if latest else periods.first()


@login_required
def nowcast_page(request: AuthedRequest) -> HttpResponse:
    require_module(request.user, "monitoring")
    user = request.user
    period = _period(request)
    may_run = can_manage_catalogue(user)
    if request.method == "POST":
        require(may_run and period is not None)
        assert period is not None
        result = nowcast_services.nowcast_run(period=period, actor=user)
        messages.success(
            request,
            _("估算完成：新增 %(c)d，更新 %(u)d，未变 %(n)d，删除 %(d)d，无法估算 %(s)d")
            % {
                "c": result.created,
                "u": result.updated,
                "n": result.unchanged,
                "d": result.deleted,
                "s": len(result.nowcast.skipped),
            },
        )
        return redirect(reverse("monitoring:nowcast") + f"?period={period.key}")
    summary = nowcast_queries.nowcast_summary(user=user, period=period) if period else None
    return render(
        request,
        "monitoring/nowcast_estimates.html",
        {
            "period": period,
            "periods": ReportingPeriod.objects.visible_to(user)[:36],
            "summary": summary,
            "may_run": may_run,
            "method": nowcast_method.METHOD_LABEL,
            "window": nowcast_method.WINDOW,
            "min_points": nowcast_method.MIN_POINTS,
        },
    )
