"""Who may enter, review and correct monthly reports (the rows ``monitoring.*`` of the one
table, ``zoneops.core.permissions.ACTIONS``)."""

from __future__ import annotations

from typing import Any

from zoneops.core.permissions import ECONOMY, may, may_in_park, may_zone_wide

# The economic operation office collects and reviews the figures (DESIGN: 经济发展局).
ECONOMY_DEPARTMENT = ECONOMY


def can_review(user: Any, park_id: int | None) -> bool:
    """Enter on an enterprise's behalf, return, approve: economy office, park officers, admins."""
    if park_id is None:
        return may_zone_wide(user, "monitoring.review")
    return may_in_park(user, "monitoring.review", park_id)


def can_review_any(user: Any) -> bool:
    """Does this person review some enterprises' reports (their park's, or the zone's)?"""
    return may(user, "monitoring.review")


def can_fill(user: Any, enterprise_id: int, park_id: int) -> bool:
    """Fill in and submit a report: the enterprise itself, or a reviewer in scope."""
    if getattr(user, "enterprise_id", None) == enterprise_id and may(user, "monitoring.fill"):
        return True
    return may_in_park(user, "monitoring.fill", park_id)


def can_handle_alert(user: Any, alert: Any) -> bool:
    """The alert's owner (its enterprise's 包联干部), or a reviewer in its park."""
    if alert.owner_id is not None and alert.owner_id == getattr(user, "pk", None):
        return may(user, "monitoring.alerts")
    return may_in_park(user, "monitoring.alerts", alert.enterprise.park_id)


def can_manage_catalogue(user: Any) -> bool:
    """Indicators, rules, targets, surveys: administrators and the economy office."""
    return may(user, "monitoring.catalogue")
