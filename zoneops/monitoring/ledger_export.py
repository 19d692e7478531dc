"""The ledger (台账): enterprises × indicators for a period, its totals, one enterprise's monthly
history, the alert list, and the Excel layout staff use.

Reads start from ``visible_to(user)`` like every read (they live here rather than in
``queries.py`` only because that module has another owner; they are plain selectors).

Figures leave this module in display units (万元, 万千瓦时, 人) through ``zoneops.core.units``.
Growth follows DOMAIN.md: on the same enterprise set for totals (as ``queries.aggregates``), no
number when last year's figure is zero or a loss, and a fall past −100 % is 由盈转亏.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import (
    Case,
    F,
    FilteredRelation,
    FloatField,
    IntegerField,
    Min,
    Prefetch,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
    Window,
)
from django.db.models.functions import Cast
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from zoneops.core import charts as palette
from zoneops.core import units
from zoneops.core.exports import safe_cell, workbook
from zoneops.core.models import Park
from zoneops.monitoring import queries
from zoneops.monitoring.models import (
    Alert,
    AlertLevel,
    AlertMonth,
    AlertStatus,
    Indicator,
    MonthlyReport,
    ReportingPeriod,
    ReportStatus,
)
from zoneops.monitoring.queries import Slice, growth

DEFAULT_INDICATORS = ("output_value", "sales_value", "electricity", "revenue", "total_profit")
MAX_INDICATORS = 8
# The sub-columns of each indicator: (key, header). The header words are the staff layout's
# and the monthly import reads them back: the file keeps them exactly; the page translates them.
SUBCOLUMNS = (
    ("month", gettext_noop("本月")),
    ("ytd", gettext_noop("1—本月累计")),
    ("last", gettext_noop("上年同期累计")),
    ("growth", gettext_noop("同比%")),
)
SUBCOLUMN_KEYS = tuple(key for key, _label in SUBCOLUMNS)
LEAD_HEADERS = ("序号", "统一社会信用代码", "企业名称", "园区")
BASE_SORTS: dict[str, tuple[str, ...]] = {
    "name": ("enterprise__name", "pk"),
    "code": ("enterprise__credit_code", "pk"),
    "park": ("enterprise__park__order", "enterprise__park__division_code", "enterprise__name"),
}
DEFAULT_SORT = "park"


def places_for(indicator: Indicator) -> int:
    return 0 if indicator.display_unit == "人" else 2


def shown(value: Decimal | None, indicator: Indicator) -> Decimal | None:
    """A stored value in the indicator's display unit (元 → 万元, kWh → 万千瓦时), rounded."""
    return units.to_display(value, indicator.display_unit, places_for(indicator))


def number_text(value: Decimal | None, indicator: Indicator) -> str:
    """A display-unit figure with thousands separators ("—" when there is none)."""
    if value is None:
        return "—"
    return f"{value:,.{places_for(indicator)}f}"


@dataclass(frozen=True)
class Growth:
    """A growth rate as the ledger shows it: a number, or words with the reason why not."""

    value: Decimal | None
    text: str
    note: str = ""

    @property
    def is_number(self) -> bool:
        return self.value is not None and not self.note

    @property
    def css(self) -> str:
        if self.value is None:
            return "text-muted"
        return "text-danger" if self.value < 0 else ""


def growth_of(now: Decimal | None, before: Decimal | None) -> Growth:
    """DOMAIN.md's profit rule: last year a loss (or nothing) → "—" with a note; a fall past
    −100 % means profit turned into loss (由盈转亏)."""
    if now is None or before is None:
        return Growth(None, "—")
    if before < 0:
        note = _("上年同期为亏损，不计算增速")
        if now > 0:
            note += _("（本期扭亏为盈）")
        return Growth(None, "—", note)
    if before == 0:
        return Growth(None, "—", _("上年同期为零，不计算增速"))
    rate = growth(now, before)
    assert rate is not None
    if rate < -100:
        return Growth(rate, _("由盈转亏"), _("上年同期盈利，本期亏损"))
    return Growth(rate, f"{rate:.1f}")


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


