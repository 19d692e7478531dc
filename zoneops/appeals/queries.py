"""Reads of appeals: every list starts from ``Appeal.objects.visible_to(user)``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, F, Q, QuerySet

from zoneops.appeals.models import (
    DONE_STATUSES,
    INTERNAL_ACTIONS,
    OPEN_STATUSES,
    Appeal,
    AppealEvent,
    Attachment,
    Extension,
    Rating,
    Status,
    Topic,
)
from zoneops.core.models import Department, Role, User
from zoneops.core.workdays import Calendar


@dataclass(frozen=True)
class AppealFilter:
    q: str = ""
    status: str = ""  # a Status value, or "open" / "done"
    department: int | None = None
    category: str = ""
    topic: str = ""
    channel: str = ""
    overdue: bool = False
    escalated: bool = False
    received_from: dt.date | None = None
    received_to: dt.date | None = None


def appeal_list(
    *, user: User, filters: AppealFilter | None = None, today: dt.date
) -> QuerySet[Appeal]:
    filters = filters or AppealFilter()
    qs = Appeal.objects.visible_to(user).select_related(
        "enterprise", "enterprise__park", "department"
    )
    if filters.q:
        qs = qs.filter(
            Q(number__icontains=filters.q)
            | Q(title__icontains=filters.q)
            | Q(enterprise__name__icontains=filters.q)
        )
    if filters.status == "open":
        qs = qs.filter(status__in=OPEN_STATUSES)
    elif filters.status == "done":
        qs = qs.filter(status__in=DONE_STATUSES)
    elif filters.status in Status.values:
        qs = qs.filter(status=filters.status)
    if filters.department:
        qs = qs.filter(department_id=filters.department)
    for name in ("category", "topic", "channel"):
        value = getattr(filters, name)
        if value:
            qs = qs.filter(**{name: value})
    if filters.overdue:
        qs = qs.filter(
            Q(status__in=OPEN_STATUSES, due_date__lt=today)
            | Q(status__in=DONE_STATUSES, closed_on__gt=F("due_date"))
        )
    # Supervision is internal: an enterprise cannot sort its appeals by it either.
    if filters.escalated and sees_internal_steps(user):
        qs = qs.filter(status__in=OPEN_STATUSES, escalation__gte=2)
    if filters.received_from:
        qs = qs.filter(received_on__gte=filters.received_from)
    if filters.received_to:
        qs = qs.filter(received_on__lte=filters.received_to)
    return qs.order_by("-received_on", "-number")


def appeal_detail_queryset(*, user: User) -> QuerySet[Appeal]:
    return Appeal.objects.visible_to(user).select_related(
        "enterprise", "enterprise__park", "department", "created_by"
    )


def sees_internal_steps(user: User) -> bool:
    """Staff follow the whole flow; an enterprise does not see the zone's own supervision."""
    return getattr(user, "role", None) != Role.ENTERPRISE


def events_of(appeal: Appeal, *, user: User) -> list[AppealEvent]:
    """The flow of one appeal as this user may follow it, oldest first (the caller has checked
    the appeal is visible). Each step carries ``actor_unit``: the unit the actor works for."""
    events = appeal.events.select_related(
        "actor", "actor__department", "actor__enterprise"
    ).prefetch_related("actor__parks")
    if not sees_internal_steps(user):
        events = events.exclude(action__in=INTERNAL_ACTIONS)
    steps = list(events)
    for step in steps:
        step.actor_unit = actor_unit(step.actor)  # type: ignore[attr-defined]
    return steps


def actor_unit(user: User | None) -> str:
    """The unit a person acts for: their enterprise, department or parks, else their post."""
    if user is None:
        return ""
    if user.enterprise_id and user.enterprise is not None:
        return str(user.enterprise.name)
    if user.department_id and user.department is not None:
        return str(user.department.name)
    parks = "、".join(p.name for p in user.parks.all())
    return parks or str(user.get_role_display())


