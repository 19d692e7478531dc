"""import_monthly FILE [--period YYYY-MM] [--dry-run] [--user USERNAME]: the enterprises'
monthly figures from a ledger workbook, all or nothing."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError, CommandParser

from zoneops.core.imports import Result, Spec
from zoneops.core.models import User
from zoneops.enterprises.management.commands._importing import ImportCommand
from zoneops.monitoring.periods import parse_period
from zoneops.monitoring.reports.importers import MonthlySpec, can_import_reports


class Command(ImportCommand):
    help = (
        "导入企业月度经济指标（.xlsx/.xls/.csv）：一行一家企业（企业名称或统一社会信用代码），"
        "各指标的 本月 / 1—本月累计 / 上年同期累计（可为两行合并表头）；单位取表头或单位行，"
        "未写明时按报表单位（千元、万千瓦时、人）。报告期用 --period 指定或写在标题中"
        "（如“2024年3月”“2024年1—2月”）。合计、小计行跳过；有任何问题则不写入任何数据，"
        "重复导入同一文件不改变数据。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--period", help="the period, YYYY-MM (default: from the title)")

    def handle(self, *args: Any, **options: Any) -> None:
        self.period = check_period(options.get("period"))
        super().handle(*args, **options)

    def spec(self) -> Spec:
        return MonthlySpec(period=self.period)

    def check_actor(self, actor: User | None) -> None:
        if actor is not None and not can_import_reports(actor):
            raise CommandError(f"用户“{actor.username}”无权导入月报")

    def report_details(self, result: Result) -> None:
        print_details(self, result)


def check_period(text: str | None) -> tuple[int, int] | None:
    if not text:
        return None
    try:
        return parse_period(text)
    except ValidationError as exc:
        raise CommandError("；".join(exc.messages)) from exc


def print_details(command: ImportCommand, result: Result) -> None:
    """The preview's figures (period, units, skipped rows), then the warnings and the columns
    left alone, one a line."""
    details = result.details
    levels = details.get("levels") or {}
    command.stdout.write(" · ".join(f"{label}：{value}" for label, value in levels.items()))
    for warning in details.get("warnings") or ():
        command.stdout.write(f"提示 · {warning}")
    if details.get("ignored"):
        command.stdout.write("未导入的列：" + "、".join(details["ignored"]))
