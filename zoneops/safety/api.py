"""Work safety as JSON, under /api/safety/. Thin: parse, call a query or a service, answer.

A grid member sees only the enterprises of their grid, an enterprise only itself; anything
else is 404, as on the pages. Numbers are bounded at the edge (422, nothing stored).
"""

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal, cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from zoneops.core.bounds import Bound, Id
from zoneops.core.models import User
from zoneops.core.navigation import module_allowed
from zoneops.core.pagination import Pagination
from zoneops.core.schemas import ErrorOut, InputSchema
from zoneops.safety import queries, services
from zoneops.safety.models import Hazard

router = Router(tags=["safety"])


def _user(request: HttpRequest) -> User:
    if not module_allowed(request.user, "safety"):
        raise Http404
    return cast(User, request.user)


def _refused(exc: ValidationError) -> Any:
    errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return Status(422, {"detail": "数据有误", "errors": errors})


class SafetyGridOut(Schema):
    id: int
    code: str
    name: str
    park: str
    area: str
    frequency_days: int
    members: list[str]

    @staticmethod
    def resolve_park(obj: Any) -> str:
        return str(obj.area.park.name)

    @staticmethod
    def resolve_area(obj: Any) -> str:
        return str(obj.area.name)

    @staticmethod
    def resolve_members(obj: Any) -> list[str]:
        return [str(member) for member in obj.members.all()]


@router.get("/grids", response=list[SafetyGridOut])
@paginate(Pagination)
def safety_grid_list(request: HttpRequest) -> Any:
    return queries.grids(user=_user(request)).order_by("code")


class SafetyHazardOut(Schema):
    id: int
    number: str
    enterprise_id: int
    enterprise: str
    source: str
    found_on: dt.date
    description: str
    level: str
    kind: str
    status: str
    mode: str
    deadline_days: int
    deadline: dt.date
    funds: Decimal | None
    supervision: str
    rechecks: int

    @staticmethod
    def resolve_enterprise(obj: Any) -> str:
        return str(obj.enterprise.name)


class SafetyHazardFilters(InputSchema):
    status: Literal["", "open", "reported", "ordered", "rectifying", "awaiting", "closed"] = ""
    level: Literal["", "general", "major"] = ""
    overdue: bool = False
    enterprise_id: Id | None = None


@router.get("/hazards", response=list[SafetyHazardOut])
@paginate(Pagination)
def safety_hazard_list(request: HttpRequest, filters: Query[SafetyHazardFilters]) -> Any:
    user = _user(request)
    enterprise = None
    if filters.enterprise_id is not None:
        enterprise = get_object_or_404(queries.enterprises(user=user), pk=filters.enterprise_id)
    return queries.hazards(
        user=user,
        status=filters.status,
        level=filters.level,
        overdue=filters.overdue,
        enterprise=enterprise,
    )


@router.get("/hazards/{hazard_id}", response=SafetyHazardOut)
def safety_hazard_detail(request: HttpRequest, hazard_id: Id) -> Any:
    return get_object_or_404(queries.hazards(user=_user(request)), pk=hazard_id)


class SafetyHazardIn(InputSchema):
    enterprise_id: Id
    source: Literal["self", "enforcement", "supervision", "third_party"]
    found_on: Annotated[dt.date, Bound(Hazard, "found_on")] | None = None
    description: str = Field(..., min_length=1, max_length=1000)
    place: str = Field("", max_length=200)
    level: Literal["general", "major"] = "general"
    kind: Literal["thing", "behaviour", "management"] = "thing"
    mode: Literal["immediate", "deadline"] = "deadline"
    responsible: str = Field("", max_length=50)
    deadline_days: Annotated[int, Bound(Hazard, "deadline_days")] = 10
    funds: Annotated[Decimal, Bound(Hazard, "funds")] | None = None
    plan_goal: str = Field("", max_length=1000)
    plan_measures: str = Field("", max_length=1000)
    plan_people: str = Field("", max_length=500)
    plan_safety: str = Field("", max_length=1000)
    supervision: Literal["", "park", "zone", "city"] = ""


@router.post("/hazards", response={201: SafetyHazardOut, 403: ErrorOut, 422: ErrorOut})
def safety_hazard_create(request: HttpRequest, body: SafetyHazardIn) -> Any:
    """Report a hazard at an enterprise one sees (a 重大 one with its plan and 督办 level)."""
    user = _user(request)
    enterprise = get_object_or_404(queries.enterprises(user=user), pk=body.enterprise_id)
    data = body.model_dump(exclude={"enterprise_id", "source", "found_on"})
    try:
        hazard = services.hazard_report(
            actor=user,
            enterprise=enterprise,
            data=data,
            source=body.source,
            found_on=body.found_on or timezone.localdate(),
        )
    except PermissionDenied:
        return Status(403, {"detail": "无权进行此操作"})
    except ValidationError as exc:
        return _refused(exc)
    return Status(201, hazard)


class SafetyStepIn(InputSchema):
    action: Literal["order", "start", "rectified", "pass", "fail"]
    note: str = Field("", max_length=1000)
    deadline_days: Annotated[int, Bound(Hazard, "deadline_days")] | None = None


@router.post(
    "/hazards/{hazard_id}/steps", response={200: SafetyHazardOut, 403: ErrorOut, 422: ErrorOut}
)
def safety_hazard_step(request: HttpRequest, hazard_id: Id, body: SafetyStepIn) -> Any:
    """One step of the loop: 责令整改, 开始整改, 报告整改完成, 复查通过 or 复查不通过."""
    user = _user(request)
    hazard = get_object_or_404(queries.hazards(user=user), pk=hazard_id)
    try:
        return services.hazard_act(
            actor=user,
            hazard=hazard,
            action=body.action,
            note=body.note,
            deadline_days=body.deadline_days,
        )
    except PermissionDenied:
        return Status(403, {"detail": "无权进行此操作"})
    except ValidationError as exc:
        return _refused(exc)


class SafetyInspectionOut(Schema):
    id: int
    enterprise_id: int
    source: str
    inspected_on: dt.date
    inspectors: str
    checklist_id: int | None


@router.get("/inspections", response=list[SafetyInspectionOut])
@paginate(Pagination)
def safety_inspection_list(request: HttpRequest) -> Any:
    return queries.inspections(user=_user(request))


class SafetyStatsOut(Schema):
    open_hazards: int
    open_major: int
    overdue: int
    overdue_major: int
    found_in_period: int
    major_in_period: int
    closed_in_period: int
    closed_on_time: int
    on_time_rate: float | None
    inspections_in_period: int
    coverage_rate: float | None


class SafetyStatsFilters(InputSchema):
    start: Annotated[dt.date, Bound(Hazard, "found_on")] | None = None


@router.get("/stats", response=SafetyStatsOut)
def safety_stats(request: HttpRequest, filters: Query[SafetyStatsFilters]) -> Any:
    """The figures of the dashboard (and the leaders' briefing) within the caller's sight."""
    return queries.briefing_figures(
        user=_user(request), today=timezone.localdate(), start=filters.start
    )
