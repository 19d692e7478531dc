"""Investment projects as JSON: the list, a project's fields, its stage moves, the hand-over onto
the key-project plan and its history. Money is in 元 both ways."""

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from zoneops.core.bounds import Bound, Id
from zoneops.core.history import timeline
from zoneops.core.pagination import Pagination
from zoneops.core.schemas import ErrorOut, InputSchema
from zoneops.investment import queries, services
from zoneops.investment.api.common import _enter, _errors, _project, _user
from zoneops.investment.forms import ProjectForm
from zoneops.investment.models import (
    Project,
    StageChange,
)
from zoneops.investment.periods import parse_period

router = Router(tags=["investment"])


class InvestmentProjectOut(Schema):
    id: int
    name: str
    investor: str
    investor_region: str
    origin: str
    chain_id: int | None
    chain: str | None = Field(None, alias="chain.name")
    chain_node_id: int | None
    industry_code: str | None = Field(None, alias="industry.code")
    park_id: int | None
    park: str | None = Field(None, alias="park.name")
    content: str
    total_investment: Decimal
    expected_output: Decimal | None
    expected_tax: Decimal | None
    land_area: Decimal | None
    building_area: Decimal | None
    annual_power: Decimal | None
    financing_need: Decimal | None
    other_needs: str
    method: str
    first_contact_id: int | None
    follow_up_id: int | None
    chain_leader: str
    assigned_by: str
    lead_on: dt.date
    stage: str
    signed_on: dt.date | None
    signed_amount: Decimal | None
    started_on: dt.date | None
    producing_on: dt.date | None
    dropped_on: dt.date | None
    drop_reason: str
    planned_start: dt.date | None
    company_name: str
    enterprise_id: int | None
    is_industrial: bool
    arrived: Decimal = Decimal(0)


class InvestmentProjectIn(InputSchema):
    name: str
    investor: str
    investor_region: str = ""
    origin: Literal["outside_province", "outside_city", "local", "abroad"] = "outside_province"
    chain_id: Id | None = None
    chain_node_id: Id | None = None
    industry_code: str = ""
    park_id: Id | None = None
    content: str = ""
    total_investment: Annotated[Decimal, Bound(Project, "total_investment")]
    expected_output: Annotated[Decimal, Bound(Project, "expected_output")] | None = None
    expected_tax: Annotated[Decimal, Bound(Project, "expected_tax")] | None = None
    land_area: Annotated[Decimal, Bound(Project, "land_area")] | None = None
    building_area: Annotated[Decimal, Bound(Project, "building_area")] | None = None
    annual_power: Annotated[Decimal, Bound(Project, "annual_power")] | None = None
    financing_need: Annotated[Decimal, Bound(Project, "financing_need")] | None = None
    other_needs: str = ""
    method: Literal["chain", "via_investor", "targeted", "precision", "fair", "resident", "other"]
    first_contact_id: Id | None = None
    follow_up_id: Id | None = None
    assigned_by: str = ""
    lead_on: Annotated[dt.date, Bound(Project, "lead_on")]
    planned_start: Annotated[dt.date, Bound(Project, "planned_start")] | None = None
    company_name: str = ""


class InvestmentProjectPatch(InputSchema):
    name: str | None = None
    investor: str | None = None
    investor_region: str | None = None
    origin: Literal["outside_province", "outside_city", "local", "abroad"] | None = None
    chain_id: Id | None = None
    chain_node_id: Id | None = None
    industry_code: str | None = None
    park_id: Id | None = None
    content: str | None = None
    total_investment: Annotated[Decimal, Bound(Project, "total_investment")] | None = None
    expected_output: Annotated[Decimal, Bound(Project, "expected_output")] | None = None
    expected_tax: Annotated[Decimal, Bound(Project, "expected_tax")] | None = None
    land_area: Annotated[Decimal, Bound(Project, "land_area")] | None = None
    building_area: Annotated[Decimal, Bound(Project, "building_area")] | None = None
    annual_power: Annotated[Decimal, Bound(Project, "annual_power")] | None = None
    financing_need: Annotated[Decimal, Bound(Project, "financing_need")] | None = None
    other_needs: str | None = None
    method: (
        Literal["chain", "via_investor", "targeted", "precision", "fair", "resident", "other"]
        | None
    ) = None
    first_contact_id: Id | None = None
    follow_up_id: Id | None = None
    assigned_by: str | None = None
    lead_on: Annotated[dt.date, Bound(Project, "lead_on")] | None = None
    planned_start: Annotated[dt.date, Bound(Project, "planned_start")] | None = None
    company_name: str | None = None


class InvestmentProjectFilters(InputSchema):
    q: str = ""
    stage: Literal[
        "", "active", "lead", "negotiating", "signed", "started", "producing", "dropped"
    ] = ""
    chain: Id | None = None
    park: Id | None = None
    method: str = ""
    officer: Id | None = None
    origin: str = ""
    signed: str = Field("", description="签约期间：2024 或 2024-Q1")
    industrial: bool = False
    assigned: bool = False
    sort: Literal["updated", "name", "investment", "signed", "stage", "lead_on"] = "updated"


RENAMES = {
    "chain_id": "chain",
    "chain_node_id": "chain_node",
    "industry_code": "industry",
    "park_id": "park",
    "first_contact_id": "first_contact",
    "follow_up_id": "follow_up",
}
FORM_FIELDS = ProjectForm.Meta.fields


