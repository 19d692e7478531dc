"""Import of check-item libraries (kind ``safety_checklists``): one item a row — 检查表, 主题,
版本, 序号, 类别, 检查内容, 检查依据, 重大隐患判定 — any number of checklists in one sheet.

A checklist is known by its name and version; an item by its checklist and 序号. A version
already used by an inspection is frozen: changing one of its items is refused (import the
change as a new version), so what an inspection was checked against never moves.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zoneops.core.bounds import number_problem
from zoneops.core.imports import cells
from zoneops.core.imports.engine import CREATE, UNCHANGED, UPDATE, Column, Plan, Row, Spec
from zoneops.core.imports.registry import ImportKind, register
from zoneops.safety import services
from zoneops.safety.models import Checklist, ChecklistItem, Inspection, Theme
from zoneops.safety.permissions import can_configure


def _whole(value: Any) -> int | None:
    number = cells.decimal(value)
    if number is None:
        return None
    if number != number.to_integral_value():
        raise cells.CellError(_("应为整数，而不是“%(value)s”") % {"value": cells.text(value)})
    return int(number) if abs(number) < Decimal(10) ** 9 else 10**9


COLUMNS = (
    Column("检查表", "checklist", aliases=("检查表名称", "检查表名", "行业")),
    Column("主题", "theme", aliases=("类型", "检查主题")),
    Column("版本", "version", aliases=("版本号",), parse=_whole),
    Column("序号", "number", aliases=("编号", "项目编号"), parse=_whole),
    Column("类别", "category", aliases=("检查类别", "分类"), required=False),
    Column("检查内容", "content", aliases=("检查项目", "检查标准", "检查项")),
    Column("检查依据", "basis", aliases=("依据", "检查参照", "法律依据"), required=False),
    Column("重大隐患判定", "major_rule", aliases=("重大隐患判定标准", "重大隐患"), required=False),
)
# 主题 as offices write it: the labels (工贸通用 …) and their short forms.
THEME_ALIASES = {"工贸": Theme.GENERAL, "液氨": Theme.AMMONIA, "危化": Theme.CHEMICALS}
ITEM_COLUMNS = ("category", "content", "basis", "major_rule")
HEADERS = {column.key: column.header for column in COLUMNS}


class ChecklistSpec(Spec):
    kind = "safety_checklists"
    columns = COLUMNS

    def prepare(self, actor: Any) -> dict[str, Any]:
        lists = {(c.name, c.version): c for c in Checklist.objects.all()}
        items = {
            (i.checklist.name, i.checklist.version, i.number): i
            for i in ChecklistItem.objects.select_related("checklist")
        }
        used = set(
            Inspection.objects.exclude(checklist=None).values_list("checklist_id", flat=True)
        )
        return {"lists": lists, "items": items, "used": used, "seen": {}}

    def plan_row(self, row: Row, context: dict[str, Any]) -> list[Plan]:
        values = row.values
        theme = values.get("theme")
        if theme:
            try:
                theme = cells.choice(theme, Theme.choices, THEME_ALIASES)
            except cells.CellError as exc:
                row.bad("theme", str(exc))
        for column in ("version", "number"):
            value = values.get(column)
            if row.has(column) and value is None:
                row.bad(column, _("不能为空"))
            elif row.has(column):
                model = Checklist if column == "version" else ChecklistItem
                problem = number_problem(model, column, value)
                if problem:
                    row.bad(column, problem)
        name = (values.get("checklist") or "").strip()
        data = {key: (values.get(key) or "").strip() for key in ITEM_COLUMNS}
        candidate = ChecklistItem(number=values.get("number") or 1, **data)
        try:
            candidate.clean_fields(exclude=["checklist", "number"])
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                row.bad(field if field in HEADERS else None, "；".join(errors))
        if row.problems:
            return []
        version, number = values["version"], values["number"]
        key = (name, version, number)
        if key in context["seen"]:
            row.bad("number", _("与第%(row)d行是同一检查项") % {"row": context["seen"][key]})
            return []
        context["seen"][key] = row.number
        stored = context["items"].get(key)
        checklist = context["lists"].get((name, version))
        changes = tuple(
            HEADERS[field]
            for field in ITEM_COLUMNS
            if stored is None or getattr(stored, field) != data[field]
        )
        if checklist is not None and checklist.theme != theme:
            changes = (HEADERS["theme"], *changes)
        if checklist is not None and checklist.pk in context["used"] and changes:
            row.bad(
                "version",
                _("“%(name)s”第%(version)s版已用于检查，不能修改；请以新版本号导入")
                % {"name": name, "version": version},
            )
            return []
        action = CREATE if stored is None else (UPDATE if changes else UNCHANGED)
        return [
            Plan(
                row=row.number,
                action=action,
                key=f"{name} v{version} #{number}",
                label=data["content"][:60],
                data={"name": name, "theme": theme, "version": version, "number": number,
                      "item": data},
                changes=changes if action == UPDATE else (),
            )
        ]  # fmt: skip

    def write(self, plan: Plan, actor: Any, context: Any) -> None:
        data = plan.data
        services.checklist_item_save(
            actor=actor,
            name=data["name"],
            theme=data["theme"],
            version=data["version"],
            number=data["number"],
            data=data["item"],
        )


register(
    ImportKind(
        key="safety_checklists",
        label=gettext_lazy("安全检查表库"),
        spec=ChecklistSpec,
        allowed=can_configure,
        description=gettext_lazy(
            "检查表：每行一个检查项，列为 检查表、主题（工贸通用/粉尘涉爆/液氨制冷/有限空间/"
            "危险化学品/劳动密集型/消防/道路交通/节后复工）、版本、序号、类别、检查内容、检查依据、"
            "重大隐患判定（不合格即可判定为重大隐患的条款，可空）。同一检查表和版本按序号认定同一检查项；"
            "已用于检查的版本不能修改，请以新版本号导入。"
        ),
    )
)
