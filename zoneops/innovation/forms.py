from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from zoneops.innovation.models import Recognition, Talent


class RecognitionForm(forms.ModelForm[Recognition]):
    class Meta:
        model = Recognition
        fields = (
            "enterprise",
            "kind",
            "level",
            "name",
            "recognised_by",
            "document_number",
            "certificate_number",
            "issued_on",
            "valid_until",
            "review_years",
            "edition",
            "status",
        )
        widgets = {
            "issued_on": forms.DateInput(attrs={"type": "date"}),
            "valid_until": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args: Any, enterprises: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = enterprises  # type: ignore[attr-defined]
        self.fields["valid_until"].help_text = str(
            _("留空按规则计算：高企及专精特新梯度三年，科技型中小企业当年有效")
        )


class TalentForm(forms.ModelForm[Talent]):
    class Meta:
        model = Talent
        fields = ("name", "id_number", "enterprise", "programme", "tier", "mode", "year", "support")

    def __init__(self, *args: Any, enterprises: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = enterprises  # type: ignore[attr-defined]
