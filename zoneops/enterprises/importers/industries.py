"""The GB/T 4754-2017 classification, from the official table as users download it.

One column per level (门类, 大类, 中类, 小类) and the name in the column after 小类, whose header
is empty. Where a 中类 has a single 小类 both codes share a row and its name; a few rows hold
two entries. Codes that a copy turned into numbers get their width back (111 → 0111).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from zoneops.core.imports import cells
from zoneops.core.imports.engine import CREATE, UNCHANGED, UPDATE, Column, Plan, Row, Spec, Table
from zoneops.core.imports.problems import Problem
from zoneops.core.models import User
from zoneops.enterprises.models import Industry, IndustryLevel

LEVEL_KEYS: dict[str, IndustryLevel] = {
    "section": IndustryLevel.SECTION,
    "division": IndustryLevel.DIVISION,
    "group": IndustryLevel.GROUP,
    "class": IndustryLevel.CLASS,
}
LEVEL_WIDTHS = {IndustryLevel.DIVISION: 2, IndustryLevel.GROUP: 3, IndustryLevel.CLASS: 4}


def _codes(level: IndustryLevel) -> Any:
    """A parser for one level's cell, which may hold several codes ("277 278")."""

    def parse(value: Any) -> list[str]:
        shown = cells.text(value)
        if shown is None:
            return []
        if level == IndustryLevel.SECTION:
            parts = shown.upper().split()
            if not all(len(p) == 1 and "A" <= p <= "Z" for p in parts):
                raise cells.CellError(
                    _("门类代码应为一个字母（A–T），而不是“%(value)s”") % {"value": shown}
                )
            return parts
        return [cells.digits(part, LEVEL_WIDTHS[level]) or "" for part in shown.split()]

    return parse


def _names(value: Any) -> list[str]:
    shown = cells.text(value)
    return shown.split() if shown else []


@dataclass
class IndustryContext:
    """What the table already holds (code → entry) and the 门类 the rows are currently under."""

    stored: dict[str, Industry]
    section: str | None = None


class IndustrySpec(Spec):
    """The official table: one column per level, the name in the column after 小类."""

    kind = "industries"
    columns = (
        Column("门类", "section", parse=_codes(IndustryLevel.SECTION)),
        Column("大类", "division", parse=_codes(IndustryLevel.DIVISION)),
        Column("中类", "group", parse=_codes(IndustryLevel.GROUP)),
        Column("小类", "class", parse=_codes(IndustryLevel.CLASS)),
        Column("类别名称", "name", aliases=("名称", "行业名称"), required=False, parse=_names),
    )

    def bind(self, table: Table) -> list[Problem]:
        # The official file leaves the name column's header empty: it is the one after 小类.
        if "name" not in table.positions:
            table.positions["name"] = max(table.positions.values()) + 1
            table.headers["name"] = _("类别名称")
        return []

    def prepare(self, actor: User | None) -> IndustryContext:
        return IndustryContext(
            stored={i.code: i for i in Industry.objects.select_related("parent")}
        )

    def plan_row(self, row: Row, context: IndustryContext) -> list[Plan]:
        entries = _row_entries(row)
        plans = []
        for key, code, name in entries:
            level = LEVEL_KEYS[key]
            if level == IndustryLevel.SECTION:
                context.section = code
            parent = _parent_code(level, code, context)
            if parent is None and level != IndustryLevel.SECTION:
                row.bad(key, _("大类“%(code)s”之前没有门类行，无法确定其门类") % {"code": code})
                continue
            plans.append(_industry_plan(row.number, key, code, name, parent, context))
        return plans

    def check_plans(
        self, plans: list[Plan], table: Table, context: IndustryContext
    ) -> list[Problem]:
        return _industry_checks(plans, table, context)

    def order(self, plans: list[Plan]) -> list[Plan]:
        return sorted(plans, key=lambda plan: plan.data["level"])

    def write(self, plan: Plan, actor: User | None, context: IndustryContext) -> None:
        data = plan.data
        parent = context.stored.get(data["parent"]) if data["parent"] else None
        industry, _created = Industry.objects.update_or_create(
            code=data["code"],
            defaults={"name": data["name"], "level": data["level"], "parent": parent},
        )
        context.stored[industry.code] = industry

    def details(self, plans: list[Plan], context: IndustryContext) -> dict[str, Any]:
        counts = Counter(plan.data["level"] for plan in plans)
        return {"levels": {str(level.label): counts.get(level.value, 0) for level in IndustryLevel}}


