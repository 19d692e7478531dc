"""Writes for inspection plans, their rounds and 复工复产 checks, and 开停车和大检修 records.

Re-exported by ``services`` (the app's one write path): atomic, checking the permission
table, validating (``full_clean``), recording history; ``check=False`` is for system jobs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from zoneops.core.history import assign, record_save, snapshot_stored
from zoneops.core.models import User
from zoneops.core.permissions import may, require
from zoneops.enterprises.models import Enterprise, EnterpriseStatus, Industry
from zoneops.enterprises.queries import industry_q
from zoneops.monitoring import public as monitoring
from zoneops.safety.models import (
    Checklist,
    Cycle,
    Grid,
    InspectionPlan,
    InspectionPlanKind,
    KeyLevel,
    PlanTarget,
    Shutdown,
    next_round_dates,
)
from zoneops.safety.permissions import may_act
from zoneops.safety.workdays import Calendar, working_day_before

PLAN_FIELDS = ("name", "kind", "checklist", "start_on", "end_on", "cycle", "industries")
PLAN_FLAGS = ("key_only", "note")
SHUTDOWN_FIELDS = ("kind", "start_on", "end_on", "note")
# A 复工复产 check is due this many working days before the reported restart.
RESTART_LEAD = 3


def scope_enterprises(
    *, grids: Sequence[Grid], industries: Sequence[str], key_only: bool
) -> QuerySet[Enterprise]:
    """The enterprises a plan's scope names: profiled in work safety, operating, in one of the
    grids (none: every grid), of one of the industries (none: all), key firms only if asked."""
    found = Enterprise.objects.filter(safety_profile__isnull=False).exclude(
        status=EnterpriseStatus.CLOSED
    )
    if grids:
        found = found.filter(safety_profile__grid__in=list(grids))
    if industries:
        wanted = industry_q(industries[0])
        for code in industries[1:]:
            wanted |= industry_q(code)
        found = found.filter(wanted)
    if key_only:
        found = found.exclude(safety_profile__key_level=KeyLevel.NONE)
    return found.order_by("pk")


def _check_codes(codes: Sequence[str]) -> None:
    known = set(Industry.objects.filter(code__in=codes).values_list("code", flat=True))
    unknown = [code for code in codes if code not in known]
    if unknown:
        raise ValidationError(
            {"industries": _("未知的行业代码：%(codes)s") % {"codes": "、".join(unknown)}}
        )


def _new_plan(
    *,
    actor: User | None,
    data: Mapping[str, Any],
    grids: Sequence[Grid],
    previous: InspectionPlan | None = None,
) -> InspectionPlan:
    plan = InspectionPlan(created_by=actor, previous=previous)
    assign(plan, data, (*PLAN_FIELDS, *PLAN_FLAGS, "round"))
    codes = plan.codes()
    _check_codes(codes)
    plan.full_clean()
    targets = list(
        scope_enterprises(grids=grids, industries=codes, key_only=plan.key_only).values_list(
            "pk", flat=True
        )
    )
    if not targets:
        raise ValidationError(_("检查范围内没有企业，请调整网格、行业或重点企业条件"))
    plan.save()
    plan.grids.set(grids)
    PlanTarget.objects.bulk_create(PlanTarget(plan=plan, enterprise_id=pk) for pk in targets)
    record_save(
        actor=actor, obj=plan, before=None, note=_("检查对象 %(n)s 家") % {"n": len(targets)}
    )
    return plan


@transaction.atomic
def plan_save(
    *,
    actor: User | None,
    data: Mapping[str, Any],
    grids: Sequence[Grid] = (),
    check: bool = True,
) -> InspectionPlan:
    """Make an inspection plan: its scope (grids, industries, key firms) resolves to its
    target enterprises now; a plan whose scope holds no enterprise is refused."""
    if check:
        require(may(actor, "safety.plan"))
    return _new_plan(actor=actor, data=data, grids=grids)


# What may change once a plan is made: not its kind or scope (its targets are fixed when it is
# made, so its progress keeps its meaning), nor its start; an end brought forward closes it.
PLAN_CHANGES = ("name", "checklist", "end_on", "cycle", "note")


@transaction.atomic
def plan_change(
    *,
    actor: User | None,
    plan: InspectionPlan,
    data: Mapping[str, Any],
    check: bool = True,
) -> InspectionPlan:
    """Change a plan's name, checklist, end, cycle or note (stopping the cycle: no next round;
    ending it early: a plan closed). A round already continued by the next keeps its cycle."""
    if check:
        require(may(actor, "safety.plan"))
    unknown = set(data) - set(PLAN_CHANGES)
    if unknown:
        raise ValidationError(_("检查计划的类型、范围和开始日期制定后不能修改"))
    before = snapshot_stored(plan)
    stored_cycle = InspectionPlan.objects.values_list("cycle", flat=True).get(pk=plan.pk)
    assign(plan, data, PLAN_CHANGES)
    if hasattr(plan, "next_round") and plan.cycle != stored_cycle:
        raise ValidationError({"cycle": _("该轮已生成下一轮，请在最新一轮修改循环周期")})
    plan.full_clean()
    plan.save()
    record_save(actor=actor, obj=plan, before=before)
    return plan


def restart_due(
    restart_on: dt.date, stop_from: dt.date | None, lead: int, calendar: Calendar
) -> dt.date:
    """When a stopped enterprise's 复工复产 check is due: ``lead`` working days before its
    restart; where the stop is shorter than that (a holiday stop), the day before the restart
    — never before the stop began, since a check of a running plant checks no restart."""
    due = working_day_before(restart_on, lead, calendar)
    if stop_from is not None and due < stop_from:
        due = max(stop_from, restart_on - dt.timedelta(days=1))
    return due


@transaction.atomic
def restart_plan_create(
    *,
    actor: User | None,
    checklist: Checklist | None,
    survey_id: int | None = None,
    lead: int = RESTART_LEAD,
    name: str = "",
    check: bool = True,
) -> InspectionPlan:
    """A 复工复产 plan from a production-plan survey (None: the newest): every enterprise that
    answered it stops (季节性停产 or 节日放假停产, with or without 设备检修) and gave its restart
    date is a target, its check due ``lead`` working days before that date. One plan per
    survey. Read through monitoring's public ``stopped_enterprises`` only."""
    if check:
        require(may(actor, "safety.plan"))
    if not 0 <= lead <= 30:
        raise ValidationError({"lead": _("提前量应在0–30个工作日之间")})
    survey = monitoring.stopped_enterprises(survey_id=survey_id)
    if survey is None:
        raise ValidationError(_("没有可用的生产计划调查"))
    if InspectionPlan.objects.filter(survey_id=survey.survey_id).exists():
        raise ValidationError(_("已按该调查制定过复工复产检查计划"))
    known = set(
        Enterprise.objects.filter(pk__in=[row.enterprise_id for row in survey.stopped])
        .exclude(status=EnterpriseStatus.CLOSED)
        .values_list("pk", flat=True)
    )
    stopped = [r for r in survey.stopped if r.restart_on is not None and r.enterprise_id in known]
    if not stopped:
        raise ValidationError(_("该调查中没有填报恢复生产日期的停产企业"))
    calendar = Calendar.load()
    starts = [r.stop_from for r in stopped if r.stop_from is not None]
    start = min([*starts, survey.holiday_start])
    end = max(r.restart_on for r in stopped if r.restart_on is not None)
    missing = len(survey.stopped) - len(stopped)
    title = survey.title.removesuffix("生产计划调查")
    plan = InspectionPlan(
        name=name or _("%(survey)s复工复产检查") % {"survey": title},
        kind=InspectionPlanKind.RESTART,
        checklist=checklist,
        start_on=start,
        end_on=max(end, start),
        survey_id=survey.survey_id,
        note=_("%(n)s家停产企业未填报恢复生产日期") % {"n": missing} if missing else "",
        created_by=actor,
    )
    plan.full_clean()
    plan.save()
    PlanTarget.objects.bulk_create(
        PlanTarget(
            plan=plan,
            enterprise_id=row.enterprise_id,
            stop_from=row.stop_from,
            restart_on=row.restart_on,
            maintenance=row.maintenance,
            due_on=restart_due(row.restart_on, row.stop_from, lead, calendar),
        )
        for row in stopped
        if row.restart_on is not None
    )
    record_save(
        actor=actor, obj=plan, before=None, note=_("检查对象 %(n)s 家") % {"n": len(stopped)}
    )
    return plan


