"""The ledger's Excel layout, the one staff keep and the monthly import reads back: title, units
line, two header rows (indicator, then its sub-columns), totals, rows."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from zoneops.core.exports import safe_cell, workbook
from zoneops.monitoring.ledger.figures import SUBCOLUMNS
from zoneops.monitoring.ledger.queries import Cell, LedgerRow
from zoneops.monitoring.models import Indicator, ReportingPeriod

LEAD_HEADERS = ("序号", "统一社会信用代码", "企业名称", "园区")


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


def ledger_groups(indicators: Sequence[Indicator]) -> list[tuple[str, Sequence[str]]]:
    return [(label, ()) for label in LEAD_HEADERS] + [
        (indicator.name, [label for _key, label in SUBCOLUMNS]) for indicator in indicators
    ]
