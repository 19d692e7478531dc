"""Who may do what in enterprise services (what they may *see* is data scope)."""

from __future__ import annotations

from typing import Any

from zoneops.core.models import Role
from zoneops.core.permissions import can_edit_in_park

# 企业服务中心 and the other departments keep the policy library and the programs.
PROGRAM_EDITORS = frozenset({Role.ADMIN, Role.DEPARTMENT_OFFICER})


def _signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def can_edit_programs(user: Any) -> bool:
    return _signed_in(user) and (user.is_superuser or user.role in PROGRAM_EDITORS)


def can_serve(user: Any, enterprise: Any) -> bool:
    """Officers who serve this enterprise: record its applications, difficulties, pools."""
    return _signed_in(user) and can_edit_in_park(user, enterprise.park_id)


def is_own_enterprise(user: Any, enterprise: Any) -> bool:
    return (
        _signed_in(user)
        and user.role == Role.ENTERPRISE
        and user.enterprise_id is not None
        and user.enterprise_id == enterprise.pk
    )


def can_apply(user: Any, enterprise: Any) -> bool:
    """Prepare and submit an application: the enterprise itself or its officers."""
    return can_serve(user, enterprise) or is_own_enterprise(user, enterprise)


def can_decide(user: Any) -> bool:
    """Record the approval, rejection and disbursement of applications."""
    return can_edit_programs(user)
