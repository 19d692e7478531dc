"""How an app declares what it adds to the platform, in one place of its own.

Each domain app has a ``module.py`` holding one :class:`AppModule`::

    MODULE = AppModule(
        urls="zoneops.finance.urls",                 # mounted at /finance/
        api="zoneops.finance.api:router",            # added to the one NinjaAPI at /api/
        menu=(Module("finance", _("金融服务"), "finance:home", "bank", OFFICERS, order=85),),
        panels=(HomePanel("finance", "finance/_home.html", "zoneops.finance.queries:home_panel"),),
        import_kinds=("zoneops.finance.importers",),  # modules whose import registers kinds
        export_kinds=(ExportKind("finance.loans", _("融资台账"), "zoneops.finance.exports:write",
                                 count="zoneops.finance.exports:count"),),
        jobs=(Job("finance.overdue", _("融资需求超时提醒"), "zoneops.finance.jobs:overdue",
                  daily(7, 30), counts={"overdue": _("超时需求")}),),
        object_panels=(ObjectPanel("enterprises.enterprise", "finance", "finance/_enterprise.html",
                                   "zoneops.finance.queries:enterprise_panel"),),
    )

``core`` reads these declarations; it imports no domain app by name. The URL configuration
(``zoneops/urls.py``), the API (``zoneops/api.py``), the navigation, the home page, the import
and export kinds and the schedules are assembled from them, in the order of ``INSTALLED_APPS``.
Dotted paths (``"module:attribute"``) are resolved when first used, so declaring costs no imports at
start-up and an app's module never imports core's views.

What a role may *do* stays in the one table of ``core/permissions.py`` (a new app adds its
rows there); a menu entry's ``allows`` reads that table.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from importlib import import_module
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.utils.module_loading import import_string, module_has_submodule

if TYPE_CHECKING:
    from zoneops.core.exports import ExportKind
    from zoneops.core.models import User
    from zoneops.core.navigation import Module
    from zoneops.core.schedules import Job


def resolve(path: str) -> Any:
    """``"package.module:attribute"`` (or ``"package.module.attribute"``) → the object."""
    if ":" in path:
        module, attribute = path.split(":", 1)
        return getattr(import_module(module), attribute)
    return import_string(path)


@dataclass(frozen=True)
class HomePanel:
    """A panel on the home page: ``template`` is included with ``panel`` set to what
    ``context(user=...)`` returns; a panel whose context is ``None`` is not shown."""

    key: str
    template: str
    context: str
    order: int = 100

    def for_user(self, user: User) -> Any:
        function: Callable[..., Any] = resolve(self.context)
        return function(user=user)


@dataclass(frozen=True)
class ObjectPanel:
    """A panel an app adds to another app's object page (a key project's approvals on the
    project's page), so the page's app need not import it: ``model`` is the object's
    ``app_label.modelname``; ``context(user=..., obj=...)`` gives what ``template`` shows as
    ``panel``, or ``None`` where this user is to see nothing."""

    model: str
    key: str
    template: str
    context: str
    order: int = 100

    def for_object(self, user: User, obj: Any) -> Any:
        function: Callable[..., Any] = resolve(self.context)
        return function(user=user, obj=obj)


@dataclass(frozen=True)
class AppModule:
    urls: str | None = None
    # Where the app's pages are mounted; by default its label (``/monitoring/``).
    url_prefix: str | None = None
    # The app's ninja router, or several (each ``"module:router"``).
    api: str | tuple[str, ...] | None = None
    api_prefix: str = "/"
    menu: tuple[Module, ...] = ()
    panels: tuple[HomePanel, ...] = ()
    import_kinds: tuple[str, ...] = ()
    jobs: tuple[Job, ...] = ()
    # Exports (and generated documents) large enough to run on the worker (core/exports.py).
    export_kinds: tuple[ExportKind, ...] = ()
    # Panels on other apps' object pages.
    object_panels: tuple[ObjectPanel, ...] = ()
    # The registry's tags (codes) this app keeps from its own records: the registry's form
    # shows them and does not take them, so nothing is typed twice.
    derived_tags: tuple[str, ...] = ()
    # Filled in by :func:`declared` from the app's config.
    label: str = field(default="", compare=False)


@functools.cache
def declared() -> tuple[AppModule, ...]:
    """Every installed app's declaration, in the order of ``INSTALLED_APPS``."""
    found = []
    for config in apps.get_app_configs():
        if config.module is None or not module_has_submodule(config.module, "module"):
            continue
        module = import_module(f"{config.name}.module")
        declaration = getattr(module, "MODULE", None)
        if not isinstance(declaration, AppModule):
            continue
        object.__setattr__(declaration, "label", config.label)
        found.append(declaration)
    return tuple(found)


def url_mounts() -> Iterator[tuple[str, str]]:
    """(prefix, urls module) of each app that has pages."""
    for declaration in declared():
        if declaration.urls:
            prefix = declaration.url_prefix
            yield (f"{declaration.label}/" if prefix is None else prefix), declaration.urls


def api_routers() -> Iterator[tuple[str, Any]]:
    for declaration in declared():
        paths = (declaration.api,) if isinstance(declaration.api, str) else declaration.api or ()
        for path in paths:
            yield declaration.api_prefix, resolve(path)


@functools.cache
def menu() -> list[Module]:
    entries = [entry for declaration in declared() for entry in declaration.menu]
    return sorted(entries, key=lambda entry: entry.order)


def panels() -> list[HomePanel]:
    found = [panel for declaration in declared() for panel in declaration.panels]
    return sorted(found, key=lambda panel: panel.order)


def object_panels(*, user: User, obj: Any) -> list[dict[str, Any]]:
    """The panels the apps add to ``obj``'s page, for this user (those with something to show)."""
    label = obj._meta.label_lower
    found = sorted(
        (panel for declaration in declared() for panel in declaration.object_panels),
        key=lambda panel: panel.order,
    )
    return [
        {"key": panel.key, "template": panel.template, "panel": context}
        for panel in found
        if panel.model == label and (context := panel.for_object(user, obj)) is not None
    ]


def derived_tags() -> dict[str, str]:
    """Tag code → the label of the app that keeps it from its records."""
    return {code: d.label for d in declared() for code in d.derived_tags}


def load_import_kinds() -> None:
    """Import each declared importer module: importing it registers its kinds."""
    for declaration in declared():
        for path in declaration.import_kinds:
            import_module(path)


def export_kinds() -> list[ExportKind]:
    return [kind for declaration in declared() for kind in declaration.export_kinds]


def jobs() -> list[Job]:
    return [job for declaration in declared() for job in declaration.jobs]
