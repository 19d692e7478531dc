"""Template filters of the key-project pages."""

from __future__ import annotations

from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def share(value: Decimal | float | None, places: int = 1) -> str:
    """A share or a rate (completion, start rate): 42.5%, no sign; "—" when there is none."""
    if value in (None, ""):
        return "—"
    return f"{float(value):.{places}f}%"
