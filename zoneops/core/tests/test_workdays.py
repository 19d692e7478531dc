"""Working days on the statutory calendar: holidays, make-up working days, unknown years."""

from __future__ import annotations

import datetime as dt

import pytest

from zoneops.core.models import CalendarDay
from zoneops.core.workdays import Calendar, due_date, package_knows

pytestmark = pytest.mark.django_db


def test_limit_spanning_spring_festival_2024_and_its_make_up_saturday():
    # 2024 (国办发明电〔2023〕7号): Spring Festival off 10–17 February; Sunday 4 February and
    # Sunday 18 February are make-up working days. From Thursday 8 February, 3 working days
    # are Fri 9 Feb (1), then after the holiday Sun 18 Feb (2) and Mon 19 Feb (3).
    due = due_date(dt.date(2024, 2, 8), 3)
    assert due.date == dt.date(2024, 2, 19)
    assert due.warning == ""


def test_make_up_working_day_counts_and_weekend_before_the_holiday_does_not():
    # Friday 2 Feb 2024 + 1 working day: Sat 3 Feb is a rest day, Sun 4 Feb is a make-up
    # working day, so the limit lands on Sunday 4 February.
    assert due_date(dt.date(2024, 2, 2), 1).date == dt.date(2024, 2, 4)
    # 13 working days from 1 February 2024 (complaint): 2, 4, 5, 6, 7, 8, 9, 18, 19, 20, 21,
    # 22, 23 February.
    assert due_date(dt.date(2024, 2, 1), 13).date == dt.date(2024, 2, 23)


def test_spring_festival_2026_with_its_make_up_saturday():
    # 2026 (国办发明电〔2025〕7号): off 15–23 February; Saturday 14 February and Saturday
    # 28 February are working days. Friday 13 Feb + 1 working day = Saturday 14 Feb;
    # + 2 = Tuesday 24 Feb.
    assert due_date(dt.date(2026, 2, 13), 1).date == dt.date(2026, 2, 14)
    assert due_date(dt.date(2026, 2, 13), 2).date == dt.date(2026, 2, 24)


def test_urgent_same_day_received_on_a_holiday_is_due_on_the_first_working_day():
    assert due_date(dt.date(2024, 10, 1), 0).date == dt.date(2024, 10, 8)


def test_year_after_the_package_falls_back_to_weekends_with_a_warning():
    year = 2031
    assert not package_knows(year)
    due = due_date(dt.date(year, 1, 30), 3)  # Thursday
    # Weekends only: Fri 31 Jan, Mon 3 Feb, Tue 4 Feb.
    assert due.date == dt.date(year, 2, 4)
    assert "2031年" in due.warning and "周末" in due.warning


def test_entered_days_make_a_year_known_and_override_the_package():
    CalendarDay.objects.create(date=dt.date(2031, 1, 31), kind=CalendarDay.Kind.HOLIDAY)
    CalendarDay.objects.create(date=dt.date(2031, 2, 1), kind=CalendarDay.Kind.WORKDAY)
    due = due_date(dt.date(2031, 1, 30), 3)
    # 31 Jan off, Sat 1 Feb working, Mon 3, Tue 4 → third working day is 4 Feb.
    assert due.date == dt.date(2031, 2, 4)
    assert due.warning == ""
    # An entry also overrides the package for a known year.
    CalendarDay.objects.create(date=dt.date(2024, 3, 5), kind=CalendarDay.Kind.HOLIDAY)
    assert not Calendar.load().is_workday(dt.date(2024, 3, 5))


def test_working_days_between_counts_both_ways():
    calendar = Calendar.load()
    assert calendar.working_days_between(dt.date(2024, 2, 8), dt.date(2024, 2, 19)) == 3
    assert calendar.working_days_between(dt.date(2024, 2, 19), dt.date(2024, 2, 8)) == -3
