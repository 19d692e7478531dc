"""The electricity estimates as JSON. Thin: parse, call the same read as the page, answer. Out of
the user's modules is 404."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from zoneops.core.pagination import Pagination
from zoneops.monitoring.api_access import period_or_404, require_user
from zoneops.monitoring.nowcast import queries as nowcast

router = Router(tags=["monitoring"])


class EstimateOut(Schema):
    id: int
    period: str = Field(..., alias="period.key")
    enterprise_id: int
    enterprise: str = Field(..., alias="enterprise.name")
    park: str = Field(..., alias="enterprise.park.name")
    indicator: str = Field(..., alias="indicator.code")
    method: str
    is_estimate: bool = Field(True, description="always true: never a reported figure")
    value: Decimal
    error_percent: Decimal | None = Field(None, description="back-tested MAPE, percent")
    computed_at: dt.datetime


@router.get("/monitoring/estimates", response=list[EstimateOut])
@paginate(Pagination)
def estimate_list(request: HttpRequest, period: str = "") -> Any:
    user = require_user(request)
    return nowcast.estimate_list(user=user, period=period_or_404(period) if period else None)
