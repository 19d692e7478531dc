"""Writes to project approvals: one function per action, atomic, recording history.

Pages, the API, the template importer, the demo and the daily job call these. ``check=False``
is for system jobs (demo, the job) only. The key project is reached through
``zoneops.projects.public`` and the hand-over through ``zoneops.appeals.public``:
this app keeps no second workflow of its own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zoneops.appeals import public as appeals
from zoneops.approvals import permissions as perms
from zoneops.approvals.clocks import Calendar, item_clock
from zoneops.approvals.models import (
    BLOCKED,
    ApprovalItem,
    ApprovalMatrix,
    ApprovalTemplate,
    Intake,
    ItemStatus,
    TemplateItem,
    Variant,
)
from zoneops.core.history import assign, record, record_save, snapshot, snapshot_stored
from zoneops.core.models import ChangeRecord, Department, User
from zoneops.core.permissions import require
from zoneops.enterprises.models import Enterprise
from zoneops.projects.public import problem_raise

CREATE, UPDATE, DELETE = (
    ChangeRecord.Action.CREATE,
    ChangeRecord.Action.UPDATE,
    ChangeRecord.Action.DELETE,
)
TEMPLATE_FIELDS = ("name", "project_type", "variant", "target_days")
ITEM_FIELDS = ("stage", "order", "name", "department", "limit_days", "materials")
MATRIX_ITEM_FIELDS = (
    "status",
    "accepted_on",
    "concluded_on",
    "excluded_days",
    "document_number",
    "department",
    "helper",
    "note",
)
# A ledger problem raised by an item is due this many working days after it is raised.
PROBLEM_DAYS = 5


def _today(today: dt.date | None) -> dt.date:
    return today or timezone.localdate()


# --- templates -------------------------------------------------------------------------


@dataclass(frozen=True)
class ItemData:
    """One item of a template as the importer (or a form) gives it."""

    stage: int
    order: int
    name: str
    department: Department
    limit_days: int
    materials: str = ""

    def values(self) -> dict[str, Any]:
        return {
            "stage": self.stage,
            "order": self.order,
            "name": self.name,
            "department": self.department,
            "limit_days": self.limit_days,
            "materials": self.materials,
        }


def _template_snapshot(template: ApprovalTemplate) -> dict[str, Any]:
    items = [
        f"{i.stage}.{i.order} {i.name} · {i.department} · {i.limit_days}"
        for i in template.items.select_related("department")
    ]
    return snapshot(template) | {"items": items}


@transaction.atomic
def template_import(
    *,
    actor: User | None,
    code: str,
    fields: Mapping[str, Any],
    items: Sequence[ItemData],
    check: bool = True,
) -> tuple[ApprovalTemplate, bool]:
    """Make the template ``code`` hold exactly ``fields`` and ``items`` (by stage and name):
    items not given are removed. Returns the template and whether anything changed."""
    if check:
        require(actor is not None and perms.can_manage_templates(actor))
    template = ApprovalTemplate.objects.select_for_update().filter(code=code).first()
    is_new = template is None
    template = template or ApprovalTemplate(code=code)
    before = None if is_new else _template_snapshot(template)
    assign(template, fields, TEMPLATE_FIELDS)
    template.full_clean()
    template.save()
    stored = {(i.stage, i.name): i for i in template.items.all()}
    given = set()
    for data in items:
        key = (data.stage, data.name)
        given.add(key)
        item = stored.get(key) or TemplateItem(template=template)
        assign(item, data.values(), ITEM_FIELDS)
        item.full_clean(validate_unique=False)
        item.save()
    for key, item in stored.items():
        if key not in given:
            item.delete()
    after = _template_snapshot(template)
    changed = record(
        actor=actor, obj=template, action=CREATE if is_new else UPDATE, before=before, after=after
    )
    return template, changed is not None


@transaction.atomic
def template_item_save(
    *, actor: User, item: TemplateItem, data: Mapping[str, Any], check: bool = True
) -> TemplateItem:
    """Edit one item of a template (its department, limit, materials …)."""
    if check:
        require(perms.can_manage_templates(actor))
    before = snapshot_stored(item)
    assign(item, data, ITEM_FIELDS)
    item.full_clean()
    item.save()
    record_save(actor=actor, obj=item, before=before)
    return item


# --- matrices --------------------------------------------------------------------------


@transaction.atomic
def matrix_create(
    *,
    actor: User | None,
    key_project: Any,
    template: ApprovalTemplate,
    project_code: str = "",
    check: bool = True,
) -> ApprovalMatrix:
    """Open a key project's approval matrix from a template: its items are copied, so a later
    change of the template does not rewrite a project's approvals under way."""
    if check:
        require(
            actor is not None and perms.can_start_matrix(actor, key_project.park_id, key_project.pk)
        )
    if ApprovalMatrix.objects.filter(key_project=key_project).exists():
        raise ValidationError(_("该项目已建立审批事项矩阵"))
    matrix = ApprovalMatrix(
        key_project=key_project,
        template=template,
        project_code=project_code.strip(),
        land_ready=template.variant == Variant.LAND_READY,
        target_days=template.target_days,
    )
    matrix.full_clean()
    matrix.save()
    for source in template.items.all():
        ApprovalItem.objects.create(
            matrix=matrix,
            stage=source.stage,
            order=source.order,
            name=source.name,
            department_id=source.department_id,
            limit_days=source.limit_days,
            materials=source.materials,
        )
    record(actor=actor, obj=matrix, action=CREATE, before=None, after=snapshot(matrix))
    return matrix


