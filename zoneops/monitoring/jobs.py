"""The monitoring module's scheduled jobs (declared in apps.py, run by core/schedules.py; the
management commands run the same functions)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from zoneops.monitoring.alerts.services import evaluate_missing
from zoneops.monitoring.models import ReportingPeriod, ReportValue
from zoneops.monitoring.nowcast import method as nowcast_method
from zoneops.monitoring.nowcast import services as nowcast_services


def missing_reports(*, today: dt.date | None = None, months: int = 3) -> dict[str, int]:
    """Daily: raise (or close) 未按时报送 for the recent periods whose deadline has passed."""
    today = today or timezone.localdate()
    periods = ReportingPeriod.objects.filter(deadline__lt=today).order_by("-year", "-month")
    counts = {"periods": 0, "missing": 0}
    for period in periods[:months]:
        counts["periods"] += 1
        counts["missing"] += evaluate_missing(period, today=today)
    return counts


def latest_electricity_period() -> ReportingPeriod | None:
    """The latest month the grid's electricity ledger has figures for."""
    period_id = (
        ReportValue.objects.filter(indicator__code=nowcast_method.ELECTRICITY)
        .order_by("-report__period__year", "-report__period__month")
        .values_list("report__period_id", flat=True)
        .first()
    )
    return ReportingPeriod.objects.filter(pk=period_id).first() if period_id else None


def nowcast_latest() -> dict[str, int]:
    """Daily, after the grid's ledger: estimate the latest month with electricity (idempotent:
    a month whose estimates come out the same writes nothing)."""
    period = latest_electricity_period()
    if period is None:
        return {"estimated": 0, "created": 0, "updated": 0, "deleted": 0, "skipped": 0}
    result = nowcast_services.nowcast_run(period=period, actor=None)
    return {
        "estimated": len(result.nowcast.estimates),
        "created": result.created,
        "updated": result.updated,
        "deleted": result.deleted,
        "skipped": len(result.nowcast.skipped),
    }