def attachments_of(appeal: Appeal) -> QuerySet[Attachment]:
    """The appeal's photos and documents (the caller has checked the appeal is visible)."""
    return appeal.attachments.select_related("uploaded_by")


def pending_extensions(*, user: User) -> QuerySet[Extension]:
    return (
        Extension.objects.visible_to(user)
        .filter(decision=Extension.Decision.PENDING)
        .select_related("appeal", "appeal__department", "requested_by")
    )


def counts(*, user: User, today: dt.date) -> dict[str, int]:
    """The cards of the list page and the home page: open, overdue, escalated, to rate."""
    qs = Appeal.objects.visible_to(user)
    return qs.aggregate(
        open=Count("pk", filter=Q(status__in=OPEN_STATUSES)),
        overdue=Count("pk", filter=Q(status__in=OPEN_STATUSES, due_date__lt=today)),
        escalated=Count("pk", filter=Q(status__in=OPEN_STATUSES, escalation__gte=2)),
        submitted=Count("pk", filter=Q(status=Status.SUBMITTED)),
        to_rate=Count("pk", filter=Q(status__in=(Status.CLOSED, Status.VISITED))),
    )


# Statistics (docs/domain.md#appeal-measures): response, on-time, resolution and satisfaction
# rates, and the score.


@dataclass
class DepartmentScore:
    department: str
    department_id: int | None
    received: int
    responded: int
    closed: int
    on_time: int
    resolved: int
    satisfied: int
    basically: int
    unsatisfied: int
    overdue_open: int
    rank: int = 0

    @staticmethod
    def _exact(part: Decimal | int, whole: int) -> Decimal | None:
        return Decimal(part) * 100 / whole if whole else None

    @classmethod
    def _rate(cls, part: Decimal | int, whole: int) -> Decimal | None:
        exact = cls._exact(part, whole)
        return None if exact is None else exact.quantize(Decimal("0.1"), ROUND_HALF_UP)

    @property
    def response_rate(self) -> Decimal | None:
        """Appeals answered (replied or further) of those received."""
        return self._rate(self.responded, self.received)

    @property
    def on_time_rate(self) -> Decimal | None:
        """Closed by the due date, of those closed."""
        return self._rate(self.on_time, self.closed)

    @property
    def resolution_rate(self) -> Decimal | None:
        """Closed as resolved, of those closed."""
        return self._rate(self.resolved, self.closed)

    @property
    def rated(self) -> int:
        return self.satisfied + self.basically + self.unsatisfied

    @property
    def satisfaction_rate(self) -> Decimal | None:
        """(满意 + 0.9 × 基本满意) over the valid ratings."""
        return self._rate(self.satisfied + Decimal("0.9") * self.basically, self.rated)

    @property
    def score(self) -> Decimal | None:
        """0.1 × response + 0.4 × satisfaction + 0.5 × resolution (a missing rate counts 0)."""
        if not self.received:
            return None
        # From the exact rates, so the score does not inherit their rounding.
        parts = (
            (Decimal("0.1"), self._exact(self.responded, self.received)),
            (
                Decimal("0.4"),
                self._exact(self.satisfied + Decimal("0.9") * self.basically, self.rated),
            ),
            (Decimal("0.5"), self._exact(self.resolved, self.closed)),
        )
        total = sum((w * (r or 0) for w, r in parts), Decimal(0))
        return total.quantize(Decimal("0.1"), ROUND_HALF_UP)


RESPONDED = (Status.REPLIED, *DONE_STATUSES)


