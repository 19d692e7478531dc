"""Import of approval templates (kind ``approval_templates``), on the shared engine.

One item a row: 模板代码 names the template (its name, type, variant and target repeat on each
of its rows and must agree), 阶段 + 事项名称 the item within it. The file is the whole truth of
each template it names: after the import a template holds exactly the file's items (an item
the file no longer lists is removed), so importing the same file twice changes nothing.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zoneops.approvals import services
from zoneops.approvals.models import ApprovalTemplate, ProjectType, Stage, Variant
from zoneops.approvals.permissions import can_manage_templates
from zoneops.core.imports import cells
from zoneops.core.imports.engine import CREATE, UNCHANGED, UPDATE, Column, Plan, Row, Spec, Table
from zoneops.core.imports.problems import Problem
from zoneops.core.imports.registry import ImportKind, register
from zoneops.core.models import Department

STAGE_ALIASES = {str(s.value): s.value for s in Stage} | {
    "立项用地规划": 1,
    "工程建设": 2,
    "施工": 3,
    "竣工": 4,
}
TEMPLATE_KEYS = ("name", "project_type", "variant", "target_days")
COLUMNS = (
    Column("模板代码", "code", parse=cells.code),
    Column("模板名称", "name"),
    Column("项目类型", "project_type"),
    Column("审批类型", "variant", aliases=("流程类型",), required=False),
    Column("目标时限（工作日）", "target_days", aliases=("目标时限",), parse=cells.decimal),
    Column("阶段", "stage", aliases=("审批阶段",)),
    Column("序号", "order", parse=cells.decimal),
    Column("事项名称", "item", aliases=("审批事项",)),
    Column("牵头部门", "department", aliases=("办理部门",)),
    Column("承诺时限（工作日）", "limit_days", aliases=("承诺时限",), parse=cells.decimal),
    Column("要件材料", "materials", aliases=("申报材料",), required=False),
)


def _materials(value: str | None) -> str:
    parts = re.split(r"[\n；;、]+", value or "")
    return "\n".join(p.strip() for p in parts if p.strip())


def _whole(row: Row, key: str, low: int, high: int) -> int | None:
    value = row.values.get(key)
    if not row.has(key):
        return None
    if value is None:
        row.bad(key, _("请填写"))
        return None
    if value != value.to_integral_value() or not low <= value <= high:
        row.bad(key, _("应为 %(low)s 至 %(high)s 的整数") % {"low": low, "high": high})
        return None
    return int(value)


class TemplateSpec(Spec):
    kind = "approval_templates"
    columns = COLUMNS

    def prepare(self, actor: Any) -> dict[str, Any]:
        templates = {
            t.code: t for t in ApprovalTemplate.objects.prefetch_related("items__department")
        }
        return {
            "templates": templates,
            "departments": {d.name: d for d in Department.objects.all()},
            "file_keys": defaultdict(set),
            "first_row": {},
            "items": defaultdict(list),
            "written": set(),
        }

    def preload(self, rows: list[Row], context: dict[str, Any]) -> None:
        for row in rows:
            code, stage = row.values.get("code"), STAGE_ALIASES.get(row.values.get("stage") or "")
            if code and stage and row.values.get("item"):
                context["file_keys"][code].add((stage, row.values["item"]))
                context["first_row"].setdefault(code, row.number)

    def plan_row(self, row: Row, context: dict[str, Any]) -> list[Plan]:
        code = row.values.get("code")
        if row.has("code") and not code:
            row.bad("code", _("请填写模板代码"))
        elif code and not re.fullmatch(r"[A-Z0-9_-]{1,40}", code):
            row.bad("code", _("模板代码只能用字母、数字、下划线和连字符"))
        fields = self._template_fields(row)
        stage_text = row.values.get("stage") or ""
        stage = STAGE_ALIASES.get(stage_text)
        if stage is None:
            row.bad(
                "stage", _("“%(value)s”不是审批阶段，应为 1–4 或阶段名称") % {"value": stage_text}
            )
        name = row.values.get("item")
        if not name:
            row.bad("item", _("请填写事项名称"))
        elif len(name) > 100:
            row.bad("item", _("事项名称不能超过 100 字"))
        department = context["departments"].get(row.values.get("department") or "")
        if department is None:
            row.bad(
                "department",
                _("找不到部门“%(name)s”") % {"name": row.values.get("department") or ""},
            )
        order = _whole(row, "order", 1, 999)
        limit = _whole(row, "limit_days", 0, 200)
        if row.problems or code is None or stage is None or name is None:
            return []
        item = services.ItemData(
            stage=stage,
            order=order or 1,
            name=name,
            department=department,
            limit_days=limit or 0,
            materials=_materials(row.values.get("materials")),
        )
        context["items"][code].append((row.number, fields, item))
        return [self._plan(row, code, fields, item, context)]

    def _template_fields(self, row: Row) -> dict[str, Any]:
        fields: dict[str, Any] = {"name": (row.values.get("name") or "")[:100]}
        if not fields["name"]:
            row.bad("name", _("请填写模板名称"))
        try:
            fields["project_type"] = cells.choice(
                row.values.get("project_type") or "", ProjectType.choices
            )
        except cells.CellError as exc:
            row.bad("project_type", str(exc))
        try:
            fields["variant"] = cells.choice(
                row.values.get("variant") or str(Variant.STANDARD.label), Variant.choices
            )
        except cells.CellError as exc:
            row.bad("variant", str(exc))
        fields["target_days"] = _whole(row, "target_days", 1, 400)
        return fields

    def _plan(
        self,
        row: Row,
        code: str,
        fields: dict[str, Any],
        item: services.ItemData,
        context: dict[str, Any],
    ) -> Plan:
        template = context["templates"].get(code)
        label = f"{code} · {Stage(item.stage).label} · {item.name}"
        if template is None:
            return Plan(
                row=row.number,
                action=CREATE,
                key=f"{code}:{item.stage}:{item.name}",
                label=label,
                data=code,
            )
        changes = [k for k in TEMPLATE_KEYS if getattr(template, k) != fields.get(k)]
        stored = {(i.stage, i.name): i for i in template.items.all()}
        current = stored.get((item.stage, item.name))
        if current is None:
            action = CREATE
        else:
            changes += [
                k for k, v in item.values().items() if k != "name" and getattr(current, k) != v
            ]
            # Items the file no longer lists are removed: the template's first row says so.
            removed = set(stored) - context["file_keys"][code]
            if removed and context["first_row"].get(code) == row.number:
                changes.append("items")
            action = UPDATE if changes else UNCHANGED
        return Plan(
            row=row.number,
            action=action,
            key=f"{code}:{item.stage}:{item.name}",
            label=label,
            data=code,
            changes=tuple(dict.fromkeys(changes)),
        )

    def check_plans(
        self, plans: list[Plan], table: Table, context: dict[str, Any]
    ) -> list[Problem]:
        """A template's own fields repeat on each of its rows and must agree."""
        problems = []
        for code, rows in context["items"].items():
            first_number, first, _item = rows[0]
            for number, fields, _other in rows[1:]:
                for key in TEMPLATE_KEYS:
                    if fields.get(key) != first.get(key):
                        problems.append(
                            table.problem(
                                number,
                                key,
                                _("与第%(row)s行同一模板“%(code)s”的取值不一致")
                                % {"row": first_number, "code": code},
                            )
                        )
        return problems

    def write(self, plan: Plan, actor: Any, context: dict[str, Any]) -> None:
        code = plan.data
        if code in context["written"]:
            return
        context["written"].add(code)
        rows = context["items"][code]
        services.template_import(
            actor=actor,
            code=code,
            fields=rows[0][1],
            items=[item for _n, _f, item in rows],
            check=False,
        )


register(
    ImportKind(
        key="approval_templates",
        label=gettext_lazy("审批流程模板"),
        spec=TemplateSpec,
        allowed=can_manage_templates,
        description=gettext_lazy(
            "每行一个审批事项：模板代码、模板名称、项目类型（政府投资、企业投资核准、企业投资备案）、审批类型（一般流程、拿地即开工、低风险）、目标时限、阶段（1–4）、序号、事项名称、牵头部门、承诺时限（工作日）、要件材料（以顿号或分号分隔）。导入后模板的事项与文件完全一致。"
        ),
    )
)
