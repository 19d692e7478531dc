"""Who may use the investment module and what they may do in it (what they see is the
querysets' ``visible_to``)."""

from __future__ import annotations

from typing import Any

from zoneops.core.models import STAFF_ROLES, Role
from zoneops.core.scope import scope_of
from zoneops.enterprises.models import Chain
from zoneops.investment.models import is_investment_officer


def leads_a_chain(user: Any) -> bool:
    """Is this account the chain leader (链长) of some chain? Cached on the user object."""
    cached = getattr(user, "_zoneops_leads_chain", None)
    if cached is None:
        cached = bool(user.pk) and Chain.objects.filter(leader_user=user).exists()
        user._zoneops_leads_chain = cached
    return bool(cached)


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
    if not can_use_investment(user):
        return False
    return scope_of(user).zone or is_investment_officer(user) or leads_a_chain(user)


def can_manage_targets(user: Any) -> bool:
    """Targets and chain teams are set by the zone's leaders (and administrators)."""
    return bool(getattr(user, "is_authenticated", False)) and scope_of(user).zone


def can_register_lead(user: Any) -> bool:
    """全员招商: every officer of the zone may register a lead from their own contacts; it goes
    to the investment bureau. Enterprises and banks do not."""
    return (
        bool(getattr(user, "is_authenticated", False))
        and user.is_active
        and (user.is_superuser or user.role in STAFF_ROLES)
    )


def can_review_leads(user: Any) -> bool:
    """研判 and assignment of the leads officers register: the investment bureau (and the
    zone's leaders and administrators)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return scope_of(user).zone or is_investment_officer(user)
