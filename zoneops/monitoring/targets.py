"""Targets (目标): adding one, and saying how far along it is the way people say it.

A target is yearly (no quarter) or quarterly, for the zone, a park or a chain, on any indicator,
as a value (stored in the indicator's stored unit: 元, kWh, persons) or a growth rate (%).
Progress comes from ``queries.target_progress``; this module only words it: "还需 3.2亿元",
"差 1.5 个百分点", "快于时间进度 13.8 个百分点".
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zoneops.core import units
from zoneops.core.history import record, snapshot
from zoneops.core.models import ChangeRecord, Park
from zoneops.core.permissions import require
from zoneops.enterprises.models import Chain
from zoneops.monitoring.models import Indicator, Target, TargetKind, TargetScope
from zoneops.monitoring.permissions import can_manage_catalogue
from zoneops.monitoring.queries import TargetProgress

QUARTERS = (1, 2, 3, 4)


@transaction.atomic
def target_save(
    *,
    actor: Any,
    scope: str,
    indicator: Indicator,
    year: int,
    kind: str,
    value: Decimal,
    quarter: int | None = None,
    park: Park | None = None,
    chain: Chain | None = None,
) -> Target:
    """Add a target (``value`` in the indicator's stored unit for value targets, % for growth).

    Raises ValidationError with the field at fault; records the new target in history.
    """
    require(can_manage_catalogue(actor))
    errors: dict[str, str] = {}
    if scope not in TargetScope.values:
        errors["scope"] = _("请选择目标范围")
    if scope == TargetScope.PARK and park is None:
        errors["park"] = _("园区目标须选择园区")
    if scope == TargetScope.CHAIN and chain is None:
        errors["chain"] = _("产业链目标须选择产业链")
    if quarter is not None and quarter not in QUARTERS:
        errors["quarter"] = _("季度应为 1—4，年度目标留空")
    if not 2000 <= year <= 2100:
        errors["year"] = _("年度应在 2000—2100 之间")
    if kind not in TargetKind.values:
        errors["kind"] = _("请选择目标类型")
    if kind == TargetKind.VALUE and (value is None or value <= 0):
        errors["value"] = _("总量目标须大于 0")
    if not indicator.is_active:
        errors["indicator"] = _("该指标已停用")
    if errors:
        raise ValidationError(errors)
    # A zone target has neither park nor chain; a park target no chain, and so on.
    park = park if scope == TargetScope.PARK else None
    chain = chain if scope == TargetScope.CHAIN else None
    duplicate = Target.objects.filter(
        scope=scope,
        park=park,
        chain=chain,
        indicator=indicator,
        year=year,
        quarter=quarter,
        kind=kind,
    ).exists()
    if duplicate:
        raise ValidationError(_("已有相同范围、期间和指标的目标，请勿重复添加"))
    target = Target.objects.create(
        scope=scope,
        park=park,
        chain=chain,
        indicator=indicator,
        year=year,
        quarter=quarter,
        kind=kind,
        value=value,
    )
    record(
        actor=actor,
        obj=target,
        action=ChangeRecord.Action.CREATE,
        before=None,
        after=snapshot(target),
    )
    return target


class TargetForm(forms.Form):
    """A target as people write it: value targets in the display unit (万元, 万千瓦时, 人)."""

    scope = forms.ChoiceField(label=gettext_lazy("范围"), choices=TargetScope.choices)
    park = forms.ModelChoiceField(
        label=gettext_lazy("园区"), queryset=Park.objects.none(), required=False
    )
    chain = forms.ModelChoiceField(
        label=gettext_lazy("产业链"), queryset=Chain.objects.none(), required=False
    )
    indicator = forms.ModelChoiceField(
        label=gettext_lazy("指标"), queryset=Indicator.objects.none()
    )
    year = forms.IntegerField(label=gettext_lazy("年度"), min_value=2000, max_value=2100)
    quarter = forms.TypedChoiceField(
        label=gettext_lazy("季度"),
        choices=[("", gettext_lazy("全年")), *[(q, f"Q{q}") for q in QUARTERS]],
        coerce=int,
        empty_value=None,
        required=False,
    )
    kind = forms.ChoiceField(label=gettext_lazy("目标类型"), choices=TargetKind.choices)
    value = forms.DecimalField(
        label=gettext_lazy("目标值"),
        max_digits=16,
        decimal_places=4,
        help_text=gettext_lazy("总量按显示单位填写（金额：万元，用电量：万千瓦时）；增速填百分数"),
    )

    def __init__(self, *args: Any, parks: Any, chains: Any, indicators: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["park"].queryset = parks  # type: ignore[attr-defined]
        self.fields["chain"].queryset = chains  # type: ignore[attr-defined]
        self.fields["indicator"].queryset = indicators  # type: ignore[attr-defined]

    def service_data(self) -> dict[str, Any]:
        """The cleaned data for ``target_save``: a value target converted to the stored unit."""
        data = dict(self.cleaned_data)
        indicator: Indicator = data["indicator"]
        if data["kind"] == TargetKind.VALUE:
            data["value"] = units.to_stored(data["value"], indicator.display_unit)
        return data


def format_quantity(value: Decimal | None, indicator: Indicator, places: int = 2) -> str:
    """A stored quantity as people say it: money in 万元 or 亿元, others in the display unit."""
    if value is None:
        return "—"
    if indicator.unit == "yuan":
        return units.format_money(value, "auto", places)
    shown = units.to_display(value, indicator.display_unit, places)
    return f"{shown:,}{indicator.display_unit}"


@dataclass
class TargetLine:
    """One target's row on the page."""

    progress: TargetProgress
    where: str
    when: str
    goal: str
    actual: str
    bar: float | None  # completion clipped to 0–100, for the bar
    marker: float | None  # time elapsed, 0–100 (value targets)
    gap: str
    schedule: str
    schedule_class: str


def _points(value: Decimal) -> str:
    return f"{abs(value):.1f}"


def describe(progress: TargetProgress) -> TargetLine:
    """Completion, the gap and the pace against time elapsed, in words."""
    target = progress.target
    indicator = target.indicator
    where = str(target.park or target.chain or _("全区"))
    when = (
        _("%(year)s年第%(q)s季度") % {"year": target.year, "q": target.quarter}
        if target.quarter
        else _("%(year)s年全年") % {"year": target.year}
    )
    completion = progress.completion
    bar = None if completion is None else float(max(Decimal(0), min(completion, Decimal(100))))
    schedule, schedule_class = "", "text-muted"
    if target.kind == TargetKind.GROWTH:
        goal = _("增长 %(rate)s%%") % {"rate": f"{target.value:.1f}"}
        actual = "—" if progress.actual is None else f"{progress.actual:+.1f}%"
        if progress.gap is None:
            gap = _("暂无可比数据")
        elif progress.gap > 0:
            gap = _("差 %(points)s 个百分点") % {"points": _points(progress.gap)}
        elif progress.gap < 0:
            gap = _("高于目标 %(points)s 个百分点") % {"points": _points(progress.gap)}
        else:
            gap = _("恰好达到目标")
        return TargetLine(progress, where, when, goal, actual, bar, None, gap, "", schedule_class)
    goal = format_quantity(target.value, indicator)
    actual = format_quantity(progress.actual, indicator)
    if progress.gap is None:
        gap = _("暂无数据")
    elif progress.gap > 0:
        amount = format_quantity(progress.gap, indicator, places=1)
        gap = (_("本季度还需 %(amount)s") if target.quarter else _("全年还需 %(amount)s")) % {
            "amount": amount
        }
    else:
        extra = (progress.actual or Decimal(0)) - target.value
        gap = (
            _("已完成目标，超出 %(amount)s") % {"amount": format_quantity(extra, indicator, 1)}
            if extra > 0
            else _("已完成目标")
        )
    ahead = progress.ahead_points
    if ahead is not None:
        if ahead > 0:
            schedule = _("快于时间进度 %(points)s 个百分点") % {"points": _points(ahead)}
            schedule_class = "text-success"
        elif ahead < 0:
            schedule = _("慢于时间进度 %(points)s 个百分点") % {"points": _points(ahead)}
            schedule_class = "text-danger"
        else:
            schedule = _("与时间进度持平")
    return TargetLine(
        progress,
        where,
        when,
        goal,
        actual,
        bar,
        float(progress.time_elapsed),
        gap,
        schedule,
        schedule_class,
    )
