"""The zone's aggregates as JSON: a slice's figures and their breakdown. Thin: parse, call a query,
answer."""

from decimal import Decimal
from typing import Any, Literal

from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from zoneops.core.http import AuthedRequest
from zoneops.monitoring.analysis import breakdown as breakdown_queries
from zoneops.monitoring.api_access import period_or_404
from zoneops.monitoring.models import Indicator

router = Router(tags=["monitoring"])


class GroupOut(Schema):
    key: str
    label: str
    ytd: Decimal
    last_ytd: Decimal
    growth: Decimal | None
    enterprises: int
    contribution_points: Decimal | None
    contribution_share: Decimal | None


class AggregatesOut(Schema):
    period: str
    indicator: str
    unit: str
    by: str
    groups: list[GroupOut]


@router.get("/monitoring/aggregates", response=AggregatesOut)
def aggregates(
    request: AuthedRequest,
    period: str,
    indicator: str,
    by: Literal["zone", "park", "industry", "chain"] = "zone",
) -> Any:
    """Year-to-date per group, last year's (same enterprises), growth %, enterprise count."""
    found = get_object_or_404(Indicator.objects.visible_to(request.user), code=indicator)
    the_period = period_or_404(period)
    groups = breakdown_queries.aggregates(
        user=request.user, period=the_period, indicator=found, by=by
    )
    return {
        "period": the_period.key,
        "indicator": found.code,
        "unit": found.unit,
        "by": by,
        "groups": groups,
    }
