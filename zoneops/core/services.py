"""Writes to organisation, people and the statutory calendar: atomic, permission-checked,
recorded in history."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from zoneops.core.history import assign, record, snapshot, snapshot_stored
from zoneops.core.models import ApiToken, CalendarDay, ChangeRecord, User
from zoneops.core.permissions import can_configure_calendar, can_manage_users, require

USER_FIELDS = (
    "username",
    "full_name",
    "title",
    "phone",
    "email",
    "role",
    "department",
    "enterprise",
    "bank",
    "is_active",
)


@transaction.atomic
def user_save(
    *,
    actor: User | None,
    data: dict[str, Any],
    user: User | None = None,
    password: str | None = None,
    check: bool = True,
) -> User:
    """Create or change a user, their role and scope. ``check=False``: system jobs only."""
    if check:
        require(can_manage_users(actor))
    is_new = user is None
    user = user or User()
    before = None if is_new else snapshot_stored(user, exclude=("last_login",))
    assign(user, data, USER_FIELDS)
    # A scope field that the role does not use is cleared, so scope is never ambiguous.
    if user.role != "department_officer":
        user.department = data.get("department") if user.role == "task_force" else None
    if user.role != "enterprise":
        user.enterprise = None
    if user.role != "bank":
        user.bank = None
    if password:
        user.set_password(password)
        if not is_new:
            password_changed(user=user)
    elif is_new:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    if "parks" in data:
        user.parks.set(data["parks"] if user.role == "park_officer" else [])
    after = snapshot(user, exclude=("last_login",))
    if password and before is not None:
        # The password itself is never recorded, only that it was reset.
        before["password"], after["password"] = "******", "****** (reset)"
    record(
        actor=actor,
        obj=user,
        action=ChangeRecord.Action.CREATE if is_new else ChangeRecord.Action.UPDATE,
        before=before,
        after=after,
    )
    return user


def tokens_revoke(*, actor: User, user: User, key_hash: str | None = None) -> int:
    """Revoke ``user``'s API tokens (only the one with ``key_hash`` when given): the number
    revoked. A user revokes their own; an administrator anyone's (the user page)."""
    if actor.pk != user.pk:
        require(can_manage_users(actor))
    tokens = ApiToken.objects.filter(user=user)
    if key_hash is not None:
        tokens = tokens.filter(key_hash=key_hash)
    revoked, _by_model = tokens.delete()
    return revoked


def password_changed(*, user: User) -> None:
    """What follows a password change, whoever made it: the tokens issued with the old one go."""
    ApiToken.objects.filter(user=user).delete()


@transaction.atomic
def calendar_day_set(
    *, actor: User | None, date: dt.date, kind: str, name: str = "", check: bool = True
) -> tuple[CalendarDay, bool]:
    """Enter one holiday or make-up working day; returns it and whether anything changed."""
    if check:
        require(can_configure_calendar(actor))
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
def calendar_day_delete(*, actor: User, day: CalendarDay, check: bool = True) -> None:
    """Remove an entered day: the date falls back to the package's schedule or the weekend."""
    if check:
        require(can_configure_calendar(actor))
    record(
        actor=actor, obj=day, action=ChangeRecord.Action.DELETE, before=snapshot(day), after=None
    )
    day.delete()