def _score_counts() -> dict[str, Any]:
    return {
        "received": Count("pk"),
        "responded": Count("pk", filter=Q(status__in=RESPONDED) | Q(reopened__gt=0)),
        "closed": Count("pk", filter=Q(status__in=DONE_STATUSES)),
        "on_time": Count("pk", filter=Q(status__in=DONE_STATUSES, closed_on__lte=F("due_date"))),
        "resolved": Count("pk", filter=Q(status__in=DONE_STATUSES, resolved=True)),
        "satisfied": Count("pk", filter=Q(rating=Rating.SATISFIED)),
        "basically": Count("pk", filter=Q(rating=Rating.BASICALLY)),
        "unsatisfied": Count("pk", filter=Q(rating=Rating.UNSATISFIED)),
    }


def department_scores(
    *, user: User, start: dt.date, end: dt.date, today: dt.date
) -> tuple[list[DepartmentScore], DepartmentScore]:
    """Per department for appeals received in [start, end], ranked by the combined score;
    and the total over all of them."""
    qs = Appeal.objects.visible_to(user).filter(received_on__gte=start, received_on__lte=end)
    overdue = Count("pk", filter=Q(status__in=OPEN_STATUSES, due_date__lt=today))
    rows = qs.values("department_id").annotate(**_score_counts(), overdue_open=overdue)
    names = dict(Department.objects.values_list("pk", "name"))
    scores = [
        DepartmentScore(
            department=names.get(row["department_id"], "—"),
            **{k: v for k, v in row.items()},
        )
        for row in rows
    ]
    scores.sort(key=lambda s: (-(s.score or Decimal(-1)), s.department))
    for rank, score in enumerate(scores, start=1):
        score.rank = rank
    total_row = qs.aggregate(**_score_counts(), overdue_open=overdue)
    total = DepartmentScore(department="", department_id=None, **total_row)
    return scores, total


def topic_counts(*, user: User, start: dt.date, end: dt.date) -> list[tuple[str, int]]:
    """Hot topics: appeals received in the period by topic, most first."""
    rows = (
        Appeal.objects.visible_to(user)
        .filter(received_on__gte=start, received_on__lte=end)
        .values("topic")
        .annotate(n=Count("pk"))
        .order_by("-n", "topic")
    )
    labels = dict(Topic.choices)
    return [(str(labels.get(row["topic"], row["topic"])), row["n"]) for row in rows]


def monthly_counts(*, user: User, start: dt.date, end: dt.date) -> list[tuple[str, int, int]]:
    """(month, received, closed on time) per month of the period, for the trend chart."""
    from django.db.models.functions import TruncMonth

    rows = (
        Appeal.objects.visible_to(user)
        .filter(received_on__gte=start, received_on__lte=end)
        .annotate(month=TruncMonth("received_on"))
        .values("month")
        .annotate(
            n=Count("pk"),
            on_time=Count("pk", filter=Q(status__in=DONE_STATUSES, closed_on__lte=F("due_date"))),
        )
        .order_by("month")
    )
    return [(f"{row['month']:%Y-%m}", row["n"], row["on_time"]) for row in rows]


def with_deadlines(
    appeals: Iterable[Appeal], *, today: dt.date, calendar: Calendar | None = None
) -> list[Appeal]:
    """The appeals as a list, each with ``days_left`` (working days to its limit; negative:
    overdue by so many) and ``overdue`` set, for every list and page that shows them."""
    calendar = calendar or Calendar.load()
    out = list(appeals)
    for appeal in out:
        appeal.overdue = appeal.is_overdue(today)  # type: ignore[attr-defined]
        appeal.days_left = (  # type: ignore[attr-defined]
            calendar.working_days_between(today, appeal.due_date) if appeal.is_open else None
        )
        appeal.overdue_days = (  # type: ignore[attr-defined]
            -appeal.days_left if appeal.days_left is not None and appeal.days_left < 0 else 0  # type: ignore[attr-defined]
        )
    return out


def appeal_is_visible(*, user: User, appeal_id: int | None) -> bool:
    """Whether this user may open the appeal (another app links to it only then)."""
    if appeal_id is None:
        return False
    return Appeal.objects.visible_to(user).filter(pk=appeal_id).exists()
