"""A derived classification's table, in the layout the official documents use.

The tables of 战略性新兴产业分类（2018）, 高技术产业（制造业）分类（2017） and
数字经济及其核心产业统计分类（2021） have a code column (序号 or 代码: ``1``, ``1.1``,
``1.1.1`` or ``01``, ``011``), a name column and a column of GB/T 4754-2017 codes
(国民经济行业代码), a code marked ``*`` belonging only in part (its key products in a
column of its own, if the copy has one). What real copies do and the import takes:

- several codes in one cell, separated by spaces, line breaks, 、 , ; or / and each possibly
  followed by its name ("3921 通信系统设备制造") or its ``*`` (half- or full-width);
- a node's codes on rows of their own under it, with the code and name cells left blank;
- a code cell that became a number (111 for 0111);
- nodes without codes (the upper levels).

What it refuses, naming the sheet, row and column: a code that is not a 小类 of GB/T 4754-2017
(the platform's industry table), a number that is not four digits, a node code repeated, a
node without a name, a code row with no node above it, one code both whole and partial in the
same node. A node's parent is the nearest node above it whose code its own code extends
(``1.1`` under ``1``, ``011`` under ``01``).

The table is imported into a classification chosen on its page (the job's ``classification``
option). Nodes are matched by their code: re-importing the same file changes nothing, and a
corrected file changes only what it corrects. Nodes the platform holds but the file does not
are kept (a new edition is a new classification).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from zoneops.core.imports import cells
from zoneops.core.imports.engine import CREATE, UNCHANGED, UPDATE, Column, Plan, Row, Spec, Table
from zoneops.core.imports.problems import Problem
from zoneops.core.models import User
from zoneops.enterprises.classifications.models import Classification, ClassNode
from zoneops.enterprises.classifications.services import Target, node_save
from zoneops.enterprises.models import Industry, IndustryLevel

# A code in the codes cell: a run of digits, then perhaps a star, half- or full-width.
_CODE = re.compile(r"(?<![\d.])(\d+)\s*([*＊])?")


def _node_code(value: Any) -> str | None:
    shown = cells.text(value)
    if shown is None:
        return None
    shown = re.sub(r"\s+", "", shown)
    if not re.fullmatch(r"[0-9A-Za-z]+(\.[0-9A-Za-z]+)*", shown):
        raise cells.CellError(
            _("分类代码应为数字或以点分隔的数字（如 1、1.1、011），而不是“%(value)s”")
            % {"value": shown}
        )
    return shown


def _industry_codes(value: Any) -> list[tuple[str, bool]]:
    """(code, partial) for each code a cell holds."""
    if cells.is_blank(value):
        return []
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if float(value) != int(value):
            raise cells.CellError(_("行业代码应为四位数字，而不是“%(value)s”") % {"value": value})
        return [(str(int(value)).zfill(4), False)]
    shown = cells.text(value) or ""
    found = []
    for digits, star in _CODE.findall(shown):
        if len(digits) != 4:
            raise cells.CellError(
                _("“%(code)s”不是四位的行业小类代码（应为 GB/T 4754-2017 的四位代码）")
                % {"code": digits}
            )
        found.append((digits, bool(star)))
    if not found:
        raise cells.CellError(_("没有找到四位的行业代码：“%(value)s”") % {"value": shown})
    return found


@dataclass
class NodePlan:
    code: str
    name: str
    parent: str | None
    order: int
    note: str = ""
    codes: dict[str, tuple[bool, str]] = field(default_factory=dict)  # code → (partial, note)
    rows: dict[str, int] = field(default_factory=dict)  # code → the row it was on


@dataclass
class ClassificationContext:
    classification: Classification | None
    industries: set[str]
    stored: dict[str, ClassNode]
    stack: list[str] = field(default_factory=list)
    last: Plan | None = None
    saved: dict[str, ClassNode] = field(default_factory=dict)
    count: int = 0


def _extends(code: str, parent: str) -> bool:
    if "." in code or "." in parent:
        return code.startswith(parent + ".")
    return len(code) > len(parent) and code.startswith(parent)


class ClassificationSpec(Spec):
    kind = "classification"
    columns = (
        Column("序号", "code", aliases=("代码", "分类代码", "编码"), parse=_node_code),
        Column("名称", "name", aliases=("分类名称", "类别名称", "产业名称"), required=False),
        Column(
            "国民经济行业代码",
            "industries",
            aliases=("国民经济行业分类代码", "行业代码", "国民经济行业代码及名称", "对应行业代码"),
            parse=_industry_codes,
        ),
        Column(
            "重点产品和服务",
            "note",
            aliases=("说明", "备注", "重点产品", "重点产品和服务（说明）"),
            required=False,
        ),
    )

    def __init__(self, classification: str | int | None = None) -> None:
        self.classification_id = classification

    def bind(self, table: Table) -> list[Problem]:
        if not self._classification():
            return [
                Problem(
                    table.file,
                    table.sheet.name,
                    0,
                    "",
                    _("请在“产业分类”页面打开要导入的分类，再从那里上传它的分类表"),
                )
            ]
        if "name" not in table.positions:
            return [
                Problem(table.file, table.sheet.name, table.header_row + 1, "", _("缺少名称列"))
            ]
        return []

    def _classification(self) -> Classification | None:
        if self.classification_id in (None, ""):
            return None
        try:
            return Classification.objects.filter(pk=int(str(self.classification_id))).first()
        except ValueError:
            return None

    def prepare(self, actor: User | None) -> ClassificationContext:
        classification = self._classification()
        industries = set(
            Industry.objects.filter(level=IndustryLevel.CLASS).values_list("code", flat=True)
        )
        stored = (
            {
                n.code: n
                for n in ClassNode.objects.filter(classification=classification)
                .select_related("parent")
                .prefetch_related("mappings__industry", "mappings__chain")
            }
            if classification
            else {}
        )
        return ClassificationContext(classification, industries, stored)

    def plan_row(self, row: Row, context: ClassificationContext) -> list[Plan]:
        code = row.values.get("code")
        name = cells.text(row.values.get("name"))
        codes = row.values.get("industries") or []
        note = cells.text(row.values.get("note")) or ""
        if row.problems:
            return []
        for found, _partial in codes:
            if found not in context.industries:
                row.bad(
                    "industries",
                    _("“%(code)s”不是 GB/T 4754-2017 的行业小类代码（平台的行业分类中没有它）")
                    % {"code": found},
                )
                return []
        if code is None:
            if name:
                row.bad("code", _("有名称“%(name)s”但没有分类代码") % {"name": name})
                return []
            if context.last is None:
                row.bad("industries", _("这一行的行业代码上面没有分类节点"))
                return []
            self._add_codes(row, context.last.data, codes, note)
            return []
        if not name:
            row.bad("name", _("分类“%(code)s”缺少名称") % {"code": code})
            return []
        while context.stack and not _extends(code, context.stack[-1]):
            context.stack.pop()
        parent = context.stack[-1] if context.stack else None
        context.stack.append(code)
        context.count += 1
        data = NodePlan(code, name, parent, context.count, note)
        self._add_codes(row, data, codes, note)
        plan = Plan(row.number, CREATE, code, f"{code} {name}", data)
        context.last = plan
        return [plan]

    def _add_codes(
        self, row: Row, data: NodePlan, codes: list[tuple[str, bool]], note: str
    ) -> None:
        for code, partial in codes:
            if code in data.codes and data.codes[code][0] != partial:
                row.bad(
                    "industries",
                    _("分类“%(node)s”中代码“%(code)s”既标为部分（*）又标为全部")
                    % {"node": data.code, "code": code},
                )
                continue
            data.codes[code] = (partial, note if partial else "")
            data.rows.setdefault(code, row.number)

    def check_plans(
        self, plans: list[Plan], table: Table, context: ClassificationContext
    ) -> list[Problem]:
        problems: list[Problem] = []
        first: dict[str, int] = {}
        for plan in plans:
            data: NodePlan = plan.data
            if data.code in first:
                problems.append(
                    table.problem(
                        plan.row,
                        "code",
                        _("分类代码“%(code)s”与第%(first)d行重复")
                        % {"code": data.code, "first": first[data.code]},
                    )
                )
            first.setdefault(data.code, plan.row)
            plan.action, plan.changes = _action(data, context.stored.get(data.code))
        return problems

    def write(self, plan: Plan, actor: User | None, context: ClassificationContext) -> None:
        data: NodePlan = plan.data
        assert context.classification is not None
        parent = None
        if data.parent:
            parent = context.saved.get(data.parent) or context.stored.get(data.parent)
        industries = Industry.objects.in_bulk(list(data.codes), field_name="code")
        node, _changed = node_save(
            actor=actor,
            classification=context.classification,
            code=data.code,
            name=data.name,
            parent=parent,
            order=data.order,
            targets=[
                Target(industry=industries[code], partial=partial, note=note)
                for code, (partial, note) in data.codes.items()
            ],
        )
        context.saved[data.code] = node

    def details(self, plans: list[Plan], context: ClassificationContext) -> dict[str, Any]:
        mapped = sum(len(p.data.codes) for p in plans)
        partial = sum(1 for p in plans for partial, _n in p.data.codes.values() if partial)
        in_file = {p.data.code for p in plans}
        return {
            "nodes": len(plans),
            "codes": mapped,
            "partial": partial,
            "kept": len(set(context.stored) - in_file),
        }


def _action(data: NodePlan, stored: ClassNode | None) -> tuple[str, tuple[str, ...]]:
    if stored is None:
        return CREATE, ()
    stored_codes = {
        m.industry.code: (m.partial, m.note) for m in stored.mappings.all() if m.industry
    }
    stored_parent = stored.parent.code if stored.parent else None
    changes = tuple(
        str(label)
        for label, old, new in (
            (_lazy("名称"), stored.name, data.name),
            (_lazy("上级"), stored_parent, data.parent),
            (_lazy("排序"), stored.order, data.order),
            (_lazy("行业代码"), stored_codes, data.codes),
        )
        if old != new
    )
    return (UPDATE if changes else UNCHANGED), changes
