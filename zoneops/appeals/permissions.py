"""Who may do what with an appeal (what they may *see* is data scope, in models.py): the rows
``appeals.*`` of the one table, ``zoneops.core.permissions.ACTIONS``."""

from __future__ import annotations

from typing import Any

from zoneops.appeals.models import Appeal
from zoneops.core.permissions import Reach, may, may_zone_wide, reach
from zoneops.enterprises.models import Enterprise


def is_window(user: Any) -> bool:
    """The one window: 企业服务中心's officers and the administrators."""
    return may(user, "appeals.configure")


def can_file(user: Any, enterprise: Enterprise) -> bool:
    """An enterprise files its own appeals; staff record those they take in for enterprises
    they can see (walk-ins, calls, visits)."""
    reaches = reach(user, "appeals.file")
    if Reach.OWN in reaches and user.enterprise_id == enterprise.pk:
        return True
    return (
        Reach.ALL in reaches
        and Enterprise.objects.visible_to(user).filter(pk=enterprise.pk).exists()
    )


def is_staff_filer(user: Any) -> bool:
    return may_zone_wide(user, "appeals.file")


def can_handle(user: Any, appeal: Appeal) -> bool:
    """The department the appeal is routed to handles it (the window may act for it)."""
    reaches = reach(user, "appeals.handle")
    if Reach.ALL in reaches:
        return True
    return (
        Reach.ROUTED in reaches
        and appeal.department_id is not None
        and user.department_id == appeal.department_id
    )


def can_attach(user: Any, appeal: Appeal) -> bool:
    """The enterprise adds photos to its own appeal; whoever works it, or took it in, adds what
    they gathered."""
    if Reach.OWN in reach(user, "appeals.file") and user.enterprise_id == appeal.enterprise_id:
        return True
    return can_handle(user, appeal) or (
        appeal.created_by_id is not None
        and appeal.created_by_id == user.pk
        and may(user, "appeals.file")
    )


def can_decide_extension(user: Any) -> bool:
    return may(user, "appeals.extension_decide")


def can_rate(user: Any, appeal: Appeal) -> bool:
    """The enterprise rates; the window records the rating it heard at the follow-up call."""
    reaches = reach(user, "appeals.rate")
    if Reach.ALL in reaches:
        return True
    return Reach.OWN in reaches and user.enterprise_id == appeal.enterprise_id


def can_configure(user: Any) -> bool:
    """Routing rules, time limits and the holiday calendar."""
    return may(user, "appeals.configure")
