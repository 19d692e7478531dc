"""What each role may do with innovation records: the rows ``innovation.*`` of
``zoneops.core.permissions.ACTIONS``. Platforms and recognitions are kept by the economy
office, the enterprise service centre and administrators for the zone, and by park officers
for their park's enterprises; talents (and a person's ID) by the service centre and
administrators only."""

from __future__ import annotations

from typing import Any

from zoneops.core.models import User
from zoneops.core.permissions import may, may_for_enterprise, may_zone_wide


def can_edit_for(user: User, enterprise: Any) -> bool:
    return may_for_enterprise(user, "innovation.edit", enterprise)


def edits_some(user: User) -> bool:
    return may(user, "innovation.edit")


def can_manage_talents(user: User) -> bool:
    """Also: who may read a person's full ID number."""
    return may_zone_wide(user, "innovation.talents")
