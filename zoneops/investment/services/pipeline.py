"""The pipeline's writes: a project from lead (线索) to production, its stage moves, the funds
that arrive and the enterprise its company registers as.

:func:`project_move` is the heart of it: it records a dated :class:`StageChange` and keeps the
project's stage dates and signed amount in step with it.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zoneops.core.history import assign, record, record_save, snapshot, snapshot_stored
from zoneops.core.models import ChangeRecord, User
from zoneops.core.permissions import require
from zoneops.enterprises.models import CapacitySource, Enterprise, GrowthPoint
from zoneops.enterprises.services import (
    chain_membership_set,
    enterprise_create,
    growth_point_set,
)
from zoneops.investment.models import (
    RANK,
    SIGNED_OR_LATER,
    FundArrival,
    Project,
    Review,
    Stage,
    StageChange,
    is_investment_officer,
)
from zoneops.investment.permissions import (
    can_edit_projects,
    can_register_enterprise,
    can_register_lead,
    can_review_leads,
)

PROJECT_FIELDS = (
    "name",
    "investor",
    "investor_region",
    "origin",
    "chain",
    "chain_node",
    "industry",
    "park",
    "content",
    "total_investment",
    "expected_output",
    "expected_tax",
    "land_area",
    "building_area",
    "annual_power",
    "financing_need",
    "other_needs",
    "method",
    "first_contact",
    "follow_up",
    "assigned_by",
    "lead_on",
    "planned_start",
    "company_name",
)


def _created(actor: User, obj: Any, note: str = "") -> None:
    record(
        actor=actor,
        obj=obj,
        action=ChangeRecord.Action.CREATE,
        before=None,
        after=snapshot(obj),
        note=note,
    )


@transaction.atomic
def project_create(*, actor: User, data: dict[str, Any], check: bool = True) -> Project:
    """Record a new lead (stage 线索). ``check=False`` is for system jobs (the demo) only."""
    if check:
        require(can_edit_projects(actor))
    project = Project(stage=Stage.LEAD, created_by=actor if getattr(actor, "pk", None) else None)
    assign(project, data, PROJECT_FIELDS)
    if project.follow_up_id is None and getattr(actor, "pk", None):
        project.follow_up = actor
    project.full_clean()
    project.save()
    StageChange.objects.create(
        project=project,
        from_stage="",
        to_stage=Stage.LEAD,
        on=project.lead_on,
        actor=project.created_by,
    )
    _created(actor, project)
    return project


# What an officer outside the bureau tells about a lead (全员招商): the rest the bureau fills.
LEAD_FIELDS = (
    "name",
    "investor",
    "investor_region",
    "chain",
    "park",
    "content",
    "total_investment",
    "method",
    "lead_on",
)


@transaction.atomic
def lead_register(*, actor: User, data: dict[str, Any], check: bool = True) -> Project:
    """全员招商: an officer registers a lead from their own contacts. It is a project at stage
    线索 waiting for the investment bureau's 研判 (:func:`lead_review`), with the officer as its
    source: they keep seeing it and it counts for them in the statistics."""
    if check:
        require(can_register_lead(actor))
    lead_on = data.get("lead_on") or timezone.localdate()
    if lead_on > timezone.localdate():
        raise ValidationError({"lead_on": [_("获取线索日期不能晚于今天")]})
    project = Project(
        stage=Stage.LEAD,
        created_by=actor if getattr(actor, "pk", None) else None,
        source=actor if getattr(actor, "pk", None) else None,
        review=Review.PENDING,
    )
    assign(project, {**data, "lead_on": lead_on}, LEAD_FIELDS)
    project.full_clean()
    project.save()
    StageChange.objects.create(
        project=project, from_stage="", to_stage=Stage.LEAD, on=lead_on, actor=project.created_by
    )
    _created(actor, project, note=str(_("全员招商线索")))
    return project


@transaction.atomic
def lead_review(
    *,
    actor: User,
    project: Project,
    accept: bool,
    follow_up: User | None = None,
    note: str = "",
    today: dt.date | None = None,
    check: bool = True,
) -> Project:
    """研判: the bureau takes a registered lead on and assigns it to an officer who follows it,
    or declines it with the reason (the lead is dropped; its source sees why)."""
    if check:
        require(can_review_leads(actor))
    before = snapshot_stored(project)
    project.refresh_from_db()
    if project.review != Review.PENDING:
        raise ValidationError(_("这条线索已经研判过了"))
    day = today or timezone.localdate()
    note = note.strip()
    if accept:
        if follow_up is None or not is_investment_officer(follow_up):
            raise ValidationError({"follow_up": [_("请指定招商局的跟进人")]})
        project.follow_up = follow_up
        project.review = Review.ACCEPTED
    else:
        if not note:
            raise ValidationError({"note": [_("不采纳须说明理由")]})
        project.review = Review.DECLINED
    project.review_note = note
    project.reviewed_by = actor if getattr(actor, "pk", None) else None
    project.reviewed_on = day
    project.full_clean()
    project.save()
    record(
        actor=actor,
        obj=project,
        action=ChangeRecord.Action.UPDATE,
        before=before,
        after=snapshot(project),
        note=str(_("研判")),
    )
    if not accept:
        project_move(
            actor=actor,
            project=project,
            to_stage=Stage.DROPPED,
            on=max(day, project.lead_on),
            note=_("研判未采纳：%(note)s") % {"note": note},
            check=False,
        )
    return project


@transaction.atomic
def project_update(
    *, actor: User, project: Project, data: dict[str, Any], check: bool = True
) -> tuple[Project, bool]:
    """Change a project's particulars (not its stage: that is :func:`project_move`)."""
    if check:
        require(can_edit_projects(actor))
    before = snapshot_stored(project)
    assign(project, data, PROJECT_FIELDS)
    project.full_clean()
    project.save()
    changed = record(
        actor=actor,
        obj=project,
        action=ChangeRecord.Action.UPDATE,
        before=before,
        after=snapshot(project),
    )
    return project, changed is not None


