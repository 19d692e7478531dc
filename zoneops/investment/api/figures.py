"""Targets with their progress, the dashboard's figures and a chain's investment picture as
JSON. Money is in 元."""

from decimal import Decimal
from typing import Annotated, Any, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from zoneops.core.bounds import Bound, Id
from zoneops.core.models import User
from zoneops.core.schemas import ErrorOut, InputSchema
from zoneops.enterprises import queries as registry
from zoneops.investment import analysis, queries, services, targets
from zoneops.investment.api.common import _enter, _errors, _period
from zoneops.investment.models import (
    Target,
)
from zoneops.investment.periods import parse_period

router = Router(tags=["investment"])


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
