"""nowcast --period YYYY-MM [--user USERNAME]: estimate the month's output from electricity
for every enterprise that has electricity but no reported output (docs/nowcast.md)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from zoneops.core import units
from zoneops.core.models import User
from zoneops.enterprises.models import Enterprise
from zoneops.monitoring.models import ReportingPeriod
from zoneops.monitoring.nowcast import method as nowcast_method
from zoneops.monitoring.nowcast import services as nowcast_services
from zoneops.monitoring.periods import parse_period


class Command(BaseCommand):
    help = (
        "用电量估算产值：对本月有用电量、尚未报送产值的企业，用本企业历史“产值÷用电量”的中位数"
        "估算当月产值，并给出滚动回测误差。结果存为“平台估算”，不与报送数混用。重复运行不改变结果。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--period", required=True, help="the month, YYYY-MM")
        parser.add_argument(
            "--user", help="run as this user (default: the system, no permission checks)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            year, month = parse_period(options["period"])
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages)) from exc
        period = ReportingPeriod.objects.filter(year=year, month=month).first()
        if period is None:
            raise CommandError(f"报告期 {options['period']} 不存在：还没有任何数据")
        actor = None
        if options.get("user"):
            actor = User.objects.filter(username=options["user"], is_active=True).first()
            if actor is None:
                raise CommandError(f"用户“{options['user']}”不存在或已停用")
        try:
            result = nowcast_services.nowcast_run(period=period, actor=actor)
        except PermissionDenied as exc:
            raise CommandError(f"用户“{options['user']}”无权运行估算") from exc
        now = result.nowcast
        zone = now.zone
        error = f"±{zone.error_percent}%" if zone.error_percent is not None else "无回测"
        self.stdout.write(
            f"{period} 估算完成（{nowcast_method.METHOD}）：估算 {len(now.estimates)} 家 · "
            f"新增 {result.created} · 更新 {result.updated} · 未变 {result.unchanged} · "
            f"删除 {result.deleted} · 无法估算 {len(now.skipped)} 家"
        )
        self.stdout.write(
            f"已报送 {len(now.reported)} 家 {units.format_money(now.reported_total)} + "
            f"估算 {units.format_money(now.estimated_total)} = "
            f"合计（含估算）{units.format_money(now.total)}，合计回测误差 {error}"
        )
        names = Enterprise.objects.in_bulk(list(now.skipped))
        for enterprise_id, reason in sorted(now.skipped.items()):
            self.stderr.write(f"未估算：{names[enterprise_id]}：{reason}")
