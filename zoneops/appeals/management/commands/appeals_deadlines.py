"""Daily: remind before each open appeal's limit and escalate overdue ones. The worker runs it
on its schedule (定时任务); this command runs the same job from a script, recorded the same way."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from zoneops.core.schedules import command_run


class Command(BaseCommand):
    help = "提醒临期诉求，超期诉求升级督办（每日运行）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", type=dt.date.fromisoformat, default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        counts = command_run("appeals.deadlines", today=options["date"])
        self.stdout.write(
            "checked {checked}, reminded {reminded}, to department heads {department_head}, "
            "to the zone leader {leader}".format(**counts)
        )
