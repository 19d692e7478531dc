"""The targets page and adding a target. Thin: parse the request, call a read or a service, render
the page or its htmx fragment."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zoneops.core.models import User
from zoneops.core.navigation import require_module
from zoneops.core.params import query_int, query_month
from zoneops.core.permissions import require
from zoneops.core.queries import park_list
from zoneops.enterprises import queries as registry
from zoneops.monitoring.models import Indicator, ReportingPeriod
from zoneops.monitoring.permissions import can_manage_catalogue
from zoneops.monitoring.reports import queries as report_queries
from zoneops.monitoring.targets import queries as target_queries
from zoneops.monitoring.targets.forms import TargetForm
from zoneops.monitoring.targets.queries import describe
from zoneops.monitoring.targets.services import target_save


def _period(request: HttpRequest) -> ReportingPeriod | None:
    """?period=YYYY-MM (404 if there is no such period), else the latest approved one."""
    month = query_month(request, "period")
    if month is not None:
        return get_object_or_404(ReportingPeriod, year=month[0], month=month[1])
    return report_queries.latest_period()


@login_required
def targets(request: HttpRequest) -> HttpResponse:
    require_module(request.user, "monitoring")
    return _targets_page(request, form=None)


def _target_form(request: HttpRequest, data: Any = None, year: int | None = None) -> TargetForm:
    user = cast(User, request.user)
    return TargetForm(
        data,
        parks=park_list(user=user),
        chains=registry.chain_list(user=user),
        indicators=Indicator.objects.filter(is_active=True).order_by("order", "code"),
        initial={"year": year, "scope": "zone", "kind": "value"},
    )


def _targets_page(request: HttpRequest, form: TargetForm | None, status: int = 200) -> HttpResponse:
    user = cast(User, request.user)
    latest = report_queries.latest_period()
    year = query_int(request, "year", low=2000, high=2100) or (
        latest.year if latest else timezone.localdate().year
    )
    period = _period(request) if request.GET.get("period") else latest
    may_manage = can_manage_catalogue(user)
    if may_manage and form is None:
        form = _target_form(request, year=year)
    lines = (
        [
            describe(target_queries.target_progress(user=user, target=target, period=period))
            for target in target_queries.targets_for(user=user, year=year)
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
            target = target_save(actor=cast(User, request.user), **form.service_data())
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("已添加目标：%(target)s") % {"target": target})
            return redirect(f"{reverse('monitoring:targets')}?year={target.year}")
    return _targets_page(request, form=form, status=422)
