"""Leading the province (领跑全省): the growth figures the province's development zones publish
for an indicator and period arrive as a spreadsheet (开发区 / 增速（%） / optional 本区) through
the shared import engine (kind ``province_figures``): all or nothing, every bad cell named, and
a second import of the same file writes nothing. The indicator and period are chosen on upload
or read from the file's title, e.g. ``2024年1—12月全省开发区规上工业总产值增速``.

The ranking the figures make is in :mod:`.queries`; saving them in :mod:`.services`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from zoneops.core.imports import cells
from zoneops.core.imports.engine import CREATE, UNCHANGED, UPDATE, Column, Plan, Row, Spec, Table
from zoneops.core.imports.problems import Problem
from zoneops.core.imports.registry import ImportKind, register
from zoneops.core.models import Zone
from zoneops.monitoring.models import Indicator, ProvinceFigure, ReportingPeriod
from zoneops.monitoring.periods import parse_period, period_get_or_create
from zoneops.monitoring.permissions import can_manage_catalogue
from zoneops.monitoring.province.services import GROWTH_LIMIT, _growth, province_figure_save

# 2024年1—12月, 2024年1-12月, 2024年1～12月, 2024年12月 (the range ends in the period's month).
TITLE_PERIOD = re.compile(r"(\d{4})\s*年\s*(?:(\d{1,2})\s*[—–\-－~～至到]+\s*)?(\d{1,2})\s*月")


def _growth_cell(value: Any) -> Decimal | None:
    """12.5, "12.5", "12.5%", "-3.2％": the growth in percent."""
    if isinstance(value, str):
        value = value.strip().rstrip("%％").strip()
    number = cells.decimal(value)
    if number is None:
        return None
    if abs(number) > GROWTH_LIMIT:
        raise cells.CellError(_("增速“%(value)s”超出范围，应为百分数，如 8.5") % {"value": value})
    return _growth(number)


def own_zone_names() -> set[str]:
    """The names this zone goes by in province lists: its name, short name, platform name."""
    names = {str(settings.ZONE_NAME)}
    for zone in Zone.objects.all():
        names |= {zone.name, zone.short_name}
    return {_compact(n) for n in names if n}


def _compact(name: str) -> str:
    return re.sub(r"\s+", "", name)


def parse_title(text: str, indicators: list[Indicator]) -> tuple[tuple[int, int] | None, Any]:
    """(year, month) and the indicator a title names, each None when it names none.

    2024年1—12月全省开发区规上工业总产值增速 → (2024, 12), 工业总产值. The longest indicator
    name found wins (工业销售产值 is not 工业总产值).
    """
    period = None
    match = TITLE_PERIOD.search(text)
    if match and 1 <= int(match.group(3)) <= 12:
        period = (int(match.group(1)), int(match.group(3)))
    found = [i for i in indicators if i.name in text]
    indicator = max(found, key=lambda i: len(i.name)) if found else None
    return period, indicator


@dataclass
class ProvinceContext:
    actor: Any
    period: ReportingPeriod | None
    existing: dict[str, ProvinceFigure]
    own_names: set[str]


class ProvinceFigureSpec(Spec):
    """开发区 / 增速（%） / 本区 for one period and indicator; the zone's name is the identity."""

    kind = "province_figures"
    unique_key = "zone_name"
    columns = (
        Column("开发区", "zone_name", aliases=("开发区名称", "园区", "单位名称", "名称", "地区")),
        Column(
            "增速（%）",
            "growth",
            aliases=("增速", "增长（%）", "同比增长（%）", "同比增速（%）", "增幅（%）"),
            parse=_growth_cell,
        ),
        Column("本区", "is_self", aliases=("是否本区",), required=False, parse=cells.yes_no),
    )

    def __init__(self, *, period: tuple[int, int] | None = None, indicator: Any = None) -> None:
        # Chosen on upload (the page, the command); otherwise read from the title in bind().
        self.period_key = period
        self.indicator: Indicator | None = indicator

    def bind(self, table: Table) -> list[Problem]:
        indicators = list(Indicator.objects.filter(is_active=True))
        title_row, title = _title(table)
        found_period, found_indicator = parse_title(title, indicators) if title else (None, None)
        problems: list[Problem] = []

        def refuse(message: str) -> None:
            # Named at the title's row (row 0, the file as a whole, when the title is absent).
            problems.append(table.problem(title_row, None, message))

        if self.period_key and found_period and found_period != self.period_key:
            refuse(
                _("标题“%(title)s”是%(found)s，与所选报告期%(chosen)s不一致")
                % {
                    "title": title,
                    "found": _key(found_period),
                    "chosen": _key(self.period_key),
                }
            )
        if self.indicator and found_indicator and found_indicator.pk != self.indicator.pk:
            refuse(
                _("标题“%(title)s”是%(found)s，与所选指标%(chosen)s不一致")
                % {"title": title, "found": found_indicator, "chosen": self.indicator}
            )
        self.period_key = self.period_key or found_period
        self.indicator = self.indicator or found_indicator
        if self.period_key is None:
            refuse(_("未选择报告期，标题中也没有（标题应如“2024年1—12月全省开发区…增速”）"))
        if self.indicator is None:
            names = "、".join(i.name for i in indicators)
            refuse(_("未选择指标，标题中也没有可识别的指标（应为：%(names)s）") % {"names": names})
        return problems

    def prepare(self, actor: Any) -> ProvinceContext:
        assert self.period_key is not None and self.indicator is not None
        year, month = self.period_key
        period = ReportingPeriod.objects.filter(year=year, month=month).first()
        existing = (
            {
                f.zone_name: f
                for f in ProvinceFigure.objects.filter(period=period, indicator=self.indicator)
            }
            if period
            else {}
        )
        return ProvinceContext(actor, period, existing, own_zone_names())

    def plan_row(self, row: Row, context: ProvinceContext) -> list[Plan]:
        name = row.values.get("zone_name") if row.has("zone_name") else None
        growth = row.values.get("growth") if row.has("growth") else None
        if row.has("zone_name") and not name:
            row.bad("zone_name", _("开发区名称不能为空"))
        elif name and len(name) > 100:
            row.bad("zone_name", _("开发区名称过长（最多100字）"))
        if row.has("growth") and growth is None:
            row.bad("growth", _("增速不能为空，应为百分数，如 8.5"))
        if row.problems:
            return []
        assert name is not None and growth is not None
        flag = row.values.get("is_self") if row.has("is_self") else None
        # A blank 本区 cell (or no such column) falls back to the zone's own names.
        is_self = flag if flag is not None else _compact(name) in context.own_names
        current = context.existing.get(name)
        data = {"zone_name": name, "growth": growth, "is_self": is_self}
        if current is None:
            return [Plan(row.number, CREATE, name, name, data)]
        changes = tuple(
            header
            for header, key in (("增速（%）", "growth"), ("本区", "is_self"))
            if getattr(current, key) != data[key]
        )
        return [Plan(row.number, UPDATE if changes else UNCHANGED, name, name, data, changes)]

    def check_plans(
        self, plans: list[Plan], table: Table, context: ProvinceContext
    ) -> list[Problem]:
        selves = [p for p in plans if p.data["is_self"]]
        if len(selves) > 1:
            rows = "、".join(str(p.row) for p in selves)
            return [
                table.problem(
                    p.row,
                    "is_self" if "is_self" in table.positions else "zone_name",
                    _("只能有一个开发区是本区，第%(rows)s行都标为本区") % {"rows": rows},
                )
                for p in selves[1:]
            ]
        return []

    def write(self, plan: Plan, actor: Any, context: ProvinceContext) -> None:
        if context.period is None:
            assert self.period_key is not None
            context.period = period_get_or_create(*self.period_key)
        assert self.indicator is not None
        province_figure_save(
            actor=actor,
            period=context.period,
            indicator=self.indicator,
            check=actor is not None,
            **plan.data,
        )

    def details(self, plans: list[Plan], context: ProvinceContext) -> dict[str, Any]:
        selves = [p.data["zone_name"] for p in plans if p.data["is_self"]]
        return {
            "period": _key(self.period_key) if self.period_key else None,
            "indicator": self.indicator.code if self.indicator else None,
            "self": selves[0] if selves else None,
        }


