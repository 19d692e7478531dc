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
from zoneops.safety.models import Accident, Drill, EmergencyPlan, Hazard, RiskPoint

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
    risk_point_id: int | None
    drill_id: int | None

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
    risk_point_id: Id | None = None


@router.post("/hazards", response={201: SafetyHazardOut, 403: ErrorOut, 422: ErrorOut})
def safety_hazard_create(request: HttpRequest, body: SafetyHazardIn) -> Any:
    """Report a hazard at an enterprise one sees (a 重大 one with its plan and 督办 level)."""
    user = _user(request)
    enterprise = get_object_or_404(queries.enterprises(user=user), pk=body.enterprise_id)
    data = body.model_dump(exclude={"enterprise_id", "source", "found_on", "risk_point_id"})
    if body.risk_point_id is not None:
        points = queries.risk_points(user=user).filter(enterprise=enterprise)
        data["risk_point"] = get_object_or_404(points, pk=body.risk_point_id)
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
    drill_required: int
    drill_covered: int
    drill_rate: float | None


class SafetyStatsFilters(InputSchema):
    start: Annotated[dt.date, Bound(Hazard, "found_on")] | None = None


@router.get("/stats", response=SafetyStatsOut)
def safety_stats(request: HttpRequest, filters: Query[SafetyStatsFilters]) -> Any:
    """The figures of the dashboard (and the leaders' briefing) within the caller's sight."""
    return queries.briefing_figures(
        user=_user(request), today=timezone.localdate(), start=filters.start
    )


# --- risk points, emergency plans, drills, accidents ---------------------------------------


def _firm(user: User, enterprise_id: int | None) -> Any:
    if enterprise_id is None:
        return None
    return get_object_or_404(queries.enterprises(user=user), pk=enterprise_id)


def _save(save: Any, user: User, enterprise: Any, data: dict[str, Any]) -> Any:
    try:
        return Status(201, save(actor=user, enterprise=enterprise, data=data))
    except PermissionDenied:
        return Status(403, {"detail": "无权进行此操作"})
    except ValidationError as exc:
        return _refused(exc)


class SafetyRiskPointOut(Schema):
    id: int
    enterprise_id: int
    enterprise: str
    code: str
    place: str
    unit: str
    factors: str
    accident_type: str
    method: str
    lec_l: Decimal | None
    lec_e: Decimal | None
    lec_c: Decimal | None
    score: Decimal | None
    level: str
    controls: str
    control_level: str
    responsible: str

    @staticmethod
    def resolve_enterprise(obj: Any) -> str:
        return str(obj.enterprise.name)


class SafetyRiskFilters(InputSchema):
    colour: Literal["", "red", "orange", "yellow", "blue"] = ""
    enterprise_id: Id | None = None


@router.get("/risk-points", response=list[SafetyRiskPointOut])
@paginate(Pagination)
def safety_risk_list(request: HttpRequest, filters: Query[SafetyRiskFilters]) -> Any:
    user = _user(request)
    found = queries.risk_points(user=user, colour=filters.colour)
    firm = _firm(user, filters.enterprise_id)
    return found.filter(enterprise=firm) if firm is not None else found


@router.get("/risk-points/{point_id}", response=SafetyRiskPointOut)
def safety_risk_detail(request: HttpRequest, point_id: Id) -> Any:
    return get_object_or_404(queries.risk_points(user=_user(request)), pk=point_id)


class SafetyRiskPointIn(InputSchema):
    enterprise_id: Id
    code: str = Field(..., min_length=1, max_length=30)
    place: str = Field(..., min_length=1, max_length=200)
    unit: str = Field("", max_length=200)
    factors: str = Field(..., min_length=1, max_length=1000)
    accident_type: str = Field(..., max_length=20)
    method: Literal["direct", "lec", "matrix"] = "direct"
    lec_l: Annotated[Decimal, Bound(RiskPoint, "lec_l")] | None = None
    lec_e: Annotated[Decimal, Bound(RiskPoint, "lec_e")] | None = None
    lec_c: Annotated[Decimal, Bound(RiskPoint, "lec_c")] | None = None
    level: Literal["", "red", "orange", "yellow", "blue"] = ""
    controls: str = Field(..., min_length=1, max_length=2000)
    control_level: Literal["company", "workshop", "team", "post"]
    responsible: str = Field(..., min_length=1, max_length=50)


