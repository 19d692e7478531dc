"""The yearly plan (重点项目计划表) read back in its ledger layout (see ..columns).

年度 + 项目名称 is the identity: an existing project is updated, a new one created. Each row is
validated with :class:`ProjectForm`, the form the plan's page uses, and written through the
projects' services; an unchanged row writes nothing (and no history).
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from zoneops.core.imports import cells
from zoneops.core.imports.engine import (
    CREATE,
    UNCHANGED,
    UPDATE,
    Column,
    Plan,
    Row,
    Spec,
    Table,
    normalize_header,
)
from zoneops.core.imports.problems import Problem
from zoneops.core.models import Park, User
from zoneops.projects import services
from zoneops.projects.columns import LEAD_COLUMNS, MONTH_HEADERS, TAIL_COLUMNS
from zoneops.projects.forms import ProjectForm
from zoneops.projects.models import (
    Category,
    KeyProject,
    Level,
    MemberRole,
    Nature,
    Status,
    TaskForceMember,
)

REQUIRED = {"year", "name", "category", "level", "park", "total_investment"}
PARSERS: dict[str, Any] = {
    "year": cells.decimal,
    "total_investment": cells.decimal,
    "prior_investment": cells.decimal,
    "planned_start": cells.date,
    "actual_start": cells.date,
    "planned_completion": cells.date,
    "actual_completion": cells.date,
    "owner_enterprise": cells.code,
    "members": cells.names,
}
CHOICES: dict[str, Any] = {
    "category": Category,
    "level": Level,
    "nature": Nature,
    "status": Status,
}
_MEMBER = re.compile(r"^\s*([^:：]+?)\s*(?:[:：]\s*(.+?))?\s*$")
MONTH_KEYS = tuple(f"m{m}" for m in range(1, 13))


def plan_columns() -> tuple[Column, ...]:
    return tuple(
        Column(header, key, required=key in REQUIRED, parse=PARSERS.get(key, cells.text))
        for header, key in (*LEAD_COLUMNS, *TAIL_COLUMNS)
    )


class PlanSpec(Spec):
    """One project per row; 本年计划投资 by month under the merged header's second row."""

    kind = "key_projects"

    def __init__(self) -> None:
        self.columns = plan_columns()

    def bind(self, table: Table) -> list[Problem]:
        # The months sit in the row below the header (merged two-row header) or, in a
        # one-row layout, in the header row itself.
        for index in (table.header_row + 1, table.header_row):
            if index >= len(table.sheet.rows):
                continue
            found = {}
            for position, value in enumerate(table.sheet.rows[index]):
                name = normalize_header(value)
                for month, header in enumerate(MONTH_HEADERS, start=1):
                    if name == normalize_header(header):
                        found[f"m{month}"] = (position, header)
            if found:
                for key, (position, header) in found.items():
                    table.positions[key] = position
                    table.headers[key] = header
                self.columns = plan_columns() + tuple(
                    Column(header, key, required=False, parse=cells.decimal)
                    for key, (_position, header) in found.items()
                )
                table.header_row = max(table.header_row, index)
                return []
        return []

    def prepare(self, actor: Any) -> dict[str, Any]:
        parks = list(Park.objects.all())
        return {
            "actor": actor,
            "parks": {p.name: p for p in parks},
            "users": {u.username: u for u in User.objects.filter(is_active=True)},
            "existing": {
                (p.year, p.name): p
                for p in KeyProject.objects.select_related(
                    "owner_enterprise", "industry", "leader", "park"
                ).prefetch_related("plan_months", "members__user")
            },
        }

    def plan_row(self, row: Row, context: dict[str, Any]) -> list[Plan]:
        data: dict[str, Any] = {}
        for key in ProjectForm.base_fields:
            if key in row.values and key not in row.failed:
                data[key] = _form_value(row, context, key, row.values[key])
        for key in MONTH_KEYS:
            if row.has(key) and row.values[key] is not None:
                data[key] = row.values[key]
        members = _members(row, context) if row.has("members") else None
        if row.problems:
            return []
        year, name = data.get("year"), data.get("name")
        existing = context["existing"].get((int(year), name)) if year and name else None
        if existing is not None:
            # Columns the file lacks keep what is stored.
            current = ProjectForm.initial_for(existing)
            for key, value in current.items():
                if key not in row.values and key not in data:
                    data[key] = _as_form(value)
        form = ProjectForm(data=data)
        if not form.is_valid():
            for field_name, errors in form.errors.items():
                message = "；".join(str(e) for e in errors)
                if field_name in row.table.positions:
                    row.bad(field_name, message)
                else:
                    row.bad(None, message)
            return []
        fields = form.service_data()
        plan = {m: form.cleaned_data.get(f"m{m}") for m in range(1, 13)}
        if not any(k in row.values for k in MONTH_KEYS) and existing is not None:
            plan = {p.month: p.amount for p in existing.plan_months.all()}
        label = f"{fields['year']} {fields['name']}"
        payload = {"fields": fields, "plan": plan, "members": members}
        if existing is None:
            return [Plan(row.number, CREATE, label, label, payload)]
        changes = _changes(existing, fields, plan, members)
        payload["pk"] = existing.pk
        return [
            Plan(
                row.number, UPDATE if changes else UNCHANGED, label, label, payload, tuple(changes)
            )
        ]

    def write(self, plan: Plan, actor: Any, context: dict[str, Any]) -> None:
        check = actor is not None
        fields = dict(plan.data["fields"])
        if plan.action == CREATE:
            project = services.key_project_create(
                actor,
                name=fields.pop("name"),
                year=fields.pop("year"),
                category=fields.pop("category"),
                level=fields.pop("level"),
                park=fields.pop("park"),
                owner_enterprise=fields.pop("owner_enterprise"),
                industry=fields.pop("industry"),
                total_investment=fields.pop("total_investment"),
                planned_start=fields.pop("planned_start"),
                planned_completion=fields.pop("planned_completion"),
                plan_months=plan.data["plan"],
                check=check,
                **fields,
            )
        else:
            project = KeyProject.objects.get(pk=plan.data["pk"])
            project, _changed = services.key_project_update(
                actor=actor,
                project=project,
                data=fields,
                plan_months=plan.data["plan"],
                check=check,
            )
        members = plan.data["members"]
        if members is not None:
            _write_members(project, members, actor, check)


