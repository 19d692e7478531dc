"""The approval forms, used by the pages (the API validates the same fields through the model's
``full_clean`` in the services)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from zoneops.approvals.models import ApprovalItem, ApprovalMatrix, ApprovalTemplate, TemplateItem
from zoneops.core.models import Department, User


class MatrixCreateForm(forms.Form):
    key_project: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("重点项目"), queryset=ApprovalMatrix.objects.none()
    )
    template: forms.ModelChoiceField[ApprovalTemplate] = forms.ModelChoiceField(
        label=_("审批流程模板"), queryset=ApprovalTemplate.objects.all()
    )
    project_code = forms.CharField(
        label=_("投资项目代码"),
        max_length=24,
        required=False,
        help_text=_("如 2024-630121-34-03-012345，尚未赋码可留空"),
    )

    def __init__(self, *args: Any, projects: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["key_project"].queryset = projects  # type: ignore[attr-defined]
        self.fields["template"].queryset = ApprovalTemplate.objects.all()  # type: ignore[attr-defined]

    def clean_project_code(self) -> str:
        code: str = self.cleaned_data["project_code"].strip()
        ApprovalMatrix._meta.get_field("project_code").run_validators(code)
        return code


class ItemForm(forms.ModelForm[ApprovalItem]):
    class Meta:
        model = ApprovalItem
        fields = (
            "status",
            "accepted_on",
            "concluded_on",
            "excluded_days",
            "document_number",
            "department",
            "helper",
            "note",
        )
        widgets = {
            "accepted_on": forms.DateInput(attrs={"type": "date"}),
            "concluded_on": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.all()  # type: ignore[attr-defined]
        self.fields["helper"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            is_active=True
        ).exclude(role__in=("enterprise", "bank"))


class IntakeForm(forms.Form):
    """一窗受理 for one item: the enterprise and the materials ticked off its list."""

    enterprise: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("申报企业"), queryset=ApprovalMatrix.objects.none()
    )
    materials = forms.MultipleChoiceField(
        label=_("已收材料"),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )
    note = forms.CharField(label=_("说明"), max_length=200, required=False)

    def __init__(
        self, *args: Any, item: ApprovalItem, enterprises: QuerySet[Any], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = enterprises  # type: ignore[attr-defined]
        owner = item.matrix.key_project.owner_enterprise_id
        if owner:
            self.fields["enterprise"].initial = owner
        self.fields["materials"].choices = [(m, m) for m in item.material_list()]  # type: ignore[attr-defined]


class TemplateItemForm(forms.ModelForm[TemplateItem]):
    class Meta:
        model = TemplateItem
        fields = ("stage", "order", "name", "department", "limit_days", "materials")
        widgets = {"materials": forms.Textarea(attrs={"rows": 4})}
