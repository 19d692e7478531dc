"""``{% load permissions %}``: templates ask the one table (``core.permissions.ACTIONS``).

``{% if user|may:"support.serve" %}`` shows a button only to those who may take the action;
where the answer depends on the object (its park, its task force), the view passes the
app's own answer for that object, which reads the same table.
"""

from __future__ import annotations

from django import template

from zoneops.core import permissions
from zoneops.core.http import Someone

register = template.Library()


@register.filter
def may(user: Someone, action: str) -> bool:
    return permissions.may(user, action)


@register.filter
def may_zone_wide(user: Someone, action: str) -> bool:
    return permissions.may_zone_wide(user, action)
