"""The demo's one calendar: every module's dates are derived from the day the demo is built.

``DemoContext.today`` is that day (the machine's date, or ``demo_zone --today``). The
monitoring data runs up to the month before it, the key-project plan is its year's, the
investment pipeline stands on it against its quarter's targets, appeals and funding windows
lie around it. This module holds what several modules need to agree on: months and quarters,
and the Spring Festival, which moves between January and February.
"""

from __future__ import annotations

import calendar
import datetime as dt

import chinese_calendar

# 春节 (the first day of the lunar year), for the years the demo's data can reach. The
# ``chinesecalendar`` package knows the official holiday only up to the year it was released;
# the festival itself is fixed astronomically long before, so the demo keeps its own table.
SPRING_FESTIVAL = {
    2015: dt.date(2015, 2, 19),
    2016: dt.date(2016, 2, 8),
    2017: dt.date(2017, 1, 28),
    2018: dt.date(2018, 2, 16),
    2019: dt.date(2019, 2, 5),
    2020: dt.date(2020, 1, 25),
    2021: dt.date(2021, 2, 12),
    2022: dt.date(2022, 2, 1),
    2023: dt.date(2023, 1, 22),
    2024: dt.date(2024, 2, 10),
    2025: dt.date(2025, 1, 29),
    2026: dt.date(2026, 2, 17),
    2027: dt.date(2027, 2, 6),
    2028: dt.date(2028, 1, 26),
    2029: dt.date(2029, 2, 13),
    2030: dt.date(2030, 2, 3),
    2031: dt.date(2031, 1, 23),
    2032: dt.date(2032, 2, 11),
    2033: dt.date(2033, 1, 31),
    2034: dt.date(2034, 2, 19),
    2035: dt.date(2035, 2, 8),
    2036: dt.date(2036, 1, 28),
    2037: dt.date(2037, 2, 15),
    2038: dt.date(2038, 2, 4),
    2039: dt.date(2039, 1, 24),
    2040: dt.date(2040, 2, 12),
}
QUARTER_WORDS = {1: "一", 2: "二", 3: "三", 4: "四"}


def spring_festival(year: int) -> dt.date:
    """春节 of ``year``; outside the table, 5 February (the month it most often falls in)."""
    return SPRING_FESTIVAL.get(year, dt.date(year, 2, 5))


def spring_festival_holiday(year: int) -> tuple[dt.date, dt.date]:
    """The Spring Festival holiday of ``year``: the official one where ``chinesecalendar``
    has the year's schedule, else New Year's Eve and the seven days after it (the usual
    eight days)."""
    official = sorted(
        day
        for day, name in chinese_calendar.holidays.items()
        if day.year == year and str(name) == "Spring Festival"
    )
    if official:
        return official[0], official[-1]
    festival = spring_festival(year)
    return festival - dt.timedelta(days=1), festival + dt.timedelta(days=6)


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved by whole months, the day clamped to the target month's length."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def last_month(today: dt.date) -> tuple[int, int]:
    """The month before ``today``'s: the one a zone's monthly reports are coming in for."""
    first = today.replace(day=1) - dt.timedelta(days=1)
    return first.year, first.month


def quarter_of(day: dt.date) -> int:
    return (day.month - 1) // 3 + 1


def quarter_start(day: dt.date) -> dt.date:
    return dt.date(day.year, 3 * (quarter_of(day) - 1) + 1, 1)
