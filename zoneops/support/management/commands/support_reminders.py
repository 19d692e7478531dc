"""Write in-app reminders for funding windows about to close. The worker runs it daily (定时任务);
this command runs the same job from a script, recorded the same way."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from zoneops.core.schedules import command_run


class Command(BaseCommand):
    help = "Remind officers and eligible enterprises of funding windows about to close."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--today", type=dt.date.fromisoformat, default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        today = options["today"] or timezone.localdate()
        counts = command_run("support.reminders", today=today)
        self.stdout.write(
            f"{today}：{counts['programs']} 个项目临近截止，新发提醒 {counts['notices']} 条"
        )
