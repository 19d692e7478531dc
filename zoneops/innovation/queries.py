"""Reads of innovation records: every list starts from ``visible_to(user)``.

:func:`overview_figures` is what the leaders' overview reads: counts by kind, level and park,
R&D platforms per 100 规上 enterprises, and the titles due to expire this year.
:func:`holding` answers "which of these enterprises hold this title, in force on this day"
(for a funding program's rule).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import QuerySet
from django.utils import timezone

from zoneops.core.models import User
from zoneops.enterprises.models import Enterprise
from zoneops.enterprises.queries import enterprise_list
from zoneops.innovation.models import (
    PLATFORMS,
    Kind,
    Level,
    Recognition,
    RecognitionQuerySet,
    Talent,
)


def recognition_list(*, user: User) -> RecognitionQuerySet:
    return Recognition.objects.visible_to(user).select_related("enterprise__park")


def talent_list(*, user: User) -> QuerySet[Talent]:
    return Talent.objects.visible_to(user).select_related("enterprise__park")


def enterprise_recognitions(*, user: User, enterprise: Enterprise) -> QuerySet[Recognition]:
    return recognition_list(user=user).filter(enterprise=enterprise)


def holding(enterprise_ids: Iterable[int], kind: str, on: dt.date) -> set[int]:
    """The enterprises among ``enterprise_ids`` whose title ``kind`` is in force on ``on``."""
    return set(
        Recognition.objects.filter(enterprise_id__in=list(enterprise_ids), kind=kind)
        .in_force(on)
        .values_list("enterprise_id", flat=True)
    )


@dataclass
class Statistics:
    today: dt.date
    by_kind: list[tuple[str, dict[str, int]]]  # kind label -> level -> count (in force)
    by_park: list[tuple[str, int, int]]  # park, platforms, titles (in force)
    platforms: int
    above_scale: int
    platforms_per_100: Decimal | None
    due_this_year: list[Recognition] = field(default_factory=list)
    talents: int = 0

    @property
    def levels(self) -> list[tuple[str, str]]:
        return [(code, str(label)) for code, label in Level.choices]


def statistics(*, user: User, today: dt.date | None = None) -> Statistics:
    day = today or timezone.localdate()
    active = list(recognition_list(user=user).in_force(day))
    by_kind: dict[str, Counter[str]] = {str(label): Counter() for _k, label in Kind.choices}
    parks: dict[str, list[int]] = {}
    for r in active:
        by_kind[str(Kind(r.kind).label)][r.level] += 1
        counts = parks.setdefault(r.enterprise.park.name, [0, 0])
        counts[0 if r.kind in PLATFORMS else 1] += 1
    platforms = sum(r.kind in PLATFORMS for r in active)
    above = enterprise_list(user=user).filter(is_above_scale=True).count()
    per_100 = (
        (Decimal(platforms) * 100 / above).quantize(Decimal("0.1"), ROUND_HALF_UP)
        if above
        else None
    )
    year_end = dt.date(day.year, 12, 31)
    due = [r for r in active if r.valid_until is not None and r.valid_until <= year_end]
    return Statistics(
        today=day,
        by_kind=[(label, dict(counter)) for label, counter in by_kind.items()],
        by_park=[(park, c[0], c[1]) for park, c in sorted(parks.items())],
        platforms=platforms,
        above_scale=above,
        platforms_per_100=per_100,
        due_this_year=sorted(due, key=lambda r: r.valid_until or year_end),
        talents=talent_list(user=user).count(),
    )


def overview_figures(*, user: User, today: dt.date | None = None) -> Statistics:
    """The innovation figures the leaders' overview shows, within what ``user`` may see."""
    return statistics(user=user, today=today)
