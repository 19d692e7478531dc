"""Writes to the key projects: one function per action, atomic, recording history.

Pages, the API, the plan importer, the demo generator and other apps handing a project over
onto the plan (see ``projects.public``) all call these, so there is one way to create a
project or record a ledger update. ``check=False`` is for system jobs (demo, imports by the
system) only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zoneops.core.history import assign, record, record_save, snapshot, snapshot_stored
from zoneops.core.models import ChangeRecord, Park, User
from zoneops.core.permissions import require
from zoneops.enterprises.models import Enterprise, Industry
from zoneops.projects.models import (
    Attachment,
    FundingSource,
    KeyProject,
    LedgerUpdate,
    PlannedInvestment,
    Problem,
    TaskForceMember,
    WarningRules,
)
from zoneops.projects.permissions import can_keep_ledger, can_manage_plan, can_resolve

# Fields a caller may set on a project (besides the monthly plan); anything else is refused.
PROJECT_FIELDS = (
    "year",
    "name",
    "category",
    "level",
    "nature",
    "owner_enterprise",
    "owner_name",
    "park",
    "industry",
    "content",
    "total_investment",
    "planned_start",
    "actual_start",
    "planned_completion",
    "actual_completion",
    "status",
    "leader",
    "prior_investment",
)
CREATE, UPDATE, DELETE = (
    ChangeRecord.Action.CREATE,
    ChangeRecord.Action.UPDATE,
    ChangeRecord.Action.DELETE,
)
ALLOWED_TYPES = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".pdf", ".doc", ".docx", ".xls", ".xlsx")
MAX_UPLOAD = 20 * 1024 * 1024


def _project_snapshot(project: KeyProject) -> dict[str, Any]:
    plan = {str(p.month): str(p.amount) for p in project.plan_months.order_by("month")}
    return snapshot(project) | {"plan_months": plan}


def _set_plan(project: KeyProject, plan_months: Mapping[int, Decimal | None]) -> None:
    """The year's plan by month: a month given as None or 0 has no planned investment."""
    for month, amount in plan_months.items():
        if not 1 <= int(month) <= 12:
            raise ValueError(f"month out of range: {month}")
        if amount:
            entry = PlannedInvestment(project=project, month=int(month), amount=Decimal(amount))
            entry.full_clean(exclude=["project"], validate_unique=False)
            PlannedInvestment.objects.update_or_create(
                project=project, month=int(month), defaults={"amount": Decimal(amount)}
            )
        else:
            PlannedInvestment.objects.filter(project=project, month=int(month)).delete()


@transaction.atomic
def key_project_create(
    actor: User | None,
    *,
    name: str,
    year: int,
    category: str,
    level: str,
    park: Park,
    owner_enterprise: Enterprise | None = None,
    industry: Industry | None = None,
    total_investment: Decimal,
    planned_start: dt.date | None = None,
    planned_completion: dt.date | None = None,
    plan_months: Mapping[int, Decimal | None] | None = None,
    check: bool = True,
    **rest: Any,
) -> KeyProject:
    """Put a project on a year's plan. The one write path for creating a key project.

    ``rest`` takes the other fields of :data:`PROJECT_FIELDS` (nature, owner_name, content,
    status, actual_start, actual_completion, leader, prior_investment); ``plan_months`` maps
    month (1–12) to the investment planned for it in 元. Money is in 元. Raises
    ``ValidationError`` for bad values, ``PermissionDenied`` if the actor may not manage the
    plan, ``TypeError`` for a field that is not a project's.
    """
    unknown = set(rest) - set(PROJECT_FIELDS)
    if unknown:
        raise TypeError(f"unknown key project fields: {sorted(unknown)}")
    if check:
        require(can_manage_plan(actor))
    project = KeyProject(
        name=name,
        year=year,
        category=category,
        level=level,
        park=park,
        owner_enterprise=owner_enterprise,
        industry=industry,
        total_investment=total_investment,
        planned_start=planned_start,
        planned_completion=planned_completion,
    )
    for key, value in rest.items():
        setattr(project, key, value)
    if project.owner_enterprise is not None and not project.owner_name:
        project.owner_name = project.owner_enterprise.name
    project.full_clean()
    project.save()
    if plan_months:
        _set_plan(project, plan_months)
    record(actor=actor, obj=project, action=CREATE, before=None, after=_project_snapshot(project))
    return project