@router.post("/risk-points", response={201: SafetyRiskPointOut, 403: ErrorOut, 422: ErrorOut})
def safety_risk_create(request: HttpRequest, body: SafetyRiskPointIn) -> Any:
    """Register (or, by its code, change) a risk point; with LEC the colour follows from D."""
    user = _user(request)
    firm = _firm(user, body.enterprise_id)
    data = body.model_dump(exclude={"enterprise_id"})
    if body.method == "lec" and not body.level:
        data.pop("level")
    return _save(services.risk_point_save, user, firm, data)


class SafetyPlanOut(Schema):
    id: int
    enterprise_id: int
    name: str
    kind: str
    issued_on: dt.date | None
    filed_on: dt.date
    filing_number: str
    valid_until: dt.date


@router.get("/emergency-plans", response=list[SafetyPlanOut])
@paginate(Pagination)
def safety_plan_list(request: HttpRequest) -> Any:
    return queries.emergency_plans(user=_user(request))


class SafetyPlanIn(InputSchema):
    enterprise_id: Id
    name: str = Field(..., min_length=1, max_length=200)
    kind: Literal["comprehensive", "special", "onsite"]
    issued_on: Annotated[dt.date, Bound(EmergencyPlan, "issued_on")] | None = None
    filed_on: Annotated[dt.date, Bound(EmergencyPlan, "filed_on")]
    filing_number: str = Field("", max_length=60)
    valid_until: Annotated[dt.date, Bound(EmergencyPlan, "valid_until")]


@router.post("/emergency-plans", response={201: SafetyPlanOut, 403: ErrorOut, 422: ErrorOut})
def safety_plan_create(request: HttpRequest, body: SafetyPlanIn) -> Any:
    user = _user(request)
    firm = _firm(user, body.enterprise_id)
    data = body.model_dump(exclude={"enterprise_id"})
    return _save(services.emergency_plan_save, user, firm, data)


class SafetyDrillOut(Schema):
    id: int
    enterprise_id: int
    plan_id: int | None
    kind: str
    form: str
    held_on: dt.date
    scenario: str
    participants: int
    evaluation: str
    problems: str


@router.get("/drills", response=list[SafetyDrillOut])
@paginate(Pagination)
def safety_drill_list(request: HttpRequest) -> Any:
    return queries.drills(user=_user(request))


@router.get("/drills/{drill_id}", response=SafetyDrillOut)
def safety_drill_detail(request: HttpRequest, drill_id: Id) -> Any:
    return get_object_or_404(queries.drills(user=_user(request)), pk=drill_id)


class SafetyDrillIn(InputSchema):
    enterprise_id: Id
    plan_id: Id | None = None
    kind: Literal["comprehensive", "special", "onsite"]
    form: Literal["live", "tabletop"]
    held_on: Annotated[dt.date, Bound(Drill, "held_on")]
    scenario: str = Field("", max_length=500)
    participants: Annotated[int, Bound(Drill, "participants")]
    evaluation: str = Field("", max_length=2000)
    problems: str = Field("", max_length=2000)


@router.post("/drills", response={201: SafetyDrillOut, 403: ErrorOut, 422: ErrorOut})
def safety_drill_create(request: HttpRequest, body: SafetyDrillIn) -> Any:
    user = _user(request)
    firm = _firm(user, body.enterprise_id)
    data = body.model_dump(exclude={"enterprise_id", "plan_id"})
    if body.plan_id is not None:
        plans = queries.emergency_plans(user=user).filter(enterprise=firm)
        data["plan"] = get_object_or_404(plans, pk=body.plan_id)
    return _save(services.drill_save, user, firm, data)


