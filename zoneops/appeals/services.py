"""Writes to appeals: one function per action, atomic, checking the actor, recording the step
(:class:`AppealEvent`) and the change (``ChangeRecord``, values before and after).

``appeal_create`` is the ONE write path for intake, whatever the channel: the enterprise's
portal, an officer recording a walk-in, a call or a visit, the demo, and other apps (a
difficulty of the support app becomes an appeal by calling it with ``channel="difficulty"``).
Every other change goes through ``appeal_act``, ``appeal_rate``, ``extension_request``,
``extension_decide`` and ``deadline_check``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zoneops.appeals import permissions as perms
from zoneops.appeals.models import (
    DONE_STATUSES,
    OPEN_STATUSES,
    WINDOW_DEPARTMENT,
    Appeal,
    AppealEvent,
    Attachment,
    CalendarDay,
    Category,
    Channel,
    Escalation,
    Extension,
    Rating,
    RoutingRule,
    Status,
    TimeLimit,
    Topic,
    Urgency,
)
from zoneops.appeals.workdays import Calendar
from zoneops.core import uploads as files
from zoneops.core.history import assign, record, record_save, snapshot, snapshot_stored
from zoneops.core.locks import serialize
from zoneops.core.models import ChangeRecord, Department
from zoneops.core.permissions import require
from zoneops.enterprises.models import Enterprise

# DOMAIN.md: urgent the same day; enquiries and help 3 working days; complaints and suggestions
# 13. Administrators change them on the time-limits page (TimeLimit rows override these).
DEFAULT_LIMITS: dict[tuple[str, str], int] = {
    (Category.ENQUIRY, Urgency.NORMAL): 3,
    (Category.HELP, Urgency.NORMAL): 3,
    (Category.COMPLAINT, Urgency.NORMAL): 13,
    (Category.SUGGESTION, Urgency.NORMAL): 13,
    (Category.ENQUIRY, Urgency.URGENT): 0,
    (Category.HELP, Urgency.URGENT): 0,
    (Category.COMPLAINT, Urgency.URGENT): 0,
    (Category.SUGGESTION, Urgency.URGENT): 0,
}
DEFAULT_REMIND_DAYS = 1
# Overdue by this many working days: from the department head up to the zone leader.
LEADER_AFTER_DAYS = 3


def _today(today: dt.date | None) -> dt.date:
    return today or timezone.localdate()


def _moment(today: dt.date | None) -> dt.datetime:
    """Now, or (for back-dated system jobs such as the demo) the working morning of ``today``."""
    if today is None or today == timezone.localdate():
        return timezone.now()
    return timezone.make_aware(dt.datetime.combine(today, dt.time(9, 0)))


def limit_for(category: str, urgency: str) -> tuple[int, int]:
    """(working days, days of warning before the limit) for a category and urgency."""
    row = TimeLimit.objects.filter(category=category, urgency=urgency).first()
    if row is not None:
        return row.working_days, row.remind_days
    return DEFAULT_LIMITS.get((category, urgency), 13), DEFAULT_REMIND_DAYS


def route(*, topic: str, title: str = "", content: str = "") -> Department | None:
    """The department an appeal goes to: the first active rule (by priority) whose topic
    matches and whose keyword, if any, appears in the title or content; else the window."""
    text = f"{title}\n{content}"
    for rule in RoutingRule.objects.filter(is_active=True, topic=topic).select_related(
        "department"
    ):
        if not rule.keyword or rule.keyword in text:
            return rule.department
    return Department.objects.filter(code=WINDOW_DEPARTMENT).first()


def _next_number(received_on: dt.date) -> str:
    prefix = f"SQ{received_on:%Y%m}"
    # Two filings at once would both read the same last number (core/locks.py).
    serialize(f"appeals.number:{prefix}")
    last = (
        Appeal.objects.select_for_update(of=("self",))
        .filter(number__startswith=prefix)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    sequence = int(last[len(prefix) :]) + 1 if last else 1
    return f"{prefix}{sequence:04d}"


def _event(
    appeal: Appeal,
    *,
    actor: Any,
    action: str,
    today: dt.date | None,
    note: str = "",
    department: Department | None = None,
) -> AppealEvent:
    return AppealEvent.objects.create(
        appeal=appeal,
        action=action,
        at=_moment(today),
        actor=actor if getattr(actor, "pk", None) else None,
        department=department,
        status=appeal.status,
        note=note,
    )


def _locked(appeal: Appeal) -> tuple[Appeal, dict[str, Any]]:
    """The appeal as stored, locked for this transaction, with its snapshot (the "before")."""
    stored = (
        Appeal.objects.select_for_update(of=("self",))
        .select_related("enterprise", "department", "created_by")
        .get(pk=appeal.pk)
    )
    return stored, snapshot(stored)


def _sync(target: Appeal, source: Appeal) -> Appeal:
    """Copy the saved values back onto the caller's instance (it sees the change in place)."""
    for field in Appeal._meta.concrete_fields:
        setattr(target, field.attname, getattr(source, field.attname))
    return target