def _row_entries(row: Row) -> list[tuple[str, str, str]]:
    """(level key, code, name) for each entry a row of the official table holds.

    Usually one code and one name. Where a 中类 has a single 小类, both codes share the row and
    the name. Some rows hold two entries: "277 278" / "2770 2780" with two names (two such
    pairs), "727" / "7271" with two names (a 中类 and its first 小类), "8052 8053" with two names.
    """
    if row.problems:
        return []  # a code cell that did not parse already says what is wrong
    present = [key for key in LEVEL_KEYS if row.values.get(key)]
    names = row.values.get("name") or []
    if not present:
        row.bad(None, _("该行没有行业代码"))
        return []
    if not names:
        row.bad("name", _("缺少类别名称"))
        return []
    if present == ["group", "class"]:
        return _shared_row(row, row.values["group"], row.values["class"], names)
    if len(present) > 1:
        row.bad(None, _("一行应只有一个层级的代码（中类与其小类同行除外）"))
        return []
    key = present[0]
    codes = row.values[key]
    if len(codes) == 1:
        return [(key, codes[0], " ".join(names))]
    if len(codes) == len(names):
        return [(key, code, name) for code, name in zip(codes, names, strict=True)]
    row.bad(
        "name",
        _("该行有%(codes)d个代码，但有%(names)d个名称")
        % {"codes": len(codes), "names": len(names)},
    )
    return []


def _shared_row(
    row: Row, groups: list[str], classes: list[str], names: list[str]
) -> list[tuple[str, str, str]]:
    if any(not c.startswith(g) for g, c in zip(groups, classes, strict=False)) or len(
        groups
    ) != len(classes):
        row.bad("class", _("小类代码应以同一行的中类代码开头"))
        return []
    if len(names) == len(groups):
        # Each 中类 has a single 小类 that carries the same name.
        return [
            e
            for g, c, n in zip(groups, classes, names, strict=True)
            for e in (("group", g, n), ("class", c, n))
        ]
    if len(groups) == 1 and len(names) == 2:
        return [("group", groups[0], names[0]), ("class", classes[0], names[1])]
    row.bad("name", _("名称的个数与代码不符：应为每个代码一个名称，或中类与小类共用一个名称"))
    return []


def _parent_code(level: IndustryLevel, code: str, context: IndustryContext) -> str | None:
    if level == IndustryLevel.SECTION:
        return None
    if level == IndustryLevel.DIVISION:
        if context.section is None and code in context.stored and context.stored[code].parent:
            # A copy without 门类 rows: the 大类 keeps the 门类 the platform ships for it.
            return context.stored[code].parent.code  # type: ignore[union-attr]
        return context.section
    # A 中类 or 小类's parent is its prefix one level up.
    return code[: LEVEL_WIDTHS[IndustryLevel(level - 1)]]


def _industry_plan(
    number: int, key: str, code: str, name: str, parent: str | None, context: IndustryContext
) -> Plan:
    level = LEVEL_KEYS[key]
    data = {"code": code, "name": name, "level": int(level), "parent": parent, "column": key}
    stored = context.stored.get(code)
    if stored is None:
        return Plan(number, CREATE, code, name, data)
    stored_parent = stored.parent.code if stored.parent else None
    changes = tuple(
        str(label)
        for label, old, new in (
            (_lazy("名称"), stored.name, name),
            (_lazy("层级"), stored.level, int(level)),
            (_lazy("上级"), stored_parent, parent),
        )
        if old != new
    )
    return Plan(number, UPDATE if changes else UNCHANGED, code, name, data, changes)


def _industry_checks(plans: list[Plan], table: Table, context: IndustryContext) -> list[Problem]:
    """Each code once; each parent in the file or already in the table."""
    problems: list[Problem] = []
    first: dict[str, int] = {}
    for plan in plans:
        code, column = plan.data["code"], plan.data["column"]
        if code in first:
            problems.append(
                table.problem(
                    plan.row,
                    column,
                    _("代码“%(code)s”与第%(first)d行重复") % {"code": code, "first": first[code]},
                )
            )
            continue
        first[code] = plan.row
    for plan in plans:
        parent = plan.data["parent"]
        if parent and parent not in first and parent not in context.stored:
            message = _("上级代码“%(parent)s”不存在：表中没有它，平台中也没有") % {"parent": parent}
            problems.append(table.problem(plan.row, plan.data["column"], message))
    return problems
