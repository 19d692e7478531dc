"""The key-project plan's public side: what another app uses to hand one of its projects over
onto the plan (重点项目计划), and how the key project's page shows where it came from.

The plan knows no other app. An app whose projects become key projects (investment: a signed
project) creates them through ``projects.services.key_project_create``, keeps the link on its
own side (a foreign key to ``projects.KeyProject``) and registers an *origin source* from its
``AppConfig.ready``: given the reader and a key project's id, the source says what the key
project came from, and whether the reader may follow the link. The key project's page lists
what the registered sources answer.

Other apps import this module, nothing else of the projects app: the reads and writes they
use are declared here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from zoneops.core.models import User
from zoneops.projects.models import Category, KeyProject, Level
from zoneops.projects.queries import (
    BEHIND,
    MISSING_UPDATE,
    NOT_STARTED,
    OVERDUE,
    dashboard,
    key_project_visible,
    member_list,
    problem_list,
    project_list,
)
from zoneops.projects.services import key_project_create, member_set, problem_raise

__all__ = [
    "BEHIND",
    "MISSING_UPDATE",
    "NOT_STARTED",
    "OVERDUE",
    "Category",
    "KeyProject",
    "Level",
    "Origin",
    "OriginSource",
    "dashboard",
    "key_project_create",
    "key_project_visible",
    "member_list",
    "member_set",
    "origins",
    "problem_list",
    "problem_raise",
    "project_list",
    "register_origin",
]


@dataclass(frozen=True)
class Origin:
    """Where a key project came from, as its page shows it."""

    label: str  # what the origin is ("来源招商项目"), translated
    name: str  # the originating record's name
    url: str | None  # its page, or None when the reader may not open it


# (reader, key project id) -> the origin, or None when the source holds none for that project.
OriginSource = Callable[[User, int], Origin | None]

_sources: list[OriginSource] = []


def register_origin(source: OriginSource) -> None:
    """Add an origin source (idempotent: an app's ``ready`` may run more than once in tests)."""
    if source not in _sources:
        _sources.append(source)


def origins(*, user: User, key_project_id: int) -> list[Origin]:
    """What the registered sources say the key project came from, for this reader."""
    found = (source(user, key_project_id) for source in _sources)
    return [origin for origin in found if origin is not None]
