"""One check that a built demo zone stands on one day: every module's latest dates sit at or
just before the ``today`` it was built for. Used on the package's demo (tests/demo) and on the
monitoring tests' own build, which is pinned to another day, so two days are checked without
a third build of the zone."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.db.models import Max, Min, Q

from zoneops.appeals.models import Appeal, AppealEvent
from zoneops.demo.clock import last_month, quarter_of, quarter_start
from zoneops.enterprises.models import Enterprise
from zoneops.investment.models import Event, FundArrival, Project, StageChange, WorkLog
from zoneops.investment.models import Target as InvestmentTarget
from zoneops.monitoring.models import MonthlyReport, ReportingPeriod, Target
from zoneops.projects.models import KeyProject, LedgerUpdate, Problem, WarningRules
from zoneops.support.models import Difficulty, FundingProgram, PoolMembership

SHANGHAI = ZoneInfo("Asia/Shanghai")


def _latest(queryset: object, field: str) -> dt.date:
    value = queryset.aggregate(latest=Max(field))["latest"]  # type: ignore[attr-defined]
    assert value is not None, field
    if isinstance(value, dt.datetime):
        return value.astimezone(SHANGHAI).date()
    return value  # type: ignore[no-any-return]


def _just_before(day: dt.date, today: dt.date, days: int, what: str) -> None:
    assert today - dt.timedelta(days=days) <= day <= today, (what, day, today)


def assert_on_one_clock(today: dt.date) -> None:
    """Every module of the demo built for ``today`` ends at (or just before) ``today``."""
    # Registry: nothing founded or counted above size after today.
    assert _latest(Enterprise.objects.all(), "established_on") < today
    assert _latest(Enterprise.objects.all(), "above_scale_since") <= today

    # Monitoring: 36 months up to last month, which is still being reported.
    live_year, live_month = last_month(today)
    periods = list(ReportingPeriod.objects.order_by("year", "month"))
    assert len(periods) == 36
    assert (periods[-1].year, periods[-1].month) == (live_year, live_month)
    reports = MonthlyReport.objects.exclude(submitted_at=None)
    _just_before(_latest(reports, "submitted_at"), today, 10, "last report submitted")
    _just_before(_latest(reports, "approved_at"), today, 10, "last report approved")
    month_began = dt.datetime(today.year, today.month, 1, tzinfo=SHANGHAI)
    assert not reports.filter(period=periods[-1], submitted_at__lt=month_began).exists()
    years = set(Target.objects.values_list("year", flat=True))
    assert max(years) == today.year
    assert Target.objects.filter(year=today.year, quarter=quarter_of(today)).exists()

    # Appeals: a year up to today, nothing after it.
    _just_before(_latest(Appeal.objects.all(), "received_on"), today, 7, "last appeal")
    first = Appeal.objects.aggregate(first=Min("received_on"))["first"]
    assert today - dt.timedelta(days=366) <= first
    _just_before(_latest(AppealEvent.objects.all(), "at"), today, 7, "last appeal event")

    # Key projects: this year's plan, ledgers up to last month, judged on today.
    assert set(KeyProject.objects.values_list("year", flat=True)) == {today.year}
    assert WarningRules.objects.get().as_of == today
    if today.month > 1:
        last_ledger = _latest(LedgerUpdate.objects.all(), "month")
        assert last_ledger == dt.date(live_year, live_month, 1), last_ledger
        _just_before(_latest(LedgerUpdate.objects.all(), "reported_on"), today, 10, "ledger")
    assert not LedgerUpdate.objects.filter(reported_on__gt=today).exists()
    assert not Problem.objects.filter(Q(raised_on__gt=today) | Q(resolved_on__gt=today))

    # Investment: the pipeline stands on today, signings in today's quarter, its targets.
    _just_before(_latest(StageChange.objects.all(), "on"), today, 15, "last stage move")
    _just_before(_latest(Project.objects.all(), "lead_on"), today, 15, "last lead")
    signed = Project.objects.filter(signed_on__gte=quarter_start(today), signed_on__lte=today)
    assert signed.count() >= 9
    assert not Project.objects.filter(
        Q(lead_on__gt=today) | Q(signed_on__gt=today) | Q(started_on__gt=today)
    )
    assert _latest(FundArrival.objects.all(), "month") == today.replace(day=1)
    _just_before(_latest(WorkLog.objects.all(), "on"), today, 20, "last work-log entry")
    assert _latest(Event.objects.all(), "on") <= today
    assert set(InvestmentTarget.objects.values_list("year", "quarter")) == {
        (today.year, None),
        (today.year, quarter_of(today)),
    }

    # Enterprise services: windows around today, the registers up to it.
    programs = FundingProgram.objects.all()
    assert programs.filter(opens_on__lte=today, closes_on__gte=today).count() >= 5
    assert programs.filter(opens_on__gt=today).exists()
    assert programs.filter(closes_on__lt=today).exists()
    _just_before(_latest(Difficulty.objects.all(), "reported_on"), today, 30, "difficulty")
    assert _latest(Difficulty.objects.all(), "resolved_on") <= today
    _just_before(_latest(PoolMembership.objects.all(), "joined_on"), today, 365, "pool member")
