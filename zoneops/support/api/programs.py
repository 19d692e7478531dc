"""Policies, funding programs, their rules and matches, as JSON."""

import datetime as dt
from decimal import Decimal
from typing import Any, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Schema, Status
from ninja.pagination import paginate

from zoneops.core.bounds import Id
from zoneops.core.http import AuthedRequest
from zoneops.core.pagination import Pagination
from zoneops.core.schemas import ErrorOut, InputSchema
from zoneops.enterprises import queries as registry
from zoneops.support import queries, services
from zoneops.support.api.common import refused, require_module, router
from zoneops.support.models import FundingProgram


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
def support_policy_list(request: AuthedRequest, filters: Query[SupportPolicyFilters]) -> Any:
    require_module(request, "policies")
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


@router.post("/policies", response={201: SupportPolicyOut, 403: ErrorOut, 422: ErrorOut})
def support_policy_create(request: AuthedRequest, body: SupportPolicyIn) -> Any:
    """Add a policy to the library (those who edit programs; recorded in history)."""
    require_module(request, "policies")
    try:
        policy = services.policy_save(actor=request.user, data=body.model_dump())
    except PermissionDenied:
        return Status(403, {"detail": "无权进行此操作"})
    except ValidationError as exc:
        return refused(exc)
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
def support_program_list(request: AuthedRequest, filters: Query[SupportProgramFilters]) -> Any:
    require_module(request, "policies")
    return queries.program_list(
        user=request.user, q=filters.q, state=filters.state
    ).prefetch_related("rules")


@router.get("/programs/{program_id}", response=SupportProgramOut)
def support_program_detail(request: AuthedRequest, program_id: int) -> Any:
    require_module(request, "policies")
    return get_object_or_404(queries.program_list(user=request.user), pk=program_id)


@router.put(
    "/programs/{program_id}/rules",
    response={200: SupportProgramOut, 403: ErrorOut, 422: ErrorOut},
)
def support_program_rules_put(
    request: AuthedRequest, program_id: int, body: list[SupportRuleIn]
) -> Any:
    """Replace a program's eligibility rules (recorded in history)."""
    require_module(request, "policies")
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
def support_program_create(request: AuthedRequest, body: SupportProgramIn) -> Any:
    """Add a funding program with its eligibility rules (amounts in 元)."""
    require_module(request, "policies")
    data = body.model_dump(exclude={"rules"})
    try:
        program = services.program_save(
            actor=request.user, data=data, rules=[r.model_dump() for r in body.rules]
        )
    except PermissionDenied:
        return Status(403, {"detail": "无权进行此操作"})
    except ValidationError as exc:
        return refused(exc)
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
def support_program_matches(request: AuthedRequest, program_id: int, eligible: bool = True) -> Any:
    """The enterprises (in the caller's scope) and whether each qualifies, with reasons."""
    require_module(request, "policies")
    program = get_object_or_404(queries.program_list(user=request.user), pk=program_id)
    rows = queries.program_matches(user=request.user, program=program, eligible_only=eligible)
    return [_match_out(r) for r in rows]


@router.get("/programs/{program_id}/matches/{enterprise_id}", response=SupportMatchOut)
def support_match_detail(request: AuthedRequest, program_id: int, enterprise_id: int) -> Any:
    require_module(request, "policies")
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
def support_enterprise_matches(request: AuthedRequest, enterprise_id: int) -> Any:
    """Every program for one enterprise: qualifies or not, applied or not (免申即享)."""
    require_module(request, "policies")
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
