"""The shared import engine: find the header row, parse every cell, plan every row, report
every problem, and write nothing unless every row is good.

A :class:`Spec` describes one kind of import (its columns, how a row becomes a :class:`Plan`,
how a plan is written). :func:`run` is the same for every kind:

1. read the file (:mod:`.reader`) and find the header row by the columns' names;
2. parse each cell with its column's parser and let the spec plan each row
   (create / update / unchanged), collecting *all* problems, across all rows;
3. if there is any problem, or this is a dry run, stop: nothing is written;
4. otherwise write every plan that changes something inside one transaction.

Importing the same file twice plans "unchanged" for every row the second time, so nothing is
written and no history is recorded.
"""

from __future__ import annotations

import abc
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _

from zoneops.core.imports import cells
from zoneops.core.imports.problems import ImportRefused, Problem, column_label
from zoneops.core.imports.reader import Sheet, read_workbook
from zoneops.core.models import User

Progress = Callable[[int, int], None]
Source = str | Path | bytes | BinaryIO

HEADER_SCAN_ROWS = 10
PROGRESS_EVERY = 100
# Plans handed to a spec's writer at once (and between two progress reports while writing).
WRITE_BATCH = 1000
PREVIEW_LIMIT = 50

CREATE, UPDATE, UNCHANGED = "create", "update", "unchanged"
_HEADER_NOISE = re.compile(r"[\s\u3000*＊:：]")


def normalize_header(value: Any) -> str:
    """A header as compared: no spaces or line breaks, no required-marks (*), ASCII brackets."""
    shown = cells.text(value) or ""
    return _HEADER_NOISE.sub("", shown).replace("（", "(").replace("）", ")").lower()


@dataclass(frozen=True)
class Column:
    """One column a spec reads, found by its header (or an alias), never by its position."""

    header: str
    key: str
    aliases: tuple[str, ...] = ()
    required: bool = True
    parse: Callable[[Any], Any] = cells.text

    def matches(self, value: Any) -> bool:
        name = normalize_header(value)
        return bool(name) and name in {normalize_header(h) for h in (self.header, *self.aliases)}


@dataclass
class Plan:
    """What importing one entry will do. ``data`` is whatever the spec's writer needs."""

    row: int
    action: str
    key: str
    label: str
    data: Any = None
    changes: tuple[str, ...] = ()

    def preview(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "action": self.action,
            "key": self.key,
            "label": self.label,
            "changes": list(self.changes),
        }


@dataclass
class Table:
    """The part of a sheet an import reads: where its header row is and where each column is."""

    file: str
    sheet: Sheet
    header_row: int  # 0-based index into sheet.rows
    positions: dict[str, int]
    headers: dict[str, str]

    def label(self, key: str | None) -> str:
        if key is None or key not in self.positions:
            return ""
        return column_label(self.positions[key], self.headers[key])

    def problem(self, row: int, key: str | None, message: str) -> Problem:
        return Problem(self.file, self.sheet.name, row, self.label(key), str(message))

    def cell(self, values: Sequence[Any], key: str) -> Any:
        index = self.positions[key]
        return values[index] if index < len(values) else None

    def data_rows(self) -> Iterator[tuple[int, list[Any]]]:
        """(1-based row number, cells) for each row below the header that is not blank."""
        faults = self.sheet.faults
        # A formula without a saved result is no cell to calamine: its row may lie past the end.
        end = max([len(self.sheet.rows), *(r + 1 for r, _c in faults)])
        for index in range(self.header_row + 1, end):
            values = self.sheet.rows[index] if index < len(self.sheet.rows) else []
            if any(not cells.is_blank(self.cell(values, key)) for key in self.positions) or (
                faults and any((index, p) in faults for p in self.positions.values())
            ):
                yield index + 1, values

    def fault(self, number: int, key: str) -> str | None:
        """What is wrong with a cell that reads as blank but holds a failed formula (see
        :mod:`.guard`), or None; ``number`` is the 1-based row."""
        shown = self.sheet.faults.get((number - 1, self.positions[key]))
        if shown is None:
            return None
        if shown:
            return _("公式错误 %(error)s：请改正公式或填入数值") % {"error": shown}
        return _("公式没有计算结果：请在 Excel 中重新计算并保存，或填入数值")


@dataclass
class Row:
    """One data row while it is being planned: its parsed values and the problems found in it."""

    table: Table
    number: int
    values: dict[str, Any]
    raw: dict[str, Any]
    problems: list[Problem] = field(default_factory=list)
    failed: set[str] = field(default_factory=set)

    def has(self, key: str) -> bool:
        """Whether the file has this column and its cell here parsed (blank counts as parsed)."""
        return key in self.values and key not in self.failed

    def bad(self, key: str | None, message: str) -> None:
        """Record a problem on this row's cell in column ``key`` (None: the row as a whole)."""
        if key is not None and key in self.failed:
            return  # one problem per cell: the first says what to fix
        if key is not None:
            self.failed.add(key)
        self.problems.append(self.table.problem(self.number, key, message))


