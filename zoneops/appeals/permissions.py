"""Who may do what with an appeal (what they may *see* is data scope, in models.py): the rows
``appeals.*`` of the one table, ``zoneops.core.permissions.ACTIONS``."""

from __future__ import annotations

from zoneops.appeals.models import Appeal
from zoneops.core.http import Someone
from zoneops.core.models import User
from zoneops.core.permissions import Reach, may, may_zone_wide, reach
from zoneops.enterprises.models import Enterprise


def is_window(user: Someone) -> bool:
    """The one window: 企业服务中心's officers and the administrators."""
    return may(user, "appeals.configure")


def can_file(user: Someone, enterprise: Enterprise) -> bool:
    """An enterprise files its own appeals; staff record those they take in for enterprises
    they can see (walk-ins, calls, visits)."""
    if not isinstance(user, User):
        return False
    reaches = reach(user, "appeals.file")
    if Reach.OWN in reaches and user.enterprise_id == enterprise.pk:
        return True
    return (
        Reach.ALL in reaches
        and Enterprise.objects.visible_to(user).filter(pk=enterprise.pk).exists()
    )


def is_staff_filer(user: Someone) -> bool:
    return may_zone_wide(user, "appeals.file")


def can_handle(user: Someone, appeal: Appeal) -> bool:
    """The department the appeal is routed to handles it (the window may act for it)."""
    reaches = reach(user, "appeals.handle")
    if Reach.ALL in reaches:
        return True
    return (
        isinstance(user, User)
        and Reach.ROUTED in reaches
        and appeal.department_id is not None
        and user.department_id == appeal.department_id
    )


def can_attach(user: Someone, appeal: Appeal) -> bool:
    """The enterprise adds photos to its own appeal; whoever works it, or took it in, adds what
    they gathered."""
    if not isinstance(user, User):
        return False
    if Reach.OWN in reach(user, "appeals.file") and user.enterprise_id == appeal.enterprise_id:
        return True
    return can_handle(user, appeal) or (
        appeal.created_by_id is not None
        and appeal.created_by_id == user.pk
        and may(user, "appeals.file")
    )


def can_decide_extension(user: Someone) -> bool:
    return may(user, "appeals.extension_decide")


def can_rate(user: Someone, appeal: Appeal) -> bool:
    """The enterprise rates; the window records the rating it heard at the follow-up call."""
    reaches = reach(user, "appeals.rate")
    if Reach.ALL in reaches:
        return True
    return (
        isinstance(user, User)
        and Reach.OWN in reaches
        and user.enterprise_id == appeal.enterprise_id
    )


def can_configure(user: Someone) -> bool:
    """Routing rules and time limits."""
    return may(user, "appeals.configure")