@transaction.atomic
def key_project_update(
    *,
    actor: User | None,
    project: KeyProject,
    data: Mapping[str, Any],
    plan_months: Mapping[int, Decimal | None] | None = None,
    check: bool = True,
) -> tuple[KeyProject, bool]:
    """Change a project (and its monthly plan); returns it and whether anything changed."""
    if check:
        require(can_manage_plan(actor))
    unknown = set(data) - set(PROJECT_FIELDS)
    if unknown:
        raise TypeError(f"unknown key project fields: {sorted(unknown)}")
    before = snapshot_stored(project) | {
        "plan_months": {str(p.month): str(p.amount) for p in project.plan_months.order_by("month")}
    }
    for key, value in data.items():
        setattr(project, key, value)
    if project.owner_enterprise is not None and not project.owner_name:
        project.owner_name = project.owner_enterprise.name
    project.full_clean()
    project.save()
    if plan_months is not None:
        _set_plan(project, plan_months)
    changed = record(
        actor=actor, obj=project, action=UPDATE, before=before, after=_project_snapshot(project)
    )
    return project, changed is not None


@transaction.atomic
def member_set(
    *,
    actor: User | None,
    project: KeyProject,
    user: User,
    role: str,
    duty: str = "",
    check: bool = True,
) -> TaskForceMember:
    """Put a person on a project's task force, or change their role in it."""
    if check:
        require(can_manage_plan(actor))
    member = TaskForceMember.objects.filter(project=project, user=user).first()
    is_new = member is None
    member = member or TaskForceMember(project=project, user=user)
    before = None if is_new else snapshot_stored(member)
    member.role = role
    member.duty = duty
    member.full_clean(validate_unique=False)
    member.save()
    record_save(actor=actor, obj=member, before=before)
    return member


@transaction.atomic
def member_remove(*, actor: User | None, member: TaskForceMember, check: bool = True) -> None:
    if check:
        require(can_manage_plan(actor))
    record(actor=actor, obj=member, action=DELETE, before=snapshot(member), after=None)
    member.delete()


FUNDING_FIELDS = ("kind", "year", "batch", "requested", "approved", "disbursed")


@transaction.atomic
def funding_save(
    *,
    actor: User | None,
    project: KeyProject,
    data: Mapping[str, Any],
    funding: FundingSource | None = None,
    check: bool = True,
) -> FundingSource:
    """Add or change one funding source of a project (kind, year, batch and the amounts)."""
    if check:
        require(can_manage_plan(actor))
    is_new = funding is None
    funding = funding or FundingSource(project=project)
    before = None if is_new else snapshot_stored(funding)
    assign(funding, data, FUNDING_FIELDS)
    funding.full_clean()
    funding.save()
    record_save(actor=actor, obj=funding, before=before)
    return funding


@transaction.atomic
def funding_delete(*, actor: User, funding: FundingSource, check: bool = True) -> None:
    if check:
        require(can_manage_plan(actor))
    record(actor=actor, obj=funding, action=DELETE, before=snapshot(funding), after=None)
    funding.delete()


