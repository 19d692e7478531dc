"""The two inputs of 达产达效: a 新增长点's designed output and start, a 龙头企业's year target.

Amounts are typed in 万元 and held to the model's own bounds (``enterprises.GrowthPoint`` /
``OutputTarget``) before the service sees them; the production date to the span the model
declares (not in the future).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy

from zoneops.core import units
from zoneops.core.bounds import form_field
from zoneops.enterprises.models import Enterprise, GrowthPoint

WAN = "万元"
# The models' bounds in 元 (at least 1万元, at most 15 digits), typed in 万元.
LOW_WAN = Decimal(1)
HIGH_WAN = Decimal("999999999")


def _wan_field(label: Any) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        min_value=LOW_WAN,
        max_value=HIGH_WAN,
        max_digits=13,
        decimal_places=4,
        help_text=gettext_lazy("单位：万元"),
    )


class GrowthPointForm(forms.Form):
    enterprise = forms.ModelChoiceField(
        label=gettext_lazy("企业"), queryset=Enterprise.objects.none()
    )
    designed_output = _wan_field(gettext_lazy("设计年产值（万元）"))
    producing_on = form_field(GrowthPoint, "producing_on", label=gettext_lazy("投产日期"))
    note = forms.CharField(label=gettext_lazy("备注"), max_length=200, required=False)

    def __init__(self, *args: Any, enterprises: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = enterprises  # type: ignore[attr-defined]
        self.fields["producing_on"].widget = forms.DateInput(attrs={"type": "date"})

    def service_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "enterprise": data["enterprise"],
            "designed_output": units.to_stored(data["designed_output"], WAN),
            "producing_on": data["producing_on"],
            "note": data["note"],
        }


class OutputTargetForm(forms.Form):
    enterprise = forms.ModelChoiceField(
        label=gettext_lazy("龙头企业"), queryset=Enterprise.objects.none()
    )
    year = forms.IntegerField(label=gettext_lazy("年度"), min_value=2000, max_value=2100)
    value = _wan_field(gettext_lazy("年度产值目标（万元）"))

    def __init__(self, *args: Any, enterprises: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = enterprises  # type: ignore[attr-defined]

    def service_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "enterprise": data["enterprise"],
            "year": data["year"],
            "value": units.to_stored(data["value"], WAN),
        }