def ledger_reports(*, user: Any, f: LedgerFilter) -> QuerySet[MonthlyReport]:
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

    As ``queries.aggregates``: 1—本月累计 sums every reporting enterprise; last year's figure
    and growth are on the same set (those that reported both years' year-to-date figures).
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


def ledger_title(period: ReportingPeriod, zone_name: str) -> str:
    """西宁经济技术开发区规模以上工业企业主要经济指标（2024年3月） — 1—2月 for a combined period."""
    return f"{zone_name}规模以上工业企业主要经济指标（{period}）"


def ledger_units(indicators: Sequence[Indicator]) -> str:
    """单位：万元、万千瓦时 — the display units of the chosen indicators, in order."""
    seen: list[str] = []
    for indicator in indicators:
        if indicator.display_unit not in seen:
            seen.append(indicator.display_unit)
    return "单位：" + "、".join(seen)


def ledger_sheet_rows(totals: list[Cell], rows: Iterable[LedgerRow]) -> Iterable[list[Any]]:
    """The 合计 row and the enterprise rows as the workbook's cells."""

    def figures(cells: list[Cell]) -> list[Any]:
        out: list[Any] = []
        for cell in cells:
            growth_cell: Any = (
                cell.growth.value.quantize(Decimal("0.01"))
                if cell.growth.is_number and cell.growth.value is not None
                else cell.growth.text
            )
            out += [cell.month, cell.ytd, cell.last, growth_cell]
        return out

    yield ["", "", "合计", "", *figures(totals)]
    for row in rows:
        yield [row.number, row.credit_code, row.name, row.park, *figures(row.cells)]


def xlsx_ledger_bytes(
    title: str,
    units_line: str,
    groups: Sequence[tuple[str, Sequence[str]]],
    rows: Iterable[Sequence[Any]],
    *,
    sheet: str = "台账",
    bold_rows: int = 1,
) -> bytes:
    """A ledger in the layout staff use: a merged title (row 1), a merged units line (row 2),
    a two-row merged header (rows 3–4), then the rows.

    ``groups`` are (header, sub-headers): a group without sub-headers spans both header rows;
    one with sub-headers is merged across them. The first ``bold_rows`` rows (合计) are bold.
    Numbers are written as numbers with two decimals; text as text, formula injection
    neutralised by ``safe_cell``.
    """
    buffer = io.BytesIO()
    book = workbook(buffer)
    ws = book.add_worksheet(sheet[:31])
    width = sum(max(1, len(subs)) for _label, subs in groups)
    title_format = book.add_format(
        {"bold": True, "font_size": 14, "align": "center", "valign": "vcenter"}
    )
    units_format = book.add_format({"align": "right"})
    head = book.add_format(
        {
            "bold": True,
            "bg_color": "#DDE7F3",
            "border": 1,
            "align": "center",
            "valign": "vcenter",
            "text_wrap": True,
        }
    )
    number = book.add_format({"num_format": "#,##0.00", "border": 1})
    number_bold = book.add_format({"num_format": "#,##0.00", "border": 1, "bold": True})
    text = book.add_format({"num_format": "@", "border": 1})
    text_bold = book.add_format({"num_format": "@", "border": 1, "bold": True})
    integer = book.add_format({"num_format": "0", "border": 1, "align": "center"})

    last_col = max(width - 1, 0)
    if last_col:
        ws.merge_range(0, 0, 0, last_col, title, title_format)
        ws.merge_range(1, 0, 1, last_col, units_line, units_format)
    else:
        ws.write_string(0, 0, title, title_format)
        ws.write_string(1, 0, units_line, units_format)
    ws.set_row(0, 28)
    col = 0
    for label, subs in groups:
        if not subs:
            ws.merge_range(2, col, 3, col, label, head)
            ws.set_column(col, col, 28 if "名称" in label else 22 if "代码" in label else 10)
            col += 1
            continue
        if len(subs) == 1:
            ws.write_string(2, col, label, head)
        else:
            ws.merge_range(2, col, 2, col + len(subs) - 1, label, head)
        for offset, sub in enumerate(subs):
            ws.write_string(3, col + offset, sub, head)
            ws.set_column(col + offset, col + offset, 13)
        col += len(subs)
    row_index = 3
    for count, values in enumerate(rows):
        row_index += 1
        bold = count < bold_rows
        for col, raw in enumerate(values):
            value = safe_cell(raw)
            if value is None or value == "":
                ws.write_blank(row_index, col, None, text_bold if bold else text)
            elif isinstance(value, str):
                ws.write_string(row_index, col, value, text_bold if bold else text)
            elif isinstance(value, int) and col == 0:
                ws.write_number(row_index, col, value, integer)  # 序号
            else:
                ws.write_number(
                    row_index, col, round(float(value), 2), number_bold if bold else number
                )
    ws.freeze_panes(4, 3)
    book.close()
    return buffer.getvalue()


# ---- the summary of the zone's (or a park's) main indicators ------------------------------

SUMMARY_SUBCOLUMNS = ("1—本月累计", "同比%", "拉动（百分点）", "贡献率%")


def summary_sheet(
    *,
    user: Any,
    period: ReportingPeriod,
    indicators: Sequence[Indicator],
    park: Park | None,
    zone_name: str,
) -> tuple[str, str, list[tuple[str, Sequence[str]]], list[list[Any]]]:
    """主要经济指标完成情况: the dashboard's breakdown for several indicators at once, as the
    economy office pastes it into its monthly report — the zone (or the park) in bold, then each
    park and each chain, each indicator's year to date, growth on the same enterprises, 拉动 and
    贡献率. (title, units line, header groups, rows) for :func:`xlsx_ledger_bytes`."""
    slice_ = Slice(park=park.pk if park else None)
    by = ("zone", "chain") if park else ("zone", "park", "chain")
    kinds = {"zone": "园区" if park else "全区", "park": "园区", "chain": "产业链"}
    places: dict[tuple[str, str], list[Any]] = {}
    figures: dict[tuple[str, str], dict[str, queries.Group]] = {}
    for indicator in indicators:
        breakdown = queries.breakdown(
            user=user, period=period, indicator=indicator, by=by, slice_=slice_
        )
        for grouping in by:
            for group in breakdown[grouping]:
                place = (grouping, group.key)
                label = park.name if park and grouping == "zone" else group.label
                places.setdefault(place, [kinds[grouping], label, group.enterprises])
                figures.setdefault(place, {})[indicator.code] = group
    rows = []
    for place, lead in places.items():
        row = list(lead)
        for indicator in indicators:
            found = figures[place].get(indicator.code)
            row += (
                [
                    units.to_display(found.ytd, indicator.display_unit),
                    found.growth,
                    found.contribution_points,
                    found.contribution_share,
                ]
                if found
                else [None] * len(SUMMARY_SUBCOLUMNS)
            )
        rows.append(row)
    where = f"{zone_name}{park.name if park else ''}"
    title = f"{where}主要经济指标完成情况（{period}）"
    units_line = ledger_units(indicators) + "；同比、贡献率为%，拉动为百分点"
    groups: list[tuple[str, Sequence[str]]] = [("类别", ()), ("名称", ()), ("企业数", ())]
    groups += [(indicator.name, SUMMARY_SUBCOLUMNS) for indicator in indicators]
    return title, units_line, groups, rows


def ledger_groups(indicators: Sequence[Indicator]) -> list[tuple[str, Sequence[str]]]:
    return [(label, ()) for label in LEAD_HEADERS] + [
        (indicator.name, [label for _key, label in SUBCOLUMNS]) for indicator in indicators
    ]


# ---- one enterprise's monthly history ---------------------------------------------------


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
    *, user: Any, enterprise_id: int, indicator: Indicator, months: int = HISTORY_MONTHS
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


# ---- alerts ------------------------------------------------------------------------------

ALERT_STATUSES = ("", "open", "acknowledged", "closed", "all")  # "": not yet closed
LEVEL_ORDER = Case(
    When(level=AlertLevel.RED, then=Value(0)),
    When(level=AlertLevel.ORANGE, then=Value(1)),
    When(level=AlertLevel.BLUE, then=Value(2)),
    default=Value(3),
    output_field=IntegerField(),
)


def alert_list(
    *, user: Any, level: str = "", status: str = "", park: int | None = None
) -> QuerySet[Alert]:
    """The alerts a user may see, grouped by enterprise (the enterprise with the most serious
    alert first) and within it by level and kind; ``status`` "" means not yet closed. An alert
    is one enterprise's one kind for as long as it holds, its months prefetched."""
    qs = (
        Alert.objects.visible_to(user)
        .select_related("enterprise__park", "period", "last_period", "rule", "owner")
        .prefetch_related(Prefetch("months", AlertMonth.objects.select_related("period")))
    )
    if level in AlertLevel.values:
        qs = qs.filter(level=level)
    if status in AlertStatus.values:
        qs = qs.filter(status=status)
    elif status != "all":
        qs = qs.exclude(status=AlertStatus.CLOSED)
    if park:
        qs = qs.filter(enterprise__park_id=park)
    return qs.annotate(
        level_order=LEVEL_ORDER,
        worst=Window(Min(LEVEL_ORDER), partition_by=[F("enterprise_id")]),
    ).order_by("worst", "enterprise__name", "enterprise_id", "level_order", "rule__kind", "pk")
