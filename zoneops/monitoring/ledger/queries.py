"""The ledger (台账): enterprises × indicators for a period, and its totals.

Reads start from ``visible_to(user)`` like every read. Figures leave this module in display
units (万元, 万千瓦时, 人) through ``zoneops.core.units`` (see :mod:`.figures`). Growth on the
same enterprise set for totals (as ``analysis.aggregates``), no number when last year's figure
is zero or a loss, and a fall past −100 % is 由盈转亏.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import (
    Case,
    F,
    FilteredRelation,
    FloatField,
    Q,
    QuerySet,
    Sum,
    When,
)
from django.db.models.functions import Cast

from zoneops.core.models import User
from zoneops.monitoring.analysis.aggregates import Slice
from zoneops.monitoring.ledger.figures import SUBCOLUMN_KEYS, Growth, growth_of, number_text, shown
from zoneops.monitoring.models import (
    Indicator,
    MonthlyReport,
    ReportingPeriod,
    ReportStatus,
)

DEFAULT_INDICATORS = ("output_value", "sales_value", "electricity", "revenue", "total_profit")


MAX_INDICATORS = 8


BASE_SORTS: dict[str, tuple[str, ...]] = {
    "name": ("enterprise__name", "pk"),
    "code": ("enterprise__credit_code", "pk"),
    "park": ("enterprise__park__order", "enterprise__park__division_code", "enterprise__name"),
}


DEFAULT_SORT = "park"


@dataclass
class Cell:
    """One indicator's figures for one row, in display units."""

    indicator: Indicator
    month: Decimal | None
    ytd: Decimal | None
    last: Decimal | None
    growth: Growth

    def _text(self, value: Decimal | None) -> str:
        return number_text(value, self.indicator)

    @property
    def month_text(self) -> str:
        return self._text(self.month)

    @property
    def ytd_text(self) -> str:
        return self._text(self.ytd)

    @property
    def last_text(self) -> str:
        return self._text(self.last)


@dataclass
class LedgerRow:
    number: int
    enterprise_id: int
    name: str
    credit_code: str
    park: str
    report_id: int
    status: str
    status_label: str
    cells: list[Cell]


@dataclass(frozen=True)
class LedgerFilter:
    """What a ledger page or export asks for."""

    period: ReportingPeriod
    indicators: tuple[Indicator, ...]
    slice: Slice = field(default_factory=Slice)
    any_status: bool = False  # False: approved reports only (what the zone stands behind)
    sort: str = DEFAULT_SORT

    def sort_key(self) -> tuple[str, bool]:
        """(column, descending); an unknown column falls back to the default."""
        descending = self.sort.startswith("-")
        column = self.sort.lstrip("-")
        if column in BASE_SORTS:
            return column, descending
        code, _dot, key = column.partition(".")
        if key in SUBCOLUMN_KEYS and any(i.code == code for i in self.indicators):
            return column, descending
        return DEFAULT_SORT, False


def choose_indicators(
    codes: Iterable[str], available: Iterable[Indicator]
) -> tuple[Indicator, ...]:
    """The indicators named (in the catalogue's order), or the default five."""
    wanted = {c.strip() for code in codes for c in code.split(",") if c.strip()}
    catalogue = list(available)
    chosen = [i for i in catalogue if i.code in wanted][:MAX_INDICATORS]
    if not chosen:
        chosen = [i for i in catalogue if i.code in DEFAULT_INDICATORS]
    return tuple(chosen)


def _alias(index: int, key: str) -> str:
    return f"v{index}_{key}"


