"""Enterprise services as JSON. Thin: parse, call a query or a service, answer.

An enterprise user sees only its own applications, matches and difficulties; an enterprise
or application outside the caller's scope is 404, as on the pages.
"""

import datetime as dt
from decimal import Decimal
from typing import Any, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from zoneops.appeals.api import TopicCode
from zoneops.core.bounds import Id
from zoneops.core.navigation import module_allowed
from zoneops.core.pagination import Pagination
from zoneops.core.schemas import ErrorOut, InputSchema
from zoneops.enterprises import queries as registry
from zoneops.support import queries, services
from zoneops.support.models import FundingProgram

router = Router(tags=["support"])


def _module(request: HttpRequest, key: str) -> None:
    if not module_allowed(request.user, key):
        raise Http404


class SupportPolicyOut(Schema):
    id: int
    title: str
    issuer: str
    document_number: str
    level: str
    issued_on: dt.date
    valid_until: dt.date | None
    categories: str
    tags: str
    summary: str


class SupportPolicyFilters(InputSchema):
    q: str = Field("", max_length=100)
    level: Literal["", "national", "province", "city", "zone"] = ""


@router.get("/policies", response=list[SupportPolicyOut])
@paginate(Pagination)
def support_policy_list(request: HttpRequest, filters: Query[SupportPolicyFilters]) -> Any:
    _module(request, "policies")
    return queries.policy_search(user=request.user, q=filters.q, level=filters.level)


class SupportPolicyIn(InputSchema):
    title: str = Field(..., min_length=1, max_length=200)
    issuer: str = Field(..., min_length=1, max_length=100)
    document_number: str = Field("", max_length=100)
    level: Literal["national", "province", "city", "zone"]
    issued_on: dt.date
    valid_until: dt.date | None = None
    categories: str = Field("", max_length=200)
    tags: str = Field("", max_length=200)
    summary: str = Field("", max_length=5000)
    body: str = Field("", max_length=100_000)
    source_url: str = Field("", max_length=200)


def _refused(exc: ValidationError) -> Any:
    errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return Status(422, {"detail": "数据有误", "errors": errors})


@router.post("/policies", response={201: SupportPolicyOut, 403: ErrorOut, 422: ErrorOut})
def support_policy_create(request: HttpRequest, body: SupportPolicyIn) -> Any:
    """Add a policy to the library (those who edit programs; recorded in history)."""
    _module(request, "policies")
    try:
        policy = services.policy_save(actor=request.user, data=body.model_dump())
    except PermissionDenied:
        return Status(403, {"detail": "无权进行此操作"})
    except ValidationError as exc:
        return _refused(exc)
    return Status(201, policy)


class SupportRuleOut(Schema):
    field: str
    operator: str
    value: str
    label: str

    @staticmethod
    def resolve_label(obj: Any) -> str:
        return str(obj)


class SupportRuleIn(InputSchema):
    field: Literal[
        "park",
        "industry",
        "scale",
        "tag",
        "chain",
        "revenue_ttm",
        "output_ttm",
        "revenue_ytd",
        "revenue_growth",
        "output_growth",
        "years",
    ]
    operator: Literal["in", "not_in", "gte", "lte"]
    value: str = Field(..., max_length=300)


class SupportProgramOut(Schema):
    id: int
    name: str
    issuer: str
    level: str
    category: str
    opens_on: dt.date
    closes_on: dt.date
    amount_min: Decimal | None
    amount_max: Decimal | None
    materials: list[str] = Field(..., alias="material_list")
    window: str
    rules: list[SupportRuleOut]

    @staticmethod
    def resolve_window(obj: FundingProgram) -> str:
        return queries.window_state(obj)

    @staticmethod
    def resolve_rules(obj: FundingProgram) -> list[Any]:
        return list(obj.rules.all())


class SupportProgramFilters(InputSchema):
    q: str = Field("", max_length=100)
    state: Literal["", "open", "upcoming", "closed"] = ""


@router.get("/programs", response=list[SupportProgramOut])
@paginate(Pagination)
def support_program_list(request: HttpRequest, filters: Query[SupportProgramFilters]) -> Any:
    _module(request, "policies")
    return queries.program_list(
        user=request.user, q=filters.q, state=filters.state
    ).prefetch_related("rules")


@router.get("/programs/{program_id}", response=SupportProgramOut)
def support_program_detail(request: HttpRequest, program_id: int) -> Any:
    _module(request, "policies")
    return get_object_or_404(queries.program_list(user=request.user), pk=program_id)


