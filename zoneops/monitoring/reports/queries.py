"""Reads of the reporting round: how far a period's reports have come, who has not reported, the
report list, the latest approved period. Each starts from visible_to(user)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from zoneops.core.models import User
from zoneops.enterprises.models import Enterprise
from zoneops.monitoring.analysis.aggregates import Slice
from zoneops.monitoring.models import MonthlyReport, ReportingPeriod, ReportStatus


@dataclass(frozen=True)
class Progress:
    """How far a month's reports have come, for the figures summed from them (approved only):
    approved of expected, where expected is every report of the month and every above-size
    industrial enterprise in operation that has none yet. A month is still being reported
    while reports wait for approval, or, for the latest month, while some are missing."""

    year: int
    month: int
    approved: int
    expected: int
    being_reported: bool


def reporting_progress(
    *, user: User, years: Sequence[int], slice_: Slice | None = None
) -> dict[tuple[int, int], Progress]:
    """Each month's :class:`Progress` in these years, by (year, month), in the user's scope."""
    enterprises = (slice_ or Slice()).enterprises(user)
    reporters = Enterprise.objects.filter(pk__in=enterprises.values("pk")).expected_reporters()
    count_expected = reporters.count()
    reports = MonthlyReport.objects.filter(enterprise__in=enterprises.values("pk"))
    latest = reports.order_by("-period__year", "-period__month").values_list(
        "period__year", "period__month"
    )[:1]
    newest = tuple(latest[0]) if latest else None
    rows = (
        reports.filter(period__year__in=list(years))
        .values("period__year", "period__month")
        .annotate(
            approved=Count("pk", filter=Q(status=ReportStatus.APPROVED)),
            waiting=Count("pk", filter=~Q(status=ReportStatus.APPROVED)),
            from_reporters=Count("pk", filter=Q(enterprise__in=reporters.values("pk"))),
        )
        .order_by()
    )
    out = {}
    for row in rows:
        key = (row["period__year"], row["period__month"])
        missing = max(count_expected - row["from_reporters"], 0)
        out[key] = Progress(
            year=key[0],
            month=key[1],
            approved=row["approved"],
            expected=row["approved"] + row["waiting"] + missing,
            being_reported=bool(row["waiting"] or (missing and key == newest)),
        )
    return out


def not_reported(*, user: User, period: ReportingPeriod) -> QuerySet[Enterprise]:
    """Above-scale industrial enterprises in operation without this period's report."""
    done = MonthlyReport.objects.filter(
        period=period, status__in=[ReportStatus.SUBMITTED, ReportStatus.APPROVED]
    )
    return (
        Enterprise.objects.visible_to(user)
        .expected_reporters()
        .exclude(pk__in=done.values("enterprise_id"))
        .select_related("park", "service_officer")
        .order_by("park__order", "name")
    )


def report_list(
    *, user: User, period: ReportingPeriod | None = None, status: str = ""
) -> QuerySet[MonthlyReport]:
    qs = MonthlyReport.objects.visible_to(user).select_related("enterprise__park", "period")
    if period is not None:
        qs = qs.filter(period=period)
    if status:
        qs = qs.filter(status=status)
    return qs


def period_status(*, user: User, period: ReportingPeriod) -> dict[str, int]:
    counts = dict(
        report_list(user=user, period=period)
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    counts["open"] = counts.get(ReportStatus.DRAFT, 0) + counts.get(ReportStatus.RETURNED, 0)
    counts["missing"] = not_reported(user=user, period=period).count()
    return counts


def latest_period() -> ReportingPeriod | None:
    """The latest period with approved reports (what dashboards show by default)."""
    return (
        ReportingPeriod.objects.filter(reports__status=ReportStatus.APPROVED)
        .order_by("-year", "-month")
        .first()
    )
