"""The header of a table of figures: each indicator's name (or an alias) above, or beside, the
figure it holds (本月 / 1—本月累计 / 上年同期累计 / 上年同期本月), with its unit.

Merged cells arrive from calamine as the value in the top-left cell and blanks to its right
and below, so a header's upper text is carried rightwards over the blanks of its merged range.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from zoneops.core.imports import cells
from zoneops.core.imports.engine import Table
from zoneops.core.imports.problems import Problem, column_label
from zoneops.monitoring.models import Indicator, IndicatorKind
from zoneops.monitoring.reports.importers.layout import (
    DIMENSION_LABELS,
    FIELD_LABELS,
    FORM_UNITS,
    LAST_MONTH,
    LAST_YTD,
    MONTH,
    SOURCE_DEFAULT,
    SOURCE_HEADER,
    SOURCE_UNITS_ROW,
    YTD,
    UnitsLine,
    compact,
    dimension_of,
    dimension_of_unit,
    strip_units,
    unit_in_header,
)

# Derived columns (growth, ratios): never imported.
_DERIVED = re.compile(r"同比|增长|增速|增减|增幅|%|％|率|比重|占比|排名|名次")
_LAST_YEAR = ("上年", "去年", "上一年")
_MONTH_WORDS = ("本月", "当月", "同月")
_YTD_RANGE = re.compile(r"1-(本月|\d{1,2}月)")
_RESIDUE = re.compile(r"其中|[:·、,，]|\(\)")
_YEAR_WORDS = frozenset(
    {"本年", "本期", "期末", "期末数", "本年实际", "本期数", "本年数", "本年度"}
)

# Names the forms and the ledgers give the indicators, besides Indicator.name. A name that is
# also an indicator's own name (主营业务收入) belongs to that indicator while it is active.
ALIASES: dict[str, tuple[str, ...]] = {
    "output_value": (
        "工业总产值(当年价格)",
        "工业总产值(现价)",
        "工业总产值(当年价)",
        "工业总产值(现行价格)",
        "总产值",
    ),
    "sales_value": ("工业销售产值(当年价格)", "工业销售产值(现价)", "销售产值"),
    "export_value": ("出口交货值",),
    "electricity": ("企业用电量", "工业用电量", "用电量", "综合用电量", "耗电量"),
    "revenue": ("营业收入", "营业总收入", "主营业务收入"),
    "main_revenue": ("主营业务收入",),
    "operating_cost": ("营业成本",),
    "total_profit": ("利润总额",),
    "vat_payable": ("应交增值税",),
    "taxes_surcharges": ("税金及附加", "营业税金及附加"),
    "employees_avg": ("平均用工人数", "从业人员平均人数", "平均从业人数"),
    "employees_end": ("期末用工人数", "从业人员期末人数", "期末从业人数"),
    "total_assets": ("资产总计", "资产总额"),
    "total_liabilities": ("负债合计", "负债总额"),
}


# ---- indicator headers ----------------------------------------------------------------------


@dataclass(frozen=True)
class Catalogue:
    """Indicator names and aliases, longest first, each with its indicator."""

    names: tuple[tuple[str, Indicator], ...]

    @classmethod
    def of(cls, indicators: Iterable[Indicator]) -> Catalogue:
        active = list(indicators)
        own = {compact(i.name): i for i in active}
        pairs: dict[str, Indicator] = dict(own)
        for indicator in active:
            for alias in ALIASES.get(indicator.code, ()):
                pairs.setdefault(compact(alias), indicator)
        return cls(tuple(sorted(pairs.items(), key=lambda item: -len(item[0]))))

    def find(self, text: str) -> tuple[Indicator, str] | None:
        """The indicator a (compacted) header names, with the rest of the text."""
        for name, indicator in self.names:
            if name and name in text:
                return indicator, text.replace(name, "", 1)
        return None


def _residue(text: str) -> str:
    """What is left of a header once its indicator's name is taken out (其中：, brackets)."""
    return _RESIDUE.sub("", text)


