"""Investment attraction as JSON: projects and their stages, funds arrived, the work log,
events, targets with their progress, the dashboard's figures and a chain's picture.
Money is in 元 both ways. Thin: parse, call a query or a service, answer; out of scope is 404."""

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from zoneops.core.bounds import Bound, Id
from zoneops.core.history import timeline
from zoneops.core.models import User
from zoneops.core.navigation import module_allowed
from zoneops.core.pagination import Pagination
from zoneops.core.schemas import ErrorOut, InputSchema
from zoneops.enterprises import queries as registry
from zoneops.investment import analysis, queries, services, targets
from zoneops.investment.forms import ProjectForm
from zoneops.investment.models import (
    Event,
    EventProject,
    FundArrival,
    Project,
    StageChange,
    Target,
    WorkLog,
)
from zoneops.investment.periods import Period, parse_period, period_of

router = Router(tags=["investment"])


def _enter(request: HttpRequest) -> Any:
    if not module_allowed(request.user, "investment"):
        raise HttpError(404, "Not Found")
    return request.user


def _errors(exc: ValidationError) -> Any:
    if hasattr(exc, "error_dict"):
        errors = {k: [str(m) for m in v] for k, v in exc.message_dict.items()}
    else:
        errors = {"__all__": [str(m) for m in exc.messages]}
    return Status(422, {"detail": "数据有误", "errors": errors})


def _period(text: str, request: HttpRequest) -> Period:
    if not text:
        from django.utils import timezone

        return targets.default_period(user=request.user) or period_of(timezone.localdate())
    period = parse_period(text)
    if period is None:
        raise HttpError(422, "期间应为 2024 或 2024-Q1")
    return period


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
    user = request.user
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


def _project(request: HttpRequest, project_id: int) -> Project:
    return get_object_or_404(queries.project_list(user=_enter(request)), pk=project_id)


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
        services.project_move(actor=request.user, project=project, **body.model_dump())
    except PermissionDenied as exc:
        raise HttpError(403, "无权进行此操作") from exc
    except ValidationError as exc:
        return _errors(exc)
    return Status(200, queries.project_list(user=request.user).get(pk=project.pk))


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
    from zoneops.projects.services import key_project_from_investment

    project = _project(request, project_id)
    try:
        key = key_project_from_investment(actor=request.user, project=project, **body.model_dump())
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
        arrival = services.arrival_save(actor=request.user, project=project, **body.model_dump())
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


class InvestmentTargetOut(Schema):
    id: int
    period: str
    scope: str
    chain_id: int | None
    officer_id: int | None
    where: str
    industrial_only: bool
    project_count: int
    amount: Decimal
    signed_count: int
    signed_amount: Decimal
    count_completion: Decimal | None
    amount_completion: Decimal | None
    time_elapsed: Decimal
    count_gap: int
    amount_gap: Decimal
    words: list[str]


def _target_out(p: targets.Progress) -> dict[str, Any]:
    t = p.target
    return {
        "id": t.pk,
        "period": p.period.key,
        "scope": t.scope,
        "chain_id": t.chain_id,
        "officer_id": t.officer_id,
        "where": p.where,
        "industrial_only": t.industrial_only,
        "project_count": t.project_count,
        "amount": t.amount,
        "signed_count": p.count,
        "signed_amount": p.amount,
        "count_completion": round(p.count_pct, 1) if p.count_pct is not None else None,
        "amount_completion": round(p.amount_pct, 1) if p.amount_pct is not None else None,
        "time_elapsed": round(p.elapsed, 1),
        "count_gap": p.count_gap,
        "amount_gap": p.amount_gap,
        "words": [p.count_words, p.amount_words, p.pace_words[0]],
    }


class TargetIn(InputSchema):
    year: int = Field(..., ge=2000, le=2100)
    quarter: int | None = Field(None, ge=1, le=4)
    scope: Literal["zone", "chain", "officer"]
    chain_id: Id | None = None
    officer_id: Id | None = None
    project_count: Annotated[int, Bound(Target, "project_count")]
    amount: Annotated[Decimal, Bound(Target, "amount")] = Field(..., description="元")
    industrial_only: bool = True