@transaction.atomic
def matrix_update(
    *, actor: User, matrix: ApprovalMatrix, data: Mapping[str, Any], check: bool = True
) -> ApprovalMatrix:
    """Change a matrix's project code or its target."""
    if check:
        require(perms.can_keep_matrix(actor, matrix))
    before = snapshot_stored(matrix)
    assign(matrix, data, ("project_code", "target_days"))
    matrix.full_clean()
    matrix.save()
    record_save(actor=actor, obj=matrix, before=before)
    return matrix


@transaction.atomic
def item_update(
    *,
    actor: User | None,
    item: ApprovalItem,
    data: Mapping[str, Any],
    today: dt.date | None = None,
    check: bool = True,
) -> ApprovalItem:
    """Record where an item stands (status, dates, 办结文号, department, 帮办代办 officer); an
    item that is now overdue or refused raises its problem in the project's ledger."""
    if check:
        require(actor is not None and perms.can_keep_matrix(actor, item.matrix))
    unknown = set(data) - set(MATRIX_ITEM_FIELDS)
    if unknown:
        raise TypeError(f"unknown approval item fields: {sorted(unknown)}")
    before = snapshot_stored(item)
    assign(item, data, MATRIX_ITEM_FIELDS)
    item.document_number = (item.document_number or "").strip()
    item.full_clean()
    item.save()
    record_save(actor=actor, obj=item, before=before)
    escalate(item, calendar=Calendar.load(), today=_today(today))
    return item


def _problem_text(item: ApprovalItem, days_over: int) -> str:
    if item.status in BLOCKED:
        return _("审批事项“%(item)s”不予许可，需协调解决") % {"item": item.name}
    return _("审批事项“%(item)s”超过承诺时限%(limit)s个工作日已%(over)s个工作日") % {
        "item": item.name,
        "limit": item.limit_days,
        "over": days_over,
    }


