"""The demo's project approvals: the shipped approval templates imported through the import
engine (as an administrator would), and an approval matrix for some of the demo's key
projects, each at its own point of the four stages on the demo's today — a few items past
their promised limit (which the daily job turns into ledger problems), one 拿地即开工 project
through to its building permit in days, a refused item, and intakes at the window handed
over to their departments through the appeals' services.

Written through ``zoneops.approvals.services`` (and the engine for the templates), so the data
carries history like data entered by hand. Its randomness is the ``approvals`` stream.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from zoneops.approvals import services
from zoneops.approvals.importers import TemplateSpec
from zoneops.approvals.models import ApprovalItem, ApprovalMatrix, ApprovalTemplate, ItemStatus
from zoneops.core.imports import engine
from zoneops.core.models import Department
from zoneops.core.workdays import Calendar
from zoneops.demo.context import DemoContext
from zoneops.projects.models import KeyProject

TEMPLATES = Path(__file__).resolve().parents[1] / "approvals" / "data" / "approval_templates.csv"
# The departments the templates name that the demo's organisation lacks (a zone's 分局 of the
# city's bureaus and its own planning and construction bureau).
DEPARTMENTS = (
    ("natural_resources", "自然资源分局"),
    ("construction", "规划建设局"),
    ("ecology", "生态环境分局"),
)
# (template, how far along: stages fully concluded, and the state of the next stage)
PLANS = (
    ("LAND-READY", 3, "on_time"),
    ("ENT-FILING", 1, "overdue"),
    ("ENT-APPROVAL", 2, "on_time"),
    ("GOV", 1, "overdue"),
    ("ENT-FILING", 4, "done"),
    ("LOW-RISK", 2, "on_time"),
    ("ENT-APPROVAL", 0, "refused"),
    ("ENT-FILING", 0, "preparing"),
)


def build_approvals(ctx: DemoContext) -> None:
    rng = ctx.stream("approvals")
    assert ctx.zone is not None
    for order, (code, name) in enumerate(DEPARTMENTS, start=len(ctx.departments) + 1):
        if code not in ctx.departments:
            ctx.departments[code] = Department.objects.create(
                zone=ctx.zone, code=code, name=name, order=order
            )
    result = engine.run(
        TemplateSpec(),
        TEMPLATES.read_bytes(),
        actor=ctx.admin,
        dry_run=False,
        filename=TEMPLATES.name,
    )
    assert result.ok, result.problems
    calendar = Calendar.load()
    projects = list(KeyProject.objects.filter(year=ctx.today.year).order_by("park__order", "name"))
    rng.shuffle(projects)
    # Government investment goes to infrastructure, the enterprise flows to the others.
    public = [p for p in projects if p.category == "infrastructure"]
    private = [p for p in projects if p.category != "infrastructure"]
    chosen = [(public if code == "GOV" and public else private).pop(0) for code, _d, _s in PLANS]
    helper = ctx.users["projects"]
    matrices = 0
    for project, (template, stages_done, state) in zip(chosen, PLANS, strict=True):
        matrix = services.matrix_create(
            actor=helper,
            key_project=project,
            template=ApprovalTemplate.objects.get(code=template),
            project_code=_code(rng, project, ctx.today),
            check=False,
        )
        _progress(matrix, stages_done, state, calendar, ctx.today, rng, helper)
        matrices += 1
    services.escalations_run(today=ctx.today)
    intakes = _intakes(ctx, calendar)
    problems = ApprovalItem.objects.filter(problem_id__isnull=False).count()
    ctx.counts.update(
        {
            "approval_templates": ApprovalTemplate.objects.count(),
            "approval_matrices": matrices,
            "approval_problems": problems,
            "approval_intakes": intakes,
        }
    )
    ctx.say(
        f"报建审批：{matrices} 个项目矩阵，{problems} 个超期或不予许可事项转入台账问题，"
        f"{intakes} 件一窗受理"
    )


def _code(rng: random.Random, project: KeyProject, today: dt.date) -> str:
    region = (project.park.division_code or "630102")[:6]
    kind = "01" if project.category == "infrastructure" else "03"
    department = rng.choice(("34", "44", "48", "88"))
    return f"{today.year - 1}-{region}-{department}-{kind}-{rng.randrange(10**6):06d}"


def _back(calendar: Calendar, day: dt.date, days: int) -> dt.date:
    """The working day ``days`` working days before ``day``."""
    while days > 0:
        day -= dt.timedelta(days=1)
        if calendar.is_workday(day):
            days -= 1
    return day


def _progress(
    matrix: ApprovalMatrix,
    stages_done: int,
    state: str,
    calendar: Calendar,
    today: dt.date,
    rng: random.Random,
    helper: object,
) -> None:
    """Walk the matrix's items from a start date back in time so that ``stages_done`` stages
    are concluded by today and the next one stands in ``state``."""
    items = list(matrix.items.order_by("stage", "order"))
    stages = sorted({item.stage for item in items})
    # How many working days the finished stages took, item by item (a stage's items run in
    # parallel: the stage takes as long as its longest item, plus a gap before the next).
    durations = {
        stage: max(i.limit_days for i in items if i.stage == stage) + rng.randint(1, 4)
        for stage in stages[:stages_done]
    }
    lead = sum(durations.values()) + (rng.randint(12, 20) if state == "overdue" else 1)
    start = _back(calendar, today, lead)
    number = 0
    for stage in stages:
        stage_items = [i for i in items if i.stage == stage]
        if stage in durations:
            for item in stage_items:
                took = max(item.limit_days - rng.randint(0, max(item.limit_days // 3, 0)), 1)
                number += 1
                _set(
                    item,
                    helper,
                    today,
                    status=ItemStatus.CONCLUDED,
                    accepted_on=start,
                    concluded_on=min(calendar.add_working_days(start, took), today),
                    document_number=f"西经开审〔{today.year}〕{rng.randint(10, 400)}号",
                )
            start = calendar.add_working_days(start, durations[stage])
            continue
        if stage == stages[min(stages_done, len(stages) - 1)] and state != "done":
            for index, item in enumerate(stage_items):
                if state == "refused" and index == 0:
                    _set(
                        item,
                        helper,
                        today,
                        status=ItemStatus.REFUSED,
                        accepted_on=start,
                        concluded_on=min(calendar.add_working_days(start, 2), today),
                        note="选址不符合园区控制性详细规划",
                    )
                elif state == "preparing" or index > 1:
                    _set(item, helper, today, status=ItemStatus.PREPARING)
                else:
                    status = ItemStatus.CORRECTING if index == 1 else ItemStatus.ACCEPTED
                    _set(item, helper, today, status=status, accepted_on=min(start, today))
        break


def _set(item: ApprovalItem, helper: object, today: dt.date, **data: object) -> None:
    services.item_update(
        actor=None, item=item, data={"helper": helper, **data}, today=today, check=False
    )


def _intakes(ctx: DemoContext, calendar: Calendar) -> int:
    window = ctx.users["service"]
    waiting = (
        ApprovalItem.objects.filter(status=ItemStatus.PREPARING)
        .select_related("matrix__key_project__owner_enterprise", "department")
        .order_by("matrix__key_project__name", "stage", "order")
    )
    made = 0
    for item in waiting[:3]:
        enterprise = item.matrix.key_project.owner_enterprise
        if enterprise is None:
            continue
        materials = item.material_list()
        services.intake_create(
            actor=window,
            item=item,
            enterprise=enterprise,
            materials_checked=materials if made % 2 == 0 else materials[:-1],
            received_on=_back(calendar, ctx.today, 1),
            check=False,
        )
        made += 1
    return made
