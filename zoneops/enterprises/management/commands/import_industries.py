"""import_industries FILE [--dry-run]: the official GB/T 4754-2017 table, as published."""

from __future__ import annotations

from django.core.management.base import CommandError

from zoneops.core.imports import Result, Spec
from zoneops.core.models import User
from zoneops.enterprises.importers import IndustrySpec
from zoneops.enterprises.management.commands._importing import ImportCommand
from zoneops.enterprises.models import Industry, IndustryLevel


class Command(ImportCommand):
    help = (
        "导入国民经济行业分类（GB/T 4754-2017）官方表格：门类、大类、中类、小类各占一列，名称在小类后一列；"
        "按代码新增或更新，重复导入不改变任何数据。"
    )

    def spec(self) -> Spec:
        return IndustrySpec()

    def check_actor(self, actor: User | None) -> None:
        if actor is not None and not actor.is_platform_admin:
            raise CommandError(f"用户“{actor.username}”无权导入行业分类（仅系统管理员）")

    def report_details(self, result: Result) -> None:
        in_file = result.details.get("levels", {})
        self.stdout.write("文件中：" + " · ".join(f"{label} {count}" for label, count in in_file.items()))
        stored = " · ".join(
            f"{level.label} {Industry.objects.filter(level=level).count()}" for level in IndustryLevel
        )
        self.stdout.write(f"平台中：{stored}")
