"""The province ranking as JSON. Thin: parse, call the same read as the page, answer. Out of the
user's modules is 404."""

from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema
from ninja.errors import HttpError

from zoneops.monitoring.api_access import period_or_404, require_user
from zoneops.monitoring.models import Indicator
from zoneops.monitoring.province import queries as province

router = Router(tags=["monitoring"])


class RankRowOut(Schema):
    rank: int
    zone_name: str
    growth: Decimal
    is_self: bool


class RankingOut(Schema):
    period: str
    indicator: str
    total: int
    rank: int | None
    gap: Decimal | None = Field(None, description="points behind the zone ranked just above")
    lead: Decimal | None = Field(None, description="points ahead of the zone ranked just below")
    sentence: str
    rows: list[RankRowOut]


@router.get("/monitoring/province", response=RankingOut)
def province_rank(request: HttpRequest, period: str, indicator: str = "output_value") -> Any:
    user = require_user(request)
    chosen = period_or_404(period)
    found = get_object_or_404(Indicator.objects.visible_to(user), code=indicator)
    ranking = province.province_rank(period=chosen, indicator=found, user=user)
    if not ranking.rows:
        raise HttpError(404, "Not Found")
    return {
        "period": chosen.key,
        "indicator": found.code,
        "total": ranking.total,
        "rank": ranking.rank,
        "gap": ranking.gap,
        "lead": ranking.lead,
        "sentence": ranking.sentence(),
        "rows": ranking.rows,
    }
