"""Writes for work safety: one keyword-only function per action, atomic, checking permission,
validating (``full_clean``), recording history. Pages, the API, the importer, the daily job
and the demo all call these; ``check=False`` is for system jobs (the demo, the daily run).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from zoneops.core import uploads
from zoneops.core.history import assign, record, record_save, snapshot, snapshot_stored
from zoneops.core.models import ChangeRecord, Role, User
from zoneops.core.permissions import require
from zoneops.enterprises.models import Enterprise
from zoneops.safety import queries
from zoneops.safety.models import (
    PLAN_FIELDS,
    SUPERVISION_ORDER,
    Accident,
    Checklist,
    ChecklistItem,
    Drill,
    EmergencyPlan,
    Grid,
    Hazard,
    HazardStatus,
    HazardStep,
    Inspection,
    InspectionResult,
    Mode,
    Outcome,
    Photo,
    Reminder,
    RiskPoint,
    SafetyProfile,
    Source,
    StepKind,
    highest_colour,
)
from zoneops.safety.permissions import can_configure, may_act
from zoneops.safety.plan_services import RESTART_LEAD as RESTART_LEAD
from zoneops.safety.plan_services import plan_change as plan_change
from zoneops.safety.plan_services import plan_rounds_run as plan_rounds_run
from zoneops.safety.plan_services import plan_save as plan_save
from zoneops.safety.plan_services import restart_plan_create as restart_plan_create
from zoneops.safety.plan_services import shutdown_save as shutdown_save
from zoneops.safety.workdays import Calendar, deadline_after, working_days_late

UPDATE = ChangeRecord.Action.UPDATE

GRID_FIELDS = ("area", "code", "name", "head", "frequency_days")
PROFILE_FIELDS = (
    "grid",
    "key_level",
    "major_hazard_source",
    "high_risk_works",
    "risk_level",
    "principal",
    "principal_phone",
    "safety_manager",
    "safety_manager_phone",
)
HAZARD_FIELDS = (
    "description",
    "place",
    "level",
    "kind",
    "mode",
    "responsible",
    "deadline_days",
    "funds",
    *PLAN_FIELDS,
    "supervision",
    "risk_point",
)
RISK_FIELDS = (
    "code",
    "place",
    "unit",
    "factors",
    "accident_type",
    "method",
    "lec_l",
    "lec_e",
    "lec_c",
    "level",
    "controls",
    "control_level",
    "responsible",
)
EMERGENCY_PLAN_FIELDS = ("name", "kind", "issued_on", "filed_on", "filing_number", "valid_until")
DRILL_FIELDS = (
    "plan",
    "kind",
    "form",
    "held_on",
    "scenario",
    "participants",
    "evaluation",
    "problems",
)
ACCIDENT_FIELDS = (
    "occurred_on",
    "occurred_time",
    "place",
    "kind",
    "deaths",
    "missing",
    "injured",
    "loss",
    "account",
)
ITEM_FIELDS = ("category", "content", "basis", "major_rule")
# An overdue hazard's 督办 goes one level up at once, then every this many working days late.
ESCALATE_EVERY = 5
# Reminders go out this many working days before a deadline.
REMIND_BEFORE = 3


@transaction.atomic
def grid_save(
    *,
    actor: User | None,
    data: Mapping[str, Any],
    grid: Grid | None = None,
    members: Sequence[User] | None = None,
    check: bool = True,
) -> Grid:
    """Add or change a grid (and, if given, set its 网格员)."""
    if check:
        require(can_configure(actor))
    before = snapshot_stored(grid) if grid else None
    grid = grid or Grid()
    assign(grid, data, GRID_FIELDS)
    grid.full_clean()
    grid.save()
    if members is not None:
        grid.members.set(members)
    record_save(actor=actor, obj=grid, before=before)
    return grid


@transaction.atomic
def profile_save(
    *, actor: User | None, enterprise: Enterprise, data: Mapping[str, Any], check: bool = True
) -> SafetyProfile:
    """Write an enterprise's safety profile (its grid, key flags, hazard sources, people)."""
    if check:
        require(may_act(actor, "safety.profile", enterprise))
    profile = SafetyProfile.objects.filter(enterprise=enterprise).first()
    before = snapshot_stored(profile) if profile else None
    profile = profile or SafetyProfile(enterprise=enterprise)
    assign(profile, data, PROFILE_FIELDS)
    derived = registered_colour(enterprise)
    if derived is not None:
        profile.risk_level = derived  # the register decides; a typed colour would be a second truth
    profile.full_clean()
    profile.save()
    record_save(actor=actor, obj=profile, before=before)
    return profile


