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


__all__ = ["Calendar", "deadline_after", "working_days_late"]