def sub_field(text: str) -> str | None:
    """Which figure a sub-header means: 本月/当月 → month; 1—本月累计/本年累计/1—3月 → year to
    date; 上年同期累计/上年同期 → last year's year to date; 上年同期本月/上年当月 → last year's
    month. None when it says none of these."""
    t = _residue(text)
    if not t:
        return None
    cumulative = "累计" in t or "年初" in t or bool(_YTD_RANGE.search(t))
    monthly = any(word in t for word in _MONTH_WORDS)
    if any(word in t for word in _LAST_YEAR):
        if monthly and not cumulative:
            return LAST_MONTH
        return LAST_YTD
    if cumulative:
        return YTD
    if monthly:
        return MONTH
    if t in _YEAR_WORDS:
        return YTD
    return None


@dataclass(frozen=True)
class FigureColumn:
    """One column of figures: which indicator and figure it holds, and in which unit."""

    index: int
    indicator: Indicator
    field: str
    unit: str
    unit_source: str
    header: str

    @property
    def key(self) -> str:
        return f"{self.indicator.code}.{self.field}"


@dataclass
class Header:
    """A table's header as read: the figure columns, the columns left alone, the problems."""

    upper: int
    lower: int | None
    columns: list[FigureColumn] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def last_row(self) -> int:
        return self.lower if self.lower is not None else self.upper


def _row(table: Table, index: int | None) -> Sequence[Any]:
    if index is None or not 0 <= index < len(table.sheet.rows):
        return ()
    return table.sheet.rows[index]


def _cell(values: Sequence[Any], index: int) -> Any:
    return values[index] if index < len(values) else None


def _words_only(values: Sequence[Any], skip: set[int]) -> bool:
    """Some text (not numbers) outside the lead columns: a row of sub-headers."""
    found = False
    for index, value in enumerate(values):
        if index in skip or cells.is_blank(value):
            continue
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return False
        found = True
    return found


def header_rows(table: Table, catalogue: Catalogue) -> tuple[int, int | None]:
    """(upper, lower) header rows around the row the engine found by its lead columns.

    Two rows when the next row has only sub-headers under blank lead cells (merged down), or
    when the found row holds sub-headers under a row of indicator names.
    """
    found = table.header_row
    lead = set(table.positions.values())
    below = _row(table, found + 1)
    if all(cells.is_blank(_cell(below, i)) for i in lead) and _words_only(below, lead):
        return found, found + 1
    here = _row(table, found)
    above = _row(table, found - 1) if found > 0 else ()
    has_subs = any(sub_field(strip_units(compact(v))) for i, v in enumerate(here) if i not in lead)
    has_names = any(
        catalogue.find(compact(v)) for i, v in enumerate(above) if i not in lead and i > 0
    )
    if has_subs and has_names:
        return found - 1, found
    return found, None


def _header_cells(table: Table, upper: int, lower: int | None) -> list[tuple[int, str, str]]:
    """(column, upper text, lower text) for each headed column outside the lead columns; the
    upper text carried rightwards over a merged range's blanks."""
    lead = set(table.positions.values())
    top_row, bottom_row = _row(table, upper), _row(table, lower)
    width = max(len(top_row), len(bottom_row))
    carry = ""
    out = []
    for index in range(width):
        if index in lead:
            carry = ""
            continue
        top = cells.text(_cell(top_row, index)) or ""
        bottom = cells.text(_cell(bottom_row, index)) or ""
        if top:
            carry = top
        elif bottom and carry:
            top = carry
        if not top and not bottom:
            carry = ""
            continue
        out.append((index, top, bottom))
    return out


