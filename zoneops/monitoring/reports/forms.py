"""The report form: one row per indicator, figures in the units people write them in."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from zoneops.core import units
from zoneops.core.forms import DecimalInput
from zoneops.monitoring.models import Indicator, IndicatorKind
from zoneops.monitoring.reports.figures import Figures

FIELD_LABELS = {
    "month_value": _("本月"),
    "ytd_value": _("1—本月累计"),
    "last_ytd_value": _("上年同期累计"),
}
STOCK_LABELS = {"ytd_value": _("期末数"), "last_ytd_value": _("上年同期")}


def field_name(code: str, field: str) -> str:
    return f"{code}__{field}"


class ReportForm(forms.Form):
    """Figures in display units (万元, 万千瓦时, 人); ``figures()`` gives them in stored units."""

    explanation = forms.CharField(
        label=_("情况说明"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("同比变动较大、产销率异常或用电与产值背离时，请写明原因。"),
    )

    def __init__(self, *args: Any, indicators: list[Indicator], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.indicators = indicators
        for indicator in indicators:
            labels = STOCK_LABELS if indicator.kind == IndicatorKind.STOCK else FIELD_LABELS
            for field, label in labels.items():
                self.fields[field_name(indicator.code, field)] = forms.DecimalField(
                    label=f"{indicator.name} {label}",
                    required=False,
                    max_digits=18,
                    decimal_places=4,
                    widget=DecimalInput(attrs={"step": "any", "inputmode": "decimal"}),
                )

    @classmethod
    def initial_from(cls, figures: Figures, indicators: list[Indicator]) -> dict[str, Any]:
        initial: dict[str, Any] = {}
        for indicator in indicators:
            for field, value in figures.get(indicator.code, {}).items():
                # A Decimal in the display unit; DecimalInput writes it as typed (5000, not 5E+3).
                shown = units.to_display(value, indicator.display_unit, 4)
                if shown is not None:
                    initial[field_name(indicator.code, field)] = shown
        return initial

    def figures(self) -> Figures:
        out: Figures = {}
        for indicator in self.indicators:
            row: dict[str, Decimal | None] = {}
            for field in ("month_value", "ytd_value", "last_ytd_value"):
                value = self.cleaned_data.get(field_name(indicator.code, field))
                row[field] = (
                    units.to_stored(value, indicator.display_unit) if value is not None else None
                )
            if any(v is not None for v in row.values()):
                out[indicator.code] = row
        return out

    def rows(self) -> list[dict[str, Any]]:
        """For the template: per indicator, its bound fields in order."""
        return [
            {
                "indicator": indicator,
                "fields": [
                    self[field_name(indicator.code, field)]
                    for field in (
                        STOCK_LABELS if indicator.kind == IndicatorKind.STOCK else FIELD_LABELS
                    )
                ],
            }
            for indicator in self.indicators
        ]


class ReturnForm(forms.Form):
    reason = forms.CharField(label=_("退回原因"), max_length=300, widget=forms.TextInput)


class CorrectionReasonForm(forms.Form):
    reason = forms.CharField(label=_("修订原因"), max_length=150)
