"""The downloadable list of problems, so a user can work through the file with it side by side."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _

from zoneops.core.exports import xlsx_bytes
from zoneops.core.imports.problems import Problem


def problems_xlsx(problems: Iterable[Problem], *, title: str = "") -> bytes:
    """An .xlsx with one row per problem: file, sheet, row, column and what was expected."""
    headers = [_("文件"), _("工作表"), _("行"), _("列"), _("问题说明")]
    rows = ([p.file, p.sheet, p.row or None, p.column, p.message] for p in problems)
    return xlsx_bytes(sheet=_("问题清单"), headers=headers, rows=rows, title=title)
