"""import_province FILE [--period YYYY-MM] [--indicator CODE] [--dry-run] [--user USERNAME]:
the growth figures of the province's development zones, all or nothing."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError, CommandParser

from zoneops.core.imports import Result, Spec
from zoneops.core.models import User
from zoneops.enterprises.management.commands._importing import ImportCommand
from zoneops.monitoring.models import Indicator, ReportingPeriod
from zoneops.monitoring.permissions import can_manage_catalogue
from zoneops.monitoring.province import importer as province_importer
from zoneops.monitoring.province import queries as province_queries


class Command(ImportCommand):
    help = (
        "导入全省开发区增速表（列：开发区、增速（%），可选 本区）。报告期和指标用 --period、"
        "--indicator 指定，或写在表头上方的标题中（如“2024年1—12月全省开发区规上工业总产值增速”）。"
        "有任何问题则不写入任何数据；重复导入同一文件不改变数据。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--period", help="the period, YYYY-MM (default: from the title)")
        parser.add_argument(
            "--indicator", help="the indicator code, e.g. output_value (default: from the title)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            self.chosen = province_importer.check_choice(
                options.get("period"), options.get("indicator")
            )
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages)) from exc
        super().handle(*args, **options)

    def spec(self) -> Spec:
        period, indicator = self.chosen
        return province_importer.ProvinceFigureSpec(period=period, indicator=indicator)

    def check_actor(self, actor: User | None) -> None:
        if actor is not None and not can_manage_catalogue(actor):
            raise CommandError(f"用户“{actor.username}”无权导入全省开发区数据")

    def report_details(self, result: Result) -> None:
        details = result.details
        if not result.written or not details.get("period"):
            return
        year, month = (int(part) for part in details["period"].split("-"))
        ranking = province_queries.province_rank(
            period=ReportingPeriod.objects.filter(year=year, month=month).first(),
            indicator=Indicator.objects.filter(code=details["indicator"]).first(),
        )
        self.stdout.write(f"{details['period']} · {ranking.indicator} · {ranking.sentence()}")
