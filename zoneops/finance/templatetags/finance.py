"""Template filters of 金融服务."""

from __future__ import annotations

from decimal import Decimal

from django import template

from zoneops.core.units import plain

register = template.Library()


@register.filter
def percent(value: Decimal | float | None) -> str:
    """A rate or a share as people write it: 3.45%, 92.5%; "—" when there is none."""
    if value in (None, ""):
        return "—"
    return f"{plain(Decimal(str(value)))}%"
