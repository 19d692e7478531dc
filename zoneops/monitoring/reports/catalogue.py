"""The catalogue as data, edited on a page: indicators, validation rules and alert rules.

Writes are atomic, permission-checked (administrators and the economy office) and recorded.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from zoneops.core import units
from zoneops.core.history import record_save, snapshot_stored
from zoneops.core.models import User
from zoneops.core.permissions import require
from zoneops.monitoring.models import AlertRule, Indicator, ValidationRule
from zoneops.monitoring.permissions import can_manage_catalogue


class IndicatorForm(forms.ModelForm[Indicator]):
    class Meta:
        model = Indicator
        fields = [
            "code",
            "name",
            "unit",
            "display_unit",
            "kind",
            "form",
            "allows_negative",
            "order",
            "is_active",
        ]
        help_texts = {"code": _("由英文小写字母和下划线组成，供导入和接口识别；创建后不再修改。")}

    def clean_display_unit(self) -> str:
        value = str(self.cleaned_data["display_unit"]).strip()
        try:
            units.factor(value)
        except ValueError as exc:
            raise forms.ValidationError(
                _("显示单位应为 元、千元、万元、亿元、千瓦时、万千瓦时 或 人")
            ) from exc
        return value


class ValidationRuleForm(forms.ModelForm[ValidationRule]):
    class Meta:
        model = ValidationRule
        fields = ["threshold", "severity", "message", "is_active"]


class AlertRuleForm(forms.ModelForm[AlertRule]):
    class Meta:
        model = AlertRule
        fields = ["blue_threshold", "orange_threshold", "red_threshold", "is_active"]


@transaction.atomic
def catalogue_save(*, actor: User, form: forms.ModelForm[Any]) -> Any:
    """Save a validated catalogue form (new or changed), recording the change."""
    require(can_manage_catalogue(actor))
    instance = form.instance
    is_new = instance.pk is None
    before = None if is_new else snapshot_stored(instance)
    saved = form.save()
    record_save(actor=actor, obj=saved, before=before)
    return saved