def ledger_reports(*, user: User, f: LedgerFilter) -> QuerySet[MonthlyReport]:
    """The period's reports, one row per enterprise, each indicator's figures as columns.

    One LEFT JOIN per chosen indicator (a report holds at most one value per indicator), so a
    page of rows, the count and the totals are each a single query whatever the page size.
    """
    qs = MonthlyReport.objects.visible_to(user).filter(
        period=f.period, enterprise__in=f.slice.enterprises(user)
    )
    if not f.any_status:
        qs = qs.filter(status=ReportStatus.APPROVED)
    for index, indicator in enumerate(f.indicators):
        rel = f"v{index}"
        qs = qs.annotate(
            **{rel: FilteredRelation("values", condition=Q(values__indicator_id=indicator.pk))}
        ).annotate(
            **{
                _alias(index, "month"): F(f"{rel}__month_value"),
                _alias(index, "ytd"): F(f"{rel}__ytd_value"),
                _alias(index, "last"): F(f"{rel}__last_ytd_value"),
            }
        )
        # Sorting by growth: the same number the row shows (none when last year ≤ 0).
        ytd, last = _alias(index, "ytd"), _alias(index, "last")
        qs = qs.annotate(
            **{
                _alias(index, "growth"): Case(
                    When(
                        Q(**{f"{last}__gt": 0, f"{ytd}__isnull": False}),
                        then=Cast(F(ytd), FloatField()) * 100 / Cast(F(last), FloatField()) - 100,
                    ),
                    default=None,
                    output_field=FloatField(),
                )
            }
        )
    return qs.select_related("enterprise__park").order_by(*_ordering(f))


def _ordering(f: LedgerFilter) -> list[Any]:
    column, descending = f.sort_key()
    if column in BASE_SORTS:
        fields = BASE_SORTS[column]
        return [("-" + name if descending else name) for name in fields[:1]] + list(fields[1:])
    code, _dot, key = column.partition(".")
    index = next(i for i, ind in enumerate(f.indicators) if ind.code == code)
    expression = F(_alias(index, key))
    first = expression.desc(nulls_last=True) if descending else expression.asc(nulls_last=True)
    return [first, "enterprise__name", "pk"]


def ledger_totals(*, reports: QuerySet[MonthlyReport], f: LedgerFilter) -> list[Cell]:
    """The 合计 row: sums over every row (not only the page) in one query.

    As ``analysis.breakdown.aggregates``: 1—本月累计 sums every reporting enterprise; last year's
    figure and growth are on the same set (those that reported both years' year-to-date figures).
    """
    sums: dict[str, Any] = {}
    for index in range(len(f.indicators)):
        ytd, last = _alias(index, "ytd"), _alias(index, "last")
        same = Q(**{f"{ytd}__isnull": False, f"{last}__isnull": False})
        sums[f"t{index}_month"] = Sum(_alias(index, "month"))
        sums[f"t{index}_ytd"] = Sum(ytd)
        sums[f"t{index}_same"] = Sum(ytd, filter=same)
        sums[f"t{index}_last"] = Sum(last, filter=same)
    totals = reports.order_by().aggregate(**sums) if sums else {}
    cells = []
    for index, indicator in enumerate(f.indicators):
        last_total = totals.get(f"t{index}_last")
        cells.append(
            Cell(
                indicator=indicator,
                month=shown(totals.get(f"t{index}_month"), indicator),
                ytd=shown(totals.get(f"t{index}_ytd"), indicator),
                last=shown(last_total, indicator),
                growth=growth_of(totals.get(f"t{index}_same"), last_total),
            )
        )
    return cells


def ledger_rows(
    reports: Iterable[MonthlyReport], f: LedgerFilter, start: int = 1
) -> list[LedgerRow]:
    """Rows for a page (or the whole export), numbered from ``start``."""
    rows = []
    for number, report in enumerate(reports, start=start):
        cells = []
        for index, indicator in enumerate(f.indicators):
            ytd = getattr(report, _alias(index, "ytd"))
            last = getattr(report, _alias(index, "last"))
            cells.append(
                Cell(
                    indicator=indicator,
                    month=shown(getattr(report, _alias(index, "month")), indicator),
                    ytd=shown(ytd, indicator),
                    last=shown(last, indicator),
                    growth=growth_of(ytd, last),
                )
            )
        enterprise = report.enterprise
        rows.append(
            LedgerRow(
                number=number,
                enterprise_id=enterprise.pk,
                name=enterprise.name,
                credit_code=enterprise.credit_code,
                park=enterprise.park.name,
                report_id=report.pk,
                status=report.status,
                status_label=str(report.get_status_display()),
                cells=cells,
            )
        )
    return rows
