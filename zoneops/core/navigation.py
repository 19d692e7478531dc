"""The modules of the platform and which roles may use each: the navigation shows only these.

An app declares its menu entries in its ``module.py`` (:mod:`zoneops.core.house`), with the roles
that may open each; its views check the same entry through :func:`module_allowed`, so the menu
and the pages never disagree.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import Http404
from django.utils.functional import Promise

from zoneops.core import house
from zoneops.core.http import Someone
from zoneops.core.models import Role, User

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
    # Place in the menu: core's entries 0–9 and 90+, the apps' in between.
    order: int = 50


def modules() -> list[Module]:
    """Every app's menu entries (its ``module.py``), in menu order."""
    return house.menu()


def by_key() -> dict[str, Module]:
    return {module.key: module for module in modules()}


def module_allowed(user: Someone, key: str) -> bool:
    if not isinstance(user, User) or not user.is_authenticated:
        return False
    module = by_key()[key]
    if not (user.is_superuser or user.role in module.roles):
        return False
    return module.allows is None or module.allows(user)


def require_module(user: Someone, key: str) -> None:
    """A module the role may not use answers 404, like an object outside the user's scope."""
    if not module_allowed(user, key):
        raise Http404


def modules_for(user: Someone) -> list[Module]:
    return [module for module in modules() if module_allowed(user, module.key)]