def _form_data(payload: dict[str, Any], instance: Project | None) -> dict[str, Any]:
    data: dict[str, Any] = {}
    if instance is not None:
        for name in FORM_FIELDS:
            value = getattr(instance, f"{name}_id", None) if name in RENAMES.values() else None
            if name == "industry":
                value = instance.industry.code if instance.industry else ""
            elif name not in RENAMES.values():
                value = getattr(instance, name)
            data[name] = value
    for key, value in payload.items():
        data[RENAMES.get(key, key)] = value
    return {k: ("" if v is None else v) for k, v in data.items()}


def _save(request: HttpRequest, payload: dict[str, Any], instance: Project | None) -> Any:
    user = _user(request)
    form = ProjectForm(_form_data(payload, instance), instance=instance, stored_units=True)
    if not form.is_valid():
        return Status(
            422,
            {
                "detail": "数据有误",
                "errors": {k: [str(m) for m in v] for k, v in form.errors.items()},
            },
        )
    try:
        if instance is None:
            project = services.project_create(actor=user, data=form.service_data())
        else:
            project, _ = services.project_update(
                actor=user, project=instance, data=form.service_data()
            )
    except PermissionDenied as exc:
        raise HttpError(403, "无权进行此操作") from exc
    except ValidationError as exc:
        return _errors(exc)
    return Status(200 if instance else 201, queries.project_list(user=user).get(pk=project.pk))


@router.get("/investment/projects", response=list[InvestmentProjectOut])
@paginate(Pagination)
def project_list(request: HttpRequest, filters: Query[InvestmentProjectFilters]) -> Any:
    user = _enter(request)
    data = filters.model_dump()
    signed_text = data.pop("signed")
    signed = parse_period(signed_text) if signed_text else None
    return queries.project_list(user=user, filters=queries.ProjectFilter(**data, signed_in=signed))


@router.post(
    "/investment/projects", response={201: InvestmentProjectOut, 403: ErrorOut, 422: ErrorOut}
)
def project_create(request: HttpRequest, body: InvestmentProjectIn) -> Any:
    _enter(request)
    return _save(request, body.model_dump(), None)


@router.get("/investment/projects/{project_id}", response=InvestmentProjectOut)
def project_detail(request: HttpRequest, project_id: int) -> Any:
    return _project(request, project_id)


@router.patch(
    "/investment/projects/{project_id}",
    response={200: InvestmentProjectOut, 403: ErrorOut, 422: ErrorOut},
)
def project_patch(request: HttpRequest, project_id: int, body: InvestmentProjectPatch) -> Any:
    project = _project(request, project_id)
    return _save(request, body.model_dump(exclude_unset=True), project)


class StageIn(InputSchema):
    to_stage: Literal["lead", "negotiating", "signed", "started", "producing", "dropped"]
    on: Annotated[dt.date, Bound(StageChange, "on")] | None = None
    amount: Annotated[Decimal, Bound(StageChange, "amount")] | None = Field(
        None, description="签约金额（元），签约时填写，默认为总投资"
    )
    note: str = ""


class StageOut(Schema):
    from_stage: str
    to_stage: str
    on: dt.date
    amount: Decimal | None
    note: str
    actor: str | None = None
    recorded_at: dt.datetime

    @staticmethod
    def resolve_actor(obj: StageChange) -> str | None:
        return str(obj.actor) if obj.actor else None


@router.post(
    "/investment/projects/{project_id}/stage",
    response={200: InvestmentProjectOut, 403: ErrorOut, 422: ErrorOut},
)
def project_move(request: HttpRequest, project_id: int, body: StageIn) -> Any:
    """Move a project to a stage on a date: the change is recorded with its date."""
    project = _project(request, project_id)
    try:
        services.project_move(actor=_user(request), project=project, **body.model_dump())
    except PermissionDenied as exc:
        raise HttpError(403, "无权进行此操作") from exc
    except ValidationError as exc:
        return _errors(exc)
    return Status(200, queries.project_list(user=_user(request)).get(pk=project.pk))


class InvestmentKeyProjectIn(InputSchema):
    year: int = Field(..., ge=2000, le=2100, description="计划年度")
    category: Literal["industrial", "infrastructure", "park_upgrading"] = "industrial"
    level: Literal["province", "city", "zone"] = "zone"


class InvestmentKeyProjectOut(Schema):
    key_project_id: int
    name: str
    year: int
    category: str
    level: str
    total_investment: Decimal


@router.post(
    "/investment/projects/{project_id}/key-project",
    response={201: InvestmentKeyProjectOut, 403: ErrorOut, 422: ErrorOut},
)
def project_make_key(request: HttpRequest, project_id: int, body: InvestmentKeyProjectIn) -> Any:
    """列入重点项目: the signed project on a year's key-project plan, its figures carried over."""
    project = _project(request, project_id)
    try:
        key = services.key_project_from_investment(
            actor=_user(request), project=project, **body.model_dump()
        )
    except PermissionDenied as exc:
        raise HttpError(403, "无权进行此操作") from exc
    except ValidationError as exc:
        return _errors(exc)
    return Status(
        201,
        {
            "key_project_id": key.pk,
            "name": key.name,
            "year": key.year,
            "category": key.category,
            "level": key.level,
            "total_investment": key.total_investment,
        },
    )


@router.get("/investment/projects/{project_id}/stages", response=list[StageOut])
def project_stages(request: HttpRequest, project_id: int) -> Any:
    project = _project(request, project_id)
    return project.stage_changes.select_related("actor").order_by("on", "pk")


class ChangeOut(Schema):
    at: dt.datetime
    action: str
    actor: str | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    note: str

    @staticmethod
    def resolve_actor(obj: Any) -> str | None:
        return str(obj.actor) if obj.actor else None


@router.get("/investment/projects/{project_id}/history", response=list[ChangeOut])
@paginate(Pagination)
def project_history(request: HttpRequest, project_id: int) -> Any:
    return timeline(_project(request, project_id))
