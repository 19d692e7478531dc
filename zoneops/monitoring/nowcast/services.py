"""Running the nowcast: store a period's estimates (one ChangeRecord per run) so the pages and the
API read them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction

from zoneops.core.history import record, snapshot
from zoneops.core.models import ChangeRecord, User
from zoneops.core.permissions import require
from zoneops.monitoring.models import Estimate, Indicator, ReportingPeriod
from zoneops.monitoring.nowcast.method import METHOD, OUTPUT, Nowcast, nowcast_compute
from zoneops.monitoring.permissions import can_manage_catalogue


@dataclass
class RunResult:
    nowcast: Nowcast
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0


@transaction.atomic
def nowcast_run(*, period: ReportingPeriod, actor: User | None) -> RunResult:
    """Compute and store the estimates of a period (``Estimate``, method electricity_ratio_v1).

    Idempotent: an estimate that comes out the same is not written again. An estimate whose
    enterprise has since reported is kept, to be compared with what was reported; one that no
    longer applies (no electricity any more, too little history) is deleted. Every write is
    recorded in history. ``actor`` None is the system (the command).
    """
    if actor is not None:
        require(can_manage_catalogue(actor))
    nowcast = nowcast_compute(period)
    result = RunResult(nowcast)
    indicator = Indicator.objects.get(code=OUTPUT)
    stored = {
        e.enterprise_id: e
        for e in Estimate.objects.select_for_update()
        .filter(period=period, indicator=indicator, method=METHOD)
        .select_related("enterprise", "period", "indicator")
    }
    for eid, estimate in nowcast.estimates.items():
        current = stored.get(eid)
        error = estimate.error_percent
        if current is None:
            created = Estimate.objects.create(
                period=period,
                enterprise_id=eid,
                indicator=indicator,
                method=METHOD,
                value=estimate.value,
                error_percent=error,
            )
            record(
                actor=actor,
                obj=created,
                action=ChangeRecord.Action.CREATE,
                before=None,
                after=_estimate_snapshot(created),
            )
            result.created += 1
        elif current.value != estimate.value or current.error_percent != error:
            before = _estimate_snapshot(current)
            current.value, current.error_percent = estimate.value, error
            current.save()
            record(
                actor=actor,
                obj=current,
                action=ChangeRecord.Action.UPDATE,
                before=before,
                after=_estimate_snapshot(current),
            )
            result.updated += 1
        else:
            result.unchanged += 1
    for eid, current in stored.items():
        if eid in nowcast.estimates or eid in nowcast.reported:
            continue
        before = _estimate_snapshot(current)
        record(
            actor=actor, obj=current, action=ChangeRecord.Action.DELETE, before=before, after=None
        )
        current.delete()
        result.deleted += 1
    return result


def _estimate_snapshot(estimate: Estimate) -> dict[str, Any]:
    return snapshot(estimate, exclude=("computed_at",))
