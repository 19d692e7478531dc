"""Raise 未按时报送 alerts for reports past their deadline (run daily, e.g. from cron)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from zoneops.monitoring.alerts import evaluate_missing
from zoneops.monitoring.models import ReportingPeriod


class Command(BaseCommand):
    help = "Raise or close missing-report alerts for every period whose deadline has passed."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--months", type=int, default=3, help="how many recent periods to check"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        periods = ReportingPeriod.objects.filter(deadline__lt=today).order_by("-year", "-month")[
            : options["months"]
        ]
        for period in periods:
            missing = evaluate_missing(period, today=today)
            self.stdout.write(f"{period}：{missing} 家规上企业逾期未报送")
