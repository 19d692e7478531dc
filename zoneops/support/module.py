"""What 企业服务 adds: its pages, API, menu entries, home panel, import kind and daily jobs."""

from django.utils.translation import gettext_lazy as _

from zoneops.core.house import AppModule, HomePanel
from zoneops.core.models import Role
from zoneops.core.navigation import OFFICERS, Module
from zoneops.core.schedules import Job, daily

MODULE = AppModule(
    urls="zoneops.support.urls",
    api="zoneops.support.api:router",
    api_prefix="/support/",
    menu=(
        Module(
            "policies",
            _("惠企政策"),
            "support:programs",
            "award",
            OFFICERS | {Role.ENTERPRISE},
            order=50,
        ),
        Module(
            "difficulties",
            _("难点堵点"),
            "support:difficulties",
            "sign-stop",
            OFFICERS | {Role.ENTERPRISE},
            order=51,
        ),
        Module(
            "cultivation",
            _("梯度培育"),
            "support:dashboard",
            "bar-chart-steps",
            OFFICERS,
            order=52,
        ),
    ),
    panels=(HomePanel("support", "support/_home.html", "zoneops.support.queries:home_panel", 5),),
    import_kinds=("zoneops.support.importers",),
    jobs=(
        Job(
            "support.reminders",
            _("申报截止提醒"),
            "zoneops.support.jobs:window_reminders",
            daily(7, 10),
            counts={"programs": _("临近截止项目"), "notices": _("新发提醒")},
        ),
        Job(
            "support.candidates",
            _("梯度培育候选企业"),
            "zoneops.support.jobs:cultivation_candidates",
            daily(7, 40),
            counts={"candidates": _("候选企业"), "notices": _("新发提醒")},
        ),
    ),
)
