"""Saving the province's figures for a period and indicator (one ChangeRecord per table)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction

from zoneops.core.history import record, record_save, snapshot
from zoneops.core.models import ChangeRecord, User
from zoneops.core.permissions import require
from zoneops.monitoring.models import Indicator, ProvinceFigure, ReportingPeriod
from zoneops.monitoring.permissions import can_manage_catalogue

CENT = Decimal("0.01")


# ProvinceFigure.growth has 8 digits, 2 after the point.
GROWTH_LIMIT = Decimal("999999.99")


def _growth(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


@transaction.atomic
def province_figure_save(
    *,
    actor: User | None,
    period: ReportingPeriod,
    indicator: Indicator,
    zone_name: str,
    growth: Decimal,
    is_self: bool,
    check: bool = True,
) -> tuple[ProvinceFigure, bool]:
    """Create or change one zone's published figure; returns it and whether anything changed.

    Only one zone is this zone for a period and indicator: marking one clears the others.
    """
    if check:
        require(can_manage_catalogue(actor))
    growth = _growth(growth)
    figure = (
        ProvinceFigure.objects.select_for_update()
        .filter(period=period, indicator=indicator, zone_name=zone_name)
        .first()
    )
    is_new = figure is None
    if figure is None:
        figure = ProvinceFigure(period=period, indicator=indicator, zone_name=zone_name)
    before = None if is_new else snapshot(figure)
    figure.growth, figure.is_self = growth, is_self
    after = snapshot(figure)
    if not is_new and before == after:
        return figure, False
    figure.save()
    record_save(actor=actor, obj=figure, before=before)
    if is_self:
        others = ProvinceFigure.objects.filter(
            period=period, indicator=indicator, is_self=True
        ).exclude(pk=figure.pk)
        for other in others:
            previous = snapshot(other)
            other.is_self = False
            other.save(update_fields=["is_self"])
            record(
                actor=actor,
                obj=other,
                action=ChangeRecord.Action.UPDATE,
                before=previous,
                after=snapshot(other),
            )
    return figure, True
