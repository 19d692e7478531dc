"""Reads of inspection plans and their progress, and of 开停车和大检修 records.

A plan is seen by whoever sees one of its targets (a grid member sees the plans that reach
their grid, and of each only their grid's targets; every plan has a target: a scope that
holds none is refused).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from zoneops.core.models import User
from zoneops.enterprises.models import Enterprise
from zoneops.safety.models import (
    Grid,
    Inspection,
    InspectionPlan,
    PlanTarget,
    SafetyProfile,
    Shutdown,
    Source,
)
from zoneops.safety.queries import enterprises


def targets(*, user: User) -> QuerySet[PlanTarget]:
    """The plan targets this person sees: those of the enterprises they work in safety."""
    return PlanTarget.objects.filter(enterprise__in=enterprises(user=user).values("pk"))


def plans(*, user: User) -> QuerySet[InspectionPlan]:
    """The plans with a target in this person's sight, the newest first."""
    return (
        InspectionPlan.objects.filter(pk__in=targets(user=user).values("plan"))
        .select_related("checklist")
        .order_by("-start_on", "-pk")
    )


def open_plans(*, user: User, enterprise: Enterprise, day: dt.date) -> QuerySet[InspectionPlan]:
    """The plans running on ``day`` that target this enterprise (the inspection form's
    choices)."""
    return plans(user=user).filter(
        targets__enterprise=enterprise, start_on__lte=day, end_on__gte=day
    )


@dataclass
class TargetRow:
    """One target of a plan: checked (by which inspection, on which day) or not, and late when
    its due date (or the plan's end) has passed unchecked."""

    target: PlanTarget
    grid: Grid | None
    inspection: Inspection | None
    late: bool

    @property
    def done(self) -> bool:
        return self.inspection is not None


@dataclass
class GridProgress:
    grid: Grid | None
    total: int = 0
    done: int = 0

    @property
    def rate(self) -> float | None:
        return round(self.done * 100 / self.total, 1) if self.total else None


@dataclass
class Progress:
    """A plan's progress within one person's sight: its targets checked against all."""

    plan: InspectionPlan
    rows: list[TargetRow] = field(default_factory=list)
    grids: list[GridProgress] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.rows)

    @property
    def done(self) -> int:
        return sum(1 for row in self.rows if row.done)

    @property
    def late(self) -> int:
        return sum(1 for row in self.rows if row.late)

    @property
    def rate(self) -> float | None:
        return round(self.done * 100 / self.total, 1) if self.total else None


def counts(inspection: Inspection, plan: InspectionPlan) -> bool:
    """Does this inspection count for this plan? Within the plan's period, not a self-check
    (the plan is the supervisors'), and the plan's own or one of no plan (a grid member who
    forgot to pick the plan still did the round)."""
    if not plan.start_on <= inspection.inspected_on <= plan.end_on:
        return False
    if inspection.source == Source.SELF:
        return False
    return inspection.plan_id in (None, plan.pk)


def progress_of(
    *, user: User, plans_: Sequence[InspectionPlan], today: dt.date
) -> dict[int, Progress]:
    """The progress of each of these plans within this person's sight (a few queries for all:
    the list page and the detail share it). A 复工复产 target is checked by an inspection while
    it is stopped: from its stop to its restart (a routine check before it stops is not one)."""
    found = {plan.pk: Progress(plan=plan) for plan in plans_}
    if not found:
        return {}
    seen = list(
        targets(user=user)
        .filter(plan_id__in=found)
        .select_related("enterprise__park")
        .order_by("due_on", "enterprise__name")
    )
    ids = {t.enterprise_id for t in seen}
    grids = dict(
        SafetyProfile.objects.filter(enterprise_id__in=ids).values_list("enterprise_id", "grid")
    )
    grid_objects = Grid.objects.in_bulk(set(grids.values()))
    start = min(plan.start_on for plan in plans_)
    end = max(plan.end_on for plan in plans_)
    checks: dict[int, list[Inspection]] = {}
    rows = (
        Inspection.objects.filter(
            enterprise_id__in=ids, inspected_on__gte=start, inspected_on__lte=end
        )
        .filter(Q(plan_id__in=found) | Q(plan=None))
        .order_by("inspected_on", "pk")
    )
    for inspection in rows:
        checks.setdefault(inspection.enterprise_id, []).append(inspection)
    for target in seen:
        plan = found[target.plan_id].plan
        since = target.stop_from or plan.start_on
        until = target.restart_on or plan.end_on
        done = next(
            (
                i
                for i in checks.get(target.enterprise_id, [])
                if counts(i, plan) and since <= i.inspected_on <= until
            ),
            None,
        )
        due = target.due_on or plan.end_on
        grid = grid_objects.get(grids.get(target.enterprise_id, 0))
        found[target.plan_id].rows.append(
            TargetRow(target=target, grid=grid, inspection=done, late=done is None and due < today)
        )
    for progress in found.values():
        by_grid: dict[int | None, GridProgress] = {}
        for row in progress.rows:
            key = row.grid.pk if row.grid else None
            entry = by_grid.setdefault(key, GridProgress(grid=row.grid))
            entry.total += 1
            entry.done += int(row.done)
        progress.grids = sorted(by_grid.values(), key=lambda g: g.grid.code if g.grid else "")
    return found


def plan_progress(*, user: User, plan: InspectionPlan, today: dt.date) -> Progress:
    return progress_of(user=user, plans_=[plan], today=today)[plan.pk]


def shutdowns(*, user: User) -> QuerySet[Shutdown]:
    return Shutdown.objects.visible_to(user).select_related("enterprise")
