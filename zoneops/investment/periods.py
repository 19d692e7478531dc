"""Target periods: a year or a quarter, its dates and how much of it has passed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Period:
    year: int
    quarter: int | None = None

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, 1 if self.quarter is None else self.quarter * 3 - 2, 1)

    @property
    def end(self) -> dt.date:
        if self.quarter is None or self.quarter == 4:
            return dt.date(self.year, 12, 31)
        return dt.date(self.year, self.quarter * 3 + 1, 1) - dt.timedelta(days=1)

    @property
    def key(self) -> str:
        return f"{self.year}" if self.quarter is None else f"{self.year}-Q{self.quarter}"

    @property
    def label(self) -> str:
        if self.quarter is None:
            return _("%(year)s年全年") % {"year": self.year}
        return _("%(year)s年第%(q)s季度") % {"year": self.year, "q": self.quarter}

    def __str__(self) -> str:
        return self.label

    def elapsed(self, today: dt.date) -> Decimal:
        """The share of the period that has passed by the end of ``today``, in % (0–100)."""
        if today < self.start:
            return Decimal(0)
        if today >= self.end:
            return Decimal(100)
        days = (self.end - self.start).days + 1
        return Decimal((today - self.start).days + 1) / days * 100

    def months(self) -> list[dt.date]:
        first = self.start.month
        last = self.end.month
        return [dt.date(self.year, m, 1) for m in range(first, last + 1)]


def parse_period(text: str) -> Period | None:
    """ "2024" or "2024-Q1" (as in the URLs); None for anything else."""
    year, _, quarter = text.strip().upper().partition("-Q")
    if not (year.isdigit() and 2000 <= int(year) <= 2100):
        return None
    if not quarter:
        return Period(int(year))
    if quarter in ("1", "2", "3", "4"):
        return Period(int(year), int(quarter))
    return None


def period_of(day: dt.date) -> Period:
    return Period(day.year, (day.month - 1) // 3 + 1)