def _stage_errors(
    project: Project, to_stage: str, on: dt.date, amount: Decimal | None, note: str
) -> dict[str, str]:
    errors: dict[str, str] = {}
    current = project.stage
    if to_stage not in Stage.values:
        errors["to_stage"] = _("请选择阶段")
        return errors
    if to_stage == current:
        errors["to_stage"] = _("项目已处于该阶段")
    last = project.stage_changes.order_by("-on", "-pk").first()
    if last is not None and on < last.on:
        errors["on"] = _("日期不能早于上一次阶段变更（%(date)s）") % {"date": last.on.isoformat()}
    if to_stage == Stage.DROPPED and not note.strip():
        errors["note"] = _("终止项目须说明原因")
    if current == Stage.DROPPED and to_stage != Stage.DROPPED:
        # Reviving a dropped project: back to where it was, or earlier, never beyond.
        reached = project.stage_changes.exclude(to_stage=Stage.DROPPED).order_by("-on", "-pk")
        before_drop = reached.first()
        if before_drop and RANK[Stage(to_stage)] > RANK[Stage(before_drop.to_stage)]:
            errors["to_stage"] = _("恢复的项目不能越过终止前的阶段")
    elif (
        to_stage != Stage.DROPPED
        and RANK[Stage(to_stage)] < RANK[Stage(current)]
        and not note.strip()
    ):
        errors["note"] = _("阶段回退须说明原因")
    signing = to_stage in SIGNED_OR_LATER and project.signed_on is None
    if signing and (amount if amount is not None else project.total_investment) in (
        None,
        Decimal(0),
    ):
        errors["amount"] = _("签约须填写签约金额")
    if amount is not None and amount < 0:
        errors["amount"] = _("金额不能为负数")
    return errors


@transaction.atomic
def project_move(
    *,
    actor: User,
    project: Project,
    to_stage: str,
    on: dt.date | None = None,
    amount: Decimal | None = None,
    note: str = "",
    check: bool = True,
) -> StageChange:
    """Move a project to another stage on a date, recording the change.

    Forward moves may skip stages (a lead signed at a ceremony); the dates of the stages
    skipped are the move's date. A move back needs a reason and clears the later dates. Signing
    takes the signed amount (default: the total investment). Dropping needs the reason.
    """
    if check:
        require(can_edit_projects(actor))
    project = Project.objects.select_for_update().get(pk=project.pk)
    before = snapshot(project)
    on = on or timezone.localdate()
    errors = _stage_errors(project, to_stage, on, amount, note)
    if errors:
        raise ValidationError(errors)
    stage = Stage(to_stage)
    if stage == Stage.DROPPED:
        project.dropped_on, project.drop_reason = on, note.strip()
    else:
        project.dropped_on, project.drop_reason = None, ""
        rank = RANK[stage]
        if rank >= RANK[Stage.SIGNED]:
            if project.signed_on is None:
                project.signed_on = on
                project.signed_amount = amount if amount is not None else project.total_investment
            elif amount is not None:
                project.signed_amount = amount
        else:
            project.signed_on, project.signed_amount = None, None
        if rank >= RANK[Stage.STARTED]:
            project.started_on = project.started_on or on
        else:
            project.started_on = None
        project.producing_on = (project.producing_on or on) if stage == Stage.PRODUCING else None
    change = StageChange(
        project=project,
        from_stage=project.stage,
        to_stage=stage,
        on=on,
        amount=project.signed_amount if stage in SIGNED_OR_LATER else None,
        note=note.strip(),
        actor=actor if getattr(actor, "pk", None) else None,
    )
    project.stage = stage
    # The move's date and amount are held to the fields' bounds before anything is written.
    change.full_clean()
    project.full_clean()
    change.save()
    project.save()
    record(
        actor=actor,
        obj=project,
        action=ChangeRecord.Action.UPDATE,
        before=before,
        after=snapshot(project),
        note=_("阶段：%(stage)s") % {"stage": stage.label},
    )
    if stage == Stage.PRODUCING and change.from_stage != Stage.PRODUCING:
        capacity_handover(actor=actor, project=project)
    return change


