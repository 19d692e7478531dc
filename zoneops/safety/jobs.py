"""The safety module's scheduled job (declared in module.py, run by core/schedules.py)."""

from __future__ import annotations

import datetime as dt

from zoneops.safety.services import deadlines_run


def deadlines(*, today: dt.date | None = None) -> dict[str, int]:
    """Daily: reminders before hazard deadlines, escalation of overdue hazards."""
    return deadlines_run(today=today)
