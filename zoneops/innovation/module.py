"""What 科技创新 adds: its pages, API (/api/innovation/…), menu entry and daily renewal job."""

from django.utils.translation import gettext_lazy as _

from zoneops.core.house import AppModule
from zoneops.core.models import Role
from zoneops.core.navigation import OFFICERS, Module
from zoneops.core.schedules import Job, daily

MODULE = AppModule(
    urls="zoneops.innovation.urls",
    api="zoneops.innovation.api:router",
    api_prefix="/innovation/",
    menu=(
        Module(
            "innovation",
            _("科技创新"),
            "innovation:dashboard",
            "lightbulb",
            OFFICERS | {Role.ENTERPRISE},
            order=53,
        ),
    ),
    jobs=(
        Job(
            "innovation.renewals",
            _("资质到期提醒"),
            "zoneops.innovation.services:renewals_run",
            daily(7, 40),
            counts={"expired": _("到期"), "reminded": _("新发提醒"), "tags": _("标签更新")},
        ),
    ),
    # The registry's title tags follow the recognitions in force (models.TAGS, services.sync_tags).
    derived_tags=("high_tech", "srdi_province", "little_giant"),
)