@dataclass
class Result:
    """What an import did (or, in a dry run or when refused, would have done)."""

    file: str
    sheet: str = ""
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[Problem] = field(default_factory=list)
    preview_rows: list[dict[str, Any]] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)
    written: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "sheet": self.sheet,
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "problems": len(self.problems),
            "written": self.written,
            "details": self.details,
        }


class Spec(abc.ABC):
    """One kind of import. Subclasses set the columns and implement :meth:`plan_row` and
    :meth:`write`; the other hooks have sensible defaults."""

    kind = ""
    columns: tuple[Column, ...] = ()
    # A column whose value must not repeat within the file (the entry's identity).
    unique_key: str | None = None

    def prepare(self, actor: User | None) -> Any:
        """Load what every row needs (lookups by name, existing entries): the context."""
        return None

    def bind(self, table: Table) -> list[Problem]:
        """Adjust the located columns (e.g. a column without a header); return problems."""
        return []

    def preload(self, rows: list[Row], context: Any) -> None:  # noqa: B027 - optional hook
        """Fetch in bulk what the rows refer to (existing entries by key), before planning."""

    @abc.abstractmethod
    def plan_row(self, row: Row, context: Any) -> list[Plan]:
        """The plans for one row; problems go through ``row.bad`` (and then no plan)."""

    def check_plans(self, plans: list[Plan], table: Table, context: Any) -> list[Problem]:
        """Checks across rows, after every row was planned."""
        return []

    def order(self, plans: list[Plan]) -> list[Plan]:
        """The order in which plans are written (e.g. parents before children)."""
        return plans

    @abc.abstractmethod
    def write(self, plan: Plan, actor: User | None, context: Any) -> None:
        """Apply one plan through the app's services (inside the import's transaction)."""

    def write_batch(self, plans: list[Plan], actor: User | None, context: Any) -> None:
        """Apply a batch of plans (none of them unchanged), in order. By default one by one
        through :meth:`write`; a spec whose service writes many entries at once overrides this
        and raises :class:`PlanFailed` naming the plan a refusal is about."""
        for plan in plans:
            try:
                self.write(plan, actor, context)
            except PlanFailed:
                raise
            except (ValidationError, PermissionDenied, DatabaseError) as exc:
                raise PlanFailed(plan, failure_message(exc)) from exc

    def details(self, plans: list[Plan], context: Any) -> dict[str, Any]:
        """Extra figures for the summary (e.g. counts per level)."""
        return {}


def run(
    spec: Spec,
    source: Source,
    *,
    actor: User | None,
    dry_run: bool,
    filename: str = "",
    progress: Progress | None = None,
) -> Result:
    """Import ``source`` with ``spec``: all or nothing. See the module docstring."""
    display = Path(filename or (str(source) if isinstance(source, (str, Path)) else "")).name
    result = Result(file=display)
    try:
        table = find_table(read_workbook(source, filename), spec, display)
    except ImportRefused as exc:
        result.problems.append(Problem(display, exc.sheet, 0, "", str(exc)))
        return result
    result.sheet = table.sheet.name
    result.problems.extend(spec.bind(table))
    if result.problems:
        return result
    context = spec.prepare(actor)
    plans = _plan_all(spec, table, context, result, progress, dry_run)
    _count(result, plans)
    result.details = spec.details(plans, context)
    if result.problems or dry_run:
        return result
    _write_all(spec, plans, actor, context, table, result, progress)
    return result


def _plan_all(
    spec: Spec, table: Table, context: Any, result: Result, progress: Progress | None, dry_run: bool
) -> list[Plan]:
    rows = [_parse_row(spec, table, number, values) for number, values in table.data_rows()]
    result.rows = len(rows)
    # A real run validates every row and then writes it: two steps per row for the progress bar.
    total = len(rows) * (1 if dry_run else 2)
    seen: dict[Any, int] = {}
    for row in rows:
        _check_unique(spec, row, seen)
    spec.preload(rows, context)
    plans: list[Plan] = []
    for done, row in enumerate(rows, start=1):
        plans.extend(spec.plan_row(row, context))
        result.problems.extend(sorted(row.problems, key=_left_to_right))
        if progress and (done % PROGRESS_EVERY == 0 or done == len(rows)):
            progress(done, total)
    result.problems.extend(spec.check_plans(plans, table, context))
    return plans


def _parse_row(spec: Spec, table: Table, number: int, values: list[Any]) -> Row:
    row = Row(table=table, number=number, values={}, raw={})
    for column in spec.columns:
        if column.key not in table.positions:
            continue
        raw = table.cell(values, column.key)
        row.raw[column.key] = raw
        fault = table.fault(number, column.key) if table.sheet.faults else None
        if fault is not None:
            row.values[column.key] = None
            row.bad(column.key, fault)
            continue
        try:
            row.values[column.key] = column.parse(raw)
        except cells.CellError as exc:
            row.values[column.key] = None
            row.bad(column.key, str(exc))
    return row


