"""Applications and difficulties (and turning one into an appeal), as JSON."""

import datetime as dt
from decimal import Decimal
from typing import Any, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Schema, Status
from ninja.pagination import paginate

from zoneops.appeals.public import TopicCode
from zoneops.core.bounds import Id
from zoneops.core.http import AuthedRequest
from zoneops.core.pagination import Pagination
from zoneops.core.schemas import ErrorOut, InputSchema
from zoneops.enterprises import queries as registry
from zoneops.support import queries, services
from zoneops.support.api.common import refused, require_module, router


class SupportApplicationOut(Schema):
    id: int
    enterprise_id: Id
    enterprise: str = Field(..., alias="enterprise.name")
    program_id: Id
    program: str = Field(..., alias="program.name")
    status: str
    amount_requested: Decimal | None
    amount_approved: Decimal | None
    amount_disbursed: Decimal | None
    submitted_on: dt.date | None
    decided_on: dt.date | None


class SupportApplicationFilters(InputSchema):
    program: Id | None = None
    status: Literal["", "preparing", "submitted", "approved", "rejected"] = ""
    park: Id | None = None
    q: str = Field("", max_length=100)


@router.get("/applications", response=list[SupportApplicationOut])
@paginate(Pagination)
def support_application_list(
    request: AuthedRequest, filters: Query[SupportApplicationFilters]
) -> Any:
    require_module(request, "policies")
    return queries.application_list(
        user=request.user, filters=queries.ApplicationFilter(**filters.model_dump())
    )


@router.get("/applications/{application_id}", response=SupportApplicationOut)
def support_application_detail(request: AuthedRequest, application_id: int) -> Any:
    require_module(request, "policies")
    return get_object_or_404(queries.application_list(user=request.user), pk=application_id)


class SupportApplicationIn(InputSchema):
    program_id: Id
    enterprise_id: Id
    amount_requested: Decimal | None = Field(None, ge=0, le=Decimal("1e13"))
    note: str = Field("", max_length=2000)


