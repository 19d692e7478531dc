"""import_enterprises FILE [--dry-run] [--user USERNAME]: the enterprise list, all or nothing."""

from __future__ import annotations

from django.core.management.base import CommandError

from zoneops.core.imports import Spec
from zoneops.core.models import User
from zoneops.core.permissions import can_import
from zoneops.enterprises.importers import EnterpriseSpec
from zoneops.enterprises.management.commands._importing import ImportCommand


class Command(ImportCommand):
    help = (
        "导入企业名录（.xlsx/.xls/.csv）：按表头名称识别列，"
        "至少需要 统一社会信用代码、企业名称、园区、行业代码、是否规上；"
        "按统一社会信用代码匹配已有企业。有任何问题则不写入任何数据。"
    )

    def spec(self) -> Spec:
        return EnterpriseSpec()

    def check_actor(self, actor: User | None) -> None:
        if actor is not None and not can_import(actor):
            raise CommandError(f"用户“{actor.username}”无权导入企业名录")
