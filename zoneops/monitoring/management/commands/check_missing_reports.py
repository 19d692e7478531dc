"""Raise 未按时报送 alerts for reports past their deadline. The worker runs it daily (定时任务);
this command runs the same job from a script, recorded the same way."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from zoneops.core.schedules import command_run


class Command(BaseCommand):
    help = "Raise or close missing-report alerts for every period whose deadline has passed."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--months", type=int, default=3, help="how many recent periods to check"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        counts = command_run("monitoring.missing_reports", months=options["months"])
        self.stdout.write(f"{counts['periods']} 个报告期：{counts['missing']} 家规上企业逾期未报送")
