"""What core itself adds: the home page and the administration's own modules."""

from django.utils.translation import gettext_lazy as _

from zoneops.core.house import AppModule
from zoneops.core.http import Someone
from zoneops.core.models import Role
from zoneops.core.navigation import EVERYONE, Module
from zoneops.core.permissions import may


def _imports_allows(user: Someone) -> bool:
    # Offered to whoever may import some kind (each kind asks the permission table).
    from zoneops.core.imports.registry import kinds_for

    return bool(kinds_for(user))


MODULE = AppModule(
    urls=None,  # core's pages are mounted by zoneops/urls.py itself, at the root
    import_kinds=("zoneops.core.importers",),
    menu=(
        Module("home", _("工作台"), "home", "house", EVERYONE, order=0),
        Module(
            "imports",
            _("数据导入"),
            "imports:list",
            "upload",
            # A bank user imports its own disbursement ledger (finance.import).
            frozenset({Role.ADMIN, Role.DEPARTMENT_OFFICER, Role.PARK_OFFICER, Role.BANK}),
            allows=_imports_allows,
            order=90,
        ),
        Module(
            "history",
            _("操作记录"),
            "history",
            "clock-history",
            frozenset({Role.ADMIN, Role.ZONE_LEADER}),
            allows=lambda user: may(user, "history.read"),
            order=91,
        ),
        Module(
            "users",
            _("用户管理"),
            "users:list",
            "people",
            frozenset({Role.ADMIN}),
            allows=lambda user: may(user, "users.manage"),
            order=92,
        ),
        Module(
            "schedules",
            _("定时任务"),
            "schedules:list",
            "alarm",
            frozenset({Role.ADMIN}),
            allows=lambda user: may(user, "schedules.run"),
            order=93,
        ),
    ),
)
