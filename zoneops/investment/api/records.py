"""Funds arrived, the work log and events (release conferences, promotions, signing ceremonies)
as JSON. Money is in 元 both ways."""

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from zoneops.core.bounds import Bound, Id
from zoneops.core.models import User
from zoneops.core.pagination import Pagination
from zoneops.core.schemas import ErrorOut, InputSchema
from zoneops.investment import queries, services
from zoneops.investment.api.common import _enter, _errors, _project, _user
from zoneops.investment.models import (
    Event,
    EventProject,
    FundArrival,
    Project,
    WorkLog,
)
from zoneops.investment.periods import parse_period

router = Router(tags=["investment"])


class ArrivalIn(InputSchema):
    month: Annotated[dt.date, Bound(FundArrival, "month")] = Field(
        ..., description="当月任一日期，按月份记"
    )
    origin: Literal["outside_province", "outside_city", "local", "abroad"]
    amount: Annotated[Decimal, Bound(FundArrival, "amount")] = Field(..., description="元")
    note: str = ""


class ArrivalOut(Schema):
    id: int
    project_id: int
    project: str = Field(..., alias="project.name")
    month: dt.date
    origin: str
    amount: Decimal
    note: str


@router.get("/investment/projects/{project_id}/arrivals", response=list[ArrivalOut])
def project_arrivals(request: HttpRequest, project_id: int) -> Any:
    return FundArrival.objects.filter(project=_project(request, project_id)).select_related(
        "project"
    )


@router.post(
    "/investment/projects/{project_id}/arrivals",
    response={201: ArrivalOut, 403: ErrorOut, 422: ErrorOut},
)
def arrival_add(request: HttpRequest, project_id: int, body: ArrivalIn) -> Any:
    project = _project(request, project_id)
    try:
        arrival = services.arrival_save(actor=_user(request), project=project, **body.model_dump())
    except PermissionDenied as exc:
        raise HttpError(403, "无权进行此操作") from exc
    except ValidationError as exc:
        return _errors(exc)
    return Status(201, arrival)


@router.get("/investment/arrivals", response=list[ArrivalOut])
@paginate(Pagination)
def arrival_list(request: HttpRequest, period: str = "") -> Any:
    user = _enter(request)
    return queries.arrival_list(user=user, period=parse_period(period) if period else None)


class WorkLogOut(Schema):
    id: int
    kind: str
    on: dt.date
    until: dt.date | None
    place: str
    participants: list[str]
    other_participants: str
    counterpart: str
    outcome: str
    project_ids: list[int]

    @staticmethod
    def resolve_participants(obj: Any) -> list[str]:
        return [str(u) for u in obj.participants.all()]

    @staticmethod
    def resolve_project_ids(obj: Any) -> list[int]:
        return [p.pk for p in obj.projects.all()]


class WorkLogIn(InputSchema):
    kind: Literal["trip", "visit", "meeting"]
    on: Annotated[dt.date, Bound(WorkLog, "on")]
    until: Annotated[dt.date, Bound(WorkLog, "until")] | None = None
    place: str
    participant_ids: list[Id] = []
    other_participants: str = ""
    counterpart: str
    outcome: str = ""
    project_ids: list[Id] = []


@router.get("/investment/worklogs", response=list[WorkLogOut])
@paginate(Pagination)
def worklog_list(request: HttpRequest, kind: str = "", period: str = "") -> Any:
    user = _enter(request)
    return queries.worklog_list(
        user=user, kind=kind, period=parse_period(period) if period else None
    )


@router.post("/investment/worklogs", response={201: WorkLogOut, 403: ErrorOut, 422: ErrorOut})
def worklog_create(request: HttpRequest, body: WorkLogIn) -> Any:
    user = _enter(request)
    data = body.model_dump()
    people = list(User.objects.filter(pk__in=data.pop("participant_ids"), is_active=True))
    wanted = data.pop("project_ids")
    projects = list(Project.objects.visible_to(user).filter(pk__in=wanted))
    if len(projects) != len(set(wanted)):
        return Status(422, {"detail": "数据有误", "errors": {"project_ids": ["项目不存在"]}})
    try:
        worklog = services.worklog_save(
            actor=user, data=data, participants=people, projects=projects
        )
    except PermissionDenied as exc:
        raise HttpError(403, "无权进行此操作") from exc
    except ValidationError as exc:
        return _errors(exc)
    return Status(201, queries.worklog_list(user=user).get(pk=worklog.pk))


class EventLineOut(Schema):
    project_id: int
    project: str = Field(..., alias="project.name")
    role: str
    amount: Decimal | None


class EventOut(Schema):
    id: int
    kind: str
    title: str
    on: dt.date
    place: str
    participants: str
    note: str
    lines: list[EventLineOut]

    @staticmethod
    def resolve_lines(obj: Any) -> list[Any]:
        return list(obj.visible_lines)


class EventIn(InputSchema):
    kind: Literal["release", "promotion", "signing"]
    title: str
    on: Annotated[dt.date, Bound(Event, "on")]
    place: str
    participants: str = ""
    note: str = ""


class EventLineIn(InputSchema):
    project_id: Id
    role: Literal["released", "signed"]
    amount: Annotated[Decimal, Bound(EventProject, "amount")] | None = Field(
        None, description="元；签约方式加入的未签约项目随之签约"
    )


@router.get("/investment/events", response=list[EventOut])
@paginate(Pagination)
def event_list(request: HttpRequest, kind: str = "", period: str = "") -> Any:
    user = _enter(request)
    return queries.event_list(user=user, kind=kind, period=parse_period(period) if period else None)


@router.post("/investment/events", response={201: EventOut, 403: ErrorOut, 422: ErrorOut})
def event_create(request: HttpRequest, body: EventIn) -> Any:
    user = _enter(request)
    try:
        event = services.event_save(actor=user, data=body.model_dump())
    except PermissionDenied as exc:
        raise HttpError(403, "无权进行此操作") from exc
    except ValidationError as exc:
        return _errors(exc)
    return Status(201, queries.event_list(user=user).get(pk=event.pk))


@router.get("/investment/events/{event_id}", response=EventOut)
def event_detail(request: HttpRequest, event_id: int) -> Any:
    return get_object_or_404(queries.event_list(user=_enter(request)), pk=event_id)


@router.post(
    "/investment/events/{event_id}/projects",
    response={200: EventOut, 403: ErrorOut, 422: ErrorOut},
)
def event_line_add(request: HttpRequest, event_id: int, body: EventLineIn) -> Any:
    user = _enter(request)
    event = get_object_or_404(queries.event_list(user=user), pk=event_id)
    project = get_object_or_404(Project.objects.visible_to(user), pk=body.project_id)
    try:
        services.event_project_save(
            actor=user, event=event, project=project, role=body.role, amount=body.amount
        )
    except PermissionDenied as exc:
        raise HttpError(403, "无权进行此操作") from exc
    except ValidationError as exc:
        return _errors(exc)
    return Status(200, queries.event_list(user=user).get(pk=event.pk))
