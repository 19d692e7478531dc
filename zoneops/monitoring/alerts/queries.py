"""Reads of alerts: the open ones, their counts for the home page and the dashboard, and the alert
list with its filters. Each starts from visible_to(user)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    Min,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
    Window,
)

from zoneops.core.models import User
from zoneops.enterprises.models import Enterprise
from zoneops.monitoring.models import (
    Alert,
    AlertLevel,
    AlertMonth,
    AlertStatus,
)


def open_alerts(*, user: User, enterprise: Enterprise | None = None) -> QuerySet[Alert]:
    """The alerts not yet closed (an enterprise's: all of them), each one enterprise's one
    kind for as long as it holds, with its months."""
    qs = (
        Alert.objects.visible_to(user)
        .select_related("enterprise__park", "period", "last_period", "rule", "owner")
        .prefetch_related(Prefetch("months", AlertMonth.objects.select_related("period")))
    )
    if enterprise is not None:
        return qs.filter(enterprise=enterprise)
    return qs.exclude(status=AlertStatus.CLOSED)


@dataclass(frozen=True)
class AlertCounts:
    """Open alerts (one per enterprise and kind) and the enterprises they are about."""

    alerts: int
    enterprises: int
    red: int


def alert_counts(*, user: User, park: int | None = None) -> AlertCounts:
    qs = Alert.objects.visible_to(user).exclude(status=AlertStatus.CLOSED)
    if park:
        qs = qs.filter(enterprise__park_id=park)
    found = qs.aggregate(
        alerts=Count("pk"),
        enterprises=Count("enterprise_id", distinct=True),
        red=Count("pk", filter=Q(level=AlertLevel.RED)),
    )
    return AlertCounts(**found)


ALERT_STATUSES = ("", "open", "acknowledged", "closed", "all")  # "": not yet closed


LEVEL_ORDER = Case(
    When(level=AlertLevel.RED, then=Value(0)),
    When(level=AlertLevel.ORANGE, then=Value(1)),
    When(level=AlertLevel.BLUE, then=Value(2)),
    default=Value(3),
    output_field=IntegerField(),
)


def alert_list(
    *, user: User, level: str = "", status: str = "", park: int | None = None
) -> QuerySet[Alert]:
    """The alerts a user may see, grouped by enterprise (the enterprise with the most serious
    alert first) and within it by level and kind; ``status`` "" means not yet closed. An alert
    is one enterprise's one kind for as long as it holds, its months prefetched."""
    qs = (
        Alert.objects.visible_to(user)
        .select_related("enterprise__park", "period", "last_period", "rule", "owner")
        .prefetch_related(Prefetch("months", AlertMonth.objects.select_related("period")))
    )
    if level in AlertLevel.values:
        qs = qs.filter(level=level)
    if status in AlertStatus.values:
        qs = qs.filter(status=status)
    elif status != "all":
        qs = qs.exclude(status=AlertStatus.CLOSED)
    if park:
        qs = qs.filter(enterprise__park_id=park)
    return qs.annotate(
        level_order=LEVEL_ORDER,
        worst=Window(Min(LEVEL_ORDER), partition_by=[F("enterprise_id")]),
    ).order_by("worst", "enterprise__name", "enterprise_id", "level_order", "rule__kind", "pk")
