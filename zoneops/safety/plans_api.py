"""Inspection plans and 开停车和大检修 records as JSON, on safety's router (/api/safety/).

A plan is found only when one of its targets is in the caller's sight, and shows only those
targets (a grid member: their grid's); anything else is 404, as on the pages.
"""

import datetime as dt
from typing import Annotated, Any, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Query, Schema, Status
from ninja.pagination import paginate

from zoneops.core.bounds import Bound, Id
from zoneops.core.pagination import Pagination
from zoneops.core.schemas import ErrorOut, InputSchema
from zoneops.safety import plan_queries, queries, services
from zoneops.safety.api import _refused, _user, router
from zoneops.safety.models import Shutdown


class SafetyPlanTargetOut(Schema):
    enterprise_id: int
    enterprise: str
    grid: str | None
    due_on: dt.date | None
    stop_from: dt.date | None
    restart_on: dt.date | None
    maintenance: bool
    done: bool
    inspection_id: int | None
    inspected_on: dt.date | None
    late: bool

    @staticmethod
    def resolve_enterprise_id(obj: Any) -> int:
        return int(obj.target.enterprise_id)

    @staticmethod
    def resolve_enterprise(obj: Any) -> str:
        return str(obj.target.enterprise.name)

    @staticmethod
    def resolve_grid(obj: Any) -> str | None:
        return str(obj.grid.name) if obj.grid else None

    @staticmethod
    def resolve_due_on(obj: Any) -> dt.date | None:
        return obj.target.due_on  # type: ignore[no-any-return]

    @staticmethod
    def resolve_stop_from(obj: Any) -> dt.date | None:
        return obj.target.stop_from  # type: ignore[no-any-return]

    @staticmethod
    def resolve_restart_on(obj: Any) -> dt.date | None:
        return obj.target.restart_on  # type: ignore[no-any-return]

    @staticmethod
    def resolve_maintenance(obj: Any) -> bool:
        return bool(obj.target.maintenance)

    @staticmethod
    def resolve_inspection_id(obj: Any) -> int | None:
        return obj.inspection.pk if obj.inspection else None

    @staticmethod
    def resolve_inspected_on(obj: Any) -> dt.date | None:
        return obj.inspection.inspected_on if obj.inspection else None


class SafetyInspectionPlanOut(Schema):
    id: int
    name: str
    kind: str
    checklist_id: int | None
    start_on: dt.date
    end_on: dt.date
    cycle: str
    round: int
    previous_id: int | None
    industries: list[str]
    key_only: bool
    survey_id: int | None
    grid_ids: list[int]

    @staticmethod
    def resolve_industries(obj: Any) -> list[str]:
        return list(obj.codes())

    @staticmethod
    def resolve_grid_ids(obj: Any) -> list[int]:
        return [grid.pk for grid in obj.grids.all()]


class SafetyInspectionPlanDetailOut(SafetyInspectionPlanOut):
    total: int
    done: int
    late: int
    rate: float | None
    targets: list[SafetyPlanTargetOut]

    @staticmethod
    def resolve_total(obj: Any) -> int:
        return int(obj.progress.total)

    @staticmethod
    def resolve_done(obj: Any) -> int:
        return int(obj.progress.done)

    @staticmethod
    def resolve_late(obj: Any) -> int:
        return int(obj.progress.late)

    @staticmethod
    def resolve_rate(obj: Any) -> float | None:
        return obj.progress.rate  # type: ignore[no-any-return]

    @staticmethod
    def resolve_targets(obj: Any) -> list[Any]:
        return list(obj.progress.rows)


class SafetyPlanFilters(InputSchema):
    kind: Literal["", "supervision", "special", "holiday", "restart", "snow", "flood"] = ""


@router.get("/plans", response=list[SafetyInspectionPlanOut])
@paginate(Pagination)
def safety_inspection_plan_list(request: HttpRequest, filters: Query[SafetyPlanFilters]) -> Any:
    """The inspection plans with a target in the caller's sight, the newest first."""
    found = plan_queries.plans(user=_user(request)).prefetch_related("grids")
    return found.filter(kind=filters.kind) if filters.kind else found


@router.get("/plans/{plan_id}", response=SafetyInspectionPlanDetailOut)
def safety_inspection_plan_detail(request: HttpRequest, plan_id: Id) -> Any:
    """A plan with its progress: each target in sight, checked (by which inspection) or not."""
    user = _user(request)
    plan = get_object_or_404(plan_queries.plans(user=user).prefetch_related("grids"), pk=plan_id)
    # The detail schema's resolvers read the progress from the plan.
    setattr(  # noqa: B010
        plan,
        "progress",
        plan_queries.plan_progress(user=user, plan=plan, today=timezone.localdate()),
    )
    return plan


class SafetyShutdownOut(Schema):
    id: int
    enterprise_id: int
    enterprise: str
    kind: str
    start_on: dt.date
    end_on: dt.date | None
    note: str

    @staticmethod
    def resolve_enterprise(obj: Any) -> str:
        return str(obj.enterprise.name)


class SafetyShutdownFilters(InputSchema):
    enterprise_id: Id | None = None


@router.get("/shutdowns", response=list[SafetyShutdownOut])
@paginate(Pagination)
def safety_shutdown_list(request: HttpRequest, filters: Query[SafetyShutdownFilters]) -> Any:
    """开停车和大检修 records in sight, the newest first (``?enterprise_id=``)."""
    user = _user(request)
    found = plan_queries.shutdowns(user=user)
    if filters.enterprise_id is not None:
        firm = get_object_or_404(queries.enterprises(user=user), pk=filters.enterprise_id)
        found = found.filter(enterprise=firm)
    return found


class SafetyShutdownIn(InputSchema):
    enterprise_id: Id
    kind: Literal["start", "stop", "overhaul"]
    start_on: Annotated[dt.date, Bound(Shutdown, "start_on")]
    end_on: Annotated[dt.date, Bound(Shutdown, "end_on")] | None = None
    note: str = Field("", max_length=500)


@router.post("/shutdowns", response={201: SafetyShutdownOut, 403: ErrorOut, 422: ErrorOut})
def safety_shutdown_create(request: HttpRequest, body: SafetyShutdownIn) -> Any:
    """Record an enterprise's 开车, 停车 or 大检修."""
    user = _user(request)
    firm = get_object_or_404(queries.enterprises(user=user), pk=body.enterprise_id)
    try:
        found = services.shutdown_save(
            actor=user, enterprise=firm, data=body.model_dump(exclude={"enterprise_id"})
        )
    except PermissionDenied:
        return Status(403, {"detail": "无权进行此操作"})
    except ValidationError as exc:
        return _refused(exc)
    return Status(201, found)
