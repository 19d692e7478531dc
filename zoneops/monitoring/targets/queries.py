"""How far a target has come: the year to date (or the quarter) of its zone, park or chain against
the target, and the year's targets a user may see."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet, Sum
from django.utils.translation import gettext as _

from zoneops.core import units
from zoneops.core.models import User
from zoneops.core.scope import scope_of
from zoneops.monitoring.analysis.aggregates import Slice, _values, growth
from zoneops.monitoring.models import (
    Indicator,
    ReportingPeriod,
    ReportValue,
    Target,
    TargetKind,
)


@dataclass
class TargetProgress:
    target: Target
    actual: Decimal | None
    completion: Decimal | None  # % of the target reached (value targets) or growth reached
    gap: Decimal | None  # how much more is needed (value) or points short (growth)
    time_elapsed: Decimal  # % of the target's time that has passed
    ahead_points: Decimal | None  # completion − time elapsed (value targets)
    notes: list[str] = field(default_factory=list)


def _target_slice(target: Target) -> Slice:
    return Slice(park=target.park_id, chain=target.chain_id)


def months_done(year: int, period: ReportingPeriod) -> int:
    """How many of ``year``'s months have been reported as of ``period`` (0–12)."""
    return period.month if period.year == year else (12 if period.year > year else 0)


def year_elapsed(year: int, period: ReportingPeriod) -> Decimal:
    """序时进度 of a yearly target as of a period: the share of the year's months reported, %."""
    return Decimal(min(months_done(year, period), 12)) / 12 * 100


def target_progress(*, user: User, target: Target, period: ReportingPeriod) -> TargetProgress:
    """Completion of a yearly or quarterly target as of a period (of the target's year)."""
    done = months_done(target.year, period)
    if target.quarter:
        start, end = (target.quarter - 1) * 3, target.quarter * 3
        elapsed = Decimal(max(0, min(done, end) - start)) / 3 * 100
    else:
        start, end = 0, 12
        elapsed = year_elapsed(target.year, period)
    last_month = min(done, end)
    if last_month <= start:
        return TargetProgress(target, None, None, None, elapsed, None, ["尚无该期间的数据"])
    slice_ = _target_slice(target)
    end_all, end_same, end_last = _ytd_at(
        user=user, indicator=target.indicator, year=target.year, month=last_month, slice_=slice_
    )
    zero = Decimal(0)
    # A quarter is the difference of two year-to-dates: taken over the enterprises that reported
    # at its last month, so one still to report (or not yet approved) is not subtracted.
    start_all, start_same, start_last = (
        _ytd_at(
            user=user,
            indicator=target.indicator,
            year=target.year,
            month=start,
            slice_=slice_,
            among=_reporting(user=user, target=target, month=last_month, slice_=slice_),
        )
        if start
        else (zero, zero, zero)
    )
    if target.kind == TargetKind.GROWTH:
        actual = growth(end_same - start_same, end_last - start_last)
        gap = (target.value - actual) if actual is not None else None
        completion = (actual / target.value * 100) if actual is not None and target.value else None
        return TargetProgress(target, actual, completion, gap, elapsed, None)
    actual_now = end_all - start_all
    completion = actual_now / target.value * 100 if target.value else None
    return TargetProgress(
        target,
        actual_now,
        completion,
        max(target.value - actual_now, zero),
        elapsed,
        (completion - elapsed) if completion is not None else None,
    )


def _reporting(*, user: User, target: Target, month: int, slice_: Slice) -> QuerySet[Any]:
    """The enterprises with an approved value of the target's indicator at a month's end."""
    period = ReportingPeriod.objects.filter(year=target.year, month=month).first()
    if period is None:
        return ReportValue.objects.none().values("report__enterprise_id")
    values = _values(user=user, period=period, indicator=target.indicator, slice_=slice_)
    return values.filter(ytd_value__isnull=False).values("report__enterprise_id")


