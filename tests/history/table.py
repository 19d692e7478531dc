"""The history table's frame: the row type, the ``case`` decorator that registers a row, where
each app's services are looked up, and the scan that finds every service that writes history.
The rows live beside it, one module per app (``rows_<app>.py``)."""

from __future__ import annotations

import ast
import datetime as dt
import pathlib
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from importlib import import_module
from typing import Any, cast

from django.db import models

import zoneops
from zoneops.core.models import ChangeRecord, Role, User
from zoneops.core.tests.factories import DepartmentFactory, UserFactory

CREATE, UPDATE, DELETE = (
    ChangeRecord.Action.CREATE,
    ChangeRecord.Action.UPDATE,
    ChangeRecord.Action.DELETE,
)
D = dt.date
YI = Decimal(100_000_000)
WAN = Decimal(10_000)


@dataclass(frozen=True)
class Wrote:
    """The history row a service must have written."""

    model: str
    object_id: str
    action: str
    actor: User | None
    after: int = 0  # only rows written after this id (when set-up wrote with the same actor)


def wrote(obj: models.Model, action: str, actor: User | None, after: int = 0) -> Wrote:
    return Wrote(obj._meta.label_lower, str(obj.pk), action, actor, after)


def mark() -> int:
    """The last history row so far: a system service's row is one written after it."""
    return ChangeRecord.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def gone(obj: models.Model) -> Callable[[User | None], Wrote]:
    """For a delete: the row names the object as it was (take this before deleting it)."""
    label, pk = obj._meta.label_lower, str(obj.pk)
    return lambda actor: Wrote(label, pk, DELETE, actor)


Service = Callable[..., Any]
Case = Callable[[Any, Service], Wrote]
CASES: dict[str, tuple[Service, Case]] = {}

# Where an app's writes may be imported from, first match first. An app split into topics keeps
# re-exporting them from ``services``; the older modules are listed for the code before that.
WHERE = {
    "core": ("zoneops.core.services", "zoneops.core.uploads"),
    "enterprises": ("zoneops.enterprises.services",),
    "appeals": ("zoneops.appeals.services",),
    # The working-day calendar is moving from appeals to core.
    "calendar": ("zoneops.core.services", "zoneops.appeals.services"),
    "investment": ("zoneops.investment.services",),
    # The hand-over onto the key-project plan may live on either side.
    "handover": ("zoneops.investment.services", "zoneops.projects.services"),
    "projects": ("zoneops.projects.services",),
    "support": ("zoneops.support.services",),
    "safety": ("zoneops.safety.services",),
    "finance": ("zoneops.finance.services",),
    "approvals": ("zoneops.approvals.services",),
    "innovation": ("zoneops.innovation.services",),
    "briefing": ("zoneops.briefing.services",),
    "monitoring": (
        "zoneops.monitoring.services",
        "zoneops.monitoring.alerts.services",
        "zoneops.monitoring.alerts",
        "zoneops.monitoring.catalogue",
        "zoneops.monitoring.reports.importers.electricity",
        "zoneops.monitoring.importers.electricity",
        "zoneops.monitoring.nowcast",
        "zoneops.monitoring.province",
        "zoneops.monitoring.surveys",
        "zoneops.monitoring.targets",
    ),
}


def find(where: str, name: str) -> Service:
    """The service ``name`` from the first of ``WHERE[where]`` that has it."""
    for path in WHERE[where]:
        try:
            module = import_module(path)
        except ImportError:
            continue
        if callable(getattr(module, name, None)):
            found: Service = getattr(module, name)
            return found
    raise LookupError(f"{name} not found in {WHERE[where]}")


def key_of(service: Service) -> str:
    """``app.function``, by where the function is defined (as the scan below names it)."""
    return f"{service.__module__.split('.')[1]}.{service.__name__}"


def case(where: str, name: str, *, coming: bool = False) -> Callable[[Case], Case]:
    """A row: the service ``name`` (looked up in ``WHERE[where]``), called by the function
    decorated, which gets the world and the service and returns the row it must write.
    ``coming``: a service another branch adds; its row counts once the service is there."""

    def register(body: Case) -> Case:
        try:
            service = find(where, name)
        except LookupError:
            if coming:
                return body
            raise
        key = key_of(service)
        assert key not in CASES, key
        CASES[key] = (service, body)
        return body

    return register


# --- which functions write history (read from the code) ----------------------------------

RECORDERS = frozenset({"record", "record_save", "record_many"})


def writing_services() -> dict[str, str]:
    """``app.function`` → file, for every public top-level function that records history."""
    root = pathlib.Path(zoneops.__file__).parent
    found: dict[str, str] = {}
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root).parts
        if {"tests", "migrations", "demo"} & set(parts) or parts == ("core", "history.py"):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        functions = {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef)}
        calls = {
            name: {_called(c) for c in ast.walk(fn) if isinstance(c, ast.Call)}
            for name, fn in functions.items()
        }

        for name in functions:
            if not name.startswith("_") and _writes(name, functions, calls):
                found[f"{parts[0]}.{name}"] = str(path.relative_to(root))
    return found


def _writes(
    name: str,
    functions: dict[str, ast.FunctionDef],
    calls: dict[str, set[str | None]],
    seen: frozenset[str] = frozenset(),
) -> bool:
    """Does ``name`` call a recorder, itself or through another function of its module?"""
    if calls[name] & RECORDERS:
        return True
    return any(
        c in functions and c not in seen and _writes(c, functions, calls, seen | {name})
        for c in calls[name]
        if c is not None
    )


def _called(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Name):
        return call.func.id
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    return None


# --- people the rows need --------------------------------------------------------------


def _department(code: str, name: str) -> Any:
    from zoneops.core.models import Department

    return Department.objects.filter(code=code).first() or DepartmentFactory(code=code, name=name)


def _officer(code: str, name: str, username: str) -> User:
    user = UserFactory(
        username=username, role=Role.DEPARTMENT_OFFICER, department=_department(code, name)
    )
    return cast(User, user)