def capacity_handover(*, actor: User | None, project: Project) -> GrowthPoint | None:
    """A project at 投产 hands its expected yearly output (as the designed annual output) and
    its production date over to its enterprise's record as a 新增长点 (达产达效).

    Nothing is handed over while the project has no registered enterprise or no expected
    output; registering the company of a producing project hands it over then. The move
    itself was authorised by the caller, so the registry's own check is not asked again.
    """
    project = Project.objects.select_related("enterprise").get(pk=project.pk)  # as stored
    if (
        project.stage != Stage.PRODUCING
        or project.enterprise_id is None
        or not project.expected_output
        or project.producing_on is None
    ):
        return None
    return growth_point_set(
        actor=actor,
        enterprise=project.enterprise,  # type: ignore[arg-type]
        designed_output=project.expected_output,
        producing_on=project.producing_on,
        source=CapacitySource.PROJECT,
        source_name=project.name[:200],
        check=False,
    )


@transaction.atomic
def arrival_save(
    *,
    actor: User,
    project: Project,
    month: dt.date,
    origin: str,
    amount: Decimal,
    note: str = "",
    check: bool = True,
) -> FundArrival:
    """Record (or correct) the funds of a project that arrived in a month from one origin."""
    if check:
        require(can_edit_projects(actor))
    month = month.replace(day=1)
    if project.stage not in SIGNED_OR_LATER and not (
        project.stage == Stage.DROPPED and project.signed_on
    ):
        raise ValidationError({"month": _("项目签约后才有到位资金")})
    if project.signed_on and month < project.signed_on.replace(day=1):
        raise ValidationError({"month": _("到位资金的月份不能早于签约月份")})
    if month > timezone.localdate():
        raise ValidationError({"month": _("月份不能晚于本月")})
    arrival = FundArrival.objects.filter(project=project, month=month, origin=origin).first()
    is_new = arrival is None
    arrival = arrival or FundArrival(project=project, month=month, origin=origin)
    before = None if is_new else snapshot_stored(arrival)
    arrival.amount, arrival.note = amount, note
    arrival.full_clean()
    arrival.save()
    record_save(actor=actor, obj=arrival, before=before)
    return arrival


@transaction.atomic
def arrival_delete(*, actor: User, arrival: FundArrival) -> None:
    require(can_edit_projects(actor))
    record(
        actor=actor,
        obj=arrival,
        action=ChangeRecord.Action.DELETE,
        before=snapshot(arrival),
        after=None,
    )
    arrival.delete()


@transaction.atomic
def project_link_enterprise(
    *, actor: User, project: Project, enterprise: Enterprise, check: bool = True
) -> Project:
    """A signed project carried out by an enterprise already in the registry (增资扩产 by a
    local company, 以商招商): link it instead of registering a new company. A producing project
    then hands its capacity over (:func:`capacity_handover`)."""
    if check:
        require(can_register_enterprise(actor, enterprise.park_id))
    if project.enterprise_id is not None:
        raise ValidationError(_("该项目已关联注册企业"))
    if project.stage not in SIGNED_OR_LATER:
        raise ValidationError(_("项目签约后才能关联企业"))
    before = snapshot_stored(project)
    project.enterprise = enterprise
    project.save(update_fields=["enterprise", "updated_at"])
    record(
        actor=actor,
        obj=project,
        action=ChangeRecord.Action.UPDATE,
        before=before,
        after=snapshot(project),
        note=_("关联已有企业"),
    )
    capacity_handover(actor=actor, project=project)
    return project


@transaction.atomic
def project_register_enterprise(
    *, actor: User, project: Project, data: dict[str, Any], check: bool = True
) -> Enterprise:
    """The project company registers: create it in the registry through the registry's own
    service (its checks apply), place it on the project's chain node and link it.

    ``data`` is the registry's data; :func:`enterprise_seed` gives what the project already
    knows, so the officer adds only what is new (the credit code).
    """
    if check:
        park = data.get("park")
        require(can_register_enterprise(actor, getattr(park, "pk", park)))
    if project.enterprise_id is not None:
        raise ValidationError(_("该项目已关联注册企业"))
    if project.stage not in SIGNED_OR_LATER:
        raise ValidationError(_("项目签约后才能登记注册企业"))
    # Checked above by the table's own row for this (the registry's editors and 招商局).
    enterprise = enterprise_create(actor=actor, data=data, check=False)
    if project.chain_id is not None:
        chain_membership_set(
            actor=actor,
            enterprise=enterprise,
            chain=project.chain,  # type: ignore[arg-type]
            node=project.chain_node,
            check=False,
        )
    before = snapshot_stored(project)
    project.enterprise = enterprise
    project.save(update_fields=["enterprise", "updated_at"])
    record(
        actor=actor,
        obj=project,
        action=ChangeRecord.Action.UPDATE,
        before=before,
        after=snapshot(project),
        note=_("登记注册企业"),
    )
    capacity_handover(actor=actor, project=project)
    return enterprise


def enterprise_seed(project: Project) -> dict[str, Any]:
    """The registry fields a project already knows, to prefill the registration form."""
    return {
        "name": project.company_name or project.investor,
        "park": project.park,
        "industry": project.industry,
        "status": "operating",
        "is_above_scale": False,
    }
