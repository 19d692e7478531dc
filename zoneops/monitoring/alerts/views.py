"""The alerts page and handling an alert. Thin: parse the request, call a read or a service, render
the page or its htmx fragment."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zoneops.core.models import User
from zoneops.core.navigation import require_module
from zoneops.core.params import query_int
from zoneops.core.permissions import require
from zoneops.core.queries import park_list
from zoneops.monitoring.alerts import queries as alert_queries
from zoneops.monitoring.alerts import services as alert_service
from zoneops.monitoring.alerts.forms import AlertHandleForm
from zoneops.monitoring.models import AlertLevel, AlertStatus
from zoneops.monitoring.permissions import can_handle_alert


@login_required
def alerts(request: HttpRequest) -> HttpResponse:
    require_module(request.user, "monitoring")
    user = cast(User, request.user)
    get = request.GET
    level = get.get("level", "")
    status = get.get("status", "")
    park = query_int(request, "park")
    found = alert_queries.alert_list(user=user, level=level, status=status, park=park)
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
    alert = get_object_or_404(
        alert_queries.alert_list(user=cast(User, request.user), status="all"), pk=alert_id
    )
    require(_may_handle(request.user, alert))  # visible but not theirs to handle: 403
    form = AlertHandleForm(request.POST)
    if form.is_valid():
        alert_service.alert_handle(
            actor=cast(User, request.user),
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
