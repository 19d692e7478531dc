"""The working days finance counts its time limits in.

Counted on the zone's one working-day calendar, ``zoneops.core.workdays`` (the administrators'
entered days first, then the statutory holidays); finance reaches it only here.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings

from zoneops.core.workdays import Calendar, due_date


def contact_days() -> int:
    """Working days a bank has to contact the enterprise after a need is pushed to it."""
    return int(getattr(settings, "FINANCE_CONTACT_WORKDAYS", 3))


def decision_days() -> int:
    """Working days a bank has to decide on a pushed need (about one calendar month)."""
    return int(getattr(settings, "FINANCE_DECISION_WORKDAYS", 22))


def due(start: dt.date, days: int) -> dt.date:
    return due_date(start, days).date


def between(start: dt.date, end: dt.date, calendar: Calendar | None = None) -> int:
    """Working days after ``start`` up to and including ``end``."""
    return (calendar or Calendar.load()).working_days_between(start, end)


def calendar() -> Calendar:
    return Calendar.load()
