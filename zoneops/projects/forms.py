"""One form per input, used by the pages, the API and the plan importer alike.

Money is typed in 万元 (what the ledgers use) and stored in 元: the forms convert.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from zoneops.core import units
from zoneops.core.bounds import form_field
from zoneops.core.models import Department, Park, Role, User
from zoneops.enterprises.forms import IndustryCodeField
from zoneops.enterprises.models import Enterprise
from zoneops.projects.models import (
    Attachment,
    Category,
    FundingKind,
    KeyProject,
    Level,
    MemberRole,
    Nature,
    Problem,
    Status,
    WarningRules,
)

WAN = "万元"
STAFF = (Role.ZONE_LEADER, Role.DEPARTMENT_OFFICER, Role.PARK_OFFICER, Role.TASK_FORCE, Role.ADMIN)


class WanField(forms.DecimalField):
    """An amount typed in 万元, cleaned to 元."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_digits", 14)
        kwargs.setdefault("decimal_places", 4)
        kwargs.setdefault("min_value", Decimal(0))
        super().__init__(**kwargs)

    def clean(self, value: Any) -> Decimal | None:
        cleaned = super().clean(value)
        return None if cleaned is None else units.to_stored(cleaned, WAN)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Decimal):
            return units.to_display(value, WAN, places=2)
        return value


class ProjectForm(forms.Form):
    """A project of the plan with its monthly planned investment (万元)."""

    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    name = forms.CharField(label=_("项目名称"), max_length=200)
    category = forms.ChoiceField(label=_("项目类别"), choices=Category.choices)
    level = forms.ChoiceField(label=_("项目级别"), choices=Level.choices)
    nature = forms.ChoiceField(label=_("建设性质"), choices=Nature.choices, initial=Nature.NEW)
    park = forms.ModelChoiceField(label=_("园区"), queryset=Park.objects.all())
    owner_enterprise = forms.ModelChoiceField(
        label=_("业主企业（统一社会信用代码）"),
        queryset=Enterprise.objects.all(),
        to_field_name="credit_code",
        required=False,
        widget=forms.TextInput,
        error_messages={"invalid_choice": _("企业库中没有这个统一社会信用代码")},
    )
    owner_name = forms.CharField(label=_("业主单位"), max_length=200, required=False)
    industry = IndustryCodeField(label=_("行业代码"), required=False)
    content = forms.CharField(
        label=_("建设规模及内容"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    total_investment = WanField(label=_("总投资（万元）"))
    prior_investment = WanField(label=_("以前年度累计完成投资（万元）"), required=False)
    planned_start = forms.DateField(
        label=_("计划开工"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    actual_start = forms.DateField(
        label=_("实际开工"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    planned_completion = forms.DateField(
        label=_("计划竣工"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    actual_completion = forms.DateField(
        label=_("实际竣工"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    status = forms.ChoiceField(label=_("状态"), choices=Status.choices, initial=Status.PLANNED)
    leader = forms.ModelChoiceField(
        label=_("包抓领导"),
        queryset=User.objects.filter(role__in=STAFF, is_active=True),
        to_field_name="username",
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for month in range(1, 13):
            self.fields[f"m{month}"] = WanField(label=_("%(m)d月") % {"m": month}, required=False)

    @classmethod
    def initial_for(cls, project: KeyProject) -> dict[str, Any]:
        data: dict[str, Any] = {
            name: getattr(project, name)
            for name in (
                "year",
                "name",
                "category",
                "level",
                "nature",
                "owner_name",
                "content",
                "total_investment",
                "prior_investment",
                "planned_start",
                "actual_start",
                "planned_completion",
                "actual_completion",
                "status",
            )
        }
        data["park"] = project.park_id
        data["owner_enterprise"] = (
            project.owner_enterprise.credit_code if project.owner_enterprise else ""
        )
        data["industry"] = project.industry.code if project.industry else ""
        data["leader"] = project.leader.username if project.leader else ""
        for p in project.plan_months.all():
            data[f"m{p.month}"] = p.amount
        return data

    def service_data(self) -> dict[str, Any]:
        months = {f"m{m}" for m in range(1, 13)}
        data = {k: v for k, v in self.cleaned_data.items() if k not in months}
        if data.get("prior_investment") is None:
            data["prior_investment"] = Decimal(0)
        return data

    def plan_months(self) -> dict[int, Decimal | None]:
        return {m: self.cleaned_data.get(f"m{m}") for m in range(1, 13)}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


class LedgerUpdateForm(forms.Form):
    """A month's ledger entry: investment completed (万元), progress in words, files."""

    month = forms.DateField(
        label=_("月份"),
        input_formats=["%Y-%m", "%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
    )
    investment = WanField(label=_("本月完成投资（万元）"))
    progress = forms.CharField(
        label=_("形象进度"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
    photos = MultipleFileField(label=_("现场照片"), required=False)
    documents = MultipleFileField(label=_("附件"), required=False)

    def files_with_kinds(self) -> list[tuple[str, Any]]:
        return [(Attachment.Kind.PHOTO, f) for f in self.cleaned_data["photos"]] + [
            (Attachment.Kind.DOCUMENT, f) for f in self.cleaned_data["documents"]
        ]


class ProblemForm(forms.Form):
    description = forms.CharField(
        label=_("问题描述"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )
    department = forms.ModelChoiceField(label=_("责任部门"), queryset=Department.objects.all())
    deadline = form_field(Problem, "deadline", widget=forms.DateInput(attrs={"type": "date"}))
    raised_on = form_field(
        Problem, "raised_on", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class ResolveForm(forms.Form):
    resolution = forms.CharField(
        label=_("解决情况"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )
    resolved_on = form_field(
        Problem, "resolved_on", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class MemberForm(forms.Form):
    user = forms.ModelChoiceField(
        label=_("成员"),
        queryset=User.objects.filter(role__in=STAFF, is_active=True),
        to_field_name="username",
    )
    role = forms.ChoiceField(
        label=_("专班职务"), choices=MemberRole.choices, initial=MemberRole.MEMBER
    )
    duty = forms.CharField(label=_("分工"), max_length=200, required=False)


class FundingForm(forms.Form):
    kind = forms.ChoiceField(label=_("资金类别"), choices=FundingKind.choices)
    year = forms.IntegerField(
        label=_("年度"), min_value=2000, max_value=2100, initial=lambda: dt.date.today().year
    )
    batch = forms.CharField(label=_("批次"), max_length=50, required=False)
    requested = WanField(label=_("申请（万元）"), required=False)
    approved = WanField(label=_("批复（万元）"), required=False)
    disbursed = WanField(label=_("到位（万元）"), required=False)

    def service_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        for key in ("requested", "approved", "disbursed"):
            data[key] = data.get(key) or Decimal(0)
        return data


class RulesForm(forms.ModelForm):  # type: ignore[type-arg]  # not subscriptable at run time
    class Meta:
        model = WarningRules
        fields = ["lag_points", "update_day", "as_of"]
        widgets = {"as_of": forms.DateInput(attrs={"type": "date"})}
