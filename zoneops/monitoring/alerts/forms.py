"""The form staff handle an alert with."""

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zoneops.monitoring.models import AlertStatus


class AlertHandleForm(forms.Form):
    status = forms.ChoiceField(
        label=gettext_lazy("处理"),
        choices=[
            (AlertStatus.ACKNOWLEDGED, gettext_lazy("知悉")),
            (AlertStatus.CLOSED, gettext_lazy("关闭")),
        ],
    )
    note = forms.CharField(label=gettext_lazy("处理说明"), max_length=500, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("status") == AlertStatus.CLOSED and not data.get("note", "").strip():
            self.add_error("note", _("关闭预警须写明处理情况"))
        return data
