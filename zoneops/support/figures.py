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

from django.db.models import CharField, Exists, F, OuterRef, QuerySet, Window
from django.db.models.functions import Cast, RowNumber

from zoneops.monitoring.models import (
    MonthlyReport,
    ReportingPeriod,
    ReportStatus,
    ReportValue,
    period_label,
)

INDICATORS = {"revenue": "revenue", "output_value": "output"}
# How far back an enterprise's latest report may lie and still count as its current figures.
RECENT_PERIODS = 3
CENT = Decimal("0.01")
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


def _text(field: str) -> Cast:
    # Read amounts as text and parse them here: Django's per-value Decimal converter on SQLite
    # costs more than the whole query at ten thousand enterprises.
    return Cast(field, output_field=CharField())


def _decimal(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text).quantize(CENT)


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

    Three queries whatever the number of enterprises: the recent periods, the newest values
    among them (the database picks them: one row per enterprise and indicator) and the
    Decembers before those.
    """
    approved = MonthlyReport.objects.filter(period=OuterRef("pk"), status=ReportStatus.APPROVED)
    periods = list(
        ReportingPeriod.objects.filter(Exists(approved)).order_by("-year", "-month")[
            :RECENT_PERIODS
        ]
    )
    if not periods:
        return
    values = ReportValue.objects.filter(
        report__status=ReportStatus.APPROVED, indicator__code__in=INDICATORS
    )
    if enterprise_ids is not None:
        ids = enterprise_ids if isinstance(enterprise_ids, QuerySet) else list(enterprise_ids)
        values = values.filter(report__enterprise_id__in=ids)
    newest_first = Window(
        RowNumber(),
        partition_by=[F("report__enterprise_id"), F("indicator_id")],
        order_by=[F("report__period__year").desc(), F("report__period__month").desc()],
    )
    # A plain list, not .iterator(): on PostgreSQL that opens a server-side cursor, which
    # plans for the first rows and fetches in round trips; ten thousand rows fit in memory.
    newest = list(
        values.filter(report__period__in=periods)
        .annotate(rank=newest_first, ytd=_text("ytd_value"), last_ytd=_text("last_ytd_value"))
        .filter(rank=1)
        .values_list(
            "report__enterprise_id",
            "indicator__code",
            "report__period__year",
            "report__period__month",
            "ytd",
            "last_ytd",
        )
    )
    years = {row[2] - 1 for row in newest}
    full_year = {
        (e, code, year): ytd
        for e, code, year, ytd in values.filter(
            report__period__year__in=years, report__period__month=12
        )
        .annotate(ytd=_text("ytd_value"))
        .values_list("report__enterprise_id", "indicator__code", "report__period__year", "ytd")
    }
    for enterprise_id, code, year, month, ytd, last_ytd in newest:
        figure = Figure(
            period=period_label(year, month),
            month=month,
            ytd=_decimal(ytd),
            last_ytd=_decimal(last_ytd),
            last_full_year=_decimal(full_year.get((enterprise_id, code, year - 1))),
        )
        yield enterprise_id, INDICATORS[code], figure
