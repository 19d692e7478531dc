"""The upload form of the import pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from zoneops.core.imports.reader import EXTENSIONS


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("文件"),
        help_text=_("Excel（.xlsx、.xls）、.ods 或 .csv；按表头名称识别列，列的顺序不限。"),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(EXTENSIONS)}),
    )
    period = forms.RegexField(
        label=_("报告期"),
        regex=r"^\d{4}-\d{1,2}$",
        required=False,
        help_text=_("如 2024-03；留空则从表格标题识别（如“2024年1—3月”）。"),
        error_messages={"invalid": _("报告期应为 YYYY-MM，例如 2024-03")},
        widget=forms.TextInput(attrs={"placeholder": "2024-03", "inputmode": "numeric"}),
    )

    def __init__(self, *args: Any, options: tuple[str, ...] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only the choices this kind of import takes are offered.
        for name in ("period",):
            if name not in options:
                del self.fields[name]

    def options(self) -> dict[str, str]:
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name != "file" and value not in (None, "")
        }
