"""The form an enterprise (or staff for it) answers a production-plan survey with."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _lazy

from zoneops.monitoring.models import ProductionPlan, ProductionSurvey, SurveyResponse
from zoneops.monitoring.surveys.services import ANSWER_FIELDS, answer_errors, normalise_answer


class SurveyResponseForm(forms.ModelForm[SurveyResponse]):
    """One enterprise's answer, phone-friendly: radio buttons, native date pickers, checkboxes."""

    class Meta:
        model = SurveyResponse
        fields = list(ANSWER_FIELDS)
        widgets = {
            "plan": forms.RadioSelect,
            "stop_from": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "stop_to": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "capacity_percent": forms.NumberInput(attrs={"inputmode": "numeric", "min": 1}),
            "workers_on_duty": forms.NumberInput(attrs={"inputmode": "numeric", "min": 0}),
            "note": forms.TextInput(attrs={"maxlength": 300}),
        }

    def __init__(self, *args: Any, survey: ProductionSurvey, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.survey = survey
        # Radio buttons without the empty "---------" choice a model field's select would have.
        self.fields["plan"].choices = ProductionPlan.choices  # type: ignore[attr-defined]
        self.fields["capacity_percent"].help_text = _lazy("仅“部分产能连续生产”填写，如 60")
        self.fields["stop_from"].help_text = _lazy("停产时必填")
        self.fields["stop_to"].help_text = _lazy("停产时必填，应不早于停产开始日期")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for name, messages in answer_errors(cleaned, self.survey).items():
            if name not in self.errors:  # a field that did not parse already says why
                for message in messages:
                    self.add_error(name, message)
        return cleaned

    def answer(self) -> dict[str, Any]:
        return normalise_answer(self.cleaned_data)
