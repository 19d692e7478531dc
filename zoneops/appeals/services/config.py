"""Configuration of the window: routing rules and time limits (zone-wide, the window's)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from zoneops.appeals import permissions as perms
from zoneops.appeals.models import (
    RoutingRule,
    TimeLimit,
)
from zoneops.appeals.services.intake import DEFAULT_REMIND_DAYS
from zoneops.core.history import assign, record, record_save, snapshot, snapshot_stored
from zoneops.core.models import ChangeRecord, User
from zoneops.core.permissions import require


def _require_configure(actor: User, check: bool) -> None:
    if check:
        require(perms.can_configure(actor))


@transaction.atomic
def routing_rule_save(
    actor: User, *, data: dict[str, Any], rule: RoutingRule | None = None, check: bool = True
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
def routing_rule_delete(actor: User, *, rule: RoutingRule, check: bool = True) -> None:
    _require_configure(actor, check)
    record(
        actor=actor, obj=rule, action=ChangeRecord.Action.DELETE, before=snapshot(rule), after=None
    )
    rule.delete()


@transaction.atomic
def time_limit_set(
    actor: User,
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
