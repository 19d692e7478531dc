"""One form per input, used by the pages and the API alike. Money is typed in the unit people
use for it (亿元 for investment, 万元 for tax and arriving funds) and stored in 元."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zoneops.core import units
from zoneops.core.bounds import form_field
from zoneops.core.forms import DecimalInput
from zoneops.core.models import Park, Role, User
from zoneops.enterprises.forms import IndustryCodeField
from zoneops.enterprises.models import Chain, ChainNode
from zoneops.investment import services
from zoneops.investment.models import (
    INVESTMENT_DEPARTMENT,
    ActivityKind,
    EventKind,
    EventRole,
    Method,
    Origin,
    Project,
    Stage,
    StageChange,
    TargetScope,
)
from zoneops.projects.public import Category, Level

# Form field -> (model field, unit typed).
MONEY_FIELDS = {
    "total_investment": "亿元",
    "expected_output": "亿元",
    "expected_tax": "万元",
    "financing_need": "亿元",
}
ENERGY_FIELDS = {"annual_power": "万千瓦时"}
UNIT_LABELS = {
    "total_investment": _("总投资（亿元）"),
    "expected_output": _("预计年产值（亿元）"),
    "expected_tax": _("预计年税收（万元）"),
    "financing_need": _("融资需求（亿元）"),
    "annual_power": _("年用电需求（万千瓦时）"),
}


def investment_staff() -> Any:
    """People who attract investment: the investment bureau and the zone's leaders."""
    return User.objects.filter(is_active=True).filter(
        Q(role=Role.ZONE_LEADER)
        | Q(role=Role.DEPARTMENT_OFFICER, department__code=INVESTMENT_DEPARTMENT)
    )


class ProjectForm(forms.ModelForm):  # type: ignore[type-arg]  # not subscriptable at run time
    industry = IndustryCodeField(
        label=_("行业代码"), required=False, help_text=_("国民经济行业分类代码，大类或更细")
    )

    class Meta:
        model = Project
        fields = list(services.PROJECT_FIELDS)  # what the service sets
        widgets = {
            "lead_on": forms.DateInput(attrs={"type": "date"}),
            "planned_start": forms.DateInput(attrs={"type": "date"}),
            "content": forms.Textarea(attrs={"rows": 3}),
            "other_needs": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, stored_units: bool = False, **kwargs: Any) -> None:
        """``stored_units``: money in 元 and electricity in kWh, as the API sends them; the
        page takes them in the units people type (亿元, 万元, 万千瓦时)."""
        super().__init__(*args, **kwargs)
        self.stored_units = stored_units
        for name, unit in {**MONEY_FIELDS, **ENERGY_FIELDS}.items():
            if stored_units:
                continue
            self.fields[name] = forms.DecimalField(
                label=UNIT_LABELS[name],
                required=name == "total_investment",
                min_value=Decimal(0),
                max_digits=16,
                decimal_places=4,
                widget=DecimalInput,  # 30, never 3E+1 or 30.0000
            )
            stored = getattr(self.instance, name, None)
            if stored is not None:
                self.initial[name] = units.to_display(stored, unit, 4)
        self.fields["chain"].queryset = Chain.objects.order_by("order")  # type: ignore[attr-defined]
        self.fields["chain_node"].queryset = ChainNode.objects.select_related("chain")  # type: ignore[attr-defined]
        self.fields["park"].queryset = Park.objects.order_by("order")  # type: ignore[attr-defined]
        staff = investment_staff().order_by("username")
        self.fields["first_contact"].queryset = staff  # type: ignore[attr-defined]
        self.fields["follow_up"].queryset = staff  # type: ignore[attr-defined]
        if not self.instance.pk:
            self.initial.setdefault("lead_on", timezone.localdate())

    def _post_clean(self) -> None:
        # The model is validated by the service (full_clean after the unit conversion).
        pass

    def service_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        for name, unit in {**MONEY_FIELDS, **ENERGY_FIELDS}.items():
            if data.get(name) is not None and not self.stored_units:
                data[name] = units.to_stored(data[name], unit)
        return data


