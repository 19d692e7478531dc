"""What 有诉必应 adds: its pages, API, menu entry and daily job (the holiday calendar its
limits count on is core's)."""

from django.utils.translation import gettext_lazy as _

from zoneops.core.house import AppModule
from zoneops.core.models import Role
from zoneops.core.navigation import MONITORING, Module
from zoneops.core.schedules import Job, daily

MODULE = AppModule(
    urls="zoneops.appeals.urls",
    api="zoneops.appeals.api:router",
    menu=(
        Module(
            "appeals",
            _("有诉必应"),
            "appeals:list",
            "megaphone",
            MONITORING | {Role.ENTERPRISE},
            order=70,
        ),
    ),
    jobs=(
        Job(
            "appeals.deadlines",
            _("诉求到期提醒与超期督办"),
            "zoneops.appeals.services:deadlines_run",
            daily(7, 0),
            counts={
                "checked": _("检查诉求"),
                "reminded": _("到期提醒"),
                "department_head": _("升级至部门负责人"),
                "leader": _("升级至管委会领导"),
            },
        ),
    ),
)
