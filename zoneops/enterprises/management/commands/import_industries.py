"""import_industries FILE [--dry-run]: the official GB/T 4754-2017 table, as published."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError, CommandParser

from zoneops.core.imports import Result, Spec
from zoneops.core.models import User
from zoneops.enterprises.importers import IndustrySpec
from zoneops.enterprises.management.commands._importing import ImportCommand
from zoneops.enterprises.models import Industry, IndustryLevel


class Command(ImportCommand):
    help = (
        "导入国民经济行业分类（GB/T 4754-2017）官方表格："
        "门类、大类、中类、小类各占一列，名称在小类后一列；"
        "按代码新增或更新，重复导入不改变任何数据。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--if-needed",
            action="store_true",
            help="do nothing when the 中类 and 小类 levels are already loaded (for `make run`)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        loaded = Industry.objects.filter(level=IndustryLevel.CLASS).count()
        if options["if_needed"] and loaded:
            self.stdout.write(f"行业分类已有 {loaded} 个小类，跳过导入。")
            return
        super().handle(*args, **options)

    def spec(self) -> Spec:
        return IndustrySpec()

    def check_actor(self, actor: User | None) -> None:
        if actor is not None and not actor.is_platform_admin:
            raise CommandError(f"用户“{actor.username}”无权导入行业分类（仅系统管理员）")

    def report_details(self, result: Result) -> None:
        in_file = result.details.get("levels", {})
        self.stdout.write(
            "文件中：" + " · ".join(f"{label} {count}" for label, count in in_file.items())
        )
        stored = " · ".join(
            f"{level.label} {Industry.objects.filter(level=level).count()}"
            for level in IndustryLevel
        )
        self.stdout.write(f"平台中：{stored}")
