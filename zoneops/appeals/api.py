"""Appeals as JSON. Thin: parse, call a query or a service, answer. Scope as on the pages: an
enterprise sees its own appeals, a department those routed to it, parks their enterprises',
the window (企业服务中心) and the leaders all; anything else is 404."""

import datetime as dt
from typing import Any, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from zoneops.appeals import queries, services
from zoneops.appeals.models import AppealEvent
from zoneops.appeals.public import TopicCode
from zoneops.core.bounds import Id
from zoneops.core.http import AuthedRequest
from zoneops.core.models import Department
from zoneops.core.navigation import module_allowed
from zoneops.core.pagination import Pagination
from zoneops.core.schemas import ErrorOut, InputSchema
from zoneops.enterprises.models import Enterprise

router = Router(tags=["appeals"])


def _module(request: AuthedRequest) -> None:
    if not module_allowed(request.user, "appeals"):
        raise Http404


class AppealsAppealOut(Schema):
    id: int
    number: str
    enterprise_id: Id
    enterprise: str = Field(..., alias="enterprise.name")
    channel: str
    category: str
    topic: str
    urgency: str
    title: str
    content: str
    status: str
    department_id: int | None
    received_on: dt.date
    due_date: dt.date
    limit_days: int
    extended_days: int
    escalation: int = Field(..., description="督办级别 (0 for an enterprise: internal)")
    overdue: bool
    reply: str
    replied_on: dt.date | None
    resolved: bool | None
    closed_on: dt.date | None
    rating: str
    rating_comment: str
    reopened: int

    @staticmethod
    def resolve_overdue(obj: Any) -> bool:
        return bool(obj.is_overdue(timezone.localdate()))

    @staticmethod
    def resolve_escalation(obj: Any, context: Any) -> int:
        # The zone's supervision of its departments is not the enterprise's to read.
        request = (context or {}).get("request")
        if request is not None and not queries.sees_internal_steps(request.user):
            return 0
        return int(obj.escalation)


class AppealsEventOut(Schema):
    action: str
    at: dt.datetime
    actor: str | None
    actor_unit: str = Field(
        "", description="The unit the actor works for (enterprise, department or parks)"
    )
    department: str | None = Field(None, description="The appeal's department at this step")
    status: str
    note: str

    @staticmethod
    def resolve_actor(obj: AppealEvent) -> str | None:
        return str(obj.actor) if obj.actor else None

    @staticmethod
    def resolve_department(obj: AppealEvent) -> str | None:
        return obj.department.name if obj.department else None


class AppealsFilters(InputSchema):
    q: str = Field("", max_length=50)
    status: str = Field("", max_length=20)
    department: Id | None = None
    category: str = Field("", max_length=20)
    topic: str = Field("", max_length=20)
    overdue: bool = False


@router.get("/appeals", response=list[AppealsAppealOut])
@paginate(Pagination)
def appeal_list(request: AuthedRequest, filters: Query[AppealsFilters]) -> Any:
    _module(request)
    return queries.appeal_list(
        user=request.user,
        filters=queries.AppealFilter(**filters.dict()),
        today=timezone.localdate(),
    )


@router.get("/appeals/{appeal_id}", response={200: AppealsAppealOut, 404: ErrorOut})
def appeal_detail(request: AuthedRequest, appeal_id: int) -> Any:
    _module(request)
    return get_object_or_404(queries.appeal_detail_queryset(user=request.user), pk=appeal_id)


@router.get("/appeals/{appeal_id}/events", response={200: list[AppealsEventOut], 404: ErrorOut})
def appeal_events(request: AuthedRequest, appeal_id: int) -> Any:
    """The flow of an appeal, step by step (受理, 派单, 办理, 答复, 办结, 回访, 评价 …)."""
    _module(request)
    appeal = get_object_or_404(queries.appeal_detail_queryset(user=request.user), pk=appeal_id)
    return queries.events_of(appeal, user=request.user)


class AppealsAppealIn(InputSchema):
    enterprise_id: Id | None = None
    channel: Literal["portal", "walk_in", "phone", "visit", "difficulty"] = "portal"
    category: Literal["enquiry", "help", "complaint", "suggestion"]
    topic: TopicCode = "other"
    urgency: Literal["normal", "urgent"] = "normal"
    title: str = Field(..., min_length=1, max_length=100)
    content: str = Field(..., min_length=1, max_length=4000)
    contact_name: str = Field("", max_length=50)
    contact_phone: str = Field("", max_length=30)


