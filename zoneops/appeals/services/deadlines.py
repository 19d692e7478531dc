"""Reminders before an appeal's limit and escalation after it, after every step and daily."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from zoneops.appeals.models import (
    OPEN_STATUSES,
    Appeal,
    AppealEvent,
    Escalation,
    Status,
)
from zoneops.appeals.services.intake import _event, _today, limit_for
from zoneops.core.history import record, snapshot
from zoneops.core.models import ChangeRecord
from zoneops.core.workdays import Calendar

# Overdue by this many working days: from the department head up to the zone leader.
LEADER_AFTER_DAYS = 3


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