def _key(period: tuple[int, int]) -> str:
    return f"{period[0]}-{period[1]:02d}"


def _title(table: Table) -> tuple[int, str]:
    """The first text above the header row (1-based row number), else the sheet's name."""
    for index, values in enumerate(table.sheet.rows[: table.header_row]):
        for value in values:
            shown = cells.text(value)
            if shown:
                return index + 1, shown
    return 0, table.sheet.name


def check_choice(period_text: str | None, indicator_code: str | None) -> tuple[Any, Any]:
    """The period (year, month) and indicator a person chose, or a ValidationError."""
    period = parse_period(period_text) if period_text else None
    indicator = None
    if indicator_code:
        indicator = Indicator.objects.filter(code=indicator_code, is_active=True).first()
        if indicator is None:
            codes = "、".join(
                Indicator.objects.filter(is_active=True).values_list("code", flat=True)
            )
            raise ValidationError(
                _("未知指标“%(code)s”，应为：%(codes)s") % {"code": indicator_code, "codes": codes}
            )
    return period, indicator


register(
    ImportKind(
        key="province_figures",
        label=_lazy("全省开发区增速"),
        spec=ProvinceFigureSpec,
        allowed=can_manage_catalogue,
        description=_lazy(
            "各开发区公布的增速：列为 开发区、增速（%），可选 本区（是/否）；"
            "报告期与指标写在标题中，如“2024年1—12月全省开发区规上工业总产值增速”。"
        ),
    )
)