def escalate(item: ApprovalItem, *, calendar: Calendar, today: dt.date) -> bool:
    """An overdue or refused item becomes a problem in its key project's ledger, owned by its
    department, once (the problem's id is kept on the item). Returns whether one was raised."""
    if item.problem_id is not None:
        return False
    clock = item_clock(item, calendar, today)
    overdue_open = clock.overdue and item.status not in (ItemStatus.CONCLUDED,)
    if not (overdue_open or item.status in BLOCKED):
        return False

    problem = problem_raise(
        actor=None,
        project=item.matrix.key_project,
        data={
            "raised_on": today,
            "description": _problem_text(item, clock.days_over),
            "department": item.department,
            "deadline": calendar.add_working_days(today, PROBLEM_DAYS),
        },
        check=False,
    )
    ApprovalItem.objects.filter(pk=item.pk).update(problem_id=problem.pk)
    item.problem_id = problem.pk
    return True


def escalations_run(*, today: dt.date | None = None) -> dict[str, int]:
    """Daily job: raise the ledger problem of every overdue or refused item that has none."""
    day = _today(today)
    calendar = Calendar.load()
    items = (
        ApprovalItem.objects.filter(problem_id__isnull=True, accepted_on__isnull=False)
        .exclude(status=ItemStatus.CONCLUDED)
        .select_related("matrix__key_project", "department")
    )
    checked = raised = 0
    for item in items:
        checked += 1
        with transaction.atomic():
            raised += escalate(item, calendar=calendar, today=day)
    return {"checked": checked, "raised": raised}


# --- 一窗受理 --------------------------------------------------------------------------


@transaction.atomic
def intake_create(
    *,
    actor: User | None,
    item: ApprovalItem,
    enterprise: Enterprise,
    materials_checked: Sequence[str],
    note: str = "",
    received_on: dt.date | None = None,
    check: bool = True,
) -> Intake:
    """Take in an application for one item at the window: tick its materials, hand it over to
    the item's department as an appeal (topic 审批手续) through the appeals' services, and move
    the item on (complete materials: 已受理 from today; otherwise 材料准备)."""
    if check:
        require(actor is not None and perms.can_take_intake(actor, item.matrix))
    day = _today(received_on)
    wanted = item.material_list()
    unknown = [m for m in materials_checked if m not in wanted]
    if unknown:
        raise ValidationError(
            {
                "materials_checked": _("不是该事项的要件材料：%(names)s")
                % {"names": "、".join(unknown)}
            }
        )
    ticked = [m for m in wanted if m in set(materials_checked)]
    complete = len(ticked) == len(wanted)
    missing = [m for m in wanted if m not in ticked]
    project = item.matrix.key_project
    content = _("项目：%(project)s\n事项：%(item)s\n已收材料：%(got)s\n缺少材料：%(missing)s") % {
        "project": project.name,
        "item": item.name,
        "got": "、".join(ticked) or "—",
        "missing": "、".join(missing) or "—",
    }
    if note.strip():
        content += "\n" + note.strip()
    appeal = appeals.appeal_create(
        actor,
        enterprise=enterprise,
        channel="walk_in",
        category="help",
        urgency="normal",
        topic="approval",
        title=(_("报建申请：%(item)s") % {"item": item.name})[:100],
        content=content,
        received_on=day,
        check=False,
    )
    appeals.appeal_act(
        actor,
        appeal=appeal,
        action="dispatch",
        department=item.department,
        today=day,
        check=False,
    )
    intake = Intake(
        item=item,
        enterprise=enterprise,
        received_on=day,
        materials_checked=ticked,
        complete=complete,
        note=note.strip()[:200],
        appeal=appeal,
        created_by=actor if actor is not None and actor.pk else None,
    )
    intake.full_clean()
    intake.save()
    record(actor=actor, obj=intake, action=CREATE, before=None, after=snapshot(intake))
    if item.status in (ItemStatus.NOT_APPLIED, ItemStatus.PREPARING, ItemStatus.CORRECTING):
        if complete:
            data: dict[str, Any] = {"status": ItemStatus.ACCEPTED}
            if item.accepted_on is None:
                data["accepted_on"] = day
        else:
            data = {"status": ItemStatus.PREPARING} if item.accepted_on is None else {}
        if data:
            item_update(actor=actor, item=item, data=data, today=day, check=False)
    return intake
