"""import_electricity FILE --period YYYY-MM [--dry-run] [--user USERNAME]: the grid company's
monthly electricity ledger (户号 → enterprise), all or nothing."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError, CommandParser

from zoneops.core.imports import Result, Spec
from zoneops.core.models import User
from zoneops.enterprises.management.commands._importing import ImportCommand
from zoneops.monitoring.management.commands.import_monthly import check_period, print_details
from zoneops.monitoring.reports.importers import ElectricitySpec, can_import_reports


class Command(ImportCommand):
    help = (
        "导入电网公司的月度用电台账：户号、用电量（表头或单位行写明千瓦时或万千瓦时），可有户名、"
        "统一社会信用代码。按用电户号对应企业并按企业合计，写入企业月报的用电量（本月，及上月"
        "累计加本月的累计）；企业已报送且不一致的不覆盖而列为问题。报告期用 --period 指定，"
        "未指定时取标题。有任何问题则不写入任何数据。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--period", help="the period, YYYY-MM (default: from the title)")

    def handle(self, *args: Any, **options: Any) -> None:
        self.period = check_period(options.get("period"))
        super().handle(*args, **options)

    def spec(self) -> Spec:
        return ElectricitySpec(period=self.period)

    def check_actor(self, actor: User | None) -> None:
        if actor is not None and not can_import_reports(actor):
            raise CommandError(f"用户“{actor.username}”无权导入用电量")

    def report_details(self, result: Result) -> None:
        print_details(self, result)
