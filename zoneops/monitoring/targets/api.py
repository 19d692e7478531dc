"""Targets as JSON, each with how far along it is. Thin: parse, call a query, answer."""

from decimal import Decimal
from typing import Any, cast

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError

from zoneops.core.models import User
from zoneops.monitoring.api_access import period_or_404
from zoneops.monitoring.reports import queries as report_queries
from zoneops.monitoring.targets import queries as target_queries

router = Router(tags=["monitoring"])


class TargetOut(Schema):
    id: int
    scope: str
    park: str | None
    chain: str | None
    indicator: str
    year: int
    quarter: int | None
    kind: str
    value: Decimal
    actual: Decimal | None
    completion: Decimal | None
    gap: Decimal | None
    time_elapsed: Decimal


@router.get("/monitoring/targets", response=list[TargetOut])
def target_list(request: HttpRequest, year: int, period: str = "") -> Any:
    if not 2000 <= year <= 2100:
        raise HttpError(422, "年度应在 2000—2100 之间")
    the_period = period_or_404(period) if period else report_queries.latest_period()
    rows = []
    for target in target_queries.targets_for(user=cast(User, request.user), year=year):
        progress = (
            target_queries.target_progress(
                user=cast(User, request.user), target=target, period=the_period
            )
            if the_period
            else None
        )
        rows.append(
            {
                "id": target.pk,
                "scope": target.scope,
                "park": target.park.name if target.park else None,
                "chain": target.chain.name if target.chain else None,
                "indicator": target.indicator.code,
                "year": target.year,
                "quarter": target.quarter,
                "kind": target.kind,
                "value": target.value,
                "actual": progress.actual if progress else None,
                "completion": progress.completion if progress else None,
                "gap": progress.gap if progress else None,
                "time_elapsed": progress.time_elapsed if progress else Decimal(0),
            }
        )
    return rows
