"""The upload form of the import pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from zoneops.core.imports.reader import EXTENSIONS


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("文件"),
        help_text=_("Excel（.xlsx、.xls）、.ods 或 .csv；按表头名称识别列，列的顺序不限。"),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(EXTENSIONS)}),
    )
