"""The kinds of import the platform offers, each with its spec and who may use it.

Apps register their kinds in their own ``importers`` module (found the way the admin finds
``admin`` modules), so a later app adds an import without touching the engine or the pages::

    register(ImportKind(key="enterprises", label=_("企业名录"), spec=EnterpriseSpec,
                        allowed=can_import))
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise

from zoneops.core import house
from zoneops.core.http import Someone
from zoneops.core.imports.engine import Spec


@dataclass(frozen=True)
class ImportKind:
    """One kind of import: ``spec`` builds a fresh spec; ``allowed(user)`` says who may use it."""

    key: str
    label: str | Promise
    spec: Callable[[], Spec]
    allowed: Callable[[Any], bool]
    description: str | Promise = ""
    # Choices the uploader may give (passed to the spec as keyword arguments), e.g. "period".
    options: tuple[str, ...] = ()

    def headers(self) -> list[tuple[str, bool]]:
        """(header, required) for the upload page's list of expected columns."""
        return [(column.header, column.required) for column in self.spec().columns]


_KINDS: dict[str, ImportKind] = {}
_discovered = False


def register(kind: ImportKind) -> ImportKind:
    _KINDS[kind.key] = kind
    return kind


def _discover() -> None:
    global _discovered
    if not _discovered:
        house.load_import_kinds()
        _discovered = True


def get_kind(key: str) -> ImportKind | None:
    _discover()
    return _KINDS.get(key)


def kinds_for(user: Someone) -> list[ImportKind]:
    """The kinds this user may import, in registration order."""
    _discover()
    return [kind for kind in _KINDS.values() if kind.allowed(user)]


def all_kinds() -> list[ImportKind]:
    _discover()
    return list(_KINDS.values())
