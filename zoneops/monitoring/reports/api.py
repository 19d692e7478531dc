"""The monthly reports as JSON: indicators, periods, reports and their values, filling and acting
on a report. Thin: parse, call a query or a service, answer."""

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from zoneops.core.bounds import Bound, Id
from zoneops.core.http import AuthedRequest
from zoneops.core.pagination import Pagination
from zoneops.core.schemas import ErrorOut, InputSchema
from zoneops.enterprises import queries as registry
from zoneops.monitoring.api_access import period_or_404
from zoneops.monitoring.models import (
    Indicator,
    MonthlyReport,
    ReportingPeriod,
    ReportValue,
)
from zoneops.monitoring.periods import parse_period, period_for_entry
from zoneops.monitoring.reports import figures as report_figures
from zoneops.monitoring.reports import queries
from zoneops.monitoring.reports import services as report_services
from zoneops.monitoring.reports.validation import as_messages

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
def indicator_list(request: AuthedRequest) -> Any:
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
def period_list(request: AuthedRequest) -> Any:
    return ReportingPeriod.objects.visible_to(request.user)


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
    request: AuthedRequest, period: str = "", status: str = "", enterprise: Id | None = None
) -> Any:
    reports = queries.report_list(
        user=request.user,
        period=period_or_404(period) if period else None,
        status=status,
    )
    return reports.filter(enterprise_id=enterprise) if enterprise else reports


@router.get("/monitoring/reports/{report_id}", response=ReportDetailOut)
def report_detail(request: AuthedRequest, report_id: int) -> Any:
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


def _refused(exc: report_services.ReportRefused) -> Status[Any]:
    indicators = report_figures.indicator_map()
    return Status(
        422, {"detail": exc.messages[0], "findings": as_messages(exc.findings, indicators)}
    )


@router.put("/monitoring/reports", response={200: ReportDetailOut, 403: ErrorOut, 422: ErrorOut})
def report_put(request: AuthedRequest, body: ReportIn) -> Any:
    """Create or change a report (draft, or submitted with ``submit``), as the form does."""
    enterprise = get_object_or_404(
        registry.enterprise_list(user=request.user), pk=body.enterprise_id
    )
    try:
        year, month = parse_period(body.period)
        report, _ = report_services.report_save(
            actor=request.user,
            enterprise=enterprise,
            period=period_for_entry(actor=request.user, year=year, month=month),
            figures={code: figures.model_dump() for code, figures in body.values.items()},
            explanation=body.explanation,
            submit=body.submit,
        )
    except PermissionDenied as exc:
        raise HttpError(403, "无权填报该企业的月报") from exc
    except report_services.ReportRefused as exc:
        return _refused(exc)
    except ValidationError as exc:
        return Status(422, {"detail": "; ".join(exc.messages)})
    return report


class ActionIn(InputSchema):
    action: Literal["submit", "approve", "return"]
    reason: str = ""


@router.post(
    "/monitoring/reports/{report_id}/actions",
    response={200: ReportDetailOut, 403: ErrorOut, 422: ErrorOut},
)
def report_action(request: AuthedRequest, report_id: int, body: ActionIn) -> Any:
    report = get_object_or_404(queries.report_list(user=request.user), pk=report_id)
    try:
        if body.action == "submit":
            report_services.report_submit(actor=request.user, report=report)
        elif body.action == "approve":
            report_services.report_approve(actor=request.user, report=report)
        else:
            report_services.report_return(actor=request.user, report=report, reason=body.reason)
    except PermissionDenied as exc:
        raise HttpError(403, "无权进行此操作") from exc
    except report_services.ReportRefused as exc:
        return _refused(exc)
    return report