@transaction.atomic
def appeal_create(
    actor: Any,
    *,
    enterprise: Enterprise,
    channel: str,
    category: str,
    urgency: str,
    title: str,
    content: str,
    topic: str = Topic.OTHER,
    contact_name: str = "",
    contact_phone: str = "",
    received_on: dt.date | None = None,
    attachments: Sequence[Any] = (),
    check: bool = True,
) -> Appeal:
    """Take in an appeal from any channel: number it, route it, set its time limit, keep the
    photos and documents that came with it (``attachments``: uploaded files).

    An enterprise's own filing (channel ``portal``) waits for the window to accept it; an
    appeal an officer records is accepted at once. ``received_on`` back-dates system jobs (the
    demo); ``check=False`` is for system jobs only. Raises ``PermissionDenied`` when the actor
    may not file for the enterprise and ``ValidationError`` on bad values.
    """
    if check:
        require(perms.can_file(actor, enterprise))
        if getattr(actor, "role", None) == "enterprise":
            channel = Channel.PORTAL
    today = _today(received_on)
    days, _remind = limit_for(category, urgency)
    calendar = Calendar.load()
    appeal = Appeal(
        enterprise=enterprise,
        channel=channel,
        category=category,
        topic=topic,
        urgency=urgency,
        title=title.strip(),
        content=content.strip(),
        contact_name=contact_name.strip(),
        contact_phone=contact_phone.strip(),
        status=Status.SUBMITTED if channel == Channel.PORTAL else Status.ACCEPTED,
        department=route(topic=topic, title=title, content=content),
        received_on=today,
        due_date=calendar.add_working_days(today, days),
        limit_days=days,
        created_by=actor if getattr(actor, "pk", None) else None,
        number="SQ",
    )
    appeal.calendar_warning = calendar.warning()
    types = _checked_uploads(attachments, existing=0)
    appeal.number = _next_number(today)
    appeal.full_clean()
    appeal.save()
    _event(
        appeal,
        actor=actor,
        action=AppealEvent.Action.SUBMIT
        if appeal.status == Status.SUBMITTED
        else AppealEvent.Action.ACCEPT,
        today=received_on,
        note=appeal.get_channel_display(),
        department=appeal.department,
    )
    record(
        actor=actor,
        obj=appeal,
        action=ChangeRecord.Action.CREATE,
        before=None,
        after=snapshot(appeal),
    )
    _store_uploads(appeal, attachments, types, actor=actor)
    return appeal


def _checked_uploads(uploads: Sequence[Any], *, existing: int) -> list[str]:
    """Every upload's content type, or one ValidationError naming each bad file."""
    files.check_count(existing, len(uploads))
    types: list[str] = []
    problems: list[str] = []
    for upload in uploads:
        try:
            types.append(files.check_upload(upload))
        except ValidationError as exc:
            problems.extend(exc.messages)
    if problems:
        raise ValidationError({"attachments": problems})
    return types


def _store_uploads(
    appeal: Appeal, uploads: Sequence[Any], types: list[str], *, actor: Any
) -> list[Attachment]:
    saved = []
    for upload, content_type in zip(uploads, types, strict=True):
        attachment = Attachment(
            appeal=appeal,
            name=str(upload.name)[-200:],
            content_type=content_type,
            size=upload.size,
            uploaded_by=actor if getattr(actor, "pk", None) else None,
        )
        attachment.file.save(str(upload.name), upload, save=False)
        attachment.save()
        record(
            actor=actor,
            obj=attachment,
            action=ChangeRecord.Action.CREATE,
            before=None,
            # The stored path is the platform's own: history keeps the name people gave it.
            after=snapshot(attachment, exclude=("file",)),
        )
        saved.append(attachment)
    return saved


