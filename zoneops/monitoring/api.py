"""The monthly ledgers as JSON: indicators, periods, reports and their values, aggregates,
targets and alerts. Thin: parse, call a query or a service, answer."""

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from zoneops.core.bounds import Bound, Id
from zoneops.core.pagination import Pagination
from zoneops.core.schemas import ErrorOut, InputSchema
from zoneops.enterprises import queries as registry
from zoneops.monitoring import alerts, queries, services
from zoneops.monitoring.models import (
    Alert,
    AlertMonth,
    Indicator,
    MonthlyReport,
    ReportingPeriod,
    ReportValue,
)
from zoneops.monitoring.periods import parse_period, period_for_entry
from zoneops.monitoring.validation import as_messages

router = Router(tags=["monitoring"])


class IndicatorOut(Schema):
    code: str
    name: str
    unit: str
    display_unit: str
    kind: str
    form: str
    allows_negative: bool


@router.get("/monitoring/indicators", response=list[IndicatorOut])
def indicator_list(request: HttpRequest) -> Any:
    return Indicator.objects.visible_to(request.user).filter(is_active=True)


class PeriodOut(Schema):
    key: str
    label: str
    deadline: dt.date
    combined_with_january: bool

    @staticmethod
    def resolve_label(obj: ReportingPeriod) -> str:
        return str(obj)


@router.get("/monitoring/periods", response=list[PeriodOut])
@paginate(Pagination)
def period_list(request: HttpRequest) -> Any:
    return ReportingPeriod.objects.visible_to(request.user)


def _period(text: str) -> ReportingPeriod:
    try:
        year, month = parse_period(text)
    except Exception as exc:
        raise HttpError(422, str(getattr(exc, "message", exc))) from exc
    return get_object_or_404(ReportingPeriod, year=year, month=month)


class ValueOut(Schema):
    indicator: str = Field(..., alias="indicator.code")
    month_value: Decimal | None
    ytd_value: Decimal | None
    last_ytd_value: Decimal | None
    last_month_value: Decimal | None


class ReportOut(Schema):
    id: int
    enterprise_id: int
    enterprise: str = Field(..., alias="enterprise.name")
    period: str = Field(..., alias="period.key")
    status: str
    revision: int
    explanation: str
    return_reason: str
    submitted_at: dt.datetime | None
    approved_at: dt.datetime | None


class ReportDetailOut(ReportOut):
    values: list[ValueOut]

    @staticmethod
    def resolve_values(obj: MonthlyReport) -> list[Any]:
        return list(obj.values.select_related("indicator"))


@router.get("/monitoring/reports", response=list[ReportOut])
@paginate(Pagination)
def report_list(
    request: HttpRequest, period: str = "", status: str = "", enterprise: Id | None = None
) -> Any:
    reports = queries.report_list(
        user=request.user, period=_period(period) if period else None, status=status
    )
    return reports.filter(enterprise_id=enterprise) if enterprise else reports


@router.get("/monitoring/reports/{report_id}", response=ReportDetailOut)
def report_detail(request: HttpRequest, report_id: int) -> Any:
    return get_object_or_404(queries.report_list(user=request.user), pk=report_id)


class FiguresIn(InputSchema):
    month_value: Annotated[Decimal, Bound(ReportValue, "month_value")] | None = None
    ytd_value: Annotated[Decimal, Bound(ReportValue, "ytd_value")] | None = None
    last_ytd_value: Annotated[Decimal, Bound(ReportValue, "last_ytd_value")] | None = None
    last_month_value: Annotated[Decimal, Bound(ReportValue, "last_month_value")] | None = None


class ReportIn(InputSchema):
    enterprise_id: Id
    period: str = Field(..., description="YYYY-MM")
    values: dict[str, FiguresIn] = Field(
        ..., description="indicator code → figures, in stored units (元, kWh, persons)"
    )
    explanation: str | None = None
    submit: bool = False


def _refused(exc: services.ReportRefused) -> Status:
    indicators = services.indicator_map()
    return Status(
        422, {"detail": exc.messages[0], "findings": as_messages(exc.findings, indicators)}
    )


