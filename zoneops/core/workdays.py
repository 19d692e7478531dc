"""Working days on the statutory calendar (法定节假日与调休上班日).

Three sources, in this order: the days an administrator entered (:class:`CalendarDay`, e.g.
next year's schedule published in late autumn), the ``chinesecalendar`` package (official
schedules up to the year it was released), and — for a year neither knows — plain weekends,
with a warning the pages show. A missing schedule never raises.

Every working-day clock of the platform counts on this one calendar: appeal time limits,
safety deadlines, finance response times, approval clocks.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cache

import chinese_calendar
from django.utils.translation import gettext as _

from zoneops.core.models import CalendarDay


@dataclass
class Calendar:
    """A working-day calendar with the administrators' entries loaded once."""

    entries: dict[dt.date, bool] = field(default_factory=dict)  # date -> is a working day
    entered_years: frozenset[int] = frozenset()
    unknown_years: set[int] = field(default_factory=set)

    @classmethod
    def load(cls) -> Calendar:
        entries = {
            day.date: day.kind == CalendarDay.Kind.WORKDAY for day in CalendarDay.objects.all()
        }
        return cls(entries=entries, entered_years=frozenset(d.year for d in entries))

    def knows(self, year: int) -> bool:
        return year in self.entered_years or package_knows(year)

    def is_workday(self, day: dt.date) -> bool:
        if day in self.entries:
            return self.entries[day]
        if day.year not in self.entered_years and package_knows(day.year):
            return bool(chinese_calendar.is_workday(day))
        if day.year not in self.entered_years:
            self.unknown_years.add(day.year)
        return day.weekday() < 5

    def add_working_days(self, start: dt.date, days: int) -> dt.date:
        """The day ``days`` working days after ``start`` (0: ``start`` itself if it is a working
        day, else the next working day: an urgent appeal received on a holiday is due on the
        first working day)."""
        day = start
        while not self.is_workday(day):
            day += dt.timedelta(days=1)
        counted = 0
        while counted < days:
            day += dt.timedelta(days=1)
            if self.is_workday(day):
                counted += 1
        return day

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days after ``start`` up to and including ``end`` (negative when end < start)."""
        if end == start:
            return 0
        sign = 1 if end > start else -1
        low, high = (start, end) if sign > 0 else (end, start)
        count = 0
        day = low
        while day < high:
            day += dt.timedelta(days=1)
            if self.is_workday(day):
                count += 1
        return sign * count

    def warning(self) -> str:
        """The text shown when a date fell in a year without an official schedule."""
        if not self.unknown_years:
            return ""
        years = "、".join(str(y) for y in sorted(self.unknown_years))
        return _("%(years)s年的法定节假日安排尚未录入，暂按周末计算工作日") % {"years": years}


def package_knows(year: int) -> bool:
    """Whether the installed chinesecalendar has the official schedule of ``year``."""
    first, last = package_years()
    return first <= year <= last


@dataclass(frozen=True)
class Due:
    date: dt.date
    warning: str


def due_date(start: dt.date, days: int, calendar: Calendar | None = None) -> Due:
    """The due date of a limit of ``days`` working days from ``start``, with any warning."""
    calendar = calendar or Calendar.load()
    date = calendar.add_working_days(start, days)
    return Due(date=date, warning=calendar.warning())


@cache
def package_years() -> tuple[int, int]:
    """The first and last year the installed package knows."""
    years = sorted({d.year for d in chinese_calendar.holidays})
    return years[0], years[-1]
