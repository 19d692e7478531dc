"""A key project's running record as JSON: monthly ledger updates, problems and their
resolution, the task force and funding sources."""

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from zoneops.core.bounds import Bound
from zoneops.core.models import Department, User
from zoneops.core.pagination import Pagination
from zoneops.core.schemas import ErrorOut, InputSchema
from zoneops.projects import queries, services
from zoneops.projects.api.common import (
    FundingKindIn,
    Money,
    RoleIn,
    Year,
    _call,
    _user,
    _visible,
)
from zoneops.projects.api.plan import ProjectFundingOut, ProjectMemberOut
from zoneops.projects.models import Problem

router = Router()  # tagged by the plan's router it hangs under


class ProjectAttachmentOut(Schema):
    id: int
    kind: str
    name: str


class ProjectUpdateOut(Schema):
    id: int
    month: dt.date
    reported_on: dt.date
    investment: Decimal
    progress: str
    attachments: list[ProjectAttachmentOut]

    @staticmethod
    def resolve_attachments(obj: Any) -> list[Any]:
        return list(obj.attachments.all())


class ProjectUpdateIn(InputSchema):
    month: dt.date = Field(..., description="任一天均按该月计")
    investment: Money
    progress: str = Field(..., min_length=1, max_length=2000)
    reported_on: dt.date | None = None


@router.get("/{project_id}/updates", response=list[ProjectUpdateOut])
@paginate(Pagination)
def key_project_updates(request: HttpRequest, project_id: int) -> Any:
    project = _visible(request, project_id)
    return (
        queries.update_list(user=_user(request))
        .filter(project=project)
        .prefetch_related("attachments")
        .order_by("-month")
    )


@router.post(
    "/{project_id}/updates", response={201: ProjectUpdateOut, 403: ErrorOut, 422: ErrorOut}
)
def key_project_update_create(request: HttpRequest, project_id: int, body: ProjectUpdateIn) -> Any:
    """Record (or correct) a month's ledger entry; cumulative figures follow at once."""
    project = _visible(request, project_id)
    return _call(
        lambda: Status(
            201,
            services.ledger_update_save(
                actor=_user(request),
                project=project,
                month=body.month,
                investment=body.investment,
                progress=body.progress,
                reported_on=body.reported_on,
            ),
        )
    )


class ProjectProblemOut(Schema):
    id: int
    raised_on: dt.date
    description: str
    department: str = Field(..., alias="department.name")
    department_code: str = Field(..., alias="department.code")
    deadline: dt.date
    resolved_on: dt.date | None
    resolution: str


class ProjectProblemIn(InputSchema):
    description: str = Field(..., min_length=1, max_length=2000)
    department_code: str
    deadline: Annotated[dt.date, Bound(Problem, "deadline")]
    raised_on: Annotated[dt.date, Bound(Problem, "raised_on")] | None = None


class ProjectResolveIn(InputSchema):
    resolution: str = Field(..., min_length=1, max_length=2000)
    resolved_on: dt.date | None = None


@router.get("/{project_id}/problems", response=list[ProjectProblemOut])
@paginate(Pagination)
def key_project_problems(request: HttpRequest, project_id: int) -> Any:
    project = _visible(request, project_id)
    return queries.problem_list(user=_user(request)).filter(project=project)


@router.post(
    "/{project_id}/problems", response={201: ProjectProblemOut, 403: ErrorOut, 422: ErrorOut}
)
def key_project_problem_create(
    request: HttpRequest, project_id: int, body: ProjectProblemIn
) -> Any:
    project = _visible(request, project_id)
    department = Department.objects.filter(code=body.department_code).first()
    if department is None:
        raise HttpError(422, f"department_code: 不存在“{body.department_code}”")
    data = body.model_dump(exclude={"department_code"}) | {"department": department}
    return _call(
        lambda: Status(
            201, services.problem_raise(actor=_user(request), project=project, data=data)
        )
    )


@router.post(
    "/{project_id}/problems/{problem_id}/resolve",
    response={200: ProjectProblemOut, 403: ErrorOut, 422: ErrorOut},
)
def key_project_problem_resolve(
    request: HttpRequest, project_id: int, problem_id: int, body: ProjectResolveIn
) -> Any:
    project = _visible(request, project_id)
    problem = get_object_or_404(
        queries.problem_list(user=_user(request)), pk=problem_id, project=project
    )
    return _call(
        lambda: Status(
            200,
            services.problem_resolve(
                actor=_user(request),
                problem=problem,
                resolution=body.resolution,
                resolved_on=body.resolved_on,
            ),
        )
    )


class ProjectMemberIn(InputSchema):
    username: str
    role: RoleIn = "member"
    duty: str = Field("", max_length=200)


@router.put("/{project_id}/members", response={200: ProjectMemberOut, 403: ErrorOut, 422: ErrorOut})
def key_project_member_put(request: HttpRequest, project_id: int, body: ProjectMemberIn) -> Any:
    """Put a person on the task force, or change their role in it."""
    project = _visible(request, project_id)
    user = User.objects.filter(username=body.username, is_active=True).first()
    if user is None:
        raise HttpError(422, f"username: 不存在“{body.username}”")
    return _call(
        lambda: Status(
            200,
            services.member_set(
                actor=_user(request), project=project, user=user, role=body.role, duty=body.duty
            ),
        )
    )


class ProjectFundingIn(InputSchema):
    kind: FundingKindIn
    year: Year
    batch: str = Field("", max_length=50)
    requested: Money = Decimal(0)
    approved: Money = Decimal(0)
    disbursed: Money = Decimal(0)


@router.post(
    "/{project_id}/funding", response={201: ProjectFundingOut, 403: ErrorOut, 422: ErrorOut}
)
def key_project_funding_create(
    request: HttpRequest, project_id: int, body: ProjectFundingIn
) -> Any:
    project = _visible(request, project_id)
    return _call(
        lambda: Status(
            201,
            services.funding_save(actor=_user(request), project=project, data=body.model_dump()),
        )
    )