@router.put("/monitoring/reports", response={200: ReportDetailOut, 403: ErrorOut, 422: ErrorOut})
def report_put(request: HttpRequest, body: ReportIn) -> Any:
    """Create or change a report (draft, or submitted with ``submit``), as the form does."""
    enterprise = get_object_or_404(
        registry.enterprise_list(user=request.user), pk=body.enterprise_id
    )
    try:
        year, month = parse_period(body.period)
        report, _ = services.report_save(
            actor=request.user,
            enterprise=enterprise,
            period=period_for_entry(actor=request.user, year=year, month=month),
            figures={code: figures.model_dump() for code, figures in body.values.items()},
            explanation=body.explanation,
            submit=body.submit,
        )
    except PermissionDenied as exc:
        raise HttpError(403, "无权填报该企业的月报") from exc
    except services.ReportRefused as exc:
        return _refused(exc)
    except services.ValidationError as exc:
        return Status(422, {"detail": "; ".join(exc.messages)})
    return report


class ActionIn(InputSchema):
    action: Literal["submit", "approve", "return"]
    reason: str = ""


@router.post(
    "/monitoring/reports/{report_id}/actions",
    response={200: ReportDetailOut, 403: ErrorOut, 422: ErrorOut},
)
def report_action(request: HttpRequest, report_id: int, body: ActionIn) -> Any:
    report = get_object_or_404(queries.report_list(user=request.user), pk=report_id)
    try:
        if body.action == "submit":
            services.report_submit(actor=request.user, report=report)
        elif body.action == "approve":
            services.report_approve(actor=request.user, report=report)
        else:
            services.report_return(actor=request.user, report=report, reason=body.reason)
    except PermissionDenied as exc:
        raise HttpError(403, "无权进行此操作") from exc
    except services.ReportRefused as exc:
        return _refused(exc)
    return report


class GroupOut(Schema):
    key: str
    label: str
    ytd: Decimal
    last_ytd: Decimal
    growth: Decimal | None
    enterprises: int
    contribution_points: Decimal | None
    contribution_share: Decimal | None


class AggregatesOut(Schema):
    period: str
    indicator: str
    unit: str
    by: str
    groups: list[GroupOut]


@router.get("/monitoring/aggregates", response=AggregatesOut)
def aggregates(
    request: HttpRequest,
    period: str,
    indicator: str,
    by: Literal["zone", "park", "industry", "chain"] = "zone",
) -> Any:
    """Year-to-date per group, last year's (same enterprises), growth %, enterprise count."""
    found = get_object_or_404(Indicator.objects.visible_to(request.user), code=indicator)
    the_period = _period(period)
    groups = queries.aggregates(user=request.user, period=the_period, indicator=found, by=by)
    return {
        "period": the_period.key,
        "indicator": found.code,
        "unit": found.unit,
        "by": by,
        "groups": groups,
    }


class TargetOut(Schema):
    id: int
    scope: str
    park: str | None
    chain: str | None
    indicator: str
    year: int
    quarter: int | None
    kind: str
    value: Decimal
    actual: Decimal | None
    completion: Decimal | None
    gap: Decimal | None
    time_elapsed: Decimal


@router.get("/monitoring/targets", response=list[TargetOut])
def target_list(request: HttpRequest, year: int, period: str = "") -> Any:
    if not 2000 <= year <= 2100:
        raise HttpError(422, "年度应在 2000—2100 之间")
    the_period = _period(period) if period else queries.latest_period()
    rows = []
    for target in queries.targets_for(user=request.user, year=year):
        progress = (
            queries.target_progress(user=request.user, target=target, period=the_period)
            if the_period
            else None
        )
        rows.append(
            {
                "id": target.pk,
                "scope": target.scope,
                "park": target.park.name if target.park else None,
                "chain": target.chain.name if target.chain else None,
                "indicator": target.indicator.code,
                "year": target.year,
                "quarter": target.quarter,
                "kind": target.kind,
                "value": target.value,
                "actual": progress.actual if progress else None,
                "completion": progress.completion if progress else None,
                "gap": progress.gap if progress else None,
                "time_elapsed": progress.time_elapsed if progress else Decimal(0),
            }
        )
    return rows


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
def alert_list(request: HttpRequest, open_only: bool = True) -> Any:
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
def alert_handle(request: HttpRequest, alert_id: int, body: AlertActionIn) -> Any:
    alert = get_object_or_404(Alert.objects.visible_to(request.user), pk=alert_id)
    try:
        return alerts.alert_handle(
            actor=request.user, alert=alert, status=body.status, note=body.note
        )
    except PermissionDenied as exc:
        raise HttpError(403, "无权处理该预警") from exc