def _ytd_at(
    *,
    user: User,
    indicator: Indicator,
    year: int,
    month: int,
    slice_: Slice,
    among: QuerySet[Any] | None = None,
) -> tuple[Decimal, Decimal, Decimal]:
    """At the end of a month: year-to-date of all reporting, of the same set, and last year's
    (``among``: only these enterprises, a ``values("report__enterprise_id")`` subquery)."""
    period = ReportingPeriod.objects.filter(year=year, month=month).first()
    zero = Decimal(0)
    if period is None:
        return zero, zero, zero
    same = Q(last_ytd_value__isnull=False, ytd_value__isnull=False)
    values = _values(user=user, period=period, indicator=indicator, slice_=slice_)
    if among is not None:
        values = values.filter(report__enterprise_id__in=among)
    sums = values.aggregate(
        now=Sum("ytd_value"),
        now_same=Sum("ytd_value", filter=same),
        last=Sum("last_ytd_value", filter=same),
    )
    return sums["now"] or zero, sums["now_same"] or zero, sums["last"] or zero


def targets_for(*, user: User, year: int) -> QuerySet[Target]:
    qs = Target.objects.filter(year=year).select_related("park", "chain", "indicator")
    scope = scope_of(user)
    if scope.zone or scope.department_sees_zone:
        return qs
    return qs.filter(Q(park_id__in=scope.parks)) if scope.parks else qs.none()


def format_quantity(value: Decimal | None, indicator: Indicator, places: int = 2) -> str:
    """A stored quantity as people say it: money in 万元 or 亿元, others in the display unit."""
    if value is None:
        return "—"
    if indicator.unit == "yuan":
        return units.format_money(value, "auto", places)
    shown = units.to_display(value, indicator.display_unit, places)
    return f"{shown:,}{indicator.display_unit}"


@dataclass
class TargetLine:
    """One target's row on the page."""

    progress: TargetProgress
    where: str
    when: str
    goal: str
    actual: str
    bar: float | None  # completion clipped to 0–100, for the bar
    marker: float | None  # time elapsed, 0–100 (value targets)
    gap: str
    schedule: str
    schedule_class: str


def _points(value: Decimal) -> str:
    return f"{abs(value):.1f}"


def describe(progress: TargetProgress) -> TargetLine:
    """Completion, the gap and the pace against time elapsed, in words."""
    target = progress.target
    indicator = target.indicator
    where = str(target.park or target.chain or _("全区"))
    when = (
        _("%(year)s年第%(q)s季度") % {"year": target.year, "q": target.quarter}
        if target.quarter
        else _("%(year)s年全年") % {"year": target.year}
    )
    completion = progress.completion
    bar = None if completion is None else float(max(Decimal(0), min(completion, Decimal(100))))
    schedule, schedule_class = "", "text-muted"
    if target.kind == TargetKind.GROWTH:
        goal = _("增长 %(rate)s%%") % {"rate": f"{target.value:.1f}"}
        actual = "—" if progress.actual is None else f"{progress.actual:+.1f}%"
        if progress.gap is None:
            gap = _("暂无可比数据")
        elif progress.gap > 0:
            gap = _("差 %(points)s 个百分点") % {"points": _points(progress.gap)}
        elif progress.gap < 0:
            gap = _("高于目标 %(points)s 个百分点") % {"points": _points(progress.gap)}
        else:
            gap = _("恰好达到目标")
        return TargetLine(progress, where, when, goal, actual, bar, None, gap, "", schedule_class)
    goal = format_quantity(target.value, indicator)
    actual = format_quantity(progress.actual, indicator)
    if progress.gap is None:
        gap = _("暂无数据")
    elif progress.gap > 0:
        amount = format_quantity(progress.gap, indicator, places=1)
        gap = (_("本季度还需 %(amount)s") if target.quarter else _("全年还需 %(amount)s")) % {
            "amount": amount
        }
    else:
        extra = (progress.actual or Decimal(0)) - target.value
        gap = (
            _("已完成目标，超出 %(amount)s") % {"amount": format_quantity(extra, indicator, 1)}
            if extra > 0
            else _("已完成目标")
        )
    ahead = progress.ahead_points
    if ahead is not None:
        if ahead > 0:
            schedule = _("快于时间进度 %(points)s 个百分点") % {"points": _points(ahead)}
            schedule_class = "text-success"
        elif ahead < 0:
            schedule = _("慢于时间进度 %(points)s 个百分点") % {"points": _points(ahead)}
            schedule_class = "text-danger"
        else:
            schedule = _("与时间进度持平")
    return TargetLine(
        progress,
        where,
        when,
        goal,
        actual,
        bar,
        float(progress.time_elapsed),
        gap,
        schedule,
        schedule_class,
    )
