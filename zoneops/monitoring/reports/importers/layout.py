"""What the monthly and grid imports read around the table itself, in the layouts staff keep:
the period in the title, the units (a units row, the header text, or the form's defaults),
numbers written in a named unit, and the total rows that are not enterprises. The header of
figures (indicator × 本月 / 累计 …) is read by :mod:`.headers`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.translation import gettext as _

from zoneops.core import units
from zoneops.core.imports import cells
from zoneops.core.imports.engine import Table
from zoneops.core.imports.problems import Problem, column_label
from zoneops.monitoring.models import Indicator, StoredUnit, period_label
from zoneops.monitoring.reports.validation import FIELDS

MONTH, YTD, LAST_YTD, LAST_MONTH = FIELDS[0], FIELDS[1], FIELDS[2], FIELDS[3]
FIELD_LABELS = {
    MONTH: "本月",
    YTD: "1—本月累计",
    LAST_YTD: "上年同期累计",
    LAST_MONTH: "上年同期本月",
}

# Cells that mean "no figure" in statistical tables.
BLANK_MARKS = frozenset({"—", "——", "-", "--", "－", "/", "…", "...", "无"})
CENT = Decimal("0.01")
# The ledgers' DecimalField(max_digits=20, decimal_places=2).
STORED_LIMIT = Decimal(10) ** 18

MONEY, ENERGY, PEOPLE = "money", "energy", "people"
DIMENSION_LABELS = {MONEY: "金额单位", ENERGY: "用电量单位", PEOPLE: "人数单位"}
# The forms' own units (docs/domain.md#units): what a file means when it names none.
FORM_UNITS = {MONEY: "千元", ENERGY: "万千瓦时", PEOPLE: "人"}
STORED_DIMENSIONS = {StoredUnit.YUAN: MONEY, StoredUnit.KWH: ENERGY, StoredUnit.PERSON: PEOPLE}
SOURCE_HEADER, SOURCE_UNITS_ROW, SOURCE_DEFAULT = "表头", "单位行", "默认"

_DASHES = re.compile(r"[—–－~～―‐]+")
_SPACES = re.compile(r"[\s\u3000]+")
_UNIT = r"亿千瓦时|万千瓦时|千瓦时|kw·h|kw\.h|kwh|百万元|亿元|万元|千元|元|万度|度|人"
_UNIT_NAMES = re.compile(_UNIT, re.IGNORECASE)
# A unit as a word of its own (after 单位：, between separators): not the 人 of 人数 or 度 of 年度.
_UNIT_WORD = re.compile(
    rf"(?:(?<=^)|(?<=[:：、,，;；/\s(（]))({_UNIT})(?=$|[、,，;；/\s()（）])", re.IGNORECASE
)
_BRACKETED = re.compile(r"[(（]\s*(?:单位\s*[:：]?\s*)?([^()（）]*)[)）]")
_UNITS_LINE = re.compile(r"单位\s*[:：]")
TITLE_PERIOD = re.compile(
    r"(\d{4})\s*年\s*(?:(\d{1,2})\s*月?\s*[—–\-－~～至到]+\s*)?(\d{1,2})\s*月"
)

TOTAL_NAMES = frozenset({"合计", "总计", "小计", "全区合计", "全区总计", "总合计", "汇总", "全区"})
TOTAL_WORDS = ("合计", "总计", "小计")  # two characters each: see total_row
# The row of column codes under a statistical form's header (甲 乙 1 2 3 …).
CODE_ROW_MARKS = frozenset({"甲", "乙", "丙", "丁"})
_ORDINAL = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十\d]+[)）]|\d+[、.．])"
)


def compact(value: Any) -> str:
    """Cell text as compared: no spaces, ASCII brackets, colons and dashes unified."""
    shown = cells.text(value) or ""
    shown = _SPACES.sub("", shown).replace("（", "(").replace("）", ")").replace("：", ":")
    return _DASHES.sub("-", shown).lower()


def is_blank_mark(value: Any) -> bool:
    """Blank, or a dash or slash that a statistical table writes for "no figure"."""
    if type(value) in (int, float):
        return False  # the common case: a number, read from the cell as one
    return cells.is_blank(value) or (cells.text(value) or "") in BLANK_MARKS


# ---- the period -----------------------------------------------------------------------------


@dataclass(frozen=True)
class PeriodChoice:
    """The month a file reports: 2024年3月, or 2024年1—2月 (February, combined with January)."""

    year: int
    month: int
    combined: bool = False

    @property
    def key(self) -> str:
        return f"{self.year}-{self.month:02d}"

    def label(self) -> str:
        return period_label(self.year, self.month, combined=self.combined)


def period_in_text(text: str) -> PeriodChoice | None:
    """2024年3月 and 2024年1—3月 → March; 2024年1—2月 (or 1-2月) → February, combined."""
    for match in TITLE_PERIOD.finditer(text):
        year, start, end = int(match.group(1)), match.group(2), int(match.group(3))
        first = int(start) if start else None
        if not 1 <= end <= 12 or (first is not None and (first != 1 or first > end)):
            continue
        return PeriodChoice(year, end, combined=first == 1 and end == 2)
    return None


@dataclass(frozen=True)
class Above:
    """The rows above a table's header: where its title and its units line are."""

    title_at: tuple[int, int] | None  # (0-based row, column) of the first text
    title: str
    period: PeriodChoice | None
    period_at: tuple[int, int] | None
    units_at: tuple[int, int] | None
    units_text: str