def registered_colour(enterprise: Enterprise) -> str | None:
    """The highest colour among the enterprise's risk points (None: it has no register)."""
    return highest_colour(
        RiskPoint.objects.filter(enterprise=enterprise).values_list("level", flat=True)
    )


def _sync_colour(actor: User | None, enterprise: Enterprise) -> None:
    """Keep the profile's colour the register's highest (called by every risk point write)."""
    profile = SafetyProfile.objects.filter(enterprise=enterprise).first()
    derived = registered_colour(enterprise)
    if profile is None or derived is None or profile.risk_level == derived:
        return
    before = snapshot_stored(profile)
    profile.risk_level = derived
    profile.save(update_fields=["risk_level", "updated_at"])
    record_save(actor=actor, obj=profile, before=before, note=_("按风险点确定风险等级"))


@transaction.atomic
def risk_point_save(
    *,
    actor: User | None,
    enterprise: Enterprise,
    data: Mapping[str, Any],
    point: RiskPoint | None = None,
    check: bool = True,
) -> RiskPoint:
    """Add or change a risk point (known by its enterprise and code: the importer finds an
    existing one so). With LEC its colour follows from D; the enterprise's colour follows."""
    if check:
        require(may_act(actor, "safety.risk", enterprise))
    if point is None and data.get("code"):
        point = RiskPoint.objects.filter(enterprise=enterprise, code=data["code"]).first()
    if point is not None and point.enterprise_id != enterprise.pk:
        raise ValidationError(_("风险点不属于该企业"))
    before = snapshot_stored(point) if point else None
    point = point or RiskPoint(enterprise=enterprise)
    assign(point, data, RISK_FIELDS)
    if point.method == "lec" and "level" not in data:
        point.level = ""  # derived from L × E × C in clean
    point.full_clean()
    point.save()
    record_save(actor=actor, obj=point, before=before)
    _sync_colour(actor, enterprise)
    return point


@transaction.atomic
def emergency_plan_save(
    *,
    actor: User | None,
    enterprise: Enterprise,
    data: Mapping[str, Any],
    plan: EmergencyPlan | None = None,
    check: bool = True,
) -> EmergencyPlan:
    """Add or change an emergency plan with its 备案 and validity."""
    if check:
        require(may_act(actor, "safety.emergency", enterprise))
    before = snapshot_stored(plan) if plan else None
    plan = plan or EmergencyPlan(enterprise=enterprise)
    assign(plan, data, EMERGENCY_PLAN_FIELDS)
    plan.full_clean()
    plan.save()
    record_save(actor=actor, obj=plan, before=before)
    return plan


@transaction.atomic
def drill_save(
    *,
    actor: User | None,
    enterprise: Enterprise,
    data: Mapping[str, Any],
    drill: Drill | None = None,
    check: bool = True,
) -> Drill:
    """Record (or correct) a drill: kind, form, date, participants, evaluation, problems."""
    if check:
        require(may_act(actor, "safety.emergency", enterprise))
    before = snapshot_stored(drill) if drill else None
    drill = drill or Drill(enterprise=enterprise)
    assign(drill, data, DRILL_FIELDS)
    drill.full_clean()
    drill.save()
    record_save(actor=actor, obj=drill, before=before)
    return drill


@transaction.atomic
def drill_hazard(
    *,
    actor: User | None,
    drill: Drill,
    data: Mapping[str, Any],
    check: bool = True,
) -> Hazard:
    """A problem a drill found, raised as a hazard: the hazard loop's own path (who may
    report, the 重大 plan, the deadline in working days), linked to the drill."""
    enterprise = drill.enterprise
    if check:
        require(may_act(actor, "safety.inspect", enterprise))
    ent_user = check and getattr(actor, "role", None) == Role.ENTERPRISE
    hazard = _hazard_new(
        actor=actor,
        enterprise=enterprise,
        data={"place": drill.scenario[:200], **data},
        source=Source.SELF if ent_user else Source.SUPERVISION,
        found_on=drill.held_on,
        inspection=None,
        item=None,
        check=check,
        calendar=Calendar.load(),
        drill=drill,
    )
    return hazard


