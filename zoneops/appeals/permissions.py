"""Who may do what with an appeal (what they may *see* is data scope, in models.py)."""

from __future__ import annotations

from typing import Any

from zoneops.appeals.models import Appeal, is_window_officer
from zoneops.core.models import Role
from zoneops.enterprises.models import Enterprise

FILING_STAFF = frozenset({Role.ADMIN, Role.ZONE_LEADER, Role.DEPARTMENT_OFFICER, Role.PARK_OFFICER})


def _signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def is_window(user: Any) -> bool:
    """The one window: 企业服务中心's officers and the administrators."""
    return _signed_in(user) and (
        user.is_superuser or user.role == Role.ADMIN or is_window_officer(user)
    )


def can_file(user: Any, enterprise: Enterprise) -> bool:
    """An enterprise files its own appeals; staff record those they take in for enterprises
    they can see (walk-ins, calls, visits)."""
    if not _signed_in(user):
        return False
    if user.role == Role.ENTERPRISE:
        return user.enterprise_id == enterprise.pk
    if user.is_superuser or user.role not in FILING_STAFF:
        return user.is_superuser
    return Enterprise.objects.visible_to(user).filter(pk=enterprise.pk).exists()


def is_staff_filer(user: Any) -> bool:
    return _signed_in(user) and (user.is_superuser or user.role in FILING_STAFF)


def can_handle(user: Any, appeal: Appeal) -> bool:
    """The department the appeal is routed to handles it (the window may act for it)."""
    if is_window(user):
        return True
    return (
        _signed_in(user)
        and user.role == Role.DEPARTMENT_OFFICER
        and appeal.department_id is not None
        and user.department_id == appeal.department_id
    )


def can_attach(user: Any, appeal: Appeal) -> bool:
    """The enterprise adds photos to its own appeal; whoever works it adds what they gathered."""
    if not _signed_in(user):
        return False
    if user.role == Role.ENTERPRISE:
        return user.enterprise_id == appeal.enterprise_id
    return can_handle(user, appeal) or (
        appeal.created_by_id is not None and appeal.created_by_id == user.pk
    )


def can_decide_extension(user: Any) -> bool:
    return is_window(user) or (_signed_in(user) and user.role == Role.ZONE_LEADER)


def can_rate(user: Any, appeal: Appeal) -> bool:
    """The enterprise rates; the window records the rating it heard at the follow-up call."""
    if is_window(user):
        return True
    return (
        _signed_in(user)
        and user.role == Role.ENTERPRISE
        and user.enterprise_id == appeal.enterprise_id
    )


def can_configure(user: Any) -> bool:
    """Routing rules, time limits and the holiday calendar."""
    return is_window(user)
