"""The plan as JSON: key projects listed, created, read and changed, and the plan's dashboard."""

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Annotated, Any, Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from zoneops.core.bounds import Bound, Id
from zoneops.core.models import Park, User
from zoneops.core.navigation import require_module
from zoneops.core.pagination import Pagination
from zoneops.core.schemas import ErrorOut, InputSchema
from zoneops.enterprises.models import Enterprise, Industry
from zoneops.projects import queries, services
from zoneops.projects.api.common import (
    CategoryIn,
    LevelIn,
    Money,
    NatureIn,
    StatusIn,
    Year,
    _call,
    _user,
    _visible,
)
from zoneops.projects.models import KeyProject

router = Router(tags=["projects"])


class ProjectWarningOut(Schema):
    kind: str
    message: str


class ProjectMemberOut(Schema):
    id: int
    username: str = Field(..., alias="user.username")
    name: str
    role: str
    duty: str

    @staticmethod
    def resolve_name(obj: Any) -> str:
        return str(obj.user)


class ProjectFundingOut(Schema):
    id: int
    kind: str
    year: int
    batch: str
    requested: Decimal
    approved: Decimal
    disbursed: Decimal


class KeyProjectOut(Schema):
    id: int
    year: int
    name: str
    category: str
    level: str
    nature: str
    status: str
    park_id: Id
    park: str = Field(..., alias="park.name")
    owner_enterprise_id: int | None
    owner_name: str
    industry_code: str | None = Field(None, alias="industry.code")
    total_investment: Decimal
    prior_investment: Decimal
    planned_start: dt.date | None
    actual_start: dt.date | None
    planned_completion: dt.date | None
    actual_completion: dt.date | None
    leader: str | None = Field(None, alias="leader.username")
    year_planned: Decimal
    year_completed: Decimal
    cumulative_investment: Decimal
    completion_rate: Decimal | None

    @staticmethod
    def resolve_cumulative_investment(obj: Any) -> Decimal:
        return Decimal(obj.prior_investment) + Decimal(obj.updates_total)

    @staticmethod
    def resolve_completion_rate(obj: Any) -> Decimal | None:
        return queries.completion_rate(obj.year_completed, obj.year_planned)


class ProjectDetailOut(KeyProjectOut):
    content: str
    plan_months: dict[int, Decimal]
    members: list[ProjectMemberOut]
    funding: list[ProjectFundingOut]
    warnings: list[ProjectWarningOut]

    @staticmethod
    def resolve_plan_months(obj: Any) -> dict[int, Decimal]:
        return {p.month: p.amount for p in obj.plan_months.all()}

    @staticmethod
    def resolve_members(obj: Any) -> list[Any]:
        return list(obj.members.all())

    @staticmethod
    def resolve_funding(obj: Any) -> list[Any]:
        return list(obj.funding.all())

    @staticmethod
    def resolve_warnings(obj: Any) -> list[Any]:
        return queries.warnings_for([obj])[obj.pk]


class KeyProjectFilters(InputSchema):
    year: Year | None = None
    category: CategoryIn | Literal[""] = ""
    level: LevelIn | Literal[""] = ""
    park: Id | None = None
    status: StatusIn | Literal[""] = ""
    q: str = Field("", max_length=100)


class KeyProjectPatch(InputSchema):
    year: Year | None = None
    name: str | None = Field(None, min_length=1, max_length=200)
    category: CategoryIn | None = None
    level: LevelIn | None = None
    nature: NatureIn | None = None
    status: StatusIn | None = None
    park_id: Id | None = None
    owner_credit_code: str | None = None
    owner_name: str | None = Field(None, max_length=200)
    industry_code: str | None = None
    content: str | None = Field(None, max_length=5000)
    total_investment: Money | None = None
    prior_investment: Money | None = None
    planned_start: Annotated[dt.date, Bound(KeyProject, "planned_start")] | None = None
    actual_start: Annotated[dt.date, Bound(KeyProject, "actual_start")] | None = None
    planned_completion: Annotated[dt.date, Bound(KeyProject, "planned_completion")] | None = None
    actual_completion: Annotated[dt.date, Bound(KeyProject, "actual_completion")] | None = None
    leader: str | None = None
    plan_months: list[Money | None] | None = Field(None, min_length=12, max_length=12)


class KeyProjectIn(KeyProjectPatch):
    year: Year
    name: str = Field(..., min_length=1, max_length=200)
    category: CategoryIn
    level: LevelIn
    park_id: Id
    total_investment: Money


def _resolve(payload: dict[str, Any]) -> tuple[dict[str, Any], dict[int, Decimal | None] | None]:
    """The API's names onto the service's: related objects by id, code or username."""
    data: dict[str, Any] = {}
    lookups: dict[str, tuple[str, Callable[[Any], Any]]] = {
        "park_id": ("park", lambda v: Park.objects.filter(pk=v).first()),
        "owner_credit_code": (
            "owner_enterprise",
            lambda v: Enterprise.objects.filter(credit_code=v).first(),
        ),
        "industry_code": ("industry", lambda v: Industry.objects.filter(code=v).first()),
        "leader": ("leader", lambda v: User.objects.filter(username=v, is_active=True).first()),
    }
    plan = payload.pop("plan_months", None)
    for key, value in payload.items():
        if key in lookups:
            name, find = lookups[key]
            found = find(value) if value not in (None, "") else None
            if value not in (None, "") and found is None:
                raise HttpError(422, f"{key}: 不存在“{value}”")
            data[name] = found
        else:
            data[key] = "" if value is None and key in ("owner_name", "content") else value
    months = {m: plan[m - 1] for m in range(1, 13)} if plan is not None else None
    return data, months


