"""Who may use the investment module and what they may do in it (what they see is the
querysets' ``visible_to``): the rows ``investment.*`` of the one table,
``zoneops.core.permissions.ACTIONS``."""

from __future__ import annotations

from typing import Any

from zoneops.core.models import Role
from zoneops.core.permissions import leads_a_chain, may, may_in_park
from zoneops.core.scope import scope_of
from zoneops.investment.models import is_investment_officer

__all__ = [
    "can_edit_projects",
    "can_manage_targets",
    "can_register_enterprise",
    "can_register_lead",
    "can_review_leads",
    "can_use_investment",
    "leads_a_chain",
]


def can_use_investment(user: Any) -> bool:
    """Zone leaders, administrators, the investment bureau, park officers (their park's
    projects) and chain leaders. Other departments, task forces, enterprises, banks: no."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if scope_of(user).zone or user.role == Role.PARK_OFFICER:
        return True
    return is_investment_officer(user) or leads_a_chain(user)


def can_edit_projects(user: Any) -> bool:
    """Record and move projects, log work and events (on the projects the user sees). Park
    officers read their park's projects; the investment bureau and chain leaders work them."""
    return can_use_investment(user) and may(user, "investment.edit")


def can_manage_targets(user: Any) -> bool:
    """Targets and chain teams are set by the zone's leaders (and administrators)."""
    return may(user, "investment.targets")


def can_register_enterprise(user: Any, park_id: int | None) -> bool:
    """Register a signed project's company in the registry, in this park."""
    return can_edit_projects(user) and may_in_park(user, "enterprises.register_signed", park_id)


def can_register_lead(user: Any) -> bool:
    """全员招商: every officer of the zone may register a lead from their own contacts; it goes
    to the investment bureau. Enterprises and banks do not (the permission table)."""
    return may(user, "investment.lead_register")


def can_review_leads(user: Any) -> bool:
    """研判 and assignment of the leads officers register: the investment bureau (and the
    zone's leaders and administrators), as the permission table says."""
    return may(user, "investment.lead_review")
