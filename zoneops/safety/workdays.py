"""The working-day calendar the hazard deadlines count on.

Counted on the zone's one calendar, ``zoneops.core.workdays`` (the administrators' entered
days first, then the statutory holidays).
"""

from __future__ import annotations

import datetime as dt

from zoneops.core.workdays import Calendar, due_date


def deadline_after(start: dt.date, days: int, calendar: Calendar | None = None) -> dt.date:
    """The deadline ``days`` working days after ``start`` (0: that day, or the next working
    day when it is a holiday)."""
    return due_date(start, days, calendar).date


def working_days_late(deadline: dt.date, today: dt.date, calendar: Calendar | None = None) -> int:
    """How many working days past ``deadline`` today is (0 or less: not late)."""
    return (calendar or Calendar.load()).working_days_between(deadline, today)


def working_day_before(day: dt.date, days: int, calendar: Calendar | None = None) -> dt.date:
    """The working day ``days`` working days before ``day`` (0: ``day`` itself, or the last
    working day before it when it is a holiday)."""
    calendar = calendar or Calendar.load()
    found = day
    while not calendar.is_workday(found):
        found -= dt.timedelta(days=1)
    counted = 0
    while counted < days:
        found -= dt.timedelta(days=1)
        if calendar.is_workday(found):
            counted += 1
    return found


__all__ = ["Calendar", "deadline_after", "working_day_before", "working_days_late"]