@transaction.atomic
def attachment_add(
    actor: Any, *, appeal: Appeal, uploads: Sequence[Any], check: bool = True
) -> list[Attachment]:
    """Attach photos or documents to an appeal that is still open: the enterprise adds to its
    own, the window and the handling department add what they gathered or answer with."""
    appeal, _before = _locked(appeal)
    if check:
        require(perms.can_attach(actor, appeal))
    if not uploads:
        raise ValidationError({"attachments": [_("请选择要上传的照片或文件")]})
    if appeal.status not in OPEN_STATUSES:
        raise ValidationError(_("诉求已办结，不能再添加附件"))
    types = _checked_uploads(uploads, existing=appeal.attachments.count())
    return _store_uploads(appeal, uploads, types, actor=actor)


# action -> (statuses it may start from, permission check, status after)
Check = Callable[[Any, Appeal], bool]


def _window(user: Any, appeal: Appeal) -> bool:
    return perms.is_window(user)


FLOW: dict[str, tuple[tuple[str, ...], Check, str]] = {
    AppealEvent.Action.ACCEPT: ((Status.SUBMITTED,), _window, Status.ACCEPTED),
    AppealEvent.Action.DISPATCH: ((Status.ACCEPTED,), _window, Status.DISPATCHED),
    AppealEvent.Action.REDISPATCH: (
        (Status.DISPATCHED, Status.HANDLING),
        _window,
        Status.DISPATCHED,
    ),
    AppealEvent.Action.SEND_BACK: (
        (Status.DISPATCHED, Status.HANDLING),
        perms.can_handle,
        Status.ACCEPTED,
    ),
    AppealEvent.Action.HANDLE: ((Status.DISPATCHED,), perms.can_handle, Status.HANDLING),
    AppealEvent.Action.REPLY: (
        (Status.DISPATCHED, Status.HANDLING),
        perms.can_handle,
        Status.REPLIED,
    ),
    AppealEvent.Action.CLOSE: ((Status.REPLIED,), _window, Status.CLOSED),
    AppealEvent.Action.FOLLOW_UP: ((Status.CLOSED,), _window, Status.VISITED),
}
# Actions that must say why or what.
NEEDS_NOTE = {
    AppealEvent.Action.SEND_BACK,
    AppealEvent.Action.REPLY,
    AppealEvent.Action.REDISPATCH,
    AppealEvent.Action.FOLLOW_UP,
}


def actions_for(user: Any, appeal: Appeal) -> list[str]:
    """The flow actions this user may take on this appeal now (the page shows these)."""
    return [
        action
        for action, (starts, allowed, _after) in FLOW.items()
        if appeal.status in starts and allowed(user, appeal)
    ]


@transaction.atomic
def appeal_act(
    actor: Any,
    *,
    appeal: Appeal,
    action: str,
    note: str = "",
    department: Department | None = None,
    resolved: bool | None = None,
    today: dt.date | None = None,
    check: bool = True,
) -> Appeal:
    """One step of the flow (accept, dispatch, re-dispatch, send back, handle, reply, close,
    follow up). Refuses (PermissionDenied) what the actor may not do and (ValidationError) a
    step the appeal's status does not allow or that lacks what it needs."""
    if action not in FLOW:
        raise ValidationError(_("未知的办理环节"))
    starts, allowed, after = FLOW[action]
    given = appeal
    appeal, before = _locked(appeal)
    if check:
        require(allowed(actor, appeal))
    if appeal.status not in starts:
        raise ValidationError(
            _("诉求当前为“%(status)s”，不能%(action)s")
            % {"status": appeal.get_status_display(), "action": AppealEvent.Action(action).label}
        )
    note = note.strip()
    if action in NEEDS_NOTE and not note:
        raise ValidationError({"note": [_("请填写说明")]})
    day = _today(today)
    if action in (AppealEvent.Action.DISPATCH, AppealEvent.Action.REDISPATCH):
        target = department or appeal.department
        if target is None:
            raise ValidationError({"department": [_("请选择承办部门")]})
        if action == AppealEvent.Action.REDISPATCH and target == appeal.department:
            raise ValidationError({"department": [_("改派须选择其他部门")]})
        appeal.department = target
        appeal.dispatched_on = day
    elif action == AppealEvent.Action.REPLY:
        appeal.reply = note
        appeal.replied_on = day
    elif action == AppealEvent.Action.CLOSE:
        if resolved is None:
            raise ValidationError({"resolved": [_("请说明是否已解决")]})
        appeal.resolved = resolved
        appeal.closed_on = day
    elif action == AppealEvent.Action.FOLLOW_UP:
        appeal.follow_up = note
        appeal.followed_up_on = day
    appeal.status = after
    appeal.save()
    _event(
        appeal,
        actor=actor,
        action=action,
        today=today,
        note=note,
        department=appeal.department,
    )
    record(
        actor=actor,
        obj=appeal,
        action=ChangeRecord.Action.UPDATE,
        before=before,
        after=snapshot(appeal),
        note=str(AppealEvent.Action(action).label),
    )
    deadline_check(appeal, today=day)
    return _sync(given, appeal)


