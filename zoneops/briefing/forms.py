"""The briefing's forms: a new draft (period, kind, place), a draft's paragraphs, issuing."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from zoneops.briefing import content
from zoneops.briefing.models import Span
from zoneops.core.models import Park


class NewBriefingForm(forms.Form):
    period = forms.ChoiceField(label=_("月份"))
    span = forms.ChoiceField(label=_("类型"), choices=Span.choices, initial=Span.MONTH)
    park = forms.ModelChoiceField(
        label=_("范围"), queryset=Park.objects.none(), required=False, empty_label=_("全区")
    )

    def __init__(
        self, *args: Any, periods: list[tuple[int, int]], parks: Any, zone: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["period"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [
            (f"{y}-{m:02d}", _("%(y)s年%(m)s月") % {"y": y, "m": m}) for y, m in periods
        ]
        park = self.fields["park"]
        assert isinstance(park, forms.ModelChoiceField)
        park.queryset = parks
        # Who may write only their park's has no 全区 to choose.
        park.required = not zone
        if not zone:
            park.empty_label = None

    def month(self) -> tuple[int, int]:
        year, month = self.cleaned_data["period"].split("-")
        return int(year), int(month)


class TextsForm(forms.Form):
    """One textarea per section, and 下步工作."""

    next_steps = forms.CharField(
        label=content.NEXT_STEPS_HEADING,
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("经济发展局撰写：下一步的工作安排，签发前必填"),
    )

    def __init__(self, *args: Any, texts: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for section in content.SECTIONS:
            self.fields[section.key] = forms.CharField(
                label=str(section.heading),
                required=False,
                max_length=5000,
                initial=texts.get(section.key, ""),
                widget=forms.Textarea(attrs={"rows": 4}),
            )
        self.order_fields([*content.SECTION_KEYS, "next_steps"])


class IssueForm(forms.Form):
    reason = forms.CharField(
        label=_("重新签发原因"),
        required=False,
        max_length=500,
        help_text=_("更正后重新签发时必填，写入新版本"),
    )
