"""What each role may do with the monthly briefing: the row ``briefing.write`` of
``zoneops.core.permissions.ACTIONS``. The economy office drafts and issues the zone's and any
park's; a park office its own park's. Reading follows scope (models.BriefingQuerySet)."""

from __future__ import annotations

from zoneops.core.models import User
from zoneops.core.permissions import may, may_in_park


def can_write(user: User, park_id: int | None) -> bool:
    """May this user draft, edit and issue the briefing of this place (None: the zone)?"""
    return may_in_park(user, "briefing.write", park_id)


def writes_any(user: User) -> bool:
    return may(user, "briefing.write")
