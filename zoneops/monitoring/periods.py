"""Reporting periods: months, their deadlines, the previous period of the same year."""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from zoneops.core.bounds import REPORTED_MONTH
from zoneops.core.models import User
from zoneops.monitoring.models import ReportingPeriod
from zoneops.monitoring.permissions import can_manage_catalogue

DEADLINE_DAY = 10  # reports for a month are due on the 10th of the next month (assumed; editable)
# ASCII digits only: \d would take full-width ones (２０２４-０３) as a year.
PERIOD_RE = re.compile(r"^([0-9]{4})-([0-9]{1,2})$")


def parse_period(text: str) -> tuple[int, int]:
    """'2024-03' -> (2024, 3); anything else is a ValidationError naming what was expected,
    and so is a month the ledgers cannot hold (before 2000, or not yet begun)."""
    match = PERIOD_RE.match(text.strip())
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise ValidationError(f"报告期“{text}”格式不对，应为 YYYY-MM，例如 2024-03")
    year, month = int(match.group(1)), int(match.group(2))
    if problem := REPORTED_MONTH.month_problem(year, month):
        raise ValidationError(f"报告期“{text}”不可用：{problem}")
    return year, month


def default_deadline(year: int, month: int) -> dt.date:
    next_year, next_month = (year + 1, 1) if month == 12 else (year, month + 1)
    return dt.date(next_year, next_month, DEADLINE_DAY)


@transaction.atomic
def period_get_or_create(
    year: int, month: int, *, combined_with_january: bool | None = None
) -> ReportingPeriod:
    """The period for a month, created with the default deadline when it is new.

    ``combined_with_january`` (only for February) records that the month was reported as 1—2月.
    """
    period, created = ReportingPeriod.objects.get_or_create(
        year=year,
        month=month,
        defaults={
            "deadline": default_deadline(year, month),
            "combined_with_january": bool(combined_with_january) and month == 2,
        },
    )
    if not created and combined_with_january and month == 2 and not period.combined_with_january:
        period.combined_with_january = True
        period.save(update_fields=["combined_with_january"])
    return period


def period_for_entry(*, actor: User, year: int, month: int) -> ReportingPeriod:
    """The period a report is entered for. A period is zone-wide: an existing one is used, and a
    new one is opened only by the economy office (or an administrator), or by the system for
    the month being reported now. Anyone else is refused with a ValidationError saying so."""
    existing = ReportingPeriod.objects.filter(year=year, month=month).first()
    if existing is not None:
        return existing
    now = reporting_month(timezone.localdate())
    if (year, month) != now and not can_manage_catalogue(actor):
        raise ValidationError(
            f"报告期 {year}-{month:02d} 尚未开设：报告期由经济运行部门开设，"
            f"当前可填报 {now[0]}-{now[1]:02d}"
        )
    return period_get_or_create(year, month)


def reporting_month(today: dt.date) -> tuple[int, int]:
    """The month being reported now: the previous calendar month."""
    return (today.year - 1, 12) if today.month == 1 else (today.year, today.month - 1)


def previous_in_year(period: ReportingPeriod) -> ReportingPeriod | None:
    """The period whose year-to-date this one's builds on (None for the year's first)."""
    if period.month == 1 or period.months_covered == 2:
        return None
    return ReportingPeriod.objects.filter(year=period.year, month=period.month - 1).first()


def months_elapsed(period: ReportingPeriod) -> int:
    return period.month


def current_period(today: dt.date) -> ReportingPeriod:
    """The period being reported now: the previous calendar month's."""
    return period_get_or_create(*reporting_month(today))
