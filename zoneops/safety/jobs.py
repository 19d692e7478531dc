"""The safety module's scheduled jobs (declared in module.py, run by core/schedules.py)."""

from __future__ import annotations

import datetime as dt

from zoneops.safety.services import deadlines_run, drills_run, plan_rounds_run


def deadlines(*, today: dt.date | None = None) -> dict[str, int]:
    """Daily: reminders before hazard deadlines, escalation of overdue hazards."""
    return deadlines_run(today=today)


def drills(*, today: dt.date | None = None) -> dict[str, int]:
    """Daily: enterprises late with their drills, plans about to expire."""
    return drills_run(today=today)


def plan_rounds(*, today: dt.date | None = None) -> dict[str, int]:
    """Daily: the next round of each cyclic inspection plan whose round has ended."""
    return plan_rounds_run(today=today)