@transaction.atomic
def ledger_update_save(
    *,
    actor: User,
    project: KeyProject,
    month: dt.date,
    investment: Decimal,
    progress: str,
    reported_on: dt.date | None = None,
    files: Iterable[tuple[str, UploadedFile]] = (),
    check: bool = True,
) -> LedgerUpdate:
    """Record a month's ledger entry: the investment completed that month and the physical
    progress in words, with photos and attachments (``files``: (kind, file) pairs). A second
    entry for the same month replaces the figures of the first (and is recorded as a change)."""
    if check:
        require(can_keep_ledger(actor, project))
    month = month.replace(day=1)
    update = LedgerUpdate.objects.filter(project=project, month=month).first()
    is_new = update is None
    update = update or LedgerUpdate(project=project, month=month)
    before = None if is_new else snapshot_stored(update)
    update.investment = investment
    update.progress = progress
    update.reported_on = reported_on or timezone.localdate()
    if is_new:
        update.created_by = actor if getattr(actor, "pk", None) else None
    update.full_clean(validate_unique=False)
    update.save()
    record_save(actor=actor, obj=update, before=before)
    for kind, upload in files:
        attachment_add(actor=actor, update=update, kind=kind, upload=upload, check=False)
    return update


def _check_upload(upload: UploadedFile) -> None:
    name = (upload.name or "").lower()
    if not name.endswith(ALLOWED_TYPES):
        raise ValidationError(_("只能上传图片、PDF、Word 或 Excel 文件"))
    if (upload.size or 0) > MAX_UPLOAD:
        raise ValidationError(_("文件不能超过 20MB"))


@transaction.atomic
def attachment_add(
    *, actor: User, update: LedgerUpdate, kind: str, upload: UploadedFile, check: bool = True
) -> Attachment:
    """Attach a photo or a document to a ledger update (stored under MEDIA_ROOT, served only
    through the scoped download view)."""
    if check:
        require(can_keep_ledger(actor, update.project))
    _check_upload(upload)
    attachment = Attachment(
        update=update,
        kind=kind,
        name=(upload.name or "file")[:200],
        uploaded_by=actor if getattr(actor, "pk", None) else None,
    )
    attachment.file.save(upload.name or "file", upload, save=False)
    attachment.full_clean()
    attachment.save()
    after = snapshot(attachment, exclude=("file",)) | {"file": attachment.file.name}
    record(actor=actor, obj=attachment, action=CREATE, before=None, after=after)
    return attachment


PROBLEM_FIELDS = ("raised_on", "description", "department", "deadline")


@transaction.atomic
def problem_raise(
    *, actor: User | None, project: KeyProject, data: Mapping[str, Any], check: bool = True
) -> Problem:
    """Raise a problem on a project, owned by a department, with its deadline."""
    if check:
        require(can_keep_ledger(actor, project))
    problem = Problem(project=project)
    assign(problem, data, PROBLEM_FIELDS)
    if problem.raised_on is None:
        problem.raised_on = timezone.localdate()
    problem.full_clean()
    problem.save()
    record(actor=actor, obj=problem, action=CREATE, before=None, after=snapshot(problem))
    return problem


@transaction.atomic
def problem_resolve(
    *,
    actor: User,
    problem: Problem,
    resolution: str,
    resolved_on: dt.date | None = None,
    check: bool = True,
) -> Problem:
    """Record how a problem was resolved (and when)."""
    if check:
        require(can_resolve(actor, problem))
    before = snapshot_stored(problem)
    problem.resolution = resolution
    problem.resolved_on = resolved_on or timezone.localdate()
    problem.full_clean()
    problem.save()
    record(actor=actor, obj=problem, action=UPDATE, before=before, after=snapshot(problem))
    return problem


def warning_rules() -> WarningRules:
    """The warning thresholds in force (the defaults until someone saves them)."""
    return WarningRules.objects.order_by("pk").first() or WarningRules()


@transaction.atomic
def warning_rules_save(*, actor: User, data: Mapping[str, Any], check: bool = True) -> WarningRules:
    """Change the warning thresholds (lag in points, monthly update day, as-of date)."""
    if check:
        require(can_manage_plan(actor))
    rules = warning_rules()
    is_new = rules.pk is None
    before = None if is_new else snapshot_stored(rules)
    assign(rules, data, ("lag_points", "update_day", "as_of"))
    rules.full_clean()
    rules.save()
    record_save(actor=actor, obj=rules, before=before)
    return rules
