"""Cultivation candidates and pool members, as JSON."""

import datetime as dt
from decimal import Decimal
from typing import Any, Literal

from ninja import Field, Query, Schema
from ninja.pagination import paginate

from zoneops.core.bounds import Id
from zoneops.core.http import AuthedRequest
from zoneops.core.pagination import Pagination
from zoneops.core.schemas import InputSchema
from zoneops.support import queries
from zoneops.support.api.common import require_module, router


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
def support_candidate_list(request: AuthedRequest, filters: Query[SupportCandidateFilters]) -> Any:
    """Candidates for the pools from the monthly figures (amounts in 元)."""
    require_module(request, "cultivation")
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
    request: AuthedRequest,
    status: Literal["", "cultivating", "achieved", "left"] = "",
) -> Any:
    require_module(request, "cultivation")
    return queries.membership_list(user=request.user, status=status)