@transaction.atomic
def plan_rounds_run(*, today: dt.date | None = None) -> dict[str, int]:
    """Daily: each cyclic plan whose round has ended gets its next round (the same scope,
    resolved again, so new firms join), and as many more as it takes to reach today. A plan
    is continued once (its ``next_round``): running twice changes nothing."""
    today = today or timezone.localdate()
    created = skipped = 0
    ended = InspectionPlan.objects.exclude(cycle=Cycle.NONE).filter(
        end_on__lt=today, next_round__isnull=True
    )
    for plan in ended.prefetch_related("grids"):
        current: InspectionPlan | None = plan
        while current is not None and current.end_on < today:
            start, end = next_round_dates(current.start_on, current.end_on, current.cycle)
            data = {
                **{name: getattr(current, name) for name in (*PLAN_FIELDS, *PLAN_FLAGS)},
                "start_on": start,
                "end_on": end,
                "round": current.round + 1,
            }
            try:
                current = _new_plan(
                    actor=None, data=data, grids=list(current.grids.all()), previous=current
                )
            except ValidationError:
                skipped += 1  # its scope holds no enterprise now; tried again tomorrow
                current = None
            else:
                created += 1
    return {"created": created, "skipped": skipped}


@transaction.atomic
def shutdown_save(
    *,
    actor: User | None,
    enterprise: Enterprise,
    data: Mapping[str, Any],
    shutdown: Shutdown | None = None,
    check: bool = True,
) -> Shutdown:
    """Record (or correct) an enterprise's 开车, 停车 or 大检修 with its dates."""
    if check:
        require(may_act(actor, "safety.shutdown", enterprise))
    before = snapshot_stored(shutdown) if shutdown else None
    shutdown = shutdown or Shutdown(enterprise=enterprise, created_by=actor)
    assign(shutdown, data, SHUTDOWN_FIELDS)
    shutdown.full_clean()
    shutdown.save()
    record_save(actor=actor, obj=shutdown, before=before)
    return shutdown