class SafetyDrillHazardIn(InputSchema):
    description: str = Field(..., min_length=1, max_length=1000)
    deadline_days: Annotated[int, Bound(Hazard, "deadline_days")] = 10
    responsible: str = Field("", max_length=50)


@router.post(
    "/drills/{drill_id}/hazards", response={201: SafetyHazardOut, 403: ErrorOut, 422: ErrorOut}
)
def safety_drill_hazard(request: HttpRequest, drill_id: Id, body: SafetyDrillHazardIn) -> Any:
    """A problem the drill found, raised as a hazard (the hazard loop's own path)."""
    user = _user(request)
    found = get_object_or_404(queries.drills(user=user), pk=drill_id)
    try:
        hazard = services.drill_hazard(actor=user, drill=found, data=body.model_dump())
    except PermissionDenied:
        return Status(403, {"detail": "无权进行此操作"})
    except ValidationError as exc:
        return _refused(exc)
    return Status(201, hazard)


class SafetyDrillDutyOut(Schema):
    enterprise_id: int
    enterprise: str
    high_risk: bool
    last_main: dt.date | None
    main_due: dt.date | None
    main_late: bool
    last_onsite: dt.date | None
    onsite_due: dt.date | None
    onsite_late: bool

    @staticmethod
    def resolve_enterprise_id(obj: Any) -> int:
        return int(obj.profile.enterprise_id)

    @staticmethod
    def resolve_enterprise(obj: Any) -> str:
        return str(obj.profile.enterprise.name)


@router.get("/drill-duties", response=list[SafetyDrillDutyOut])
def safety_drill_duties(request: HttpRequest) -> Any:
    """Each enterprise in sight against its drill frequency, the late first."""
    return queries.drill_duties(user=_user(request), today=timezone.localdate())


class SafetyAccidentOut(Schema):
    id: int
    enterprise_id: int
    occurred_on: dt.date
    occurred_time: dt.time | None
    place: str
    kind: str
    deaths: int
    missing: int
    injured: int
    loss: Decimal
    grade: str
    account: str


@router.get("/accidents", response=list[SafetyAccidentOut])
@paginate(Pagination)
def safety_accident_list(request: HttpRequest) -> Any:
    return queries.accidents(user=_user(request))


@router.get("/accidents/{accident_id}", response=SafetyAccidentOut)
def safety_accident_detail(request: HttpRequest, accident_id: Id) -> Any:
    return get_object_or_404(queries.accidents(user=_user(request)), pk=accident_id)


class SafetyAccidentIn(InputSchema):
    enterprise_id: Id
    occurred_on: Annotated[dt.date, Bound(Accident, "occurred_on")]
    occurred_time: dt.time | None = None
    place: str = Field(..., min_length=1, max_length=200)
    kind: str = Field(..., max_length=20)
    deaths: Annotated[int, Bound(Accident, "deaths")] = 0
    missing: Annotated[int, Bound(Accident, "missing")] = 0
    injured: Annotated[int, Bound(Accident, "injured")] = 0
    loss: Annotated[Decimal, Bound(Accident, "loss")] = Decimal(0)
    account: str = Field("", max_length=2000)


@router.post("/accidents", response={201: SafetyAccidentOut, 403: ErrorOut, 422: ErrorOut})
def safety_accident_create(request: HttpRequest, body: SafetyAccidentIn) -> Any:
    """File an accident; its grade follows from the counts."""
    user = _user(request)
    firm = _firm(user, body.enterprise_id)
    data = body.model_dump(exclude={"enterprise_id"})
    return _save(services.accident_save, user, firm, data)


# Inspection plans and 开停车和大检修 records register their operations on this router.
from zoneops.safety import plans_api  # noqa: E402, F401