@transaction.atomic
def appeal_rate(
    actor: Any,
    *,
    appeal: Appeal,
    rating: str,
    comment: str = "",
    today: dt.date | None = None,
    check: bool = True,
) -> Appeal:
    """The enterprise's rating after closing. 不满意 reopens the appeal: back to the same
    department with a fresh time limit from today."""
    given = appeal
    appeal, before = _locked(appeal)
    if check:
        require(perms.can_rate(actor, appeal))
    if appeal.status not in DONE_STATUSES or appeal.status == Status.RATED:
        raise ValidationError(_("诉求办结后方可评价，且只评价一次"))
    if rating not in Rating.values:
        raise ValidationError({"rating": [_("请选择满意、基本满意或不满意")]})
    day = _today(today)
    appeal.rating = rating
    appeal.rating_comment = comment.strip()[:500]
    appeal.rated_on = day
    appeal.status = Status.RATED
    appeal.save()
    _event(
        appeal,
        actor=actor,
        action=AppealEvent.Action.RATE,
        today=today,
        note=f"{appeal.get_rating_display()} {appeal.rating_comment}".strip(),
    )
    if rating == Rating.UNSATISFIED:
        _reopen(appeal, actor=actor, day=day, today=today)
    record(
        actor=actor,
        obj=appeal,
        action=ChangeRecord.Action.UPDATE,
        before=before,
        after=snapshot(appeal),
        note=str(AppealEvent.Action.RATE.label),
    )
    return _sync(given, appeal)


def _reopen(appeal: Appeal, *, actor: Any, day: dt.date, today: dt.date | None) -> None:
    calendar = Calendar.load()
    appeal.reopened += 1
    appeal.status = Status.DISPATCHED
    appeal.dispatched_on = day
    appeal.resolved = None
    appeal.closed_on = None
    appeal.received_on = day
    appeal.due_date = calendar.add_working_days(day, appeal.limit_days)
    appeal.calendar_warning = calendar.warning()
    appeal.escalation = Escalation.NONE
    appeal.save()
    _event(
        appeal,
        actor=actor,
        action=AppealEvent.Action.REOPEN,
        today=today,
        note=_("企业不满意，重新交办"),
        department=appeal.department,
    )


# A department asks for more time while it works the appeal; once it has answered, only the
# window's closing is left and there is nothing to extend.
EXTENDABLE = (Status.DISPATCHED, Status.HANDLING)


def can_request_extension(user: Any, appeal: Appeal) -> bool:
    """May this user ask for an extension of this appeal now (the page offers it only then)?"""
    return (
        appeal.status in EXTENDABLE
        and perms.can_handle(user, appeal)
        and not appeal.extensions.filter(decision=Extension.Decision.PENDING).exists()
    )