def read_above(table: Table, top: int) -> Above:
    """The title (first text above the header), the first text naming a period, and the first
    units line (单位：千元、万千瓦时)."""
    title_at = period_at = units_at = None
    title = units_text = ""
    period = None
    for r, values in enumerate(table.sheet.rows[:top]):
        for c, value in enumerate(values):
            shown = cells.text(value)
            if not shown:
                continue
            if title_at is None:
                title_at, title = (r, c), shown
            if period is None:
                period = period_in_text(shown)
                period_at = (r, c) if period else None
            if units_at is None and _UNITS_LINE.search(shown):
                units_at, units_text = (r, c), shown
    return Above(title_at, title, period, period_at, units_at, units_text)


def resolve_period(
    table: Table, above: Above, chosen: PeriodChoice | None
) -> tuple[PeriodChoice | None, list[Problem]]:
    """The period chosen (--period, the page) or named by the title; a title naming another
    month than the one chosen is refused rather than guessed."""
    where = above.period_at or above.title_at

    def problem(message: str) -> Problem:
        if where is None:
            return Problem(table.file, table.sheet.name, 0, "", message)
        return Problem(
            table.file, table.sheet.name, where[0] + 1, column_label(where[1], _("标题")), message
        )

    found = above.period
    if chosen is not None:
        if found is not None and (found.year, found.month) != (chosen.year, chosen.month):
            return None, [
                problem(
                    _("标题中的报告期是%(found)s，与指定的报告期%(chosen)s不一致")
                    % {"found": found.label(), "chosen": chosen.key}
                )
            ]
        combined = chosen.combined or bool(found and found.combined)
        return PeriodChoice(chosen.year, chosen.month, combined), []
    if found is None:
        return None, [
            problem(
                _(
                    "未指定报告期，标题中也没有：请在标题中写明（如“2024年3月”或“2024年1—2月”），"
                    "或在命令行用 --period 2024-03 指定"
                )
            )
        ]
    return found, []


# ---- units ----------------------------------------------------------------------------------


def normalize_unit(unit: str) -> str:
    shown = unit.strip()
    return "千瓦时" if shown.lower() in {"kwh", "kw·h", "kw.h"} else shown


def dimension_of_unit(unit: str) -> str | None:
    unit = normalize_unit(unit)
    if unit in units.MONEY_FACTORS:
        return MONEY
    if unit in units.ENERGY_FACTORS:
        return ENERGY
    if unit in units.PERSON_FACTORS:
        return PEOPLE
    return None


def dimension_of(indicator: Indicator) -> str | None:
    return STORED_DIMENSIONS.get(indicator.unit)  # type: ignore[call-overload, no-any-return]


def units_in_line(text: str) -> list[str]:
    """The units a units line names, in order: 单位：千元、万千瓦时 → [千元, 万千瓦时]."""
    match = _UNITS_LINE.search(text)
    if not match:
        return []
    rest = text[match.start() :]
    # Every "单位：" starts a list of its own (金额单位：千元；电量单位：万千瓦时).
    rest = _UNITS_LINE.sub("：", rest)
    return [normalize_unit(m.group(1)) for m in _UNIT_WORD.finditer(rest)]


