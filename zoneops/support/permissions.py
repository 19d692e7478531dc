"""Who may do what in enterprise services (what they may *see* is data scope): the rows
``support.*`` of the one table, ``zoneops.core.permissions.ACTIONS``."""

from __future__ import annotations

from typing import Any

from zoneops.core.http import Someone
from zoneops.core.models import Role, User
from zoneops.core.permissions import may, may_for_enterprise, may_in_park


def can_edit_programs(user: Someone) -> bool:
    """The policy library, funding programs and their rules: 企业服务中心, 经济发展局, admins."""
    return may(user, "support.programs")


def can_serve(user: Someone, enterprise: Any) -> bool:
    """Officers who serve this enterprise: record its applications, difficulties, pools."""
    return may_in_park(user, "support.serve", enterprise.park_id)


def may_serve(user: Someone) -> bool:
    """Does this person serve some enterprises (for the buttons of a list)?"""
    return may(user, "support.serve")


def is_own_enterprise(user: Someone, enterprise: Any) -> bool:
    return (
        isinstance(user, User)
        and user.is_authenticated
        and user.role == Role.ENTERPRISE
        and user.enterprise_id is not None
        and user.enterprise_id == enterprise.pk
    )


def can_apply(user: Someone, enterprise: Any) -> bool:
    """Prepare and submit an application: the enterprise itself or its officers."""
    return may_for_enterprise(user, "support.apply", enterprise)


def can_decide(user: Someone) -> bool:
    """Record the approval, rejection and disbursement of applications."""
    return may(user, "support.decide")
