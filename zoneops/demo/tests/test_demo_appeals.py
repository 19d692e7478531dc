"""The demo's appeals: a year up to the demo's today, every channel and state, some overdue,
some rated, one reopened; routing rules and the calendars of the demo's years. Built for a
pinned day whose year the calendar package knows, and for one in a year it does not."""

from __future__ import annotations

import datetime as dt

import chinese_calendar
import pytest
from django.test import override_settings
from django.utils import timezone

from zoneops.appeals.models import (
    Appeal,
    AppealEvent,
    Channel,
    Escalation,
    RoutingRule,
    Status,
)
from zoneops.core.models import CalendarDay
from zoneops.core.workdays import Calendar, package_years
from zoneops.demo.appeals import build_appeals
from zoneops.demo.builder import REGISTRY_STEPS, DemoContext
from zoneops.demo.tests.building import FAST_HASHER

pytestmark = pytest.mark.django_db

END = dt.date(2026, 6, 17)
START = END - dt.timedelta(days=365)


def _build(today: dt.date) -> DemoContext:
    ctx = DemoContext(seed=2024, today=today)
    for step in REGISTRY_STEPS:
        step(ctx)
    build_appeals(ctx)
    return ctx


@override_settings(PASSWORD_HASHERS=FAST_HASHER)
def test_demo_appeals_cover_a_year_of_every_channel_and_state():
    ctx = _build(END)
    appeals = Appeal.objects.all()
    assert appeals.count() == 240
    first = appeals.order_by("received_on").first()
    assert first is not None
    assert END - first.received_on < dt.timedelta(days=366)
    assert not appeals.filter(received_on__gt=END).exists()
    assert set(appeals.values_list("channel", flat=True)) >= {
        Channel.PORTAL,
        Channel.PHONE,
        Channel.WALK_IN,
        Channel.VISIT,
    }
    statuses = set(appeals.values_list("status", flat=True))
    assert {Status.DISPATCHED, Status.RATED, Status.VISITED} <= statuses
    assert appeals.values("department").distinct().count() >= 5
    assert appeals.overdue(END).exists()
    assert appeals.filter(escalation__gte=Escalation.DEPARTMENT_HEAD).exists()
    reopened = appeals.get(reopened=1)
    assert reopened.status == Status.DISPATCHED and reopened.rating == "unsatisfied"
    assert appeals.filter(rating="satisfied").count() > 100
    assert appeals.filter(
        status__in=("closed", "visited", "rated"), closed_on__gt=models_f()
    ).exists()
    assert AppealEvent.objects.filter(action=AppealEvent.Action.SEND_BACK).exists()
    # Every event lies within the demo's year.
    assert not AppealEvent.objects.filter(at__date__gt=END).exists()
    assert RoutingRule.objects.count() == 10
    # The package's make-up working days of the demo's years, entered with their festivals.
    known = {d for d in chinese_calendar.workdays if START <= d <= END}
    entered = CalendarDay.objects.filter(kind=CalendarDay.Kind.WORKDAY, date__in=known)
    assert entered.count() == len(known)
    assert all(day.name for day in entered)
    # The demo's enterprise users have appeals of their own.
    ent1 = ctx.users["ent1"]
    assert appeals.filter(enterprise=ent1.enterprise).count() >= 5


@override_settings(PASSWORD_HASHERS=FAST_HASHER)
def test_demo_appeals_in_a_year_the_calendar_package_does_not_know(monkeypatch, request):
    """Built after the package's last year, the demo still runs: the known year's schedule is
    entered, the unknown one counts weekends, and the pages can say so. The demo cannot be
    built on a day still to come (nothing may have happened after today), so the package is
    made to forget this year instead."""
    today = timezone.localdate()
    for name in ("holidays", "workdays"):
        known = getattr(chinese_calendar, name)
        monkeypatch.setattr(
            chinese_calendar, name, {d: v for d, v in known.items() if d.year < today.year}
        )
    # package_years is cached: forget what it read, now and after the test.
    package_years.cache_clear()
    request.addfinalizer(package_years.cache_clear)
    assert package_years()[1] == today.year - 1
    end = min(dt.date(today.year, 2, 10), today)
    _build(end)
    appeals = Appeal.objects.all()
    assert appeals.count() == 240
    assert not appeals.filter(received_on__gt=end).exists()
    assert not AppealEvent.objects.filter(at__date__gt=end).exists()
    entered = set(CalendarDay.objects.dates("date", "year"))
    assert {d.year for d in entered} == {end.year - 1}
    calendar = Calendar.load()
    assert not calendar.knows(end.year)
    calendar.is_workday(end)
    assert str(end.year) in calendar.warning()


def models_f():
    from django.db.models import F

    return F("due_date")
