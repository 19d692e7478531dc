from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "zoneops.monitoring"
    label = "monitoring"
    verbose_name = _("经济运行监测调度")

    def ready(self) -> None:
        from zoneops.core.schedules import daily, schedule
        from zoneops.monitoring import jobs

        schedule(
            "monitoring.missing_reports",
            _("逾期未报送检查"),
            jobs.missing_reports,
            daily(7, 20),
            counts={"periods": _("检查报告期"), "missing": _("逾期未报送企业")},
        )
        schedule(
            "monitoring.nowcast",
            _("用电量估算产值"),
            jobs.nowcast_latest,
            daily(6, 30),
            counts={
                "estimated": _("估算企业"),
                "created": _("新增"),
                "updated": _("更新"),
                "deleted": _("删除"),
                "skipped": _("无法估算"),
            },
        )
