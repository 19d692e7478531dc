"""Write in-app reminders for funding windows about to close (run daily, e.g. from cron)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from zoneops.support.reminders import send_window_reminders


class Command(BaseCommand):
    help = "Remind officers and eligible enterprises of funding windows about to close."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--today", type=dt.date.fromisoformat, default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        today = options["today"] or timezone.localdate()
        run = send_window_reminders(today=today)
        self.stdout.write(f"{today}：{run.programs} 个项目临近截止，新发提醒 {run.notices} 条")
