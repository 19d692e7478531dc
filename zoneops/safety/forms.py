"""Forms of work safety: one per input, used by the pages (and the importer where it fits)."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db import models
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zoneops.core.bounds import form_field
from zoneops.core.uploads import PhotosField
from zoneops.safety.models import (
    PLAN_FIELDS,
    Accident,
    ChecklistItem,
    Drill,
    EmergencyPlan,
    Grid,
    Hazard,
    HazardKind,
    HazardLevel,
    HighRiskWork,
    Inspection,
    InspectionPlan,
    Mode,
    Outcome,
    RiskPoint,
    SafetyProfile,
    Source,
    Supervision,
)
from zoneops.safety.services import ResultInput


class ProfileForm(forms.ModelForm[SafetyProfile]):
    high_risk_works = forms.MultipleChoiceField(
        label=_("高危作业类型"),
        choices=HighRiskWork.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = SafetyProfile
        fields = (
            "grid",
            "key_level",
            "major_hazard_source",
            "high_risk_works",
            "risk_level",
            "principal",
            "principal_phone",
            "safety_manager",
            "safety_manager_phone",
        )

    def __init__(self, *args: Any, grids: QuerySet[Grid], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["grid"].queryset = grids  # type: ignore[attr-defined]
        if self.instance.pk and not self.is_bound:
            self.initial["high_risk_works"] = self.instance.works()
        if self.instance.pk and RiskPoint.objects.filter(enterprise=self.instance.enterprise_id):
            # The register decides the colour (services.profile_save): not typed a second time.
            self.fields["risk_level"].disabled = True

    def clean_high_risk_works(self) -> str:
        return ",".join(self.cleaned_data["high_risk_works"])


class InspectionForm(forms.Form):
    """The head of an inspection; each item of its checklist adds its own fields
    (``r<id>`` the result, ``n<id>`` the note, and for a failure the hazard's fields)."""

    source = forms.ChoiceField(label=_("检查来源"), choices=Source.choices)
    inspected_on = form_field(Inspection, "inspected_on")
    inspectors = form_field(Inspection, "inspectors")
    place = form_field(Inspection, "place", required=False)
    note = forms.CharField(
        label=_("检查情况"), required=False, max_length=2000, widget=forms.Textarea({"rows": 2})
    )

    def __init__(
        self,
        *args: Any,
        items: list[ChecklistItem],
        plans: QuerySet[InspectionPlan] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.items = items
        if plans is not None and plans.exists():
            # The plans running today that target this enterprise (检查计划, optional).
            self.fields["plan"] = forms.ModelChoiceField(
                label=_("检查计划"), queryset=plans, required=False, empty_label=_("（不属于计划）")
            )
        self.fields["inspected_on"].initial = timezone.localdate()
        self.fields["inspected_on"].widget = forms.DateInput({"type": "date"}, format="%Y-%m-%d")
        for item in items:
            key = item.pk
            self.fields[f"r{key}"] = forms.ChoiceField(
                label=item.content,
                choices=Outcome.choices,
                widget=forms.RadioSelect({"class": "btn-check"}),
                initial=Outcome.PASS,
            )
            self.fields[f"n{key}"] = forms.CharField(
                label=_("情况说明"), required=False, max_length=300
            )
            self.fields[f"p{key}"] = PhotosField(label=_("现场照片"))
            self.fields[f"level{key}"] = forms.ChoiceField(
                label=_("隐患等级"),
                choices=HazardLevel.choices,
                initial=HazardLevel.MAJOR if item.major_rule else HazardLevel.GENERAL,
            )
            self.fields[f"kind{key}"] = forms.ChoiceField(
                label=_("隐患类别"), choices=HazardKind.choices
            )
            self.fields[f"mode{key}"] = forms.ChoiceField(
                label=_("整改方式"), choices=Mode.choices, initial=Mode.DEADLINE
            )
            days = form_field(Hazard, "deadline_days", required=False)
            days.initial = 10
            self.fields[f"days{key}"] = days
            self.fields[f"funds{key}"] = form_field(Hazard, "funds", required=False)
            self.fields[f"supervision{key}"] = forms.ChoiceField(
                label=_("督办级别"), choices=Supervision.choices, required=False
            )
            for name in PLAN_FIELDS:
                model_field = cast("models.CharField[Any, Any]", Hazard._meta.get_field(name))
                self.fields[f"{name}{key}"] = forms.CharField(
                    label=model_field.verbose_name,
                    required=False,
                    max_length=model_field.max_length,
                )

    def head(self) -> list[forms.BoundField]:
        names = ("plan", "source", "inspected_on", "inspectors", "place")
        return [self[name] for name in names if name in self.fields]

    def rows(self) -> list[dict[str, Any]]:
        """The items with their bound fields, for the template."""
        return [
            {
                "item": item,
                "result": self[f"r{item.pk}"],
                "note": self[f"n{item.pk}"],
                "photos": self[f"p{item.pk}"],
                "hazard": [
                    self[f"{name}{item.pk}"]
                    for name in ("level", "kind", "mode", "days", "funds", "supervision")
                ],
                "plan": [self[f"{name}{item.pk}"] for name in PLAN_FIELDS],
            }
            for item in self.items
        ]

    def results(self) -> list[ResultInput]:
        data = self.cleaned_data
        found = []
        for item in self.items:
            key = item.pk
            hazard: dict[str, Any] = {}
            if data[f"r{key}"] == Outcome.FAIL:
                hazard = {
                    "level": data[f"level{key}"],
                    "kind": data[f"kind{key}"],
                    "mode": data[f"mode{key}"],
                    "deadline_days": data[f"days{key}"] if data[f"days{key}"] is not None else 10,
                    "funds": data[f"funds{key}"],
                    "supervision": data[f"supervision{key}"] or "",
                    **{name: data[f"{name}{key}"] for name in PLAN_FIELDS},
                }
            found.append(
                ResultInput(
                    item=item,
                    outcome=data[f"r{key}"],
                    note=data[f"n{key}"],
                    hazard=hazard,
                    photos=data[f"p{key}"],
                )
            )
        return found


class HazardActForm(forms.Form):
    note = forms.CharField(
        label=_("说明"), required=False, max_length=1000, widget=forms.Textarea({"rows": 2})
    )
    deadline_days = form_field(Hazard, "deadline_days", required=False)
    photos = PhotosField(label=_("整改照片"))


_DATE = forms.DateInput({"type": "date"}, format="%Y-%m-%d")


class RiskPointForm(forms.ModelForm[RiskPoint]):
    """A risk point; with LEC the 风险等级 may stay empty (it follows from D = L × E × C)."""

    class Meta:
        model = RiskPoint
        fields = (
            "code",
            "place",
            "unit",
            "factors",
            "accident_type",
            "method",
            "lec_l",
            "lec_e",
            "lec_c",
            "level",
            "controls",
            "control_level",
            "responsible",
        )
        widgets = {
            "factors": forms.Textarea({"rows": 2}),
            "controls": forms.Textarea({"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["level"].help_text = _("采用LEC法时可不填，按 D=L×E×C 自动确定")

    def _post_clean(self) -> None:
        # The model's checks run in the service (with the enterprise), not twice here.
        pass


class EmergencyPlanForm(forms.ModelForm[EmergencyPlan]):
    class Meta:
        model = EmergencyPlan
        fields = ("name", "kind", "issued_on", "filed_on", "filing_number", "valid_until")
        widgets = {"issued_on": _DATE, "filed_on": _DATE, "valid_until": _DATE}

    def _post_clean(self) -> None:
        pass


class DrillForm(forms.ModelForm[Drill]):
    class Meta:
        model = Drill
        fields = (
            "plan",
            "kind",
            "form",
            "held_on",
            "scenario",
            "participants",
            "evaluation",
            "problems",
        )
        widgets = {
            "held_on": _DATE,
            "evaluation": forms.Textarea({"rows": 3}),
            "problems": forms.Textarea({"rows": 3}),
        }

    def __init__(self, *args: Any, plans: QuerySet[EmergencyPlan], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = plans  # type: ignore[attr-defined]

    def _post_clean(self) -> None:
        pass


class AccidentForm(forms.ModelForm[Accident]):
    class Meta:
        model = Accident
        fields = (
            "occurred_on",
            "occurred_time",
            "place",
            "kind",
            "deaths",
            "missing",
            "injured",
            "loss",
            "account",
        )
        widgets = {
            "occurred_on": _DATE,
            "occurred_time": forms.TimeInput({"type": "time"}, format="%H:%M"),
            "account": forms.Textarea({"rows": 3}),
        }

    def _post_clean(self) -> None:
        pass


class DrillHazardForm(forms.Form):
    """A problem a drill found, raised as a (一般) hazard."""

    description = form_field(Hazard, "description")
    deadline_days = form_field(Hazard, "deadline_days")
    responsible = form_field(Hazard, "responsible", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["deadline_days"].initial = 10
