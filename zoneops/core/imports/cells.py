"""Cell parsers: one spreadsheet cell in, one Python value out, or a :class:`CellError` that
says what was expected. Cells arrive as calamine gives them (str, float, int, bool, date,
datetime) or as CSV text; empty cells (None, "", spaces) parse to ``None`` or ``[]``."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from zoneops.core.exports import FORMULA_STARTS

# Spaces people and official files put around values: ASCII, full-width and no-break.
_BLANKS = " \t\r\n\u3000\xa0"
_NEUTRALISED = tuple("'" + start for start in FORMULA_STARTS)
_LIST_SEPARATORS = re.compile(r"[、,，;；\n]+")
_DATE_PATTERNS = (
    re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T].*)?$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)
# Excel's day 0 (it counts 1900 as a leap year, so serials after February 1900 use this base).
_EXCEL_EPOCH = dt.date(1899, 12, 30)

YES = frozenset({"是", "y", "yes", "true", "1", "规上", "√", "✓"})
NO = frozenset({"否", "n", "no", "false", "0", "规下", "×"})


class CellError(ValueError):
    """A cell that does not hold what its column expects; the message says what was expected."""


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip(_BLANKS))


def text(value: Any) -> str | None:
    """Text as shown: whole numbers without ".0" (Excel stores 123 as 123.0), spaces trimmed."""
    if is_blank(value):
        return None
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    shown = str(value).strip(_BLANKS)
    if len(shown) > 1 and shown[0] == "'" and shown.startswith(_NEUTRALISED):
        # Undo the export's formula guard ('=…) so an exported file re-imports unchanged.
        return shown[1:]
    return shown


def choice(
    value: str, choices: Iterable[tuple[str, Any]], aliases: Mapping[str, str] | None = None
) -> str:
    """A choice written by its label (国家级), its stored code (national) or one of ``aliases``
    (省 → province): the stored code."""
    pairs = [(code, str(label)) for code, label in choices]
    known = {label: code for code, label in pairs} | {code: code for code, _l in pairs}
    found = known.get(value.strip()) or (aliases or {}).get(value.strip())
    if found is None:
        raise CellError(
            _("“%(value)s”不正确，应为：%(names)s")
            % {"value": value, "names": "、".join(label for _c, label in pairs)}
        )
    return found


def code(value: Any) -> str | None:
    """An identifier (credit code, username …): text, upper-cased, inner spaces removed."""
    shown = text(value)
    return None if shown is None else re.sub(r"\s+", "", shown).upper()


def digits(value: Any, width: int) -> str | None:
    """A numeric code of a known width, restoring the leading zeros Excel dropped (111 → 0111)."""
    shown = text(value)
    if shown is None:
        return None
    if not shown.isdigit() or len(shown) > width:
        raise CellError(
            _("应为%(width)d位数字代码，而不是“%(value)s”") % {"width": width, "value": shown}
        )
    return shown.zfill(width)


def yes_no(value: Any) -> bool | None:
    """是/否 and the other ways people write it: Y/N, 1/0, 规上/规下, TRUE/FALSE."""
    if is_blank(value):
        return None
    if isinstance(value, bool):
        return value
    shown = (text(value) or "").lower()
    if shown in YES:
        return True
    if shown in NO:
        return False
    raise CellError(
        _("应为“是”或“否”（也可填 Y/N、1/0、规上/规下），而不是“%(value)s”")
        % {"value": text(value)}
    )


def date(value: Any) -> dt.date | None:
    """A date cell, or text such as 2021-03-05, 2021/3/5, 2021年3月5日, 20210305."""
    if is_blank(value):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _serial_date(value)
    shown = text(value) or ""
    for pattern in _DATE_PATTERNS:
        match = pattern.match(shown)
        if match:
            try:
                return dt.date(*(int(part) for part in match.groups()))
            except ValueError:
                break
    raise CellError(_("应为日期（如 2021-03-05），而不是“%(value)s”") % {"value": shown})


def _serial_date(value: float) -> dt.date:
    # A date cell whose format was lost arrives as Excel's day number.
    if not 1 <= value < 2958466:
        raise CellError(_("应为日期（如 2021-03-05），而不是“%(value)s”") % {"value": text(value)})
    return _EXCEL_EPOCH + dt.timedelta(days=int(value))


def decimal(value: Any) -> Decimal | None:
    """A number, allowing thousands separators: 1,234.5 → Decimal("1234.5")."""
    if is_blank(value):
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return Decimal(str(value))
    shown = (text(value) or "").replace(",", "").replace("，", "")
    try:
        number = Decimal(shown)
    except InvalidOperation as exc:
        raise CellError(_("应为数字，而不是“%(value)s”") % {"value": text(value)}) from exc
    if not number.is_finite():
        raise CellError(_("应为数字，而不是“%(value)s”") % {"value": text(value)})
    return number


def names(value: Any) -> list[str]:
    """A list written in one cell: 高新技术企业、专精特新 (also , ， ; ；)."""
    shown = text(value)
    if shown is None:
        return []
    return [part.strip(_BLANKS) for part in _LIST_SEPARATORS.split(shown) if part.strip(_BLANKS)]
