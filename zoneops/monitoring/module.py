"""What 经济运行 adds: its pages, API, menu entries, import kinds and daily jobs."""

from django.utils.translation import gettext_lazy as _

from zoneops.core.house import AppModule
from zoneops.core.models import Role
from zoneops.core.navigation import MONITORING, Module
from zoneops.core.schedules import Job, daily

MODULE = AppModule(
    urls="zoneops.monitoring.urls",
    api=tuple(
        f"zoneops.monitoring.{topic}.api:router"
        for topic in ("reports", "analysis", "targets", "alerts", "surveys", "province", "nowcast")
    ),
    menu=(
        Module(
            "monitoring",
            _("经济运行"),
            "monitoring:dashboard",
            "graph-up-arrow",
            MONITORING,
            order=20,
        ),
        Module(
            "reports",
            _("月报填报"),
            "monitoring:periods",
            "journal-check",
            MONITORING | {Role.ENTERPRISE},
            order=21,
        ),
    ),
    import_kinds=("zoneops.monitoring.reports.importers", "zoneops.monitoring.province.importer"),
    jobs=(
        Job(
            "monitoring.missing_reports",
            _("逾期未报送检查"),
            "zoneops.monitoring.jobs:missing_reports",
            daily(7, 20),
            counts={"periods": _("检查报告期"), "missing": _("逾期未报送企业")},
        ),
        Job(
            "monitoring.nowcast",
            _("用电量估算产值"),
            "zoneops.monitoring.jobs:nowcast_latest",
            daily(6, 30),
            counts={
                "estimated": _("估算企业"),
                "created": _("新增"),
                "updated": _("更新"),
                "deleted": _("删除"),
                "skipped": _("无法估算"),
            },
        ),
    ),
)