@transaction.atomic
def extension_request(
    actor: Any,
    *,
    appeal: Appeal,
    days: int,
    reason: str,
    today: dt.date | None = None,
    check: bool = True,
) -> Extension:
    """The handling department asks for more working days; the window decides."""
    if check:
        require(perms.can_handle(actor, appeal))
    if appeal.status not in EXTENDABLE:
        raise ValidationError(
            _("诉求当前为“%(status)s”，不能申请延期：延期只在派单后、答复前申请")
            % {"status": appeal.get_status_display()}
        )
    if not 1 <= days <= 30:
        raise ValidationError({"days": [_("延期天数应为1至30个工作日")]})
    if not reason.strip():
        raise ValidationError({"reason": [_("请填写延期理由")]})
    if appeal.extensions.filter(decision=Extension.Decision.PENDING).exists():
        raise ValidationError(_("已有待审批的延期申请"))
    extension = Extension.objects.create(
        appeal=appeal,
        days=days,
        reason=reason.strip(),
        requested_by=actor if getattr(actor, "pk", None) else None,
        requested_on=_today(today),
    )
    _event(
        appeal,
        actor=actor,
        action=AppealEvent.Action.EXTEND_REQUEST,
        today=today,
        note=_("申请延期%(days)d个工作日：%(reason)s") % {"days": days, "reason": extension.reason},
    )
    record(
        actor=actor,
        obj=extension,
        action=ChangeRecord.Action.CREATE,
        before=None,
        after=snapshot(extension),
    )
    return extension


@transaction.atomic
def extension_decide(
    actor: Any,
    *,
    extension: Extension,
    approve: bool,
    note: str = "",
    today: dt.date | None = None,
    check: bool = True,
) -> Extension:
    """Approve (the due date moves by the days asked, counted in working days) or refuse."""
    if check:
        require(perms.can_decide_extension(actor))
    before = snapshot_stored(extension)
    extension.refresh_from_db()
    if extension.decision != Extension.Decision.PENDING:
        raise ValidationError(_("该延期申请已审批"))
    appeal, appeal_before = _locked(extension.appeal)
    extension.decision = Extension.Decision.APPROVED if approve else Extension.Decision.REJECTED
    extension.decided_by = actor if getattr(actor, "pk", None) else None
    extension.decided_on = _today(today)
    extension.save()
    if approve:
        calendar = Calendar.load()
        appeal.due_date = calendar.add_working_days(appeal.due_date, extension.days)
        appeal.calendar_warning = calendar.warning()
        appeal.extended_days += extension.days
        if appeal.due_date >= _today(today):
            appeal.escalation = Escalation.NONE
        appeal.save()
    _event(
        appeal,
        actor=actor,
        action=AppealEvent.Action.EXTEND_APPROVE if approve else AppealEvent.Action.EXTEND_REJECT,
        today=today,
        note=note.strip(),
    )
    record(
        actor=actor,
        obj=extension,
        action=ChangeRecord.Action.UPDATE,
        before=before,
        after=snapshot(extension),
    )
    record(
        actor=actor,
        obj=appeal,
        action=ChangeRecord.Action.UPDATE,
        before=appeal_before,
        after=snapshot(appeal),
        note=str(AppealEvent.Action.EXTEND_APPROVE.label) if approve else "",
    )
    return extension


def deadline_check(
    appeal: Appeal, *, today: dt.date | None = None, calendar: Calendar | None = None
) -> int | None:
    """Remind before the limit, escalate after it: to the department head on the first
    overdue working day, to the zone leader after ``LEADER_AFTER_DAYS``. Runs after every
    change and daily (``manage.py appeals_deadlines``). Returns the new level, or None."""
    if appeal.status not in OPEN_STATUSES:
        return None
    day = _today(today)
    calendar = calendar or Calendar.load()
    _days, remind = limit_for(appeal.category, appeal.urgency)
    left = calendar.working_days_between(day, appeal.due_date)
    level = Escalation.NONE
    note = ""
    if day > appeal.due_date:
        overdue = calendar.working_days_between(appeal.due_date, day)
        if overdue >= LEADER_AFTER_DAYS:
            level, note = Escalation.LEADER, _("超期%(n)d个工作日，升级至管委会领导督办")
        else:
            level, note = Escalation.DEPARTMENT_HEAD, _("超期%(n)d个工作日，升级至部门负责人督办")
        note = note % {"n": max(overdue, 1)}
    elif left <= remind and appeal.status != Status.REPLIED:
        # Once answered, only the window's closing is left: no reminder to the department.
        level, note = Escalation.REMINDED, _("距办理时限还有%(n)d个工作日") % {"n": left}
    if level <= appeal.escalation:
        return None
    with transaction.atomic():
        before = snapshot(appeal)
        appeal.escalation = level
        appeal.save(update_fields=["escalation", "updated_at"])
        _event(
            appeal,
            actor=None,
            action=AppealEvent.Action.REMIND
            if level == Escalation.REMINDED
            else AppealEvent.Action.ESCALATE,
            today=today,
            note=note,
            department=appeal.department,
        )
        record(
            actor=None,
            obj=appeal,
            action=ChangeRecord.Action.UPDATE,
            before=before,
            after=snapshot(appeal),
            note=str(Escalation(level).label),
        )
    return int(level)


