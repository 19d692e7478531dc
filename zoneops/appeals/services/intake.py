"""Intake: the one write path for a new appeal from any channel (numbered, routed, timed),
its attachments, and the time limits and routing it starts from."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zoneops.appeals import permissions as perms
from zoneops.appeals.models import (
    OPEN_STATUSES,
    WINDOW_DEPARTMENT,
    Appeal,
    AppealEvent,
    Attachment,
    Category,
    Channel,
    RoutingRule,
    Status,
    TimeLimit,
    Topic,
    Urgency,
)
from zoneops.core import uploads as files
from zoneops.core.history import record, snapshot
from zoneops.core.locks import serialize
from zoneops.core.models import ChangeRecord, Department, User
from zoneops.core.permissions import require
from zoneops.core.workdays import Calendar
from zoneops.enterprises.models import Enterprise

# docs/domain.md#appeal-time-limits: urgent the same day; enquiries and help 3 working days;
# complaints and suggestions
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
            department: Department = rule.department
            return department
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
    actor: User | None,
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
    actor: User | None,
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
    appeal: Appeal, uploads: Sequence[Any], types: list[str], *, actor: User | None
) -> list[Attachment]:
    return files.store(Attachment, uploads, types, actor=actor, appeal=appeal)


@transaction.atomic
def attachment_add(
    actor: User | None, *, appeal: Appeal, uploads: Sequence[Any], check: bool = True
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


def appeal_from_difficulty(
    *,
    actor: User,
    enterprise: Enterprise,
    title: str,
    content: str,
    topic: str,
    urgency: str = Urgency.NORMAL,
    received_on: dt.date | None = None,
) -> Appeal:
    """A difficulty another app recorded (support's 难点堵点, finance's 绿色通道 problems) taken in
    as a request for help through the one intake: numbered, routed by ``topic``, timed like any
    appeal. The actor must be allowed to file for the enterprise; ``received_on`` back-dates
    it for the demo, as :func:`appeal_create`'s does."""
    return appeal_create(
        actor,
        enterprise=enterprise,
        channel=Channel.DIFFICULTY,
        category=Category.HELP,
        urgency=urgency,
        topic=topic,
        title=title,
        content=content,
        received_on=received_on,
    )