@router.post(
    "/applications",
    response={201: SupportApplicationOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
)
def support_application_create(request: AuthedRequest, body: SupportApplicationIn) -> Any:
    """Start an application (preparing) for an enterprise in the caller's scope. Amounts in 元."""
    require_module(request, "policies")
    program = get_object_or_404(queries.program_list(user=request.user), pk=body.program_id)
    enterprise = get_object_or_404(
        registry.enterprise_list(user=request.user), pk=body.enterprise_id
    )
    try:
        application = services.application_save(
            actor=request.user,
            enterprise=enterprise,
            program=program,
            data={"amount_requested": body.amount_requested, "note": body.note},
        )
    except PermissionDenied:
        return Status(403, {"detail": "无权进行此操作"})
    except ValidationError as exc:
        return Status(422, {"detail": "数据有误", "errors": exc.message_dict})
    return Status(201, queries.application_list(user=request.user).get(pk=application.pk))


class SupportActionIn(InputSchema):
    status: Literal["preparing", "submitted", "approved", "rejected"]
    amount_approved: Decimal | None = Field(None, ge=0, le=Decimal("1e13"))
    note: str = Field("", max_length=500)


@router.post(
    "/applications/{application_id}/action",
    response={200: SupportApplicationOut, 403: ErrorOut, 422: ErrorOut},
)
def support_application_action(
    request: AuthedRequest, application_id: int, body: SupportActionIn
) -> Any:
    """Submit, approve (with the amount in 元), reject or send back an application."""
    require_module(request, "policies")
    application = get_object_or_404(queries.application_list(user=request.user), pk=application_id)
    try:
        services.application_transition(
            actor=request.user,
            application=application,
            status=body.status,
            amount_approved=body.amount_approved,
            note=body.note,
        )
    except PermissionDenied:
        return Status(403, {"detail": "无权进行此操作"})
    except ValidationError as exc:
        return Status(422, {"detail": "; ".join(exc.messages)})
    return Status(200, queries.application_list(user=request.user).get(pk=application.pk))


class SupportTotalOut(Schema):
    key: int | None
    label: str
    n: int
    n_approved: int
    requested: Decimal
    approved: Decimal
    disbursed: Decimal


@router.get("/applications-totals", response=list[SupportTotalOut])
def support_application_totals(
    request: AuthedRequest, by: Literal["program", "park", "chain"] = "program"
) -> Any:
    require_module(request, "policies")
    return queries.application_totals(user=request.user, by=by)


class SupportDifficultyOut(Schema):
    id: int
    appeal_id: int | None
    enterprise_id: Id
    enterprise: str = Field(..., alias="enterprise.name")
    title: str
    stage: str
    department: str | None = Field(None, alias="department.name")
    status: str
    reported_on: dt.date
    resolution: str
    resolved_on: dt.date | None


@router.get("/difficulties", response=list[SupportDifficultyOut])
@paginate(Pagination)
def support_difficulty_list(
    request: AuthedRequest,
    status: Literal["", "open", "in_progress", "resolved"] = "",
    stage: Literal["", "investment", "construction", "production", "operation"] = "",
) -> Any:
    require_module(request, "difficulties")
    return queries.difficulty_list(user=request.user, status=status, stage=stage)


@router.get("/difficulties/{difficulty_id}", response=SupportDifficultyOut)
def support_difficulty_detail(request: AuthedRequest, difficulty_id: int) -> Any:
    require_module(request, "difficulties")
    return get_object_or_404(queries.difficulty_list(user=request.user), pk=difficulty_id)


class SupportDifficultyIn(InputSchema):
    enterprise_id: Id
    title: str = Field(..., min_length=1, max_length=200)
    description: str = Field("", max_length=5000)
    stage: Literal["investment", "construction", "production", "operation"]


@router.post(
    "/difficulties",
    response={201: SupportDifficultyOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
)
def support_difficulty_create(request: AuthedRequest, body: SupportDifficultyIn) -> Any:
    """Record a difficulty of an enterprise in the caller's scope (an enterprise its own)."""
    require_module(request, "difficulties")
    enterprise = get_object_or_404(
        registry.enterprise_list(user=request.user), pk=body.enterprise_id
    )
    try:
        difficulty = services.difficulty_save(
            actor=request.user,
            enterprise=enterprise,
            data=body.model_dump(exclude={"enterprise_id"}),
        )
    except PermissionDenied:
        return Status(403, {"detail": "无权进行此操作"})
    except ValidationError as exc:
        return refused(exc)
    return Status(201, queries.difficulty_list(user=request.user).get(pk=difficulty.pk))


class SupportDifficultyAppealIn(InputSchema):
    topic: TopicCode = Field(..., description="诉求事项（决定承办部门）")
    urgency: Literal["normal", "urgent"] = "normal"


class SupportDifficultyAppealOut(Schema):
    appeal_id: Id
    number: str
    department: str | None
    due_on: dt.date | None


@router.post(
    "/difficulties/{difficulty_id}/appeal",
    response={201: SupportDifficultyAppealOut, 403: ErrorOut, 422: ErrorOut},
)
def support_difficulty_appeal(
    request: AuthedRequest, difficulty_id: int, body: SupportDifficultyAppealIn
) -> Any:
    """转为诉求: the difficulty goes to the appeals intake and stays linked to the appeal."""
    require_module(request, "difficulties")
    difficulty = get_object_or_404(queries.difficulty_list(user=request.user), pk=difficulty_id)
    try:
        appeal = services.difficulty_to_appeal(
            actor=request.user,
            difficulty=difficulty,
            topic=body.topic,
            urgency=body.urgency,
        )
    except PermissionDenied:
        return Status(403, {"detail": "无权进行此操作"})
    except ValidationError as exc:
        return Status(422, {"detail": "；".join(exc.messages)})
    return Status(
        201,
        {
            "appeal_id": appeal.pk,
            "number": appeal.number,
            "department": appeal.department.name if appeal.department else None,
            "due_on": appeal.due_date,
        },
    )