@transaction.atomic
def accident_save(
    *,
    actor: User | None,
    enterprise: Enterprise,
    data: Mapping[str, Any],
    accident: Accident | None = None,
    check: bool = True,
) -> Accident:
    """File an accident or change its counts (casualties reported late within 30 days); the
    grade follows from the counts."""
    if check:
        require(may_act(actor, "safety.accident", enterprise))
    before = snapshot_stored(accident) if accident else None
    accident = accident or Accident(enterprise=enterprise, created_by=actor)
    assign(accident, data, ACCIDENT_FIELDS)
    accident.full_clean()
    accident.save()
    record_save(actor=actor, obj=accident, before=before)
    return accident


@transaction.atomic
def checklist_item_save(
    *,
    actor: User | None,
    name: str,
    theme: str,
    version: int,
    number: int,
    data: Mapping[str, Any],
    check: bool = True,
) -> ChecklistItem:
    """Add or change one item of a checklist version (the version is made with its first
    item). The import writes each row through this."""
    if check:
        require(can_configure(actor))
    checklist = Checklist.objects.filter(name=name, version=version).first()
    if checklist is None:
        checklist = Checklist(name=name, theme=theme, version=version)
        checklist.full_clean()
        checklist.save()
        record_save(actor=actor, obj=checklist, before=None)
    elif checklist.theme != theme:
        before = snapshot_stored(checklist)
        checklist.theme = theme
        checklist.full_clean()
        checklist.save()
        record_save(actor=actor, obj=checklist, before=before)
    item = ChecklistItem.objects.filter(checklist=checklist, number=number).first()
    item_before = snapshot_stored(item) if item else None
    item = item or ChecklistItem(checklist=checklist, number=number)
    assign(item, data, ITEM_FIELDS)
    item.full_clean()
    item.save()
    record_save(actor=actor, obj=item, before=item_before)
    return item


def _next_number(found_on: dt.date) -> str:
    """隐患编号 YH-2024-03-0012: the month's running number."""
    prefix = f"YH-{found_on:%Y-%m}-"
    last = Hazard.objects.filter(number__startswith=prefix).aggregate(n=Max("number"))["n"]
    count = int(last.rsplit("-", 1)[1]) if last else 0
    return f"{prefix}{count + 1:04d}"


def _step(hazard: Hazard, kind: str, actor: User | None, on: dt.date, note: str = "") -> HazardStep:
    return HazardStep.objects.create(
        hazard=hazard,
        kind=kind,
        actor=actor,
        on=on,
        note=note[:1000],
        deadline=hazard.deadline
        if kind in (StepKind.REPORT, StepKind.ORDER, StepKind.FAIL)
        else None,
    )


def _supervises(actor: User | None, enterprise: Enterprise, check: bool) -> bool:
    return not check or may_act(actor, "safety.supervise", enterprise)


def _hazard_new(
    *,
    actor: User | None,
    enterprise: Enterprise,
    data: Mapping[str, Any],
    source: str,
    found_on: dt.date,
    inspection: Inspection | None,
    item: ChecklistItem | None,
    check: bool,
    calendar: Calendar,
    drill: Drill | None = None,
) -> Hazard:
    hazard = Hazard(
        enterprise=enterprise,
        inspection=inspection,
        item=item,
        drill=drill,
        source=source,
        found_on=found_on,
        created_by=actor,
    )
    assign(hazard, data, HAZARD_FIELDS)
    if hazard.mode == Mode.IMMEDIATE:
        hazard.deadline_days = 0
    hazard.deadline = deadline_after(found_on, hazard.deadline_days or 0, calendar)
    # An officer who may order rectification orders it as they find it (责令整改 on the spot);
    # a self-check or a grid member's report waits for the supervisor's order.
    ordered = source != Source.SELF and _supervises(actor, enterprise, check)
    hazard.status = HazardStatus.ORDERED if ordered else HazardStatus.REPORTED
    hazard.number = _next_number(found_on)
    hazard.full_clean()
    hazard.save()
    record_save(actor=actor, obj=hazard, before=None)
    _step(hazard, StepKind.ORDER if ordered else StepKind.REPORT, actor, found_on)
    return hazard


@transaction.atomic
def hazard_report(
    *,
    actor: User | None,
    enterprise: Enterprise,
    data: Mapping[str, Any],
    source: str,
    found_on: dt.date | None = None,
    check: bool = True,
) -> Hazard:
    """Report one hazard outside an inspection (a grid member's round, an enterprise's own
    finding). A 重大 hazard without its plan and 督办 level is refused."""
    if check:
        require(may_act(actor, "safety.inspect", enterprise))
        if getattr(actor, "role", None) == Role.ENTERPRISE:
            source = Source.SELF  # what an enterprise finds itself is its self-check
    return _hazard_new(
        actor=actor,
        enterprise=enterprise,
        data=data,
        source=source,
        found_on=found_on or timezone.localdate(),
        inspection=None,
        item=None,
        check=check,
        calendar=Calendar.load(),
    )


