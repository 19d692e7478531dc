"""The one export path: ledgers to .xlsx with XlsxWriter, formula injection neutralised."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any
from urllib.parse import quote

import xlsxwriter
from django.http import HttpResponse
from django.utils.functional import Promise

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# A cell starting with one of these is read by Excel as a formula (or DDE): prefix a quote.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """A value Excel will show as typed, never evaluate. A lazy translation (a choice's label, a
    column header) is text in the language of the request."""
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    if isinstance(value, Decimal):
        return float(value)
    return value


def workbook(buffer: io.BytesIO) -> Any:
    """An in-memory workbook that writes text as text (never formulas or links)."""
    return xlsxwriter.Workbook(
        buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    )


def write_row(
    ws: Any, row_index: int, values: Sequence[Any], *, date_format: Any, text: Any
) -> None:
    """One row of typed cells: dates as dates, text as text (codes such as 0111 or credit codes
    must not become numbers), numbers as numbers; blank cells are left empty."""
    for col, value in enumerate(values):
        value = safe_cell(value)
        if value is None or value == "":
            continue
        if isinstance(value, dt.date):
            ws.write_datetime(
                row_index, col, dt.datetime(value.year, value.month, value.day), date_format
            )
        elif isinstance(value, str):
            ws.write_string(row_index, col, value, text)
        else:
            ws.write(row_index, col, value)


def xlsx_bytes(
    *, sheet: str, headers: Sequence[str], rows: Iterable[Sequence[Any]], title: str = ""
) -> bytes:
    """One sheet: an optional title row, a bold header row, then the rows; text stays text."""
    buffer = io.BytesIO()
    book = workbook(buffer)
    ws = book.add_worksheet(str(sheet)[:31])
    bold = book.add_format({"bold": True, "bg_color": "#DDE7F3", "border": 1})
    date_format = book.add_format({"num_format": "yyyy-mm-dd"})
    text = book.add_format({"num_format": "@"})
    row_index = 0
    if title:
        ws.write_string(0, 0, str(title), book.add_format({"bold": True, "font_size": 14}))
        row_index = 1
    for col, header in enumerate(map(str, headers)):
        ws.write_string(row_index, col, header, bold)
        ws.set_column(col, col, max(10, min(40, len(header) * 2 + 4)))
    for values in rows:
        row_index += 1
        write_row(ws, row_index, values, date_format=date_format, text=text)
    ws.freeze_panes(row_index and (2 if title else 1), 0)
    book.close()
    return buffer.getvalue()


def xlsx_response(
    *,
    filename: str,
    sheet: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    title: str = "",
) -> HttpResponse:
    return xlsx_download(xlsx_bytes(sheet=sheet, headers=headers, rows=rows, title=title), filename)


def xlsx_download(content: bytes, filename: str) -> HttpResponse:
    """A workbook as a download named ``filename`` (Chinese names kept, RFC 5987)."""
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(str(filename))}"
    return response
