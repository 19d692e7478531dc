"""What 金融服务 adds: its pages, API, menu entry, home panel, the bank ledger import and the
daily check of the banks' time limits."""

from django.utils.translation import gettext_lazy as _

from zoneops.core.house import AppModule, HomePanel, ObjectPanel
from zoneops.core.models import Role
from zoneops.core.navigation import OFFICERS, Module
from zoneops.core.schedules import Job, daily

MODULE = AppModule(
    urls="zoneops.finance.urls",
    api="zoneops.finance.api:router",
    api_prefix="/finance/",
    menu=(
        Module(
            "finance",
            _("金融服务"),
            "finance:home",
            "bank",
            OFFICERS | {Role.ENTERPRISE, Role.BANK},
            order=60,
        ),
    ),
    panels=(HomePanel("finance", "finance/_home.html", "zoneops.finance.queries:home_panel"),),
    # On an enterprise's page: its financial advisors, their plans' overdue measures.
    object_panels=(
        ObjectPanel(
            "enterprises.enterprise",
            "finance",
            "finance/_enterprise.html",
            "zoneops.finance.panels:enterprise_advisors",
        ),
    ),
    import_kinds=("zoneops.finance.importers",),
    jobs=(
        Job(
            "finance.deadlines",
            _("银行联系与反馈时限检查"),
            "zoneops.finance.services:deadlines_run",
            daily(7, 20),
            counts={"contact": _("未按期联系"), "decision": _("未按期反馈")},
        ),
    ),
)
