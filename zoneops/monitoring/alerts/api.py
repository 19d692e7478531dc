"""Alerts as JSON, and handling one. Thin: parse, call a query or a service, answer."""

from typing import Any, Literal

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from zoneops.core.http import AuthedRequest
from zoneops.core.pagination import Pagination
from zoneops.core.schemas import ErrorOut, InputSchema
from zoneops.monitoring.alerts import queries
from zoneops.monitoring.alerts import services as alerts
from zoneops.monitoring.models import Alert, AlertMonth

router = Router(tags=["monitoring"])


class AlertMonthOut(Schema):
    period: str = Field(..., alias="period.key")
    level: str
    message: str


class AlertOut(Schema):
    """One enterprise's alert of one kind, open since ``period`` and holding up to
    ``last_period``; ``months`` its level and message month by month."""

    id: int
    enterprise_id: int
    enterprise: str = Field(..., alias="enterprise.name")
    period: str = Field(..., alias="period.key", description="the month it was first raised")
    last_period: str = Field(..., alias="last_period.key", description="the latest month")
    kind: str = Field(..., alias="rule.kind")
    level: str
    message: str
    status: str
    owner_id: int | None
    note: str
    months: list[AlertMonthOut]

    @staticmethod
    def resolve_months(obj: Alert) -> list[Any]:
        return list(obj.months.all())


@router.get("/monitoring/alerts", response=list[AlertOut])
@paginate(Pagination)
def alert_list(request: AuthedRequest, open_only: bool = True) -> Any:
    if open_only:
        return queries.open_alerts(user=request.user)
    return (
        Alert.objects.visible_to(request.user)
        .select_related("enterprise", "period", "last_period", "rule")
        .prefetch_related(Prefetch("months", AlertMonth.objects.select_related("period")))
    )


class AlertActionIn(InputSchema):
    status: Literal["acknowledged", "closed"]
    note: str = ""


@router.post("/monitoring/alerts/{alert_id}", response={200: AlertOut, 403: ErrorOut})
def alert_handle(request: AuthedRequest, alert_id: int, body: AlertActionIn) -> Any:
    alert = get_object_or_404(Alert.objects.visible_to(request.user), pk=alert_id)
    try:
        return alerts.alert_handle(
            actor=request.user, alert=alert, status=body.status, note=body.note
        )
    except PermissionDenied as exc:
        raise HttpError(403, "无权处理该预警") from exc
