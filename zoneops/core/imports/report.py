"""The downloadable list of problems, so a user can work through the file with it side by side."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from django.utils.translation import gettext as _

from zoneops.core.exports import xlsx_bytes
from zoneops.core.imports.problems import Problem


def report_headers() -> list[str]:
    return [_("文件"), _("工作表"), _("行"), _("列"), _("问题说明")]


def report_rows(problems: Iterable[Problem]) -> Iterator[list[Any]]:
    """One row per problem: file, sheet, row number (blank for the whole file), column, message."""
    for p in problems:
        yield [p.file, p.sheet, p.row or None, p.column, p.message]


def problems_xlsx(problems: Iterable[Problem], *, title: str = "") -> bytes:
    """An .xlsx with one row per problem (for the command line or an e-mail)."""
    return xlsx_bytes(
        sheet=_("问题清单"), headers=report_headers(), rows=report_rows(problems), title=title
    )
