"""Writes for enterprise services: one keyword-only function per action, atomic, checking
permission, validating, recording history. Pages, the API and the demo all call these.
``check=False`` is for system jobs (the demo, the daily reminders) only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zoneops.appeals import public as appeals
from zoneops.core.history import assign, record, record_save, snapshot, snapshot_stored
from zoneops.core.models import ChangeRecord, User
from zoneops.core.permissions import require
from zoneops.enterprises.models import Enterprise
from zoneops.support.models import (
    Application,
    ApplicationStatus,
    CultivationPool,
    Difficulty,
    DifficultyStatus,
    EligibilityRule,
    FundingProgram,
    MembershipStatus,
    Notice,
    Policy,
    PoolMembership,
)
from zoneops.support.permissions import (
    can_apply,
    can_decide,
    can_edit_programs,
    can_serve,
    is_own_enterprise,
)
from zoneops.support.queries import policy_grams

CREATE, UPDATE = ChangeRecord.Action.CREATE, ChangeRecord.Action.UPDATE

POLICY_FIELDS = (
    "title",
    "issuer",
    "document_number",
    "level",
    "issued_on",
    "valid_until",
    "categories",
    "tags",
    "summary",
    "body",
    "source_url",
)
PROGRAM_FIELDS = (
    "name",
    "issuer",
    "level",
    "category",
    "policy",
    "opens_on",
    "closes_on",
    "amount_min",
    "amount_max",
    "materials",
    "description",
    "department",
    "reminder_days",
)


@transaction.atomic
def policy_save(
    *, actor: User | None, data: dict[str, Any], policy: Policy | None = None, check: bool = True
) -> Policy:
    """Add or change a policy; its search tokens are rewritten with it."""
    if check:
        require(can_edit_programs(actor))
    is_new = policy is None
    policy = policy or Policy()
    before = None if is_new else snapshot_stored(policy, exclude=("search_grams",))
    assign(policy, data, POLICY_FIELDS)
    policy.full_clean(exclude=["search_grams"])
    policy.search_grams = policy_grams(policy)
    policy.save()
    record(
        actor=actor,
        obj=policy,
        action=CREATE if is_new else UPDATE,
        before=before,
        after=snapshot(policy, exclude=("search_grams",)),
    )
    return policy


def _rules_snapshot(program: FundingProgram) -> list[str]:
    return [f"{r.field} {r.operator} {r.value}" for r in program.rules.all()]


@transaction.atomic
def program_save(
    *,
    actor: User | None,
    data: dict[str, Any],
    program: FundingProgram | None = None,
    rules: Sequence[dict[str, str]] | None = None,
    check: bool = True,
) -> FundingProgram:
    """Add or change a program; ``rules`` (field, operator, value) replaces its whole rule
    list, so history shows the eligibility before and after in one record."""
    if check:
        require(can_edit_programs(actor))
    is_new = program is None
    program = program or FundingProgram()
    before = None if is_new else snapshot_stored(program) | {"rules": _rules_snapshot(program)}
    assign(program, data, PROGRAM_FIELDS)
    program.full_clean()
    program.save()
    if rules is not None:
        new_rules = [
            EligibilityRule(
                program=program,
                field=r["field"],
                operator=r["operator"],
                value=str(r["value"]).strip(),
                order=i,
            )
            for i, r in enumerate(rules)
        ]
        errors: list[str] = []
        for i, rule in enumerate(new_rules, start=1):
            try:
                rule.full_clean(exclude=["program"])
            except ValidationError as exc:
                errors += [
                    _("第%(n)s条条件：%(problem)s") % {"n": i, "problem": m} for m in exc.messages
                ]
        if errors:
            raise ValidationError({"rules": errors})
        program.rules.all().delete()
        EligibilityRule.objects.bulk_create(new_rules)
    record(
        actor=actor,
        obj=program,
        action=CREATE if is_new else UPDATE,
        before=before,
        after=snapshot(program) | {"rules": _rules_snapshot(program)},
    )
    return program


# Which status may follow which.
TRANSITIONS: dict[str, frozenset[str]] = {
    ApplicationStatus.PREPARING: frozenset({ApplicationStatus.SUBMITTED}),
    ApplicationStatus.SUBMITTED: frozenset(
        {ApplicationStatus.APPROVED, ApplicationStatus.REJECTED, ApplicationStatus.PREPARING}
    ),
    ApplicationStatus.APPROVED: frozenset(),
    ApplicationStatus.REJECTED: frozenset(),
}


@transaction.atomic
def application_save(
    *,
    actor: User | None,
    enterprise: Enterprise,
    program: FundingProgram,
    data: dict[str, Any],
    application: Application | None = None,
    check: bool = True,
) -> Application:
    """Start or change an application (amount requested, note) while it is being prepared."""
    if check:
        require(can_apply(actor, enterprise))
    is_new = application is None
    if is_new and Application.objects.filter(enterprise=enterprise, program=program).exists():
        raise ValidationError({"program": _("该企业已申报此项目")})
    application = application or Application(enterprise=enterprise, program=program)
    before = None if is_new else snapshot_stored(application)
    if not is_new and application.status != ApplicationStatus.PREPARING and check:
        raise ValidationError({"status": _("已申报的材料不能再修改")})
    assign(application, data, ("amount_requested", "note"))
    application.full_clean()
    application.save()
    record_save(actor=actor, obj=application, before=before)
    return application


@transaction.atomic
def application_transition(
    *,
    actor: User | None,
    application: Application,
    status: str,
    on: dt.date | None = None,
    amount_approved: Decimal | None = None,
    note: str = "",
    check: bool = True,
) -> Application:
    """Move an application on: submit (the enterprise or its officers), approve or reject
    (the programs' departments), or send it back to preparing."""
    before = snapshot_stored(application)
    current = before["status"]
    if status not in TRANSITIONS.get(current, frozenset()):
        raise ValidationError({"status": _("当前状态不能变更为该状态")})
    if check:
        if status == ApplicationStatus.SUBMITTED:
            require(can_apply(actor, application.enterprise))
        else:
            require(can_decide(actor))
    on = on or timezone.localdate()
    application.status = status
    if status == ApplicationStatus.SUBMITTED:
        application.submitted_on = on
    elif status in (ApplicationStatus.APPROVED, ApplicationStatus.REJECTED):
        application.decided_on = on
        if status == ApplicationStatus.APPROVED:
            if amount_approved is None:
                raise ValidationError({"amount_approved": _("请填写批复金额")})
            application.amount_approved = amount_approved
    else:
        application.submitted_on = None
    if note:
        application.note = (application.note + "\n" + note).strip()
    application.full_clean()
    application.save()
    record(actor=actor, obj=application, action=UPDATE, before=before, after=snapshot(application))
    return application


@transaction.atomic
def application_disburse(
    *, actor: User | None, application: Application, amount_disbursed: Decimal, check: bool = True
) -> Application:
    """Record the amount paid out so far (never more than approved)."""
    if check:
        require(can_decide(actor))
    before = snapshot_stored(application)
    application.amount_disbursed = amount_disbursed
    application.full_clean()
    application.save()
    record(actor=actor, obj=application, action=UPDATE, before=before, after=snapshot(application))
    return application


DIFFICULTY_FIELDS = (
    "title",
    "description",
    "stage",
    "department",
    "status",
    "reported_on",
    "resolution",
    "resolved_on",
)


@transaction.atomic
def difficulty_save(
    *,
    actor: User | None,
    enterprise: Enterprise,
    data: dict[str, Any],
    difficulty: Difficulty | None = None,
    check: bool = True,
) -> Difficulty:
    """Record or update a difficulty. An enterprise may report its own (status stays open);
    officers serving it assign the department and record the resolution."""
    officer = can_serve(actor, enterprise)
    if check:
        require(officer or (difficulty is None and is_own_enterprise(actor, enterprise)))
    is_new = difficulty is None
    difficulty = difficulty or Difficulty(enterprise=enterprise)
    before = None if is_new else snapshot_stored(difficulty)
    fields = DIFFICULTY_FIELDS if officer or not check else ("title", "description", "stage")
    assign(difficulty, data, fields)
    if difficulty.reported_on is None:
        difficulty.reported_on = timezone.localdate()
    if difficulty.status == "resolved" and difficulty.resolved_on is None:
        difficulty.resolved_on = timezone.localdate()
    difficulty.full_clean()
    difficulty.save()
    record_save(actor=actor, obj=difficulty, before=before)
    return difficulty


MEMBERSHIP_FIELDS = (
    "joined_on",
    "target_on",
    "officer",
    "plan",
    "status",
    "ended_on",
    "reward",
    "reward_amount",
)


@transaction.atomic
def membership_save(
    *,
    actor: User | None,
    pool: CultivationPool,
    enterprise: Enterprise,
    data: dict[str, Any],
    membership: PoolMembership | None = None,
    check: bool = True,
) -> PoolMembership:
    """Add an enterprise to a pool, or change its plan, officer, status or reward."""
    if check:
        require(can_serve(actor, enterprise))
    is_new = membership is None
    if (
        is_new
        and PoolMembership.objects.filter(
            pool=pool, enterprise=enterprise, status=MembershipStatus.CULTIVATING
        ).exists()
    ):
        raise ValidationError({"enterprise": _("该企业已在本培育库中")})
    membership = membership or PoolMembership(pool=pool, enterprise=enterprise)
    before = None if is_new else snapshot_stored(membership)
    assign(membership, data, MEMBERSHIP_FIELDS)
    if membership.joined_on is None:
        membership.joined_on = timezone.localdate()
    if membership.status == MembershipStatus.CULTIVATING:
        membership.ended_on = None
    membership.full_clean()
    membership.save()
    record_save(actor=actor, obj=membership, before=before)
    return membership


def notice_send(*, recipient: Any, key: str, message: str, url: str = "") -> Notice | None:
    """Write an in-app notice once per (recipient, key); returns None when it already exists.

    Notices are messages, not domain data: they carry no history.
    """
    notice, created = Notice.objects.get_or_create(
        recipient=recipient, key=key[:120], defaults={"message": message[:300], "url": url}
    )
    return notice if created else None


def notice_mark_read(*, user: User, notice: Notice) -> Notice:
    if notice.recipient_id == getattr(user, "pk", None) and notice.read_at is None:
        notice.read_at = timezone.now()
        notice.save(update_fields=["read_at"])
    return notice


@transaction.atomic
def difficulty_to_appeal(
    *, actor: User, difficulty: Difficulty, topic: str, urgency: str = "normal"
) -> appeals.Appeal:
    """转为诉求: an open difficulty goes to the one appeals intake (有诉必应) — numbered, routed
    to its department and given its working-day limit like any appeal — and stays linked to it.
    The officers serving the enterprise do this; the difficulty is then in progress."""
    require(can_serve(actor, difficulty.enterprise))
    before = snapshot_stored(difficulty)
    difficulty.refresh_from_db()
    if difficulty.appeal_id is not None:
        raise ValidationError(_("该难点堵点已转为诉求"))
    if difficulty.status == DifficultyStatus.RESOLVED:
        raise ValidationError(_("已解决的难点堵点无需转为诉求"))
    stage = difficulty.get_stage_display()
    appeal = appeals.appeal_from_difficulty(
        actor=actor,
        enterprise=difficulty.enterprise,
        urgency=urgency,
        topic=topic,
        title=difficulty.title,
        content=f"【{stage}环节难点堵点】{difficulty.description or difficulty.title}",
    )
    difficulty.appeal = appeal
    if difficulty.status == DifficultyStatus.OPEN:
        difficulty.status = DifficultyStatus.IN_PROGRESS
    difficulty.save(update_fields=["appeal", "status", "updated_at"])
    record(
        actor=actor,
        obj=difficulty,
        action=UPDATE,
        before=before,
        after=snapshot(difficulty),
        note=_("转为诉求 %(number)s") % {"number": appeal.number},
    )
    return appeal
