"""What is wrong with an import, said so that a person can find and fix it in the file."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from django.utils.translation import gettext as _


class ImportRefused(Exception):
    """The file as a whole cannot be imported (unknown type, unreadable, no header row);
    ``sheet`` names the worksheet when the refusal is about one."""

    def __init__(self, message: str, *, sheet: str = "") -> None:
        super().__init__(message)
        self.sheet = sheet


def column_letter(index: int) -> str:
    """Spreadsheet letters for a 0-based column index: 0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def column_label(index: int, header: str) -> str:
    """How a column is named in a message: C列（园区）."""
    return _("%(letter)s列（%(header)s）") % {"letter": column_letter(index), "header": header}


@dataclass(frozen=True)
class Problem:
    """One bad cell (or row, or file): where it is and what was expected there.

    ``row`` is the 1-based row number as the spreadsheet shows it (0 for the file as a whole);
    ``column`` is a label such as ``C列（园区）`` or empty when the problem is the whole row.
    """

    file: str
    sheet: str
    row: int
    column: str
    message: str

    def where(self) -> str:
        """第5行 C列（园区）"""
        parts = []
        if self.row:
            parts.append(_("第%(row)d行") % {"row": self.row})
        if self.column:
            parts.append(self.column)
        return " ".join(parts)

    def text(self) -> str:
        """第5行 C列（园区）：园区“北川工业园”不存在，应为：东川工业园、南川工业园"""
        where = self.where()
        return f"{where}：{self.message}" if where else self.message

    def line(self) -> str:
        """文件 · 工作表 · 第N行 · 列 · 说明, as the command line prints it."""
        row = _("第%(row)d行") % {"row": self.row} if self.row else "—"
        return " · ".join([self.file, self.sheet or "—", row, self.column or "—", self.message])

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Problem:
        """A problem as ImportJob.problems stores it (missing parts read as blank)."""
        return cls(
            file=str(data.get("file") or ""),
            sheet=str(data.get("sheet") or ""),
            row=int(data.get("row") or 0),
            column=str(data.get("column") or ""),
            message=str(data.get("message") or ""),
        )
