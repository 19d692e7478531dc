"""One enterprise's monthly history: its figures for the last three years, month by month, and the
chart of this year against the last."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import F, FilteredRelation, Q

from zoneops.core import charts as palette
from zoneops.core.models import User
from zoneops.monitoring.ledger.figures import Growth, growth_of, number_text, shown
from zoneops.monitoring.models import Indicator, MonthlyReport, ReportingPeriod


@dataclass
class HistoryRow:
    indicator: Indicator
    period: ReportingPeriod
    report_id: int
    status: str
    status_label: str
    month: Decimal | None
    ytd: Decimal | None
    last: Decimal | None
    last_month: Decimal | None
    growth: Growth

    @property
    def month_text(self) -> str:
        return number_text(self.month, self.indicator)

    @property
    def ytd_text(self) -> str:
        return number_text(self.ytd, self.indicator)

    @property
    def last_text(self) -> str:
        return number_text(self.last, self.indicator)


@dataclass
class History:
    indicator: Indicator
    rows: list[HistoryRow] = field(default_factory=list)  # newest first
    year: int | None = None

    def chart(self) -> dict[str, Any]:
        """An ECharts option: the month's own values this year against last year (lines)."""
        return history_chart(self)


HISTORY_MONTHS = 36


def enterprise_history(
    *, user: User, enterprise_id: int, indicator: Indicator, months: int = HISTORY_MONTHS
) -> History:
    """An enterprise's reports over the last ``months`` months (up to its latest report),
    with one indicator's figures; reports of any status, each with its status."""
    reports = list(
        MonthlyReport.objects.visible_to(user)
        .filter(enterprise_id=enterprise_id)
        .annotate(v=FilteredRelation("values", condition=Q(values__indicator_id=indicator.pk)))
        .annotate(
            v_month=F("v__month_value"),
            v_ytd=F("v__ytd_value"),
            v_last=F("v__last_ytd_value"),
            v_last_month=F("v__last_month_value"),
        )
        .select_related("period")
        .order_by("-period__year", "-period__month")[:months]
    )
    history = History(indicator=indicator)
    if not reports:
        return history
    latest = reports[0].period
    cutoff = latest.year * 12 + latest.month - months
    history.year = latest.year
    for report in reports:
        if report.period.year * 12 + report.period.month <= cutoff:
            continue
        history.rows.append(
            HistoryRow(
                indicator=indicator,
                period=report.period,
                report_id=report.pk,
                status=report.status,
                status_label=str(report.get_status_display()),
                month=shown(report.v_month, indicator),  # type: ignore[attr-defined]
                ytd=shown(report.v_ytd, indicator),  # type: ignore[attr-defined]
                last=shown(report.v_last, indicator),  # type: ignore[attr-defined]
                last_month=shown(report.v_last_month, indicator),  # type: ignore[attr-defined]
                growth=growth_of(report.v_ytd, report.v_last),  # type: ignore[attr-defined]
            )
        )
    return history


def _monthly(rows: Iterable[HistoryRow], combined: bool) -> dict[int, Decimal | None]:
    """Month → the month's own value; with ``combined`` January and February are one point
    (key 2), summed where they were reported apart. Nothing is split or invented."""
    by_month: dict[int, Decimal | None] = {}
    for row in rows:
        if row.period.months_covered == 2 or not combined or row.period.month > 2:
            by_month[row.period.month] = row.month
    if combined:
        apart = [r for r in rows if r.period.month in (1, 2) and r.period.months_covered == 1]
        if len(apart) == 2 and all(r.month is not None for r in apart):
            by_month[2] = sum((r.month for r in apart if r.month is not None), Decimal(0))
    return by_month


def history_chart(history: History) -> dict[str, Any]:
    year = history.year
    if year is None:
        return {}
    this = [r for r in history.rows if r.period.year == year]
    before = [r for r in history.rows if r.period.year == year - 1]
    combined = any(r.period.months_covered == 2 for r in this + before)
    months = list(range(2, 13)) if combined else list(range(1, 13))
    labels = [("1—2月" if combined and m == 2 else f"{m}月") for m in months]
    now_values = _monthly(this, combined)
    last_values = _monthly(before, combined)
    # Where last year's own report is missing, this year's report carries 上年同期本月.
    for row in this:
        key = row.period.month
        if last_values.get(key) is None and row.last_month is not None:
            last_values[key] = row.last_month

    def series(values: dict[int, Decimal | None]) -> list[float | None]:
        return [None if values.get(m) is None else float(values[m] or 0) for m in months]

    unit = history.indicator.display_unit
    return {
        "animation": False,
        "tooltip": {"trigger": "axis"},
        "legend": {"top": 0},
        "grid": {"left": 8, "right": 16, "top": 36, "bottom": 8, "containLabel": True},
        "xAxis": {"type": "category", "data": labels},
        "yAxis": {"type": "value", "name": unit},
        "series": [
            {
                "name": f"{year}年",
                "type": "line",
                "data": series(now_values),
                "itemStyle": {"color": palette.PRIMARY},
            },
            {
                "name": f"{year - 1}年",
                "type": "line",
                "data": series(last_values),
                "lineStyle": {"type": "dashed"},
                "itemStyle": {"color": palette.COMPARE},
            },
        ],
    }