@dataclass
class ResultInput:
    """One item's answer in an inspection; ``hazard`` holds the failed item's hazard fields."""

    item: ChecklistItem
    outcome: str
    note: str = ""
    hazard: dict[str, Any] = field(default_factory=dict)
    photos: Sequence[Any] = ()


def _checked_photos(photos: Sequence[Any]) -> list[str]:
    """Each photo's content type, or one ValidationError naming every bad file."""
    uploads.check_count(0, len(photos))
    types: list[str] = []
    problems: list[str] = []
    for upload in photos:
        try:
            types.append(uploads.check_photo(upload))
        except ValidationError as exc:
            problems.extend(exc.messages)
    if problems:
        raise ValidationError({"photos": problems})
    return types


def _store_photos(
    enterprise: Enterprise,
    photos: Sequence[Any],
    *,
    actor: User | None,
    result: InspectionResult | None = None,
    step: HazardStep | None = None,
) -> list[Photo]:
    """Photos of a result or a step, each checked by its content (core.uploads), all or none:
    one ValidationError names every bad file."""
    types = _checked_photos(photos)
    return uploads.store(
        Photo, photos, types, actor=actor, enterprise=enterprise, result=result, step=step
    )


@transaction.atomic
def inspection_record(
    *,
    actor: User | None,
    enterprise: Enterprise,
    data: Mapping[str, Any],
    results: Sequence[ResultInput],
    check: bool = True,
) -> Inspection:
    """Record an inspection with each item's result; each failed item becomes a hazard.

    All or nothing: a failed item whose hazard is refused (a 重大 without its plan) leaves no
    inspection behind; the error names the item's number.
    """
    if check:
        require(may_act(actor, "safety.inspect", enterprise))
    for result in results:  # every photo checked before anything (a file) is written
        try:
            _checked_photos(result.photos)
        except ValidationError as exc:
            messages = "；".join(exc.messages)
            raise ValidationError(
                _("第%(n)s项：%(errors)s") % {"n": result.item.number, "errors": messages}
            ) from exc
    inspection = Inspection(enterprise=enterprise, created_by=actor)
    assign(
        inspection,
        data,
        ("source", "checklist", "plan", "inspected_on", "inspectors", "place", "note"),
    )
    if inspection.plan is not None and not inspection.plan.targets.filter(enterprise=enterprise):
        raise ValidationError({"plan": _("该企业不在所选检查计划的检查对象中")})
    if check and getattr(actor, "role", None) == Role.ENTERPRISE:
        inspection.source = Source.SELF  # an enterprise's own check is a self-check
    inspection.full_clean()
    inspection.save()
    record_save(actor=actor, obj=inspection, before=None)
    calendar = Calendar.load()
    with_photos: list[tuple[InspectionResult, Sequence[Any]]] = []
    for result in results:
        if inspection.checklist_id and result.item.checklist_id != inspection.checklist_id:
            raise ValidationError(_("检查项不属于所选检查表"))
        answer = InspectionResult.objects.create(
            inspection=inspection, item=result.item, outcome=result.outcome, note=result.note[:300]
        )
        if result.photos:
            with_photos.append((answer, result.photos))
        if result.outcome != Outcome.FAIL:
            continue
        hazard_data = {"description": result.note or result.item.content, **result.hazard}
        try:
            _hazard_new(
                actor=actor,
                enterprise=enterprise,
                data=hazard_data,
                source=inspection.source,
                found_on=inspection.inspected_on,
                inspection=inspection,
                item=result.item,
                check=check,
                calendar=calendar,
            )
        except ValidationError as exc:
            messages = "；".join(exc.messages)
            raise ValidationError(
                _("第%(n)s项：%(errors)s") % {"n": result.item.number, "errors": messages}
            ) from exc
    # The files last: a refused hazard above leaves none behind.
    for answer, photos in with_photos:
        _store_photos(enterprise, photos, actor=actor, result=answer)
    return inspection


