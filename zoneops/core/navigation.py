"""The modules of the platform and which roles may use each: the navigation shows only these.

A later app adds its module here, with the roles that may open it; its views check the same
entry through :func:`module_allowed`, so the menu and the pages never disagree.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import Http404
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from zoneops.core.models import Role
from zoneops.projects import module as projects_module

ALL_STAFF = frozenset(
    {Role.ZONE_LEADER, Role.DEPARTMENT_OFFICER, Role.PARK_OFFICER, Role.TASK_FORCE, Role.ADMIN}
)
EVERYONE = frozenset(Role)
MONITORING = frozenset({Role.ZONE_LEADER, Role.DEPARTMENT_OFFICER, Role.PARK_OFFICER, Role.ADMIN})


@dataclass(frozen=True)
class Module:
    key: str
    label: str | Promise
    url_name: str
    icon: str
    roles: frozenset[str]
    # A finer test where the role alone does not decide (招商引资: only the investment bureau
    # among the departments, and chain leaders whatever their role).
    allows: Callable[[Any], bool] | None = None


MODULES: list[Module] = [
    Module("home", _("工作台"), "home", "house", EVERYONE),
    Module(
        "my_enterprise",
        _("本企业档案"),
        "enterprises:mine",
        "building",
        frozenset({Role.ENTERPRISE}),
    ),
    Module("enterprises", _("企业库"), "enterprises:list", "buildings", ALL_STAFF),
    Module("monitoring", _("经济运行"), "monitoring:dashboard", "graph-up-arrow", MONITORING),
    Module(
        "reports",
        _("月报填报"),
        "monitoring:periods",
        "journal-check",
        MONITORING | {Role.ENTERPRISE},
    ),
    Module(
        "investment",
        _("招商引资"),
        "investment:dashboard",
        "briefcase",
        EVERYONE,
        allows=lambda user: _investment_allows(user),
    ),
    Module("projects", projects_module.LABEL, "projects:plan", "kanban", projects_module.ROLES),
    Module(
        "policies",
        _("惠企政策"),
        "support:programs",
        "award",
        ALL_STAFF | {Role.ENTERPRISE},
    ),
    Module(
        "difficulties",
        _("难点堵点"),
        "support:difficulties",
        "sign-stop",
        ALL_STAFF | {Role.ENTERPRISE},
    ),
    Module("cultivation", _("梯度培育"), "support:dashboard", "bar-chart-steps", ALL_STAFF),
    Module(
        "appeals",
        _("有诉必应"),
        "appeals:list",
        "megaphone",
        MONITORING | {Role.ENTERPRISE},
    ),
    Module("chains", _("产业链"), "enterprises:chains", "diagram-3", ALL_STAFF),
    Module("industries", _("行业分类"), "enterprises:industries", "list-nested", ALL_STAFF),
    Module(
        "imports",
        _("数据导入"),
        "imports:list",
        "upload",
        frozenset({Role.ADMIN, Role.DEPARTMENT_OFFICER, Role.PARK_OFFICER}),
    ),
    Module(
        "history",
        _("操作记录"),
        "history",
        "clock-history",
        frozenset({Role.ADMIN, Role.ZONE_LEADER}),
    ),
    Module("users", _("用户管理"), "users:list", "people", frozenset({Role.ADMIN})),
    Module("schedules", _("定时任务"), "schedules:list", "alarm", frozenset({Role.ADMIN})),
]
BY_KEY = {module.key: module for module in MODULES}


def _investment_allows(user: Any) -> bool:
    from zoneops.investment.permissions import can_use_investment

    return can_use_investment(user)


def module_allowed(user: Any, key: str) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    module = BY_KEY[key]
    if module.allows is not None:
        return module.allows(user)
    return user.is_superuser or user.role in module.roles


def require_module(user: Any, key: str) -> None:
    """A module the role may not use answers 404, like an object outside the user's scope."""
    if not module_allowed(user, key):
        raise Http404


def modules_for(user: Any) -> list[Module]:
    return [module for module in MODULES if module_allowed(user, module.key)]