def _errors(exc: ValidationError) -> dict[str, Any]:
    if hasattr(exc, "error_dict"):
        return {
            "detail": "；".join(exc.messages),
            "errors": {k: [str(m) for m in v] for k, v in exc.message_dict.items()},
        }
    return {"detail": "；".join(exc.messages)}


@router.post(
    "/appeals",
    response={201: AppealsAppealOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
)
def appeal_create(request: AuthedRequest, body: AppealsAppealIn) -> Any:
    """File an appeal: an enterprise user for their own enterprise (enterprise_id may be left
    out), staff for an enterprise they can see."""
    _module(request)
    user = request.user
    enterprise_id = body.enterprise_id or getattr(user, "enterprise_id", None)
    enterprise = get_object_or_404(Enterprise.objects.visible_to(user), pk=enterprise_id)
    data = body.dict(exclude={"enterprise_id"})
    if user.role != "enterprise" and data["channel"] == "portal":
        data["channel"] = "walk_in"
    try:
        appeal = services.appeal_create(user, enterprise=enterprise, **data)
    except PermissionDenied:
        return Status(403, {"detail": "无权登记该企业的诉求"})
    except ValidationError as exc:
        return Status(422, _errors(exc))
    return Status(201, appeal)


class AppealsActionIn(InputSchema):
    action: Literal[
        "accept",
        "dispatch",
        "redispatch",
        "send_back",
        "handle",
        "reply",
        "close",
        "follow_up",
    ]
    note: str = Field("", max_length=4000)
    department_id: Id | None = None
    resolved: bool | None = None


@router.post(
    "/appeals/{appeal_id}/actions",
    response={200: AppealsAppealOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
)
def appeal_act(request: AuthedRequest, appeal_id: int, body: AppealsActionIn) -> Any:
    """One step of the flow; the same rules as on the page."""
    _module(request)
    appeal = get_object_or_404(queries.appeal_detail_queryset(user=request.user), pk=appeal_id)
    department = None
    if body.department_id is not None:
        department = Department.objects.filter(pk=body.department_id).first()
        if department is None:
            return Status(
                422, {"detail": "承办部门不存在", "errors": {"department_id": ["不存在"]}}
            )
    try:
        appeal = services.appeal_act(
            request.user,
            appeal=appeal,
            action=body.action,
            note=body.note,
            department=department,
            resolved=body.resolved,
        )
    except PermissionDenied:
        return Status(403, {"detail": "无权办理该环节"})
    except ValidationError as exc:
        return Status(422, _errors(exc))
    return Status(200, appeal)


class AppealsRatingIn(InputSchema):
    rating: Literal["satisfied", "basically", "unsatisfied"]
    comment: str = Field("", max_length=500)


@router.post(
    "/appeals/{appeal_id}/rating",
    response={200: AppealsAppealOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
)
def appeal_rate(request: AuthedRequest, appeal_id: int, body: AppealsRatingIn) -> Any:
    """The enterprise rates a closed appeal; 不满意 (unsatisfied) reopens it."""
    _module(request)
    appeal = get_object_or_404(queries.appeal_detail_queryset(user=request.user), pk=appeal_id)
    try:
        appeal = services.appeal_rate(
            request.user, appeal=appeal, rating=body.rating, comment=body.comment
        )
    except PermissionDenied:
        return Status(403, {"detail": "无权评价该诉求"})
    except ValidationError as exc:
        return Status(422, _errors(exc))
    return Status(200, appeal)


class AppealsScoreOut(Schema):
    rank: int
    department: str
    received: int
    response_rate: float | None
    on_time_rate: float | None
    resolution_rate: float | None
    satisfaction_rate: float | None
    score: float | None
    overdue_open: int


class AppealsStatsQuery(InputSchema):
    start: dt.date = Field(..., alias="from")
    end: dt.date = Field(..., alias="to")


@router.get("/appeals-stats", response={200: list[AppealsScoreOut], 404: ErrorOut})
def appeal_stats(request: AuthedRequest, period: Query[AppealsStatsQuery]) -> Any:
    """Per department for appeals received in the period, ranked by the combined score."""
    _module(request)
    if getattr(request.user, "role", "") == "enterprise":
        raise Http404
    scores, _total = queries.department_scores(
        user=request.user, start=period.start, end=period.end, today=timezone.localdate()
    )
    return [
        {
            "rank": s.rank,
            "department": s.department,
            "received": s.received,
            "response_rate": s.response_rate,
            "on_time_rate": s.on_time_rate,
            "resolution_rate": s.resolution_rate,
            "satisfaction_rate": s.satisfaction_rate,
            "score": s.score,
            "overdue_open": s.overdue_open,
        }
        for s in scores
    ]