ACTS = {
    # action: (permission row, from statuses, to status, step)
    "order": ("safety.supervise", (HazardStatus.REPORTED,), HazardStatus.ORDERED, StepKind.ORDER),
    "start": (
        "safety.rectify",
        (HazardStatus.ORDERED,),
        HazardStatus.RECTIFYING,
        StepKind.START,
    ),
    "rectified": (
        "safety.rectify",
        (HazardStatus.ORDERED, HazardStatus.RECTIFYING),
        HazardStatus.AWAITING,
        StepKind.RECTIFIED,
    ),
    "pass": ("safety.supervise", (HazardStatus.AWAITING,), HazardStatus.CLOSED, StepKind.PASS),
    "fail": ("safety.supervise", (HazardStatus.AWAITING,), HazardStatus.RECTIFYING, StepKind.FAIL),
}


def acts_for(user: User, hazard: Hazard) -> list[str]:
    """The steps this person may take on this hazard now (the page's buttons)."""
    return [
        act
        for act, (row, sources, _to, _step_kind) in ACTS.items()
        if hazard.status in sources and may_act(user, row, hazard.enterprise)
    ]


@transaction.atomic
def hazard_act(
    *,
    actor: User | None,
    hazard: Hazard,
    action: str,
    note: str = "",
    deadline_days: int | None = None,
    today: dt.date | None = None,
    photos: Sequence[Any] = (),
    check: bool = True,
) -> Hazard:
    """Take one step of the loop. ``fail`` (复查不通过) needs a new deadline in working days,
    counted from today; ``rectified`` needs the enterprise's note of what it did, and may
    carry photos as its evidence (no other step takes photos)."""
    if action not in ACTS:
        raise ValidationError(_("未知的操作"))
    row, sources, target, kind = ACTS[action]
    if check:
        require(may_act(actor, row, hazard.enterprise))
    today = today or timezone.localdate()
    before = snapshot_stored(hazard)
    hazard.refresh_from_db()
    if hazard.status not in sources:
        raise ValidationError(_("隐患当前状态不能进行此操作"))
    note = note.strip()
    if photos and action != "rectified":
        raise ValidationError({"photos": _("只有报告整改完成时可以上传整改照片")})
    _checked_photos(photos)
    if action == "rectified":
        if not note:
            raise ValidationError({"note": _("请说明整改情况")})
        hazard.rectified_note = note
        hazard.rectified_on = today
    elif action == "fail":
        if deadline_days is None or not 1 <= deadline_days <= 250:
            raise ValidationError(
                {"deadline_days": _("复查不通过须重新确定整改期限（1–250个工作日）")}
            )
        if not note:
            raise ValidationError({"note": _("请写明复查不通过的理由")})
        hazard.rechecks += 1
        hazard.deadline_days = deadline_days
        hazard.deadline = deadline_after(today, deadline_days)
        hazard.rectified_on = None
    elif action == "pass":
        hazard.rechecks += 1
        hazard.closed_on = today
    elif action == "order" and deadline_days is not None:
        hazard.deadline_days = deadline_days
        hazard.deadline = deadline_after(today, deadline_days)
    hazard.status = target
    hazard.full_clean()
    hazard.save()
    record(actor=actor, obj=hazard, action=UPDATE, before=before, after=snapshot(hazard), note=note)
    step = _step(hazard, kind, actor, today, note)
    if photos:
        _store_photos(hazard.enterprise, photos, actor=actor, step=step)
    return hazard


@dataclass
class DeadlineRun:
    checked: int = 0
    reminded: int = 0
    escalated: int = 0


def _recipients(hazard: Hazard) -> list[User]:
    people = list(User.objects.filter(enterprise=hazard.enterprise, is_active=True))
    profile = SafetyProfile.objects.filter(enterprise=hazard.enterprise).first()
    if profile is not None:
        people += list(profile.grid.members.filter(is_active=True))
    return people


def _remind(hazard: Hazard, key: str, message: str) -> int:
    sent = 0
    for person in _recipients(hazard):
        _obj, created = Reminder.objects.get_or_create(
            recipient=person, key=key, defaults={"hazard": hazard, "message": message[:300]}
        )
        sent += int(created)
    return sent


