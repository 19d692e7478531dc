"""Who may do what in work safety: the rows ``safety.*`` of the one table
(``zoneops.core.permissions.ACTIONS``), with the grid member's reach (本网格) checked here."""

from __future__ import annotations

from typing import Any

from zoneops.core.permissions import Reach, may, may_for_enterprise, reach
from zoneops.enterprises.models import Enterprise


def in_own_grid(user: Any, enterprise: Enterprise) -> bool:
    """Is this enterprise in one of the grids this person works as 网格员?"""
    from zoneops.safety.models import SafetyProfile

    return SafetyProfile.objects.filter(enterprise=enterprise, grid__members=user).exists()


def may_act(user: Any, action: str, enterprise: Enterprise) -> bool:
    """May this person take ``action`` (``safety.inspect`` …) on this enterprise?"""
    if may_for_enterprise(user, action, enterprise):
        return True
    return Reach.GRID in reach(user, action) and in_own_grid(user, enterprise)


def can_configure(user: Any) -> bool:
    return may(user, "safety.configure")


def can_supervise(user: Any, enterprise: Enterprise) -> bool:
    return may_act(user, "safety.supervise", enterprise)
