"""Import of a year's holidays and make-up working days (kind ``calendar``), on the
shared engine: columns 日期, 类型 (放假 / 调休上班), 节日. The calendar page exports the same
layout, so an exported file re-imports unchanged."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zoneops.core import services
from zoneops.core.imports import cells
from zoneops.core.imports.engine import CREATE, UNCHANGED, UPDATE, Column, Plan, Row, Spec
from zoneops.core.imports.registry import ImportKind, register
from zoneops.core.models import CalendarDay, User
from zoneops.core.permissions import can_configure_calendar

KINDS = {
    "放假": CalendarDay.Kind.HOLIDAY,
    "休息": CalendarDay.Kind.HOLIDAY,
    "假日": CalendarDay.Kind.HOLIDAY,
    "调休上班": CalendarDay.Kind.WORKDAY,
    "上班": CalendarDay.Kind.WORKDAY,
    "补班": CalendarDay.Kind.WORKDAY,
    "holiday": CalendarDay.Kind.HOLIDAY,
    "workday": CalendarDay.Kind.WORKDAY,
}


class CalendarSpec(Spec):
    kind = "calendar"
    columns = (
        Column("日期", "date", parse=cells.date),
        Column("类型", "kind", aliases=("安排",)),
        Column("节日", "name", aliases=("名称", "节假日"), required=False),
    )
    unique_key = "date"

    def prepare(self, actor: User | None) -> dict[Any, CalendarDay]:
        return {day.date: day for day in CalendarDay.objects.all()}

    def plan_row(self, row: Row, context: dict[Any, CalendarDay]) -> list[Plan]:
        date = row.values.get("date")
        if row.has("date") and date is None:
            row.bad("date", _("请填写日期"))
        shown = row.values.get("kind") or ""
        kind = KINDS.get(shown.strip())
        if row.has("kind") and kind is None:
            row.bad("kind", _("应为“放假”或“调休上班”，而不是“%(value)s”") % {"value": shown})
        if row.problems or date is None or kind is None:
            return []
        name = (row.values.get("name") or "")[:30]
        stored = context.get(date)
        changes: tuple[str, ...] = ()
        if stored is None:
            action = CREATE
        elif stored.kind == kind and stored.name == name:
            action = UNCHANGED
        else:
            action, changes = (
                UPDATE,
                tuple(
                    f
                    for f, same in (("kind", stored.kind == kind), ("name", stored.name == name))
                    if not same
                ),
            )
        return [
            Plan(
                row=row.number,
                action=action,
                key=date.isoformat(),
                label=f"{date.isoformat()} {dict(CalendarDay.Kind.choices)[kind]} {name}".strip(),
                data={"date": date, "kind": kind, "name": name},
                changes=changes,
            )
        ]

    def write(self, plan: Plan, actor: User | None, context: Any) -> None:
        services.calendar_day_set(actor=actor, **plan.data)


register(
    ImportKind(
        key="calendar",
        label=gettext_lazy("法定节假日安排"),
        spec=CalendarSpec,
        allowed=can_configure_calendar,
        description=gettext_lazy(
            "国务院办公厅每年公布的放假安排：每行一个日期，类型为“放假”或“调休上班”。诉求办理时限等按工作日计算的期限均按此计算。"
        ),
    )
)
