"""The classifications' inputs: an edition, a decision on an enterprise, the table's upload."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from zoneops.core.imports.forms import ImportUploadForm
from zoneops.enterprises.classifications.models import (
    Classification,
    ClassNode,
    Decision,
)


class ClassificationForm(forms.ModelForm[Classification]):
    class Meta:
        model = Classification
        fields = ("name", "edition", "issuer", "level", "kind", "note", "order")
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}


class DecisionForm(forms.Form):
    """Confirm or reject a partial membership (with the product), or add or remove an
    enterprise by hand (with the reason)."""

    node = forms.ModelChoiceField(label=_("分类节点"), queryset=ClassNode.objects.none())
    decision = forms.ChoiceField(label=_("决定"), choices=Decision.choices)
    product = forms.CharField(label=_("符合的产品或服务"), max_length=200, required=False)
    reason = forms.CharField(label=_("理由"), max_length=500, required=False)

    def __init__(self, *args: Any, decisions: tuple[str, ...] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        nodes = ClassNode.objects.select_related("classification").order_by(
            "classification__order", "classification__pk", "order", "pk"
        )
        self.fields["node"].queryset = nodes  # type: ignore[attr-defined]
        self.fields["node"].label_from_instance = (  # type: ignore[attr-defined]
            lambda node: f"{node.classification} · {node.code} {node.name}"
        )
        if decisions is not None:
            self.fields["decision"].choices = [  # type: ignore[attr-defined]
                (value, label) for value, label in Decision.choices if value in decisions
            ]


class TableUploadForm(ImportUploadForm):
    """The one upload form, for a classification's table (no period to choose)."""
