"""Forms of inspection plans, the 复工复产 plan from a survey, and 开停车和大检修 records."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from zoneops.enterprises.models import Industry, IndustryLevel
from zoneops.monitoring import public as monitoring
from zoneops.safety.models import Checklist, Grid, InspectionPlan, Shutdown
from zoneops.safety.plan_services import RESTART_LEAD

_DATE = forms.DateInput({"type": "date"}, format="%Y-%m-%d")


def industry_choices() -> list[tuple[str, str]]:
    """The 门类 and 大类 of GB/T 4754 (a plan's industries are chosen at these levels)."""
    rows = Industry.objects.filter(
        level__in=(IndustryLevel.SECTION, IndustryLevel.DIVISION)
    ).order_by("code")
    return [(row.code, f"{row.code} {row.name}") for row in rows]


class PlanForm(forms.ModelForm[InspectionPlan]):
    industries = forms.MultipleChoiceField(
        label=_("检查行业"),
        required=False,
        help_text=_("不选为全部行业；可选门类或大类"),
        widget=forms.SelectMultiple({"size": 8}),
    )

    class Meta:
        model = InspectionPlan
        fields = (
            "name",
            "kind",
            "checklist",
            "start_on",
            "end_on",
            "cycle",
            "grids",
            "industries",
            "key_only",
            "note",
        )
        widgets = {
            "start_on": _DATE,
            "end_on": _DATE,
            "grids": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "grids": _("不选为全部网格"),
            "cycle": _("循环的计划在每轮结束后自动生成下一轮"),
        }

    def __init__(
        self, *args: Any, grids: QuerySet[Grid], checklists: QuerySet[Checklist], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["grids"].queryset = grids  # type: ignore[attr-defined]
        self.fields["checklist"].queryset = checklists  # type: ignore[attr-defined]
        self.fields["industries"].choices = industry_choices()  # type: ignore[attr-defined]

    def clean_industries(self) -> str:
        return ",".join(self.cleaned_data["industries"])

    def _post_clean(self) -> None:
        # The model's checks run in the service (with the scope), not twice here.
        pass


class PlanChangeForm(forms.ModelForm[InspectionPlan]):
    """What may change once a plan is made (``plan_services.PLAN_CHANGES``)."""

    class Meta:
        model = InspectionPlan
        fields = ("name", "checklist", "end_on", "cycle", "note")
        widgets = {"end_on": _DATE}
        help_texts = {
            "end_on": _("提前结束即关闭本计划；检查对象和开始日期不变"),
            "cycle": _("改为“不循环”后，本轮结束时不再生成下一轮"),
        }

    def __init__(self, *args: Any, checklists: QuerySet[Checklist], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["checklist"].queryset = checklists  # type: ignore[attr-defined]

    def _post_clean(self) -> None:
        # The service writes and validates (the instance is not touched here).
        pass


class RestartPlanForm(forms.Form):
    """A 复工复产 plan from the production-plan survey's stopped enterprises."""

    survey = forms.TypedChoiceField(label=_("生产计划调查"), coerce=int)
    checklist = forms.ModelChoiceField(label=_("检查表"), queryset=Checklist.objects.none())
    lead = forms.IntegerField(
        label=_("提前工作日"),
        min_value=0,
        max_value=30,
        initial=RESTART_LEAD,
        help_text=_("复工复产检查应在恢复生产日期前的第几个工作日完成"),
    )
    name = forms.CharField(label=_("计划名称"), max_length=100, required=False)

    def __init__(self, *args: Any, checklists: QuerySet[Checklist], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["survey"].choices = monitoring.surveys()  # type: ignore[attr-defined]
        self.fields["checklist"].queryset = checklists  # type: ignore[attr-defined]
        restart = checklists.filter(theme="restart").first()
        if restart is not None:
            self.fields["checklist"].initial = restart.pk


class ShutdownForm(forms.ModelForm[Shutdown]):
    class Meta:
        model = Shutdown
        fields = ("kind", "start_on", "end_on", "note")
        widgets = {"start_on": _DATE, "end_on": _DATE}

    def _post_clean(self) -> None:
        pass
