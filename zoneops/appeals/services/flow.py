"""The flow of an appeal after intake: each step (accept … follow up), the enterprise's rating
(不满意 reopens it), and extensions of its time limit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from zoneops.appeals import permissions as perms
from zoneops.appeals.models import (
    DONE_STATUSES,
    Appeal,
    AppealEvent,
    Escalation,
    Extension,
    Rating,
    Status,
)
from zoneops.appeals.services.deadlines import deadline_check
from zoneops.appeals.services.intake import _event, _locked, _sync, _today
from zoneops.core.history import record, snapshot, snapshot_stored
from zoneops.core.http import Someone
from zoneops.core.models import ChangeRecord, Department, User
from zoneops.core.permissions import require
from zoneops.core.workdays import Calendar

# action -> (statuses it may start from, permission check, status after)
Check = Callable[[Someone, Appeal], bool]


def _window(user: Someone, appeal: Appeal) -> bool:
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


def actions_for(user: User, appeal: Appeal) -> list[str]:
    """The flow actions this user may take on this appeal now (the page shows these)."""
    return [
        action
        for action, (starts, allowed, _after) in FLOW.items()
        if appeal.status in starts and allowed(user, appeal)
    ]


@transaction.atomic
def appeal_act(
    actor: User | None,
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
    actor: User,
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


def _reopen(appeal: Appeal, *, actor: User, day: dt.date, today: dt.date | None) -> None:
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


def can_request_extension(user: User, appeal: Appeal) -> bool:
    """May this user ask for an extension of this appeal now (the page offers it only then)?"""
    return (
        appeal.status in EXTENDABLE
        and perms.can_handle(user, appeal)
        and not appeal.extensions.filter(decision=Extension.Decision.PENDING).exists()
    )


@transaction.atomic
def extension_request(
    actor: User,
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
    actor: User,
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