@router.put(
    "/programs/{program_id}/rules",
    response={200: SupportProgramOut, 403: ErrorOut, 422: ErrorOut},
)
def support_program_rules_put(
    request: HttpRequest, program_id: int, body: list[SupportRuleIn]
) -> Any:
    """Replace a program's eligibility rules (recorded in history)."""
    _module(request, "policies")
    program = get_object_or_404(queries.program_list(user=request.user), pk=program_id)
    try:
        services.program_save(
            actor=request.user, data={}, program=program, rules=[r.model_dump() for r in body]
        )
    except PermissionDenied:
        return Status(403, {"detail": "无权进行此操作"})
    except ValidationError as exc:
        return Status(422, {"detail": "申报条件有误", "errors": exc.message_dict})
    return Status(200, queries.program_list(user=request.user).get(pk=program.pk))


class SupportProgramIn(InputSchema):
    name: str = Field(..., min_length=1, max_length=200)
    issuer: str = Field(..., min_length=1, max_length=100)
    level: Literal["national", "province", "city", "zone"]
    category: Literal[
        "advanced_manufacturing", "upgrade", "sme", "foreign_trade", "technology", "other"
    ]
    opens_on: dt.date
    closes_on: dt.date
    amount_min: Decimal | None = Field(None, ge=0, le=Decimal("1e13"), description="元")
    amount_max: Decimal | None = Field(None, ge=0, le=Decimal("1e13"), description="元")
    materials: str = Field("", max_length=5000, description="每行一项")
    description: str = Field("", max_length=20_000)
    reminder_days: int = Field(7, ge=0, le=365)
    rules: list[SupportRuleIn] = Field(default_factory=list, max_length=50)


@router.post("/programs", response={201: SupportProgramOut, 403: ErrorOut, 422: ErrorOut})
def support_program_create(request: HttpRequest, body: SupportProgramIn) -> Any:
    """Add a funding program with its eligibility rules (amounts in 元)."""
    _module(request, "policies")
    data = body.model_dump(exclude={"rules"})
    try:
        program = services.program_save(
            actor=request.user, data=data, rules=[r.model_dump() for r in body.rules]
        )
    except PermissionDenied:
        return Status(403, {"detail": "无权进行此操作"})
    except ValidationError as exc:
        return _refused(exc)
    return Status(201, queries.program_list(user=request.user).get(pk=program.pk))


class SupportReasonOut(Schema):
    rule: str
    passed: bool
    actual: str


class SupportMatchOut(Schema):
    enterprise_id: Id
    enterprise: str
    park: str
    eligible: bool
    applied: bool
    reasons: list[SupportReasonOut]


def _match_out(row: queries.MatchRow) -> dict[str, Any]:
    return {
        "enterprise_id": row.profile.id,
        "enterprise": row.profile.name,
        "park": row.profile.park_name,
        "eligible": row.eligible,
        "applied": row.application is not None,
        "reasons": [
            {"rule": r.rule.label, "passed": r.passed, "actual": r.actual} for r in row.reasons
        ],
    }


@router.get("/programs/{program_id}/matches", response=list[SupportMatchOut])
@paginate(Pagination)
def support_program_matches(request: HttpRequest, program_id: int, eligible: bool = True) -> Any:
    """The enterprises (in the caller's scope) and whether each qualifies, with reasons."""
    _module(request, "policies")
    program = get_object_or_404(queries.program_list(user=request.user), pk=program_id)
    rows = queries.program_matches(user=request.user, program=program, eligible_only=eligible)
    return [_match_out(r) for r in rows]


@router.get("/programs/{program_id}/matches/{enterprise_id}", response=SupportMatchOut)
def support_match_detail(request: HttpRequest, program_id: int, enterprise_id: int) -> Any:
    _module(request, "policies")
    program = get_object_or_404(queries.program_list(user=request.user), pk=program_id)
    enterprise = get_object_or_404(registry.enterprise_list(user=request.user), pk=enterprise_id)
    match = queries.enterprise_matches(user=request.user, enterprise=enterprise, programs=[program])
    if not match:
        raise Http404
    m = match[0]
    return {
        "enterprise_id": enterprise.pk,
        "enterprise": enterprise.name,
        "park": enterprise.park.name,
        "eligible": m.eligible,
        "applied": m.application is not None,
        "reasons": [
            {"rule": r.rule.label, "passed": r.passed, "actual": r.actual} for r in m.reasons
        ],
    }


class SupportEnterpriseMatchOut(Schema):
    program_id: Id
    program: str
    window: str
    closes_on: dt.date
    eligible: bool
    application_status: str | None
    without_application: bool
    failed: list[str]


