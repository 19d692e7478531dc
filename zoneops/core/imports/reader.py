"""Reading a spreadsheet into plain rows: .xlsx, .xls and .ods with python-calamine, .csv with
the csv module. Everything above this module sees sheets of cell values and nothing else."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from django.conf import settings
from django.utils.translation import gettext as _
from python_calamine import CalamineError, CalamineWorkbook

from zoneops.core.imports import guard
from zoneops.core.imports.problems import ImportRefused

WORKBOOK_EXTENSIONS = (".xlsx", ".xlsm", ".xls", ".ods")
CSV_EXTENSIONS = (".csv",)
EXTENSIONS = WORKBOOK_EXTENSIONS + CSV_EXTENSIONS
# Excel on a Chinese Windows saves CSV as GBK; everything else writes UTF-8 (often with a BOM).
CSV_ENCODINGS = ("utf-8-sig", "gb18030")
# Rows above the header a sheet may have (titles, units) besides IMPORT_MAX_ROWS of data.
HEADER_ALLOWANCE = 10


@dataclass
class Sheet:
    """One worksheet: its name and its rows, row 0 being the spreadsheet's row 1."""

    name: str
    rows: list[list[Any]] = field(default_factory=list)
    # Cells calamine reads as blank that are not: (row, column), 0-based → the formula error
    # they show ("#REF!"), or "" for a formula whose result was never saved (see guard.py).
    faults: dict[tuple[int, int], str] = field(default_factory=dict)


def extension(filename: str) -> str:
    return Path(filename).suffix.lower()


def read_workbook(source: str | Path | bytes | BinaryIO, filename: str = "") -> list[Sheet]:
    """All sheets of a file given as a path, bytes or a file object; ``filename`` names its type.

    Raises :class:`ImportRefused` for an unknown type or a file that cannot be read.
    """
    filename = filename or (str(source) if isinstance(source, (str, Path)) else "")
    suffix = extension(filename)
    if suffix not in EXTENSIONS:
        raise ImportRefused(
            _("不支持的文件类型“%(ext)s”：请上传 Excel（.xlsx、.xls）、.ods 或 .csv 文件")
            % {"ext": suffix or filename}
        )
    data = _as_bytes(source)
    if suffix in CSV_EXTENSIONS:
        name = Path(filename).stem or "csv"
        return [Sheet(name=name, rows=_csv_rows(data, name))]
    return _workbook_sheets(data)


def _as_bytes(source: str | Path | bytes | BinaryIO) -> bytes:
    if isinstance(source, bytes):
        return source
    if isinstance(source, (str, Path)):
        try:
            return Path(source).read_bytes()
        except OSError as exc:
            raise ImportRefused(
                _("无法打开文件：%(error)s") % {"error": exc.strerror or exc}
            ) from exc
    source.seek(0)
    return source.read()


def _workbook_sheets(data: bytes) -> list[Sheet]:
    # Before calamine allocates anything: what the file expands to, and each sheet's range.
    extents = guard.inspect(data)
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheets = []
        for index, name in enumerate(book.sheet_names):
            # skip_empty_area=False keeps row and column numbers as the user sees them.
            rows = book.get_sheet_by_index(index).to_python(skip_empty_area=False)
            extent = extents.get(name)
            faults = extent.faults if extent else {}
            if len(rows) > max_rows():
                raise too_many_rows(name, len(rows))
            sheets.append(Sheet(name=name, rows=[list(row) for row in rows], faults=faults))
        return sheets
    except (CalamineError, ValueError, OSError) as exc:
        raise guard.unreadable() from exc


def max_rows() -> int:
    """The most rows a sheet may have: ``IMPORT_MAX_ROWS`` of data and a few above its header.
    A zone's registry or month is thousands of rows; a file of hundreds of thousands is a
    mistake (or an attack) that would hold the worker for an hour and its memory with it."""
    return int(settings.IMPORT_MAX_ROWS) + HEADER_ALLOWANCE


def too_many_rows(sheet: str, rows: int) -> ImportRefused:
    return ImportRefused(
        _(
            "工作表“%(sheet)s”超过一次导入的上限 %(max)s 行（已读到第 %(rows)s 行）：请拆分成"
            "几个文件分批导入"
        )
        % {"sheet": sheet, "rows": f"{rows:,}", "max": f"{settings.IMPORT_MAX_ROWS:,}"},
        sheet=sheet,
    )


def _csv_rows(data: bytes, sheet: str = "csv") -> list[list[Any]]:
    """The rows of a CSV file, decoded as it is read (the file's text is never held whole
    beside its rows), and refused as soon as it passes :func:`max_rows`."""
    limit = max_rows()
    for encoding in CSV_ENCODINGS:
        rows: list[list[Any]] = []
        try:
            with io.TextIOWrapper(io.BytesIO(data), encoding=encoding, newline="") as text:
                for row in csv.reader(text):
                    rows.append(row)
                    if len(rows) > limit:
                        raise too_many_rows(sheet, len(rows) - 1)
        except UnicodeDecodeError:
            continue
        return rows
    raise ImportRefused(_("无法识别该 CSV 文件的编码：请另存为 UTF-8 或 GBK 编码"))
