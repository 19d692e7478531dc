"""Reads of the stored estimates: the list a user may see and a period's summary beside the
reported figures."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet

from zoneops.core.models import User
from zoneops.enterprises.models import Enterprise
from zoneops.monitoring.models import Estimate, ReportingPeriod, ReportValue
from zoneops.monitoring.nowcast.method import (
    METHOD,
    OUTPUT,
    WINDOW,
    EnterpriseEstimate,
    ZoneBacktest,
    _percent,
    backtest,
    fit_ratio,
    load_history,
    zone_backtest,
)


@dataclass
class EstimateRow:
    estimate: Estimate
    electricity: Decimal | None
    reported: Decimal | None  # the enterprise has reported since: what it reported

    @property
    def realised_error(self) -> Decimal | None:
        """How far the estimate was from the figure reported since (percent)."""
        if self.reported is None or self.reported <= 0:
            return None
        return _percent(abs(self.estimate.value - self.reported) / self.reported * 100)


@dataclass
class NowcastSummary:
    """The page's view: stored estimates (labelled 估算) beside the reported figures, never
    added into them silently; the total says it contains estimates."""

    period: ReportingPeriod
    rows: list[EstimateRow]
    reported_count: int
    reported_total: Decimal
    reported_unknown: int  # reported, but the month value cannot be derived
    pending_total: Decimal  # estimates of enterprises that have not reported yet
    pending_count: int
    not_estimated: list[Any]  # enterprises with electricity, no report and no estimate
    zone: ZoneBacktest

    @property
    def total(self) -> Decimal:
        return self.reported_total + self.pending_total


def estimate_list(*, user: User, period: ReportingPeriod | None = None) -> QuerySet[Estimate]:
    estimates = Estimate.objects.visible_to(user).filter(method=METHOD)
    if period is not None:
        estimates = estimates.filter(period=period)
    return estimates.select_related(
        "enterprise", "enterprise__park", "period", "indicator"
    ).order_by("-period__year", "-period__month", "-value", "enterprise__name")


def nowcast_summary(*, user: User, period: ReportingPeriod) -> NowcastSummary:
    """Stored estimates of a period within the user's scope, with the zone (or park) figures.

    The zone's back-test is recomputed on the user's scope, so a park officer reads the error
    of the park's own total.
    """
    history = load_history(period, values=ReportValue.objects.visible_to(user))
    estimates = list(estimate_list(user=user, period=period).filter(indicator__code=OUTPUT))
    rows = [
        EstimateRow(e, history.electricity(e.enterprise_id), history.reported(e.enterprise_id))
        for e in estimates
    ]
    reported_ids = [eid for eid in history.enterprises() if history.has_reported(eid)]
    pending = [e for e in estimates if not history.has_reported(e.enterprise_id)]
    fits: dict[int, EnterpriseEstimate] = {}
    for e in pending:
        observations = history.observations(e.enterprise_id)
        fits[e.enterprise_id] = EnterpriseEstimate(
            e.enterprise_id,
            history.electricity(e.enterprise_id) or Decimal(0),
            fit_ratio(observations) or Decimal(0),
            len(observations[-WINDOW:]),
            e.value,
            backtest(observations, history.key),
        )
    estimated_ids = {e.enterprise_id for e in estimates}
    not_estimated = [
        eid
        for eid in history.enterprises()
        if eid not in estimated_ids
        and not history.has_reported(eid)
        and (history.electricity(eid) or 0) > 0
    ]
    reported_values = [history.reported(eid) for eid in reported_ids]
    return NowcastSummary(
        period=period,
        rows=rows,
        reported_count=len(reported_ids),
        reported_total=sum((v for v in reported_values if v is not None), Decimal(0)),
        reported_unknown=sum(1 for v in reported_values if v is None),
        pending_total=sum((e.value for e in pending), Decimal(0)),
        pending_count=len(pending),
        not_estimated=list(
            Enterprise.objects.visible_to(user)
            .filter(pk__in=not_estimated)
            .select_related("park")
            .order_by("name")
        ),
        zone=zone_backtest(history, fits, reported_ids),
    )
