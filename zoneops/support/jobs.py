"""The support module's scheduled jobs (declared in apps.py, run by core/schedules.py; the
management command runs the same function)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from zoneops.support.reminders import send_window_reminders


def window_reminders(*, today: dt.date | None = None) -> dict[str, int]:
    """Daily: remind of the funding windows about to close (keyed: never twice)."""
    run = send_window_reminders(today=today or timezone.localdate())
    return {"programs": run.programs, "notices": run.notices}
