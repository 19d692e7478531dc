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
from zoneops.core.permissions import may
from zoneops.projects import module as projects_module

ALL_STAFF = frozenset(
    {Role.ZONE_LEADER, Role.DEPARTMENT_OFFICER, Role.PARK_OFFICER, Role.TASK_FORCE, Role.ADMIN}
)
# The administration's officers who work with the zone's enterprises. A task force works its
# key projects only: the registry shows it nothing (scope.py), so its modules are not offered.
OFFICERS = ALL_STAFF - {Role.TASK_FORCE}
EVERYONE = frozenset(Role)
MONITORING = frozenset({Role.ZONE_LEADER, Role.DEPARTMENT_OFFICER, Role.PARK_OFFICER, Role.ADMIN})


@dataclass(frozen=True)
class Module:
    key: str
    label: str | Promise
    url_name: str
    icon: str
    roles: frozenset[str]
    # A finer test, on top of the role, where the role alone does not decide (招商引资: only the
    # investment bureau among the departments, and chain leaders whatever their role; 重点项目:
    # an enterprise that owns one).
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
    Module("enterprises", _("企业库"), "enterprises:list", "buildings", OFFICERS),
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
    # 全员招商: every officer registers leads from their own contacts (investment's rule).
    Module(
        "leads",
        _("全员招商"),
        "investment:leads",
        "person-plus",
        ALL_STAFF,
        allows=lambda user: may(user, "investment.lead_register"),
    ),
    Module(
        "projects",
        projects_module.LABEL,
        "projects:plan",
        "kanban",
        projects_module.ROLES,
        allows=lambda user: projects_module.allows(user),
    ),
    Module(
        "policies",
        _("惠企政策"),
        "support:programs",
        "award",
        OFFICERS | {Role.ENTERPRISE},
    ),
    Module(
        "difficulties",
        _("难点堵点"),
        "support:difficulties",
        "sign-stop",
        OFFICERS | {Role.ENTERPRISE},
    ),
    Module("cultivation", _("梯度培育"), "support:dashboard", "bar-chart-steps", OFFICERS),
    Module(
        "appeals",
        _("有诉必应"),
        "appeals:list",
        "megaphone",
        MONITORING | {Role.ENTERPRISE},
    ),
    Module("chains", _("产业链"), "enterprises:chains", "diagram-3", OFFICERS),
    Module("industries", _("行业分类"), "enterprises:industries", "list-nested", OFFICERS),
    Module(
        "imports",
        _("数据导入"),
        "imports:list",
        "upload",
        frozenset({Role.ADMIN, Role.DEPARTMENT_OFFICER, Role.PARK_OFFICER}),
        # Offered to whoever may import some kind (each kind asks the permission table).
        allows=lambda user: _imports_allows(user),
    ),
    Module(
        "history",
        _("操作记录"),
        "history",
        "clock-history",
        frozenset({Role.ADMIN, Role.ZONE_LEADER}),
        allows=lambda user: may(user, "history.read"),
    ),
    Module(
        "users",
        _("用户管理"),
        "users:list",
        "people",
        frozenset({Role.ADMIN}),
        allows=lambda user: may(user, "users.manage"),
    ),
    Module(
        "schedules",
        _("定时任务"),
        "schedules:list",
        "alarm",
        frozenset({Role.ADMIN}),
        allows=lambda user: may(user, "schedules.run"),
    ),
]
BY_KEY = {module.key: module for module in MODULES}


def _investment_allows(user: Any) -> bool:
    from zoneops.investment.permissions import can_use_investment

    return can_use_investment(user)


def _imports_allows(user: Any) -> bool:
    from zoneops.core.imports.registry import kinds_for

    return bool(kinds_for(user))


def module_allowed(user: Any, key: str) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    module = BY_KEY[key]
    if not (user.is_superuser or user.role in module.roles):
        return False
    return module.allows is None or module.allows(user)


def require_module(user: Any, key: str) -> None:
    """A module the role may not use answers 404, like an object outside the user's scope."""
    if not module_allowed(user, key):
        raise Http404


def modules_for(user: Any) -> list[Module]:
    return [module for module in MODULES if module_allowed(user, module.key)]
