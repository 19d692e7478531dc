"""The plan's ledger layout (重点项目计划表), shared by the export and the importer.

A title row, then a two-row header: each column's name spans both rows, except 本年计划投资,
whose name spans its thirteen columns (全年, 1月 … 12月) above the months. The importer finds
the columns by these names, so an exported plan re-imports unchanged.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from zoneops.core import units
from zoneops.core.exports import workbook, write_row
from zoneops.projects.models import KeyProject

WAN = "万元"
PLAN_HEADER = "本年计划投资（万元）"
YEAR_TOTAL = "全年"
MONTH_HEADERS = tuple(f"{m}月" for m in range(1, 13))

# (header, key) of the columns before and after the monthly plan, in order.
LEAD_COLUMNS: tuple[tuple[str, str], ...] = (
    ("年度", "year"),
    ("项目名称", "name"),
    ("项目类别", "category"),
    ("项目级别", "level"),
    ("建设性质", "nature"),
    ("园区", "park"),
    ("业主单位", "owner_name"),
    ("业主统一社会信用代码", "owner_enterprise"),
    ("行业代码", "industry"),
    ("建设规模及内容", "content"),
    ("总投资（万元）", "total_investment"),
    ("以前年度累计完成投资（万元）", "prior_investment"),
)
TAIL_COLUMNS: tuple[tuple[str, str], ...] = (
    ("计划开工", "planned_start"),
    ("实际开工", "actual_start"),
    ("计划竣工", "planned_completion"),
    ("实际竣工", "actual_completion"),
    ("状态", "status"),
    ("包抓领导（账号）", "leader"),
    ("专班成员（账号:职务）", "members"),
)


def _wan(value: Decimal | None) -> float | None:
    shown = units.to_display(value, WAN, places=4)
    return None if shown is None else float(shown)


def members_text(project: KeyProject) -> str:
    return "、".join(f"{m.user.username}:{m.get_role_display()}" for m in project.members.all())


def plan_row(project: KeyProject) -> list[Any]:
    plan = {p.month: p.amount for p in project.plan_months.all()}
    lead = [
        project.year,
        project.name,
        project.get_category_display(),
        project.get_level_display(),
        project.get_nature_display(),
        project.park.name,
        project.owner_name,
        project.owner_enterprise.credit_code if project.owner_enterprise else None,
        project.industry.code if project.industry else None,
        project.content,
        _wan(project.total_investment),
        _wan(project.prior_investment),
    ]
    months = [_wan(sum(plan.values(), Decimal(0)))] + [_wan(plan.get(m)) for m in range(1, 13)]
    tail = [
        project.planned_start,
        project.actual_start,
        project.planned_completion,
        project.actual_completion,
        project.get_status_display(),
        project.leader.username if project.leader else None,
        members_text(project),
    ]
    return lead + months + tail


def plan_xlsx(projects: Iterable[KeyProject], *, title: str) -> bytes:
    """The plan in its ledger layout (see the module docstring), and a sheet of the projects'
    funding sources."""
    projects = list(projects)  # read twice: the plan, then the funding
    buffer = io.BytesIO()
    book = workbook(buffer)
    ws = book.add_worksheet(_("重点项目计划"))
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
    date_format = book.add_format({"num_format": "yyyy-mm-dd"})
    text = book.add_format({"num_format": "@"})
    width = len(LEAD_COLUMNS) + 13 + len(TAIL_COLUMNS)
    ws.merge_range(
        0,
        0,
        0,
        width - 1,
        title,
        book.add_format({"bold": True, "font_size": 14, "align": "center"}),
    )
    col = 0
    for header, _key in LEAD_COLUMNS:
        ws.merge_range(1, col, 2, col, header, head)
        ws.set_column(col, col, 24 if _key in ("name", "content", "owner_name") else 12)
        col += 1
    ws.merge_range(1, col, 1, col + 12, PLAN_HEADER, head)
    for offset, header in enumerate((YEAR_TOTAL, *MONTH_HEADERS)):
        ws.write_string(2, col + offset, header, head)
        ws.set_column(col + offset, col + offset, 9)
    col += 13
    for header, _key in TAIL_COLUMNS:
        ws.merge_range(1, col, 2, col, header, head)
        ws.set_column(col, col, 28 if _key == "members" else 12)
        col += 1
    row_index = 2
    for project in projects:
        row_index += 1
        write_row(ws, row_index, plan_row(project), date_format=date_format, text=text)
    ws.freeze_panes(3, 2)
    _funding_sheet(book, projects, head=head, text=text)
    book.close()
    return buffer.getvalue()


FUNDING_HEADERS = (
    "计划年度",
    "项目名称",
    "资金类别",
    "年度",
    "批次",
    "申请金额（万元）",
    "批复金额（万元）",
    "到位金额（万元）",
    "到位率（%）",
)


def _funding_sheet(book: Any, projects: Iterable[KeyProject], *, head: Any, text: Any) -> None:
    """资金来源: each project's sources (budgets, bond batches, loans), one a row, for the report
    upward on what was asked, approved and received. The plan's import reads the first sheet;
    this one is read back by the funding import (``importers.funding``), which finds it by its
    headers."""
    ws = book.add_worksheet(_("资金来源"))
    for col, header in enumerate(FUNDING_HEADERS):
        ws.write_string(0, col, header, head)
        ws.set_column(col, col, 28 if col == 1 else 12)
    row_index = 0
    for project in projects:
        for source in project.funding.all():
            row_index += 1
            rate = (
                float((source.disbursed / source.approved * 100).quantize(Decimal("0.1")))
                if source.approved
                else None
            )
            values = [
                project.year,
                project.name,
                source.get_kind_display(),
                source.year,
                source.batch,
                *(_wan(v) for v in (source.requested, source.approved, source.disbursed)),
                rate,
            ]
            write_row(ws, row_index, values, date_format=None, text=text)
    ws.freeze_panes(1, 2)