@router.get("/investment/targets", response=list[InvestmentTargetOut])
def target_list(request: HttpRequest, period: str = "") -> Any:
    """Targets with their live progress (count and amount signed, gap, pace against time)."""
    user = _enter(request)
    found = targets.targets_for(user=user, period=parse_period(period) if period else None)
    return [_target_out(targets.progress(t)) for t in found]


@router.post(
    "/investment/targets", response={201: InvestmentTargetOut, 403: ErrorOut, 422: ErrorOut}
)
def target_create(request: HttpRequest, body: TargetIn) -> Any:
    user = _enter(request)
    data = body.model_dump()
    chain_id, officer_id = data.pop("chain_id"), data.pop("officer_id")
    chain = registry.chain_list(user=user).filter(pk=chain_id).first() if chain_id else None
    officer = User.objects.filter(pk=officer_id).first() if officer_id else None
    try:
        target = services.target_save(actor=user, chain=chain, officer=officer, **data)
    except PermissionDenied as exc:
        raise HttpError(403, "无权进行此操作") from exc
    except ValidationError as exc:
        return _errors(exc)
    return Status(201, _target_out(targets.progress(target)))


class RatesOut(Schema):
    signed: int
    amount: Decimal
    arrived: Decimal
    fulfilment: Decimal | None
    landing: Decimal | None
    start: Decimal | None
    production: Decimal | None
    funds: Decimal | None


class InvestmentGroupOut(Schema):
    key: str | None
    label: str
    pipeline: int
    rates: RatesOut

    @staticmethod
    def resolve_key(obj: Any) -> str | None:
        return None if obj.key is None else str(obj.key)


class StageCount(Schema):
    stage: str
    reached: int


class DashboardOut(Schema):
    period: str
    targets: list[InvestmentTargetOut]
    rates: RatesOut
    funnel: list[StageCount]
    dropped: int
    by_chain: list[InvestmentGroupOut]
    by_method: list[InvestmentGroupOut]
    by_officer: list[InvestmentGroupOut]


@router.get("/investment/dashboard", response=DashboardOut)
def dashboard(request: HttpRequest, period: str = "") -> Any:
    """The dashboard's figures for a period (default: the quarter the targets are for)."""
    user = _enter(request)
    chosen = _period(period, request)
    return {
        "period": chosen.key,
        "targets": [
            _target_out(targets.progress(t)) for t in targets.targets_for(user=user, period=chosen)
        ],
        "rates": analysis.rates(user=user, period=chosen),
        "funnel": [{"stage": s.value, "reached": n} for s, n in analysis.funnel(user=user)],
        "dropped": analysis.dropped_count(user=user),
        "by_chain": analysis.breakdown(user=user, period=chosen, by="chain"),
        "by_method": analysis.breakdown(user=user, period=chosen, by="method"),
        "by_officer": analysis.breakdown(user=user, period=chosen, by="officer"),
    }


class GapOut(Schema):
    node_id: int
    node: str
    kind: str
    members: int
    project_ids: list[int]


class ChainInvestmentOut(Schema):
    id: int
    name: str
    leader_name: str
    owners: list[str]
    team: list[str]
    stages: dict[str, int]
    signed_count: int
    signed_amount: Decimal
    arrived: Decimal
    gaps: list[GapOut]


@router.get("/investment/chains/{chain_id}", response=ChainInvestmentOut)
def chain_detail(request: HttpRequest, chain_id: int) -> Any:
    """A chain's investment picture: 链主, team, projects by stage, amount signed, gaps."""
    user = _enter(request)
    chain = get_object_or_404(registry.chain_list(user=user), pk=chain_id)
    page = queries.chain_page(user=user, chain=chain)
    return {
        "id": chain.pk,
        "name": chain.name,
        "leader_name": chain.leader_name,
        "owners": [m.enterprise.name for m in page.owners],
        "team": [str(t.officer) for t in page.team],
        "stages": {str(c.stage.value): len(c.projects) for c in page.columns},
        "signed_count": page.signed_count,
        "signed_amount": page.signed_amount,
        "arrived": page.arrived,
        "gaps": [
            {
                "node_id": g.node.pk,
                "node": g.node.name,
                "kind": g.kind,
                "members": g.members,
                "project_ids": [p.pk for p in g.projects],
            }
            for g in page.gaps
        ],
    }