def _left_to_right(problem: Problem) -> tuple[int, str]:
    # Within a row, problems read in column order (the row as a whole first).
    letters = re.match(r"[A-Z]*", problem.column)
    shown = letters.group(0) if letters else ""
    return (len(shown), shown)


def _check_unique(spec: Spec, row: Row, seen: dict[Any, int]) -> None:
    key = spec.unique_key
    if key is None or not row.has(key) or cells.is_blank(row.values[key]):
        return
    value = row.values[key]
    if value in seen:
        row.bad(key, _("“%(value)s”与第%(first)d行重复") % {"value": value, "first": seen[value]})
    else:
        seen[value] = row.number


def _count(result: Result, plans: list[Plan]) -> None:
    result.created = sum(plan.action == CREATE for plan in plans)
    result.updated = sum(plan.action == UPDATE for plan in plans)
    result.unchanged = sum(plan.action == UNCHANGED for plan in plans)
    result.preview_rows = [plan.preview() for plan in plans[:PREVIEW_LIMIT]]


class PlanFailed(Exception):
    """Writing a plan was refused: the whole import is rolled back and the plan's row named."""

    def __init__(self, plan: Plan, message: str) -> None:
        super().__init__(message)
        self.plan = plan


def failure_message(exc: Exception) -> str:
    """What a row's writer refused with, as the import's problem text."""
    if isinstance(exc, ValidationError):
        return "；".join(str(message) for message in exc.messages)
    if isinstance(exc, PermissionDenied):
        return str(_("您无权导入这一行"))
    return str(_("写入失败（%(error)s），整个文件均未导入") % {"error": exc})


def _write_all(
    spec: Spec,
    plans: list[Plan],
    actor: User | None,
    context: Any,
    table: Table,
    result: Result,
    progress: Progress | None,
) -> None:
    total = result.rows * 2
    ordered = spec.order(plans)
    try:
        with transaction.atomic():
            for start in range(0, len(ordered), WRITE_BATCH):
                batch = [p for p in ordered[start : start + WRITE_BATCH] if p.action != UNCHANGED]
                if batch:
                    spec.write_batch(batch, actor, context)
                done = min(start + WRITE_BATCH, len(ordered))
                if progress:
                    # Plans may outnumber rows (one row, two entries): report in rows.
                    progress(result.rows + done * result.rows // len(ordered), total)
    except PlanFailed as exc:
        # The database changed between the check and the write: everything is rolled back.
        result.problems.append(table.problem(exc.plan.row, None, str(exc)))
        return
    result.written = True


def find_table(sheets: Sequence[Sheet], spec: Spec, file: str) -> Table:
    """The header row that names the most of the spec's columns, within the first rows of any
    sheet (title rows above it are skipped). Raises :class:`ImportRefused` when a required
    column is missing everywhere."""
    best: tuple[tuple[int, int, int, int], Table] | None = None
    for sheet_index, sheet in enumerate(sheets):
        for row_index, values in enumerate(sheet.rows[:HEADER_SCAN_ROWS]):
            positions, headers = _locate(spec.columns, values)
            if not positions:
                continue
            complete = all(c.key in positions for c in spec.columns if c.required)
            score = (int(complete), len(positions), -sheet_index, -row_index)
            if best is None or score > best[0]:
                best = (score, Table(file, sheet, row_index, positions, headers))
    if best is None:
        raise ImportRefused(_missing_message(spec, [c.header for c in spec.columns if c.required]))
    table = best[1]
    missing = [c.header for c in spec.columns if c.required and c.key not in table.positions]
    if missing:
        raise ImportRefused(
            _("工作表“%(sheet)s”第%(row)d行是表头，但%(missing)s")
            % {
                "sheet": table.sheet.name,
                "row": table.header_row + 1,
                "missing": _missing_message(spec, missing),
            }
        )
    return table


def _locate(
    columns: Sequence[Column], values: Sequence[Any]
) -> tuple[dict[str, int], dict[str, str]]:
    positions: dict[str, int] = {}
    headers: dict[str, str] = {}
    for index, value in enumerate(values):
        for column in columns:
            # The first column with a header wins; a repeated header is ignored.
            if column.key not in positions and column.matches(value):
                positions[column.key] = index
                # Messages name the column as the file heads it (级别, not the canonical 层级):
                # that is the text the person fixing the file sees.
                headers[column.key] = " ".join(str(value).split()) or column.header
                break
    return positions, headers


def _missing_message(spec: Spec, missing: list[str]) -> str:
    expected = "、".join(c.header for c in spec.columns if c.required)
    return _("缺少必需的列：%(missing)s（必需的列为：%(expected)s，表头须在前%(n)d行内）") % {
        "missing": "、".join(missing),
        "expected": expected,
        "n": HEADER_SCAN_ROWS,
    }
