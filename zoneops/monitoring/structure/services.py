"""Entering the bureau's value-added shares (the economy office's)."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from zoneops.core.history import record_save, snapshot_stored
from zoneops.core.models import Park, User
from zoneops.core.permissions import may, require
from zoneops.enterprises.models import ClassNode
from zoneops.monitoring.reports.models import ReportingPeriod
from zoneops.monitoring.structure.models import ValueAddedShare


@transaction.atomic
def value_added_share_save(
    *,
    actor: User | None,
    period: ReportingPeriod,
    node: ClassNode,
    share: Decimal,
    park: Park | None = None,
    growth: Decimal | None = None,
    source: str = "市统计局",
    check: bool = True,
) -> ValueAddedShare:
    """Store (or correct) the bureau's share for a node, a period and a place."""
    if check:
        require(may(actor, "monitoring.official_shares"))
    found = ValueAddedShare.objects.filter(period=period, park=park, node=node).first()
    before = None if found is None else snapshot_stored(found)
    found = found or ValueAddedShare(period=period, park=park, node=node)
    found.share, found.growth, found.source, found.entered_by = share, growth, source, actor
    found.full_clean()
    found.save()
    record_save(actor=actor, obj=found, before=before)
    return found