@router.get("/enterprises/{enterprise_id}/matches", response=list[SupportEnterpriseMatchOut])
def support_enterprise_matches(request: HttpRequest, enterprise_id: int) -> Any:
    """Every program for one enterprise: qualifies or not, applied or not (免申即享)."""
    _module(request, "policies")
    enterprise = get_object_or_404(registry.enterprise_list(user=request.user), pk=enterprise_id)
    return [
        {
            "program_id": m.program.pk,
            "program": m.program.name,
            "window": m.state,
            "closes_on": m.program.closes_on,
            "eligible": m.eligible,
            "application_status": m.application.status if m.application else None,
            "without_application": m.without_application,
            "failed": [r.rule.label for r in m.reasons if not r.passed],
        }
        for m in queries.enterprise_matches(user=request.user, enterprise=enterprise)
    ]


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
    request: HttpRequest, filters: Query[SupportApplicationFilters]
) -> Any:
    _module(request, "policies")
    return queries.application_list(
        user=request.user, filters=queries.ApplicationFilter(**filters.model_dump())
    )


@router.get("/applications/{application_id}", response=SupportApplicationOut)
def support_application_detail(request: HttpRequest, application_id: int) -> Any:
    _module(request, "policies")
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
def support_application_create(request: HttpRequest, body: SupportApplicationIn) -> Any:
    """Start an application (preparing) for an enterprise in the caller's scope. Amounts in 元."""
    _module(request, "policies")
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
    request: HttpRequest, application_id: int, body: SupportActionIn
) -> Any:
    """Submit, approve (with the amount in 元), reject or send back an application."""
    _module(request, "policies")
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
    request: HttpRequest, by: Literal["program", "park", "chain"] = "program"
) -> Any:
    _module(request, "policies")
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
    request: HttpRequest,
    status: Literal["", "open", "in_progress", "resolved"] = "",
    stage: Literal["", "investment", "construction", "production", "operation"] = "",
) -> Any:
    _module(request, "difficulties")
    return queries.difficulty_list(user=request.user, status=status, stage=stage)


@router.get("/difficulties/{difficulty_id}", response=SupportDifficultyOut)
def support_difficulty_detail(request: HttpRequest, difficulty_id: int) -> Any:
    _module(request, "difficulties")
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
def support_difficulty_create(request: HttpRequest, body: SupportDifficultyIn) -> Any:
    """Record a difficulty of an enterprise in the caller's scope (an enterprise its own)."""
    _module(request, "difficulties")
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
        return _refused(exc)
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
    request: HttpRequest, difficulty_id: int, body: SupportDifficultyAppealIn
) -> Any:
    """转为诉求: the difficulty goes to the appeals intake and stays linked to the appeal."""
    _module(request, "difficulties")
    difficulty = get_object_or_404(queries.difficulty_list(user=request.user), pk=difficulty_id)
    try:
        appeal = services.difficulty_to_appeal(
            actor=request.user, difficulty=difficulty, topic=body.topic, urgency=body.urgency
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


class SupportCandidateOut(Schema):
    enterprise_id: Id
    enterprise: str
    pool: str
    basis: str
    period: str
    ytd: Decimal | None
    last_ytd: Decimal | None
    last_full_year: Decimal | None
    ttm: Decimal | None
    projection: Decimal | None
    why: list[str]


class SupportCandidateFilters(InputSchema):
    distance_wan: int = Field(500, ge=0, le=2000)


@router.get("/cultivation/candidates", response=list[SupportCandidateOut])
@paginate(Pagination)
def support_candidate_list(request: HttpRequest, filters: Query[SupportCandidateFilters]) -> Any:
    """Candidates for the pools from the monthly figures (amounts in 元)."""
    _module(request, "cultivation")
    return [
        {
            "enterprise_id": c.enterprise.pk,
            "enterprise": c.enterprise.name,
            "pool": c.pool_kind,
            "basis": c.basis,
            "period": c.period,
            "ytd": c.ytd,
            "last_ytd": c.last_ytd,
            "last_full_year": c.last_full_year,
            "ttm": c.ttm,
            "projection": c.projection,
            "why": c.why,
        }
        for c in queries.cultivation_candidates(
            user=request.user, distance=Decimal(filters.distance_wan) * 10_000
        )
    ]


class SupportMemberOut(Schema):
    id: int
    pool: str = Field(..., alias="pool.kind")
    enterprise_id: Id
    enterprise: str = Field(..., alias="enterprise.name")
    joined_on: dt.date
    target_on: dt.date | None
    officer_id: int | None
    plan: str
    status: str
    ended_on: dt.date | None
    reward: str
    reward_amount: Decimal | None


@router.get("/cultivation/members", response=list[SupportMemberOut])
@paginate(Pagination)
def support_member_list(
    request: HttpRequest,
    status: Literal["", "cultivating", "achieved", "left"] = "",
) -> Any:
    _module(request, "cultivation")
    return queries.membership_list(user=request.user, status=status)