def unit_in_header(text: str) -> str | None:
    """A unit written in brackets in a header: 工业总产值（万元）, 本月(千元), 用电量（kWh）."""
    for match in _BRACKETED.finditer(text):
        inner = match.group(1).strip()
        if _UNIT_NAMES.fullmatch(inner):
            return normalize_unit(inner)
    return None


def strip_units(text: str) -> str:
    """A compacted header without its bracketed unit."""

    def drop(match: re.Match[str]) -> str:
        return "" if _UNIT_NAMES.fullmatch(match.group(1).strip()) else match.group(0)

    return _BRACKETED.sub(drop, text)


@dataclass
class UnitsLine:
    """The units row's unit per dimension, and the problems it has."""

    by_dimension: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def read_units_line(table: Table, above: Above) -> UnitsLine:
    line = UnitsLine()
    if above.units_at is None:
        return line
    row, col = above.units_at
    for unit in units_in_line(above.units_text):
        dim = dimension_of_unit(unit)
        if dim is None:
            continue
        known = line.by_dimension.get(dim)
        if known is not None and known != unit:
            line.problems.append(
                Problem(
                    table.file,
                    table.sheet.name,
                    row + 1,
                    column_label(col, _("单位")),
                    _("单位行写了两个%(what)s（%(a)s、%(b)s），无法判断用哪一个")
                    % {"what": DIMENSION_LABELS[dim], "a": known, "b": unit},
                )
            )
            continue
        line.by_dimension[dim] = unit
    return line


def to_stored(number: Decimal, unit: str) -> Decimal:
    """A figure in a file's unit, in the stored unit, to the cent (as the ledgers keep it)."""
    return units.to_stored(number, unit).quantize(CENT, rounding=ROUND_HALF_UP)


def number_parser(unit: str) -> Callable[[Any], Decimal | None]:
    """A cell parser: a number written in ``unit``, returned in the stored unit; blank, "—"
    and "/" are no figure."""

    factor = units.factor(unit)

    def parse(value: Any) -> Decimal | None:
        if type(value) is float or type(value) is int:
            # Most cells of a large file: a number, converted without the text cases.
            stored = (Decimal(repr(value)) * factor).quantize(CENT, rounding=ROUND_HALF_UP)
        elif is_blank_mark(value):
            return None
        else:
            try:
                number = cells.decimal(value)
            except cells.CellError as exc:
                raise cells.CellError(
                    _("应为数字，单位%(unit)s，而不是“%(value)s”")
                    % {"unit": unit, "value": cells.text(value)}
                ) from exc
            assert number is not None
            stored = to_stored(number, unit)
        if abs(stored) >= STORED_LIMIT:
            raise cells.CellError(
                _("数值“%(value)s”过大（单位%(unit)s），请核对")
                % {"unit": unit, "value": cells.text(value)}
            )
        return stored

    return parse


def shown(value: Decimal | None, unit: str) -> str:
    """A stored value in a file's unit, for a message: 1234.5千元."""
    if value is None:
        return "—"
    return f"{units.plain(value / units.factor(unit))}{unit}"


# ---- rows that are not enterprises ----------------------------------------------------------


def park_keys(names: Iterable[str]) -> frozenset[str]:
    """Park names as :func:`total_row` compares them (made once per file, not per row)."""
    return frozenset(compact(name) for name in names)


def total_row(lead: Sequence[str], name: str, has_code: bool, park_names: frozenset[str]) -> bool:
    """A total, subtotal or column-code row: 合计, 总计, 小计, 全区合计, 其中…, a park's 合计 or
    its own heading, 甲/乙; or a name with 合计/小计 and no credit code. ``park_names``: from
    :func:`park_keys`."""
    for text in lead:
        t = compact(text)
        if not t:
            continue
        bare = _ORDINAL.sub("", t)
        if t in TOTAL_NAMES or bare in TOTAL_NAMES or t.startswith("其中") or t in CODE_ROW_MARKS:
            return True
        # A park's name, or a park's name and 合计/总计/小计 (two characters each).
        if bare in park_names or (bare[-2:] in TOTAL_WORDS and bare[:-2] in park_names):
            return True
    return not has_code and any(word in compact(name) for word in TOTAL_WORDS)
