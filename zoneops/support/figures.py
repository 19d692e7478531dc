"""Each enterprise's latest figures from the monthly ledgers (approved reports only):
year-to-date, trailing twelve months and this year's projection, for revenue and output.

Trailing twelve months = this year's year-to-date + last December's year-to-date − last
year's same-period year-to-date (all three from the enterprise's own reports). The
projection for the year scales last year's full-year figure by this year's year-to-date
growth; without last year's figures it annualises the year-to-date.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from zoneops.monitoring.models import ReportingPeriod, ReportStatus, ReportValue

INDICATORS = {"revenue": "revenue", "output_value": "output"}
# How far back an enterprise's latest report may lie and still count as its current figures.
RECENT_PERIODS = 3


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
        return ((self.ytd / self.last_ytd - 1) * 100).quantize(Decimal("0.1"))

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


def latest_figures(enterprise_ids: Iterable[int] | None = None) -> dict[int, Figures]:
    """Figures per enterprise id from its newest approved report among the recent periods.

    Two queries whatever the number of enterprises: the recent periods' values and the
    Decembers before them. ``None`` means every enterprise.
    """
    periods = list(
        ReportingPeriod.objects.filter(reports__status=ReportStatus.APPROVED)
        .distinct()
        .order_by("-year", "-month")[:RECENT_PERIODS]
    )
    if not periods:
        return {}
    ids = None if enterprise_ids is None else list(enterprise_ids)
    wanted = None
    if ids is not None and len(ids) > 900:
        # Past a few hundred ids an IN list costs more than reading the recent periods whole.
        wanted, ids = set(ids), None
    values = ReportValue.objects.filter(
        report__period__in=periods,
        report__status=ReportStatus.APPROVED,
        indicator__code__in=INDICATORS,
    )
    if ids is not None:
        values = values.filter(report__enterprise_id__in=ids)
    rows = values.values_list(
        "report__enterprise_id",
        "indicator__code",
        "report__period__year",
        "report__period__month",
        "ytd_value",
        "last_ytd_value",
    ).order_by("report__period__year", "report__period__month")
    newest: dict[tuple[int, str], tuple[int, int, Decimal | None, Decimal | None]] = {}
    for enterprise_id, code, year, month, ytd, last_ytd in rows.iterator(chunk_size=2000):
        newest[(enterprise_id, code)] = (year, month, ytd, last_ytd)  # later rows win
    years = {year - 1 for (year, _m, _y, _l) in newest.values()}
    decembers = ReportValue.objects.filter(
        report__period__year__in=years,
        report__period__month=12,
        report__status=ReportStatus.APPROVED,
        indicator__code__in=INDICATORS,
    )
    if ids is not None:
        decembers = decembers.filter(report__enterprise_id__in=ids)
    full_year = {
        (e, code, year): ytd
        for e, code, year, ytd in decembers.values_list(
            "report__enterprise_id", "indicator__code", "report__period__year", "ytd_value"
        ).iterator(chunk_size=2000)
    }
    out: dict[int, Figures] = {}
    for (enterprise_id, code), (year, month, ytd, last_ytd) in newest.items():
        if wanted is not None and enterprise_id not in wanted:
            continue
        figure = Figure(
            period=f"{year}年{month}月",
            month=month,
            ytd=ytd,
            last_ytd=last_ytd,
            last_full_year=full_year.get((enterprise_id, code, year - 1)),
        )
        setattr(out.setdefault(enterprise_id, Figures()), INDICATORS[code], figure)
    return out
