"""The form staff set a target with."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy

from zoneops.core import units
from zoneops.core.models import Park
from zoneops.enterprises.models import Chain
from zoneops.monitoring.models import Indicator, TargetKind, TargetScope
from zoneops.monitoring.targets.services import QUARTERS


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
