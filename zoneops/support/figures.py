"""Each enterprise's latest figures from the monthly ledgers (approved reports only):
year-to-date, trailing twelve months and this year's projection, for revenue and output.

Trailing twelve months = this year's year-to-date + last December's year-to-date − last
year's same-period year-to-date (all three from the enterprise's own reports). The
projection for the year scales last year's full-year figure by this year's year-to-date
growth; without last year's figures it annualises the year-to-date.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet

from zoneops.monitoring.public import latest_monthly_figures

INDICATORS = {"revenue": "revenue", "output_value": "output"}
# How far back an enterprise's latest report may lie and still count as its current figures.
RECENT_PERIODS = 3
TENTH = Decimal("0.1")


@dataclass
class Figure:
    """One indicator's figures for one enterprise, in 元."""

    period: str  # e.g. "2024年11月"
    month: int
    ytd: Decimal | None
    last_ytd: Decimal | None
    last_full_year: Decimal | None  # last December's year-to-date

    @property
    def ttm(self) -> Decimal | None:
        if self.ytd is None:
            return None
        if self.month == 12:
            return self.ytd
        if self.last_full_year is None or self.last_ytd is None:
            return None
        return self.ytd + self.last_full_year - self.last_ytd

    @property
    def growth(self) -> Decimal | None:
        if self.ytd is None or not self.last_ytd or self.last_ytd <= 0:
            return None
        return ((self.ytd / self.last_ytd - 1) * 100).quantize(TENTH)

    @property
    def projection(self) -> Decimal | None:
        """This calendar year's expected full-year figure."""
        if self.ytd is None:
            return None
        if self.last_full_year is not None and self.last_ytd and self.last_ytd > 0:
            return (self.last_full_year * self.ytd / self.last_ytd).quantize(Decimal("1"))
        return (self.ytd * 12 / self.month).quantize(Decimal("1"))


@dataclass
class Figures:
    revenue: Figure | None = None
    output: Figure | None = None


def latest_figures(
    enterprise_ids: Iterable[int] | QuerySet[Any] | None = None,
) -> dict[int, Figures]:
    """Figures per enterprise id from its newest approved report among the recent periods
    (three queries, see :func:`each_latest_figure`).

    ``enterprise_ids``: ids, a ``values("pk")`` subquery, or ``None`` for every enterprise.
    """
    out: dict[int, Figures] = {}
    for enterprise_id, name, figure in each_latest_figure(enterprise_ids):
        setattr(out.setdefault(enterprise_id, Figures()), name, figure)
    return out


def each_latest_figure(
    enterprise_ids: Iterable[int] | QuerySet[Any] | None = None,
) -> Iterator[tuple[int, str, Figure]]:
    """Each enterprise's latest figures one at a time, as (enterprise id, "revenue" or
    "output", Figure); :func:`latest_figures` collects them. A caller that keeps only a few
    numbers of each (the matching profiles) lets every Figure go at once: ten thousand of
    them alive together made every full re-match pay for a full garbage collection.

    Three queries whatever the number of enterprises (monitoring's public read,
    :func:`zoneops.monitoring.public.latest_monthly_figures`): the recent periods, the newest
    values among them and the Decembers before those.
    """
    for row in latest_monthly_figures(INDICATORS, enterprise_ids, recent_periods=RECENT_PERIODS):
        figure = Figure(
            period=row.period,
            month=row.month,
            ytd=row.ytd,
            last_ytd=row.last_ytd,
            last_full_year=row.last_full_year,
        )
        yield row.enterprise_id, INDICATORS[row.indicator], figure