def _as_form(value: Any) -> Any:
    return "" if value is None else value


def _form_value(row: Row, context: dict[str, Any], key: str, value: Any) -> Any:
    if value is None:
        return ""
    if key == "year":
        return int(value) if Decimal(value) == int(value) else value
    if key in CHOICES:
        try:
            return cells.choice(value, CHOICES[key].choices)
        except cells.CellError as exc:
            row.bad(key, str(exc))
            return ""
    if key == "park":
        park = context["parks"].get(value)
        if park is None:
            row.bad(
                key,
                _("园区“%(value)s”不存在，应为：%(names)s")
                % {"value": value, "names": "、".join(context["parks"])},
            )
            return ""
        return park.pk
    return value


def _members(row: Row, context: dict[str, Any]) -> dict[str, str]:
    roles = {str(label): v for v, label in MemberRole.choices} | {v: v for v in MemberRole.values}
    found: dict[str, str] = {}
    for entry in row.values["members"] or []:
        match = _MEMBER.match(entry)
        username, role = (match.group(1), match.group(2)) if match else (entry, None)
        if username not in context["users"]:
            row.bad("members", _("用户“%(value)s”不存在，应为登录账号") % {"value": username})
            continue
        if role and role not in roles:
            row.bad(
                "members",
                _("专班职务“%(value)s”不正确，应为：%(names)s")
                % {"value": role, "names": "、".join(str(lb) for _v, lb in MemberRole.choices)},
            )
            continue
        found[username] = roles[role] if role else MemberRole.MEMBER
    return found


def _changes(
    existing: KeyProject,
    fields: dict[str, Any],
    plan: dict[int, Decimal | None],
    members: dict[str, str] | None,
) -> list[str]:
    changes = [
        str(getattr(KeyProject._meta.get_field(key), "verbose_name", key))
        for key, value in fields.items()
        if getattr(existing, key) != value
    ]
    stored = {p.month: p.amount for p in existing.plan_months.all()}
    if {m: a for m, a in stored.items() if a} != {m: a for m, a in plan.items() if a}:
        changes.append(_("分月计划投资"))
    if members is not None:
        current = {m.user.username: m.role for m in existing.members.all()}
        if current != members:
            changes.append(_("专班成员"))
    return changes


def _write_members(project: KeyProject, members: dict[str, str], actor: Any, check: bool) -> None:
    current = {m.user.username: m for m in project.members.select_related("user")}
    users = {u.username: u for u in User.objects.filter(username__in=members)}
    for username, role in members.items():
        member: TaskForceMember | None = current.get(username)
        if member is None or member.role != role:
            services.member_set(
                actor=actor,
                project=project,
                user=users[username],
                role=role,
                duty=member.duty if member else "",
                check=check,
            )
    for username, member in current.items():
        if username not in members:
            services.member_remove(actor=actor, member=member, check=check)