class MoveForm(forms.Form):
    """One move on the board: the stage, the date, the signed amount, the reason."""

    to_stage = forms.ChoiceField(label=_("移至阶段"), choices=Stage.choices)
    on = form_field(StageChange, "on", widget=forms.DateInput(attrs={"type": "date"}))
    amount = forms.DecimalField(
        label=_("签约金额（亿元）"),
        required=False,
        min_value=Decimal(0),
        max_digits=16,
        decimal_places=4,
        help_text=_("签约时填写，默认为总投资"),
    )
    note = forms.CharField(
        label=_("说明"), required=False, max_length=1000, help_text=_("终止或回退须说明原因")
    )

    def service_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        if data.get("amount") is not None:
            data["amount"] = units.to_stored(data["amount"], "亿元")
        return data


class ArrivalForm(forms.Form):
    month = forms.CharField(
        label=_("月份"), widget=forms.DateInput(attrs={"type": "month"}), help_text="2024-03"
    )
    origin = forms.ChoiceField(label=_("资金来源地"), choices=Origin.choices)
    amount = forms.DecimalField(
        label=_("到位金额（万元）"), min_value=Decimal(0), max_digits=16, decimal_places=4
    )
    note = forms.CharField(label=_("说明"), required=False, max_length=200)

    def clean_month(self) -> Any:
        import datetime as dt

        text = self.cleaned_data["month"].strip()
        try:
            year, month = (int(part) for part in text.split("-")[:2])
            return dt.date(year, month, 1)
        except (ValueError, TypeError) as exc:
            raise forms.ValidationError(_("月份格式应为 2024-03")) from exc

    def service_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["amount"] = units.to_stored(data["amount"], "万元")
        return data


