"""The 达产达效 page and its two inputs. Thin: parse, read or call the registry's service,
render."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zoneops.core.models import Park, User
from zoneops.core.navigation import require_module
from zoneops.core.params import query_int, query_month
from zoneops.core.permissions import may, require
from zoneops.core.queries import park_list
from zoneops.core.scope import scope_of
from zoneops.enterprises import queries as registry
from zoneops.enterprises import services as registry_services
from zoneops.enterprises.models import ChainRole, Enterprise
from zoneops.monitoring.capacity import queries
from zoneops.monitoring.capacity.forms import GrowthPointForm, OutputTargetForm
from zoneops.monitoring.models import ReportingPeriod
from zoneops.monitoring.reports import queries as report_queries

ACTION = "enterprises.capacity"


def _enterprises(user: User) -> QuerySet[Enterprise]:
    return registry.enterprise_list(user=user).order_by("name", "pk")


def _leading(user: User) -> QuerySet[Enterprise]:
    return (
        _enterprises(user)
        .filter(
            Q(tags__code__in=registry_services.LEADING_TAGS)
            | Q(chain_memberships__role=ChainRole.OWNER)
        )
        .distinct()
    )


def _place(user: User, parks: QuerySet[Park], park: int | None) -> str:
    """The park chosen, a park officer's own park(s), or the zone."""
    chosen = [p.name for p in parks if p.pk == park]
    if chosen:
        return chosen[0]
    scope = scope_of(user)
    if scope.zone or scope.department_sees_zone:
        return _("全区")
    return "、".join(p.name for p in parks) or _("全区")


def _forms(
    user: User, point_data: Any = None, target_data: Any = None, year: int | None = None
) -> tuple[GrowthPointForm, OutputTargetForm]:
    return (
        GrowthPointForm(point_data, enterprises=_enterprises(user), auto_id="gp_%s"),
        OutputTargetForm(
            target_data, enterprises=_leading(user), initial={"year": year}, auto_id="ot_%s"
        ),
    )


def _page(
    request: HttpRequest,
    forms: tuple[GrowthPointForm, OutputTargetForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    user = cast(User, request.user)
    month = query_month(request, "period")
    period: ReportingPeriod | None
    if month is not None:
        period = get_object_or_404(ReportingPeriod, year=month[0], month=month[1])
    else:
        period = report_queries.latest_period()
    parks = park_list(user=user)
    park = query_int(request, "park")
    if park is not None and not parks.filter(pk=park).exists():
        raise Http404
    may_enter = may(user, ACTION)
    if may_enter and forms is None:
        forms = _forms(user, year=period.year if period else None)
    context: dict[str, Any] = {
        "period": period,
        "park": park,
        "parks": parks,
        "place": _place(user, parks, park),
        "periods": ReportingPeriod.objects.filter(reports__status="approved")
        .distinct()
        .order_by("-year", "-month")[:36],
        "points": queries.growth_points(user=user, period=period, park=park) if period else [],
        "leaders": queries.leading(user=user, period=period, park=park) if period else [],
        "point_form": forms[0] if may_enter and forms else None,
        "target_form": forms[1] if may_enter and forms else None,
    }
    return render(request, "monitoring/capacity.html", context, status=status)


@login_required
def capacity(request: HttpRequest) -> HttpResponse:
    require_module(request.user, "monitoring")
    return _page(request)


@login_required
@require_POST
def growth_point_save(request: HttpRequest) -> HttpResponse:
    require_module(request.user, "monitoring")
    user = cast(User, request.user)
    require(may(user, ACTION))
    point_form, target_form = _forms(user, point_data=request.POST)
    if point_form.is_valid():
        try:
            point = registry_services.growth_point_set(actor=user, **point_form.service_data())
        except ValidationError as exc:
            point_form.add_error(None, exc)
        else:
            messages.success(request, _("已保存新增长点：%(name)s") % {"name": point.enterprise})
            return redirect(reverse("monitoring:capacity"))
    return _page(request, (point_form, target_form), status=422)


@login_required
@require_POST
def output_target_save(request: HttpRequest) -> HttpResponse:
    require_module(request.user, "monitoring")
    user = cast(User, request.user)
    require(may(user, ACTION))
    point_form, target_form = _forms(user, target_data=request.POST)
    if target_form.is_valid():
        try:
            target = registry_services.output_target_set(actor=user, **target_form.service_data())
        except ValidationError as exc:
            target_form.add_error(None, exc)
        else:
            messages.success(
                request, _("已保存龙头企业产值目标：%(name)s") % {"name": target.enterprise}
            )
            return redirect(reverse("monitoring:capacity"))
    return _page(request, (point_form, target_form), status=422)