@transaction.atomic
def deadlines_run(*, today: dt.date | None = None) -> dict[str, int]:
    """Daily: remind before each open hazard's deadline (once per deadline and person), and
    escalate the 督办 of each overdue one (park → zone → city), one level at once and another
    every ``ESCALATE_EVERY`` working days it stays late. Running twice a day changes nothing."""
    today = today or timezone.localdate()
    calendar = Calendar.load()
    run = DeadlineRun()
    horizon = deadline_after(today, REMIND_BEFORE, calendar)
    hazards = Hazard.objects.filter(
        status__in=(HazardStatus.REPORTED, HazardStatus.ORDERED, HazardStatus.RECTIFYING),
        deadline__lte=horizon,
    ).select_related("enterprise")
    for hazard in hazards:
        run.checked += 1
        if hazard.deadline >= today:
            message = _("隐患 %(number)s（%(enterprise)s）整改期限为%(date)s，请按期整改") % {
                "number": hazard.number,
                "enterprise": hazard.enterprise.name,
                "date": f"{hazard.deadline:%Y-%m-%d}",
            }
            run.reminded += _remind(hazard, f"due:{hazard.pk}:{hazard.deadline}", message)
            continue
        if working_days_late(hazard.deadline, today, calendar) <= 0:
            continue  # past the date only by a holiday
        message = _("隐患 %(number)s（%(enterprise)s）已超过整改期限%(date)s") % {
            "number": hazard.number,
            "enterprise": hazard.enterprise.name,
            "date": f"{hazard.deadline:%Y-%m-%d}",
        }
        run.reminded += _remind(hazard, f"overdue:{hazard.pk}:{hazard.deadline}", message)
        if _escalate(hazard, today, calendar):
            run.escalated += 1
    return {"checked": run.checked, "reminded": run.reminded, "escalated": run.escalated}


def _escalate(hazard: Hazard, today: dt.date, calendar: Calendar) -> bool:
    level = SUPERVISION_ORDER.index(hazard.supervision or "")
    if level == len(SUPERVISION_ORDER) - 1:
        return False
    if hazard.escalated_on is not None:
        since = calendar.working_days_between(hazard.escalated_on, today)
        if since < ESCALATE_EVERY:
            return False
    before = snapshot_stored(hazard)
    hazard.supervision = SUPERVISION_ORDER[level + 1]
    hazard.escalated_on = today
    hazard.save(update_fields=["supervision", "escalated_on", "updated_at"])
    label = hazard.get_supervision_display()
    note = _("逾期未整改，升级为%(level)s") % {"level": label}
    record(actor=None, obj=hazard, action=UPDATE, before=before, after=snapshot(hazard), note=note)
    _step(hazard, StepKind.ESCALATE, None, today, note)
    return True


def _enterprise_recipients(enterprise: Enterprise) -> list[User]:
    people = list(User.objects.filter(enterprise=enterprise, is_active=True))
    profile = SafetyProfile.objects.filter(enterprise=enterprise).select_related("grid").first()
    if profile is not None:
        people += list(profile.grid.members.filter(is_active=True))
    return people


def _remind_enterprise(enterprise: Enterprise, key: str, message: str) -> int:
    sent = 0
    for person in _enterprise_recipients(enterprise):
        _obj, created = Reminder.objects.get_or_create(
            recipient=person,
            key=key[:60],
            defaults={"enterprise": enterprise, "message": message[:300]},
        )
        sent += int(created)
    return sent


@transaction.atomic
def drills_run(*, today: dt.date | None = None) -> dict[str, int]:
    """Daily: tell each enterprise late with its drills (§33 frequency) and each whose plan
    is about to expire or has expired — its users and its grid's members, once per duty and
    due date (running twice changes nothing)."""
    today = today or timezone.localdate()
    late = expiring = reminded = 0
    # The daily job reads the whole zone (user None).
    for duty in queries.drill_duties(user=None, today=today):
        enterprise = duty.profile.enterprise
        for kind, is_late, due in (
            ("main", duty.main_late, duty.main_due),
            ("onsite", duty.onsite_late, duty.onsite_due),
        ):
            if not is_late:
                continue
            late += 1
            what = _("综合或专项应急演练") if kind == "main" else _("现场处置方案演练")
            message = _("%(enterprise)s未按规定频次开展%(what)s，请尽快组织") % {
                "enterprise": enterprise.name,
                "what": what,
            }
            reminded += _remind_enterprise(
                enterprise, f"drill:{kind}:{enterprise.pk}:{due or 'never'}", message
            )
    for plan in queries.plans_expiring(user=None, today=today):
        expiring += 1
        state = "expired" if plan.valid_until < today else "soon"
        message = _("%(enterprise)s的应急预案“%(plan)s”有效期至%(date)s，请及时修订并重新备案") % {
            "enterprise": plan.enterprise.name,
            "plan": plan.name,
            "date": f"{plan.valid_until:%Y-%m-%d}",
        }
        reminded += _remind_enterprise(
            plan.enterprise, f"plan:{plan.pk}:{plan.valid_until}:{state}", message
        )
    return {"late": late, "expiring": expiring, "reminded": reminded}