class WorkLogForm(forms.Form):
    kind = forms.ChoiceField(label=_("类型"), choices=ActivityKind.choices)
    on = forms.DateField(label=_("日期"), widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(
        label=_("结束日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    place = forms.CharField(label=_("地点"), max_length=200)
    participants = forms.ModelMultipleChoiceField(
        label=_("参加人员"), queryset=User.objects.none(), required=False
    )
    other_participants = forms.CharField(label=_("其他参加人员"), required=False, max_length=200)
    counterpart = forms.CharField(label=_("对接对象"), max_length=300)
    outcome = forms.CharField(
        label=_("成效"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    projects = forms.ModelMultipleChoiceField(
        label=_("涉及项目"), queryset=Project.objects.none(), required=False
    )

    def __init__(self, *args: Any, projects: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["participants"].queryset = investment_staff().order_by("username")  # type: ignore[attr-defined]
        self.fields["projects"].queryset = projects  # type: ignore[attr-defined]


class EventForm(forms.Form):
    kind = forms.ChoiceField(label=_("类型"), choices=EventKind.choices)
    title = forms.CharField(label=_("名称"), max_length=200)
    on = forms.DateField(label=_("日期"), widget=forms.DateInput(attrs={"type": "date"}))
    place = forms.CharField(label=_("地点"), max_length=200)
    participants = forms.CharField(
        label=_("参加人员"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    note = forms.CharField(
        label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class EventProjectForm(forms.Form):
    project = forms.ModelChoiceField(label=_("项目"), queryset=Project.objects.none())
    role = forms.ChoiceField(label=_("方式"), choices=EventRole.choices)
    amount = forms.DecimalField(
        label=_("金额（亿元）"),
        required=False,
        min_value=Decimal(0),
        max_digits=16,
        decimal_places=4,
    )

    def __init__(self, *args: Any, projects: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = projects  # type: ignore[attr-defined]

    def service_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        if data.get("amount") is not None:
            data["amount"] = units.to_stored(data["amount"], "亿元")
        return data


class TargetForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    quarter = forms.TypedChoiceField(
        label=_("季度"),
        choices=[("", _("全年")), *[(q, f"Q{q}") for q in (1, 2, 3, 4)]],
        coerce=int,
        empty_value=None,
        required=False,
    )
    scope = forms.ChoiceField(label=_("范围"), choices=TargetScope.choices)
    chain = forms.ModelChoiceField(label=_("产业链"), queryset=Chain.objects.none(), required=False)
    officer = forms.ModelChoiceField(
        label=_("招商人员"), queryset=User.objects.none(), required=False
    )
    project_count = forms.IntegerField(label=_("签约项目数（个）"), min_value=0)
    amount = forms.DecimalField(
        label=_("签约金额（亿元）"), min_value=Decimal(0), max_digits=16, decimal_places=4
    )
    industrial_only = forms.BooleanField(label=_("仅计工业项目"), required=False, initial=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["chain"].queryset = Chain.objects.order_by("order")  # type: ignore[attr-defined]
        self.fields["officer"].queryset = investment_staff().order_by("username")  # type: ignore[attr-defined]

    def service_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["amount"] = units.to_stored(data["amount"], "亿元")
        return data


class ChainOfficerForm(forms.Form):
    officer = forms.ModelChoiceField(label=_("招商专员"), queryset=User.objects.none())
    is_head = forms.BooleanField(label=_("牵头人"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = investment_staff().order_by("username")  # type: ignore[attr-defined]


class KeyProjectForm(forms.Form):
    """Put a signed project on a year's key-project plan: only what the project does not know."""

    year = forms.IntegerField(label=_("计划年度"), min_value=2000, max_value=2100)
    category = forms.ChoiceField(label=_("项目类别"), choices=Category.choices)
    level = forms.ChoiceField(label=_("重点级别"), choices=Level.choices)


class LeadForm(forms.Form):
    """全员招商: what an officer knows of a lead from their own contacts."""

    name = forms.CharField(label=_("项目名称"), max_length=200)
    investor = forms.CharField(label=_("投资方"), max_length=200)
    investor_region = forms.CharField(
        label=_("投资方所在地"), max_length=100, required=False, help_text=_("如：江苏省无锡市")
    )
    chain = forms.ModelChoiceField(label=_("产业链"), queryset=Chain.objects.none(), required=False)
    park = forms.ModelChoiceField(
        label=_("拟落地园区"), queryset=Park.objects.none(), required=False
    )
    total_investment = forms.DecimalField(
        label=_("预计总投资（亿元）"),
        min_value=Decimal(0),
        max_digits=12,
        decimal_places=4,
        help_text=_("大致即可，招商局研判时核实"),
    )
    method = forms.ChoiceField(
        label=_("招商方式"), choices=Method.choices, initial=Method.VIA_INVESTOR
    )
    lead_on = forms.DateField(
        label=_("获取线索日期"), widget=forms.DateInput(attrs={"type": "date"})
    )
    content = forms.CharField(
        label=_("项目情况与联系方式"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("投资方想做什么、与您的关系、对接人及电话"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["chain"].queryset = Chain.objects.order_by("order")  # type: ignore[attr-defined]
        self.fields["park"].queryset = Park.objects.order_by("order")  # type: ignore[attr-defined]
        self.initial.setdefault("lead_on", timezone.localdate())

    def service_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["total_investment"] = units.to_stored(data["total_investment"], "亿元")
        return data


class LeadReviewForm(forms.Form):
    """研判: take the lead on (and name who follows it) or decline it with the reason."""

    decision = forms.ChoiceField(
        label=_("研判结果"), choices=[("accept", _("采纳并交办")), ("decline", _("不采纳"))]
    )
    follow_up = forms.ModelChoiceField(
        label=_("跟进人"), queryset=User.objects.none(), required=False
    )
    note = forms.CharField(label=_("研判意见"), max_length=2000, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["follow_up"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            is_active=True, role=Role.DEPARTMENT_OFFICER, department__code=INVESTMENT_DEPARTMENT
        ).order_by("username")
