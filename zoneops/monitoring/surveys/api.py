"""Production-plan surveys as JSON, and answering one. Thin: parse, call the same reads and writes
as the pages, answer. Out of scope (or out of the user's modules) is 404."""

import datetime as dt
from typing import Annotated, Any, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from zoneops.core.bounds import Bound, Id
from zoneops.core.pagination import Pagination
from zoneops.core.schemas import ErrorOut, InputSchema
from zoneops.enterprises.models import Enterprise
from zoneops.monitoring.api_access import require_user
from zoneops.monitoring.models import ProductionSurvey, SurveyResponse
from zoneops.monitoring.surveys import forms as survey_forms
from zoneops.monitoring.surveys import queries as survey_queries
from zoneops.monitoring.surveys import services as survey_services

router = Router(tags=["monitoring"])


class SurveyOut(Schema):
    id: int
    title: str
    holiday_start: dt.date
    holiday_end: dt.date
    deadline: dt.date
    above_scale_only: bool
    is_open: bool

    @staticmethod
    def resolve_is_open(obj: ProductionSurvey) -> bool:
        return survey_services.is_open(obj)


class PlanCountOut(Schema):
    plan: str
    label: str
    count: int


class ParkCountOut(Schema):
    park: str
    expected: int
    answered: int
    missing: int
    running: int
    stopping: int


class SummaryOut(Schema):
    expected: int
    answered: int
    missing: int
    by_plan: list[PlanCountOut]
    by_park: list[ParkCountOut]
    activities: dict[str, int]
    workers_on_duty: int
    without_orders: int


class StoppedOut(Schema):
    enterprise_id: int
    enterprise: str = Field(..., alias="enterprise.name")
    plan: str
    stop_from: dt.date | None
    stop_to: dt.date | None
    maintenance: bool
    training: bool
    spare_parts: bool
    note: str


class EnterpriseRefOut(Schema):
    id: int
    name: str
    park: str = Field(..., alias="park.name")


class SurveyDetailOut(SurveyOut):
    summary: SummaryOut
    stopped: list[StoppedOut]
    not_answered: list[EnterpriseRefOut]


@router.get("/monitoring/surveys", response=list[SurveyOut])
@paginate(Pagination)
def survey_list(request: HttpRequest) -> Any:
    return survey_queries.survey_list(user=require_user(request, enterprise_ok=True))


@router.get("/monitoring/surveys/{survey_id}", response=SurveyDetailOut)
def survey_detail(request: HttpRequest, survey_id: int) -> Any:
    """The survey with its live summary, stops and who has not answered (all within scope)."""
    user = require_user(request, enterprise_ok=True)
    survey = get_object_or_404(survey_queries.survey_list(user=user), pk=survey_id)
    summary = survey_queries.survey_summary(survey=survey, user=user)
    # The schema reads the survey's own fields and these three, set for this answer only.
    survey.summary = {  # type: ignore[attr-defined]
        "expected": summary.expected,
        "answered": summary.answered,
        "missing": summary.missing,
        "by_plan": summary.by_plan,
        "by_park": [
            {
                "park": p.park,
                "expected": p.expected,
                "answered": p.answered,
                "missing": p.missing,
                "running": p.running,
                "stopping": p.stopping,
            }
            for p in summary.by_park
        ],
        "activities": summary.activities,
        "workers_on_duty": summary.workers_on_duty,
        "without_orders": summary.without_orders,
    }
    survey.stopped = list(survey_queries.stopped(survey=survey, user=user))  # type: ignore[attr-defined]
    survey.not_answered = list(survey_queries.not_answered(survey=survey, user=user))  # type: ignore[attr-defined]
    return survey


Percent = Annotated[int, Bound(SurveyResponse, "capacity_percent", le=100)]


class ResponseIn(InputSchema):
    enterprise_id: Id | None = Field(
        None, description="an officer answering for an enterprise; an enterprise user omits it"
    )
    plan: Literal["full", "partial", "seasonal_stop", "holiday_stop"]
    capacity_percent: Annotated[int, Bound(SurveyResponse, "capacity_percent", le=100)] | None = (
        None
    )
    stop_from: Annotated[dt.date, Bound(SurveyResponse, "stop_from")] | None = None
    stop_to: Annotated[dt.date, Bound(SurveyResponse, "stop_to")] | None = None
    maintenance: bool = False
    training: bool = False
    spare_parts: bool = False
    workers_on_duty: Annotated[int, Bound(SurveyResponse, "workers_on_duty")] | None = None
    has_orders: bool = True
    note: str = ""


class ResponseOut(Schema):
    id: int
    survey_id: int
    enterprise_id: int
    enterprise: str = Field(..., alias="enterprise.name")
    plan: str
    capacity_percent: int | None
    stop_from: dt.date | None
    stop_to: dt.date | None
    maintenance: bool
    training: bool
    spare_parts: bool
    workers_on_duty: int | None
    has_orders: bool
    note: str
    answered_at: dt.datetime | None


@router.post(
    "/monitoring/surveys/{survey_id}/responses",
    response={200: ResponseOut, 201: ResponseOut, 403: ErrorOut, 422: ErrorOut},
)
def survey_respond(request: HttpRequest, survey_id: int, body: ResponseIn) -> Any:
    """An enterprise's answer (for itself), or an officer's on its behalf; 200 when it existed."""
    user = require_user(request, enterprise_ok=True)
    survey = get_object_or_404(survey_queries.survey_list(user=user), pk=survey_id)
    enterprise_id = body.enterprise_id or getattr(user, "enterprise_id", None)
    if enterprise_id is None:
        return Status(422, {"detail": "请指定企业（enterprise_id）"})
    enterprise = get_object_or_404(Enterprise.objects.visible_to(user), pk=enterprise_id)
    if not survey_services.expected_queryset(survey).filter(pk=enterprise.pk).exists():
        raise HttpError(404, "Not Found")
    existing = survey.responses.filter(enterprise=enterprise).first()
    data = body.model_dump(exclude={"enterprise_id"})
    form = survey_forms.SurveyResponseForm(
        {k: ("" if v is None else v) for k, v in data.items()}, instance=existing, survey=survey
    )
    if not form.is_valid():
        errors = {k: [str(m) for m in v] for k, v in form.errors.items()}
        return Status(422, {"detail": "数据有误", "errors": errors})
    try:
        response, _changed = survey_services.response_save(
            actor=user, survey=survey, enterprise=enterprise, data=form.answer()
        )
    except PermissionDenied:
        return Status(403, {"detail": "无权代该企业填报"})
    except ValidationError as exc:
        errors = exc.message_dict if hasattr(exc, "error_dict") else {}
        return Status(422, {"detail": "；".join(exc.messages), "errors": errors})
    return Status(200 if existing else 201, response)
