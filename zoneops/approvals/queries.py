"""Reads of project approvals: every list starts from ``visible_to(user)``.

The figures are computed from the items, never typed: each item's working days, the stage and
flow clocks (``clocks.py``), the warnings, and the statistics the zone is judged on (average
working days per stage and in total, items overdue, projects by stage, 拿地即开工 projects).
:func:`overview_figures` is what the leaders' overview reads.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from zoneops.approvals.clocks import (
    Calendar,
    ItemClock,
    SpanClock,
    by_stage,
    current_stage,
    item_clock,
    span_clock,
)
from zoneops.approvals.models import (
    BLOCKED,
    ApprovalItem,
    ApprovalMatrix,
    ApprovalTemplate,
    Intake,
    ItemStatus,
    Stage,
    TemplateItem,
)
from zoneops.approvals.permissions import can_start_matrix
from zoneops.core.models import User
from zoneops.core.navigation import module_allowed


def template_list(*, user: User) -> QuerySet[ApprovalTemplate]:
    return ApprovalTemplate.objects.visible_to(user).prefetch_related(
        Prefetch("items", queryset=_template_items())
    )


def _template_items() -> QuerySet[TemplateItem]:
    return TemplateItem.objects.select_related("department")


def matrix_list(*, user: User) -> QuerySet[ApprovalMatrix]:
    return (
        ApprovalMatrix.objects.visible_to(user)
        .select_related("key_project__park", "key_project__owner_enterprise", "template")
        .prefetch_related(
            Prefetch("items", queryset=ApprovalItem.objects.select_related("department", "helper"))
        )
    )


def item_list(*, user: User) -> QuerySet[ApprovalItem]:
    return ApprovalItem.objects.visible_to(user).select_related(
        "matrix__key_project__park",
        "matrix__key_project__owner_enterprise",
        "department",
        "helper",
    )


def intake_list(*, user: User) -> QuerySet[Intake]:
    return Intake.objects.visible_to(user).select_related(
        "item__matrix__key_project", "item__department", "enterprise", "appeal", "created_by"
    )


def matrix_for_project(*, user: User, project_id: int) -> ApprovalMatrix | None:
    """The approval matrix of a key project the user may see (None: it has none yet)."""
    return matrix_list(user=user).filter(key_project_id=project_id).first()


@dataclass(frozen=True)
class Warning:
    kind: str  # "item_overdue", "item_refused", "flow_over_target"
    message: str
    item_id: int | None = None


@dataclass
class ItemRow:
    item: ApprovalItem
    clock: ItemClock


@dataclass
class StageView:
    stage: int
    label: str
    rows: list[ItemRow]
    clock: SpanClock


@dataclass
class MatrixView:
    """A matrix as its page and the board read it."""

    matrix: ApprovalMatrix
    stages: list[StageView]
    clock: SpanClock
    current_stage: int | None
    warnings: list[Warning] = field(default_factory=list)

    @property
    def items_done(self) -> int:
        return sum(r.item.status == ItemStatus.CONCLUDED for s in self.stages for r in s.rows)

    @property
    def items_total(self) -> int:
        return sum(len(s.rows) for s in self.stages)

    @property
    def overdue(self) -> int:
        return sum(r.clock.overdue for s in self.stages for r in s.rows)

    @property
    def stage_label(self) -> str:
        if self.current_stage is None:
            return str(_("已全部办结"))
        return str(Stage(self.current_stage).label)


def as_of() -> dt.date:
    return timezone.localdate()


def matrix_view(matrix: ApprovalMatrix, *, calendar: Calendar, today: dt.date) -> MatrixView:
    items = list(matrix.items.all())
    stages = []
    for stage, stage_items in by_stage(items).items():
        rows = [ItemRow(item, item_clock(item, calendar, today)) for item in stage_items]
        stages.append(
            StageView(
                stage, str(Stage(stage).label), rows, span_clock(stage_items, calendar, today)
            )
        )
    view = MatrixView(
        matrix=matrix,
        stages=stages,
        clock=span_clock(items, calendar, today),
        current_stage=current_stage(items),
    )
    view.warnings = _warnings(view)
    return view


def _warnings(view: MatrixView) -> list[Warning]:
    found = []
    for stage in view.stages:
        for row in stage.rows:
            item = row.item
            if item.status in BLOCKED:
                found.append(
                    Warning(
                        "item_refused",
                        _("%(item)s：不予许可") % {"item": item.name},
                        item.pk,
                    )
                )
            elif row.clock.overdue:
                found.append(
                    Warning(
                        "item_overdue",
                        _(
                            "%(item)s：承诺%(limit)s个工作日，已用%(days)s个工作日，超期%(over)s个工作日"
                        )
                        % {
                            "item": item.name,
                            "limit": item.limit_days,
                            "days": row.clock.counted_days,
                            "over": row.clock.days_over,
                        },
                        item.pk,
                    )
                )
    days = view.clock.days
    if days is not None and days > view.matrix.target_days:
        found.append(
            Warning(
                "flow_over_target",
                _("审批全流程已用%(days)s个工作日，超过目标%(target)s个工作日")
                % {"days": days, "target": view.matrix.target_days},
            )
        )
    return found


def matrix_views(*, user: User, today: dt.date | None = None) -> list[MatrixView]:
    calendar = Calendar.load()
    day = today or as_of()
    return [matrix_view(m, calendar=calendar, today=day) for m in matrix_list(user=user)]


def project_panel(*, user: User, obj: Any) -> dict[str, Any] | None:
    """The key project page's approvals panel (declared in module.py): where the project's
    approvals stand, or, without a matrix, whether this user may open one."""
    if not module_allowed(user, "approvals"):
        return None
    matrix = matrix_for_project(user=user, project_id=obj.pk)
    if matrix is None:
        if not can_start_matrix(user, obj.park_id, obj.pk):
            return None
        return {"project": obj, "view": None}
    return {"project": obj, "view": matrix_view(matrix, calendar=Calendar.load(), today=as_of())}


def warnings_for_project(
    *, user: User, project_id: int, today: dt.date | None = None
) -> list[Warning]:
    """The approval warnings of one key project (for its page, beside its other warnings)."""
    matrix = matrix_for_project(user=user, project_id=project_id)
    if matrix is None:
        return []
    return matrix_view(matrix, calendar=Calendar.load(), today=today or as_of()).warnings


# --- statistics ------------------------------------------------------------------------


def _average(values: list[int]) -> Decimal | None:
    if not values:
        return None
    return (Decimal(sum(values)) / len(values)).quantize(Decimal("0.1"), ROUND_HALF_UP)


@dataclass
class Statistics:
    projects: int
    average_stage_days: dict[int, Decimal | None]  # stage -> mean working days (done stages)
    average_total_days: Decimal | None  # mean of finished flows
    items_overdue: int
    items_open: int
    by_stage: dict[str, int]  # current stage label -> projects
    land_ready: int
    over_target: int

    def stage_rows(self) -> list[tuple[str, Decimal | None]]:
        return [(str(Stage(s).label), days) for s, days in self.average_stage_days.items()]


def statistics(views: list[MatrixView]) -> Statistics:
    stage_days: dict[int, list[int]] = {stage.value: [] for stage in Stage}
    totals: list[int] = []
    by_current: dict[str, int] = {str(Stage(s).label): 0 for s in Stage.values}
    by_current[str(_("已全部办结"))] = 0
    overdue = open_items = land_ready = over_target = 0
    for view in views:
        for stage in view.stages:
            if stage.rows and stage.clock.done and stage.clock.days is not None:
                stage_days[stage.stage].append(stage.clock.days)
            for row in stage.rows:
                overdue += row.clock.overdue
                open_items += row.item.status in (ItemStatus.ACCEPTED, ItemStatus.CORRECTING)
        if view.clock.done and view.clock.days is not None:
            totals.append(view.clock.days)
        by_current[view.stage_label] += 1
        land_ready += view.matrix.land_ready
        over_target += any(w.kind == "flow_over_target" for w in view.warnings)
    return Statistics(
        projects=len(views),
        average_stage_days={s: _average(days) for s, days in stage_days.items()},
        average_total_days=_average(totals),
        items_overdue=overdue,
        items_open=open_items,
        by_stage=by_current,
        land_ready=land_ready,
        over_target=over_target,
    )


def overview_figures(*, user: User, today: dt.date | None = None) -> Statistics:
    """The approval figures the leaders' overview shows, within what ``user`` may see."""
    return statistics(matrix_views(user=user, today=today))


def home_panel(*, user: User) -> Statistics | None:
    """The home page's panel: for those who keep or read matrices, when there are any."""
    views = matrix_views(user=user)
    return statistics(views) if views else None