@router.get("", response=list[KeyProjectOut])
@paginate(Pagination)
def key_project_list(request: HttpRequest, filters: Query[KeyProjectFilters]) -> Any:
    require_module(_user(request), "projects")
    return queries.project_list(
        user=_user(request), filters=queries.ProjectFilter(**filters.model_dump())
    )


@router.post("", response={201: ProjectDetailOut, 403: ErrorOut, 422: ErrorOut})
def key_project_create(request: HttpRequest, body: KeyProjectIn) -> Any:
    require_module(_user(request), "projects")
    data, months = _resolve(body.model_dump(exclude_unset=True))
    for key in ("status", "nature"):
        if data.get(key) is None:
            data.pop(key, None)

    def create() -> Any:
        project = services.key_project_create(
            _user(request),
            name=data.pop("name"),
            year=data.pop("year"),
            category=data.pop("category"),
            level=data.pop("level"),
            park=data.pop("park"),
            total_investment=data.pop("total_investment"),
            plan_months=months,
            **{k: v for k, v in data.items() if v is not None or k != "prior_investment"},
        )
        return Status(201, _visible(request, project.pk))

    return _call(create)


class ProjectDashboardQuery(InputSchema):
    year: Year
    park: Id | None = None


class ProjectGroupOut(Schema):
    label: str
    projects: int
    total_investment: Decimal
    year_planned: Decimal
    year_completed: Decimal
    completion: Decimal | None


class ProjectFundingSumOut(Schema):
    kind: str
    projects: int
    requested: Decimal
    approved: Decimal
    disbursed: Decimal


class ProjectProblemSumOut(Schema):
    department: str
    total: int
    resolved: int
    open: int
    overdue: int
    rate: Decimal | None


class ProjectWarnedOut(Schema):
    project_id: int
    name: str
    warnings: list[ProjectWarningOut]


class ProjectDashboardOut(Schema):
    year: int
    as_of: dt.date
    projects: int
    started: int
    due_to_start: int
    started_of_due: int
    start_rate: Decimal | None
    completed: int
    total_investment: Decimal
    year_planned: Decimal
    year_completed: Decimal
    completion: Decimal | None
    time_elapsed: Decimal
    schedule_gap: Decimal | None
    by_park: list[ProjectGroupOut]
    by_category: list[ProjectGroupOut]
    by_level: list[ProjectGroupOut]
    funding: list[ProjectFundingSumOut]
    problems: list[ProjectProblemSumOut]
    warned: list[ProjectWarnedOut]


@router.get("/dashboard", response=ProjectDashboardOut)
def key_project_dashboard(request: HttpRequest, query: Query[ProjectDashboardQuery]) -> Any:
    """开工率, completion against the time schedule, investment by park, category and level,
    funding by source, problems by department, and the projects with warnings."""
    require_module(_user(request), "projects")
    board = queries.dashboard(user=_user(request), year=query.year, park=query.park)
    return {
        "year": board.year,
        "as_of": board.day,
        "projects": board.projects,
        "started": board.started,
        "due_to_start": board.due_to_start,
        "started_of_due": board.started_of_due,
        "start_rate": board.start_rate,
        "completed": board.completed,
        "total_investment": board.total_investment,
        "year_planned": board.year_planned,
        "year_completed": board.year_completed,
        "completion": board.completion,
        "time_elapsed": board.elapsed,
        "schedule_gap": board.schedule_gap,
        "by_park": board.by_park,
        "by_category": board.by_category,
        "by_level": board.by_level,
        "funding": board.funding,
        "problems": board.problems,
        "warned": [
            {"project_id": p.pk, "name": p.name, "warnings": found} for p, found in board.warned
        ],
    }


@router.get("/{project_id}", response=ProjectDetailOut)
def key_project_detail(request: HttpRequest, project_id: int) -> Any:
    return _visible(request, project_id)


@router.patch("/{project_id}", response={200: ProjectDetailOut, 403: ErrorOut, 422: ErrorOut})
def key_project_patch(request: HttpRequest, project_id: int, body: KeyProjectPatch) -> Any:
    project = _visible(request, project_id)
    data, months = _resolve(body.model_dump(exclude_unset=True))
    for key in (
        "year",
        "name",
        "category",
        "level",
        "park",
        "status",
        "nature",
        "total_investment",
        "prior_investment",
    ):
        if key in data and data[key] is None:
            raise HttpError(422, f"{key}: 不能为空")

    def patch() -> Any:
        services.key_project_update(
            actor=_user(request), project=project, data=data, plan_months=months
        )
        return Status(200, _visible(request, project_id))

    return _call(patch)
