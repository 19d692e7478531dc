"""The shared import engine: spreadsheets in, validated all-or-nothing writes out.

Domain apps describe an import as a :class:`~zoneops.core.imports.engine.Spec` and register it
(:mod:`.registry`); the engine (:func:`~zoneops.core.imports.engine.run`) reads .xlsx, .xls,
.ods and .csv, matches headers by name, reports every bad cell by file, sheet, row and column,
and writes nothing unless every row is good.
"""

from zoneops.core.imports.engine import (
    CREATE,
    UNCHANGED,
    UPDATE,
    Column,
    Plan,
    Result,
    Row,
    Spec,
    Table,
    run,
)
from zoneops.core.imports.problems import ImportRefused, Problem
from zoneops.core.imports.reader import Sheet, read_workbook
from zoneops.core.imports.registry import ImportKind, get_kind, kinds_for, register

__all__ = [
    "CREATE",
    "UNCHANGED",
    "UPDATE",
    "Column",
    "ImportKind",
    "ImportRefused",
    "Plan",
    "Problem",
    "Result",
    "Row",
    "Sheet",
    "Spec",
    "Table",
    "get_kind",
    "kinds_for",
    "read_workbook",
    "register",
    "run",
]
