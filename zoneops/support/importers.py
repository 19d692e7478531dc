"""Import of the policy library (kind ``support_policies``): the 政策汇编 a zone's policy office
keeps in a spreadsheet, one policy a row, in the layout the policy list exports (标题, 发文机关,
文号, 层级, 发布日期, 有效期至, 分类, 标签, 摘要, 原文链接): an exported file re-imports unchanged.

A row is the same policy as a stored one with its 文号, or, without one, with its 标题 and
发文机关. Each row is checked by the page's form (``PolicyForm``) and written by the page's
service (``services.policy_save``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zoneops.core.imports import cells
from zoneops.core.imports.engine import CREATE, UNCHANGED, UPDATE, Column, Plan, Row, Spec
from zoneops.core.imports.registry import ImportKind, register
from zoneops.core.models import User
from zoneops.support import services
from zoneops.support.forms import PolicyForm
from zoneops.support.models import Level, Policy
from zoneops.support.permissions import can_edit_programs

# The export's headers (and the names offices also use), by the form's field.
COLUMNS = (
    Column("标题", "title", aliases=("政策名称", "政策标题", "文件名称")),
    Column("发文机关", "issuer", aliases=("发文单位", "发布机关", "发布单位")),
    Column("文号", "document_number", aliases=("发文字号", "文件编号"), required=False),
    Column("层级", "level", aliases=("政策层级", "级别")),
    Column("发布日期", "issued_on", aliases=("发文日期", "印发日期"), parse=cells.date),
    Column("有效期至", "valid_until", aliases=("有效期",), required=False, parse=cells.date),
    Column("分类", "categories", aliases=("政策分类", "类别"), required=False),
    Column("标签", "tags", required=False),
    Column("摘要", "summary", aliases=("主要内容", "政策要点"), required=False),
    Column("原文链接", "source_url", aliases=("链接", "网址"), required=False),
)
# 层级 as offices also write it (the labels 国家级 … and the codes are read anyway).
LEVEL_ALIASES = {
    **{str(label).removesuffix("级"): code for code, label in Level.choices},
    "开发区": Level.ZONE,
    "园区": Level.ZONE,
}
FIELDS = tuple(column.key for column in COLUMNS)


def _key(title: str, issuer: str, number: str) -> tuple[str, ...]:
    """How a row and a stored policy are the same policy: its 文号, else title and issuer."""
    number = "".join(number.split())
    return ("number", number) if number else ("title", title.strip(), issuer.strip())


class PolicySpec(Spec):
    kind = "support_policies"
    columns = COLUMNS

    def prepare(self, actor: User | None) -> dict[str, Any]:
        stored = {_key(p.title, p.issuer, p.document_number): p for p in Policy.objects.all()}
        return {"stored": stored, "seen": {}}

    def plan_row(self, row: Row, context: dict[str, Any]) -> list[Plan]:
        data = {key: row.values.get(key) for key in FIELDS if row.has(key)}
        if level := data.get("level"):
            try:
                data["level"] = cells.choice(level, Level.choices, LEVEL_ALIASES)
            except cells.CellError as exc:
                row.bad("level", str(exc))
        if row.problems:
            return []
        key = _key(
            data.get("title") or "", data.get("issuer") or "", data.get("document_number") or ""
        )
        policy = context["stored"].get(key)
        current = {name: getattr(policy, name) for name in services.POLICY_FIELDS} if policy else {}
        # Checked as the page checks it; the stored policy is left alone (a model form writes
        # its cleaned data onto its instance) until the service saves it.
        form = PolicyForm(data=_form_data(current, data))
        if not form.is_valid():
            for field, errors in form.errors.items():
                row.bad(field if row.has(field) else None, "；".join(str(e) for e in errors))
            return []
        if key in context["seen"]:
            where = "document_number" if key[0] == "number" else "title"
            row.bad(where, _("与第%(row)d行是同一项政策") % {"row": context["seen"][key]})
            return []
        context["seen"][key] = row.number
        cleaned = {name: form.cleaned_data[name] for name in data}
        changes = tuple(
            COLUMNS[FIELDS.index(name)].header
            for name, value in cleaned.items()
            if policy is None or current[name] != value
        )
        action = CREATE if policy is None else (UPDATE if changes else UNCHANGED)
        return [
            Plan(
                row=row.number,
                action=action,
                key=key[1] if key[0] == "number" else cleaned.get("issuer") or "",
                label=cleaned.get("title") or "",
                data={"policy": policy, "data": cleaned},
                changes=changes if action == UPDATE else (),
            )
        ]

    def write(self, plan: Plan, actor: User | None, context: Any) -> None:
        services.policy_save(actor=actor, data=plan.data["data"], policy=plan.data["policy"])


def _form_data(current: dict[str, Any], data: dict[str, Any]) -> dict[str, Any]:
    """The form's input: the row's cells over what is stored (columns a file leaves out keep
    their values)."""
    merged = {**current, **{k: ("" if v is None else v) for k, v in data.items()}}
    return {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in merged.items()}


register(
    ImportKind(
        key="support_policies",
        label=gettext_lazy("惠企政策库"),
        spec=PolicySpec,
        allowed=can_edit_programs,
        description=gettext_lazy(
            "政策汇编：每行一项政策，列为 标题、发文机关、文号、层级（国家级/省级/市级/区级）、"
            "发布日期、有效期至、分类、标签、摘要、原文链接，与政策库导出的表格相同。"
            "有文号的按文号认定同一政策，没有文号的按标题和发文机关。"
        ),
    )
)