def read_header(
    table: Table, catalogue: Catalogue, units_line: UnitsLine, rows: tuple[int, int | None]
) -> Header:
    """The figure columns of a table (header ``rows`` from :func:`header_rows`): indicator ×
    figure, with each column's unit.

    The unit is the header's own (工业总产值（万元）), else the units row's for that kind of
    quantity, else the form's (千元, 万千瓦时, 人).
    """
    upper, lower = rows
    header = Header(upper=upper, lower=lower)
    found: list[tuple[int, Indicator, str | None, str, str | None]] = []
    for index, top, bottom in _header_cells(table, upper, lower):
        label = "·".join(part for part in (top, bottom) if part)
        texts = [compact(top), compact(bottom)]
        if any(_DERIVED.search(strip_units(t)) for t in texts):
            continue  # growth and ratios are derived from the figures, never imported
        unit = unit_in_header(texts[0]) or unit_in_header(texts[1])
        match = None
        for position, text in enumerate(texts):
            hit = catalogue.find(strip_units(text))
            if hit is not None:
                indicator, rest = hit
                texts[position] = rest
                match = indicator
                break
        if match is None:
            header.ignored.append(label)
            continue
        rest = _residue("".join(strip_units(t) for t in texts))
        sub = sub_field(rest)
        if rest and sub is None:
            header.ignored.append(label)  # 全年目标, 计划数 …: not a figure of the report
            continue
        found.append((index, match, sub, label, unit))
    _assign_fields(table, header, found, units_line)
    return header


def _assign_fields(
    table: Table,
    header: Header,
    found: list[tuple[int, Indicator, str | None, str, str | None]],
    units_line: UnitsLine,
) -> None:
    row = header.upper + 1

    def problem(index: int, label: str, message: str) -> None:
        header.problems.append(
            Problem(table.file, table.sheet.name, row, column_label(index, label), message)
        )

    # A stock (期末) has one figure and last year's: 本月 or a bare name is its end-of-period
    # value unless the file also has a year-to-date column for it.
    has_ytd = {(i.code, f) for _x, i, f, _l, _u in found if f in (YTD, LAST_YTD)}
    taken: dict[str, int] = {}
    for index, indicator, sub, label, unit in found:
        figure = sub
        if indicator.kind == IndicatorKind.STOCK:
            if figure in (None, MONTH) and (indicator.code, YTD) not in has_ytd:
                figure = YTD
            elif figure == LAST_MONTH and (indicator.code, LAST_YTD) not in has_ytd:
                figure = LAST_YTD
            elif figure in (MONTH, LAST_MONTH):
                continue  # the stock's 本月 beside its 期末数: blank in the ledgers, left alone
        if figure is None:
            problem(
                index,
                label,
                _("表头“%(label)s”没有写明是本月、1—本月累计还是上年同期累计") % {"label": label},
            )
            continue
        dim = dimension_of(indicator)
        if dim is None:
            header.ignored.append(label)
            continue
        source = SOURCE_HEADER
        if unit is not None and dimension_of_unit(unit) != dim:
            problem(
                index,
                label,
                _("单位“%(unit)s”不是%(name)s的单位（应为%(expected)s之类）")
                % {"unit": unit, "name": indicator.name, "expected": FORM_UNITS[dim]},
            )
            continue
        if unit is None:
            unit = units_line.by_dimension.get(dim)
            source = SOURCE_UNITS_ROW
        if unit is None:
            unit, source = FORM_UNITS[dim], SOURCE_DEFAULT
        column = FigureColumn(index, indicator, figure, unit, source, label)
        if column.key in taken:
            problem(
                index,
                label,
                _("与%(other)s重复：都是%(name)s的“%(figure)s”")
                % {
                    "other": column_label(taken[column.key], ""),
                    "name": indicator.name,
                    "figure": FIELD_LABELS[figure],
                },
            )
            continue
        taken[column.key] = index
        header.columns.append(column)


def units_summary(columns: Iterable[FigureColumn]) -> dict[str, str]:
    """{金额单位: 千元（单位行）, …} for the preview: how each kind of figure was read."""
    seen: dict[str, list[str]] = {}
    for column in columns:
        dim = dimension_of(column.indicator)
        if dim is None:
            continue
        text = f"{column.unit}（{column.unit_source}）"
        if text not in seen.setdefault(DIMENSION_LABELS[dim], []):
            seen[DIMENSION_LABELS[dim]].append(text)
    return {label: "、".join(texts) for label, texts in seen.items()}