def deadlines_run(*, today: dt.date | None = None) -> dict[str, int]:
    """The daily job: check every open appeal once; counts of reminders and escalations."""
    calendar = Calendar.load()
    counts = {"checked": 0, "reminded": 0, "department_head": 0, "leader": 0}
    for appeal in Appeal.objects.open().order_by("pk"):
        counts["checked"] += 1
        level = deadline_check(appeal, today=today, calendar=calendar)
        if level == Escalation.REMINDED:
            counts["reminded"] += 1
        elif level == Escalation.DEPARTMENT_HEAD:
            counts["department_head"] += 1
        elif level == Escalation.LEADER:
            counts["leader"] += 1
    return counts


# Configuration: routing rules, time limits, the holiday calendar.


def _require_configure(actor: Any, check: bool) -> None:
    if check:
        require(perms.can_configure(actor))


@transaction.atomic
def routing_rule_save(
    actor: Any, *, data: dict[str, Any], rule: RoutingRule | None = None, check: bool = True
) -> RoutingRule:
    _require_configure(actor, check)
    is_new = rule is None
    rule = rule or RoutingRule()
    before = None if is_new else snapshot_stored(rule)
    assign(rule, data, ("topic", "keyword", "department", "priority", "is_active"))
    rule.full_clean()
    rule.save()
    record_save(actor=actor, obj=rule, before=before)
    return rule


@transaction.atomic
def routing_rule_delete(actor: Any, *, rule: RoutingRule, check: bool = True) -> None:
    _require_configure(actor, check)
    record(
        actor=actor, obj=rule, action=ChangeRecord.Action.DELETE, before=snapshot(rule), after=None
    )
    rule.delete()


@transaction.atomic
def time_limit_set(
    actor: Any,
    *,
    category: str,
    urgency: str,
    working_days: int,
    remind_days: int = DEFAULT_REMIND_DAYS,
    check: bool = True,
) -> TimeLimit:
    """Set the limit for a category and urgency (applies to appeals taken in from now on)."""
    _require_configure(actor, check)
    limit = TimeLimit.objects.filter(category=category, urgency=urgency).first()
    is_new = limit is None
    before = None if limit is None else snapshot_stored(limit)
    limit = limit or TimeLimit(category=category, urgency=urgency)
    limit.working_days = working_days
    limit.remind_days = remind_days
    limit.full_clean()
    limit.save()
    record(
        actor=actor,
        obj=limit,
        action=ChangeRecord.Action.CREATE if is_new else ChangeRecord.Action.UPDATE,
        before=before,
        after=snapshot(limit),
    )
    return limit


@transaction.atomic
def calendar_day_set(
    actor: Any, *, date: dt.date, kind: str, name: str = "", check: bool = True
) -> tuple[CalendarDay, bool]:
    """Enter one holiday or make-up working day; returns it and whether anything changed."""
    _require_configure(actor, check)
    day = CalendarDay.objects.filter(date=date).first()
    is_new = day is None
    before = None if day is None else snapshot_stored(day)
    day = day or CalendarDay(date=date)
    day.kind = kind
    day.name = name.strip()
    day.full_clean()
    day.save()
    changed = record(
        actor=actor,
        obj=day,
        action=ChangeRecord.Action.CREATE if is_new else ChangeRecord.Action.UPDATE,
        before=before,
        after=snapshot(day),
    )
    return day, changed is not None


@transaction.atomic
def calendar_day_delete(actor: Any, *, day: CalendarDay, check: bool = True) -> None:
    _require_configure(actor, check)
    record(
        actor=actor, obj=day, action=ChangeRecord.Action.DELETE, before=snapshot(day), after=None
    )
    day.delete()
