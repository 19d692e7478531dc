"""One form per input, used by the pages and the API alike. Money is typed in 万元."""

from __future__ import annotations

import secrets
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from zoneops.appeals.public import TOPIC_CHOICES, URGENCY_CHOICES
from zoneops.core.forms import DecimalInput
from zoneops.core.models import Department, Park, Role, User
from zoneops.core.units import to_input, to_stored
from zoneops.enterprises.models import Chain, Tag
from zoneops.support import services
from zoneops.support.matching import CHOICE_FIELDS, LIST_FIELDS, split_values
from zoneops.support.models import (
    ApplicationStatus,
    Difficulty,
    FundingProgram,
    MembershipStatus,
    Policy,
    PoolMembership,
    RuleField,
    RuleOperator,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class WanField(forms.DecimalField):
    """An amount typed in 万元, cleaned to 元."""

    widget = DecimalInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("min_value", Decimal(0))
        super().__init__(max_digits=14, decimal_places=4, **kwargs)

    def clean(self, value: Any) -> Decimal | None:
        cleaned = super().clean(value)
        return None if cleaned is None else to_stored(cleaned, "万元")

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Decimal):
            return to_input(value, "万元")
        return value


def _wan_initial(instance: Any, names: tuple[str, ...]) -> dict[str, Any]:
    return {n: getattr(instance, n) for n in names} if instance is not None else {}


class PolicyForm(forms.ModelForm[Policy]):
    source_url = forms.URLField(label=_("原文链接"), required=False, assume_scheme="https")

    class Meta:
        model = Policy
        fields = list(services.POLICY_FIELDS)  # what the service sets
        widgets = {"issued_on": DATE, "valid_until": DATE}


class ProgramForm(forms.ModelForm[FundingProgram]):
    amount_min = WanField(label=_("支持金额下限（万元）"))
    amount_max = WanField(label=_("支持金额上限（万元）"))

    class Meta:
        model = FundingProgram
        fields = list(services.PROGRAM_FIELDS)  # what the service sets
        widgets = {"opens_on": DATE, "closes_on": DATE}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.all()  # type: ignore[attr-defined]


class RuleForm(forms.Form):
    """One row of a program's eligibility (the page adds and removes rows with htmx)."""

    field = forms.ChoiceField(label=_("条件项"), choices=RuleField.choices)
    operator = forms.ChoiceField(label=_("比较"), choices=RuleOperator.choices)
    value = forms.CharField(label=_("取值"), max_length=300)


def posted_rules(post: Any) -> tuple[list[dict[str, Any]], list[RuleForm]]:
    """The rule rows a form posts (a program's 申报条件, a bank product's 准入条件): each row has
    a key, and its field, operator and value(s) under names that carry the key (a row of
    choices posts several values). The rows as the template shows them, and one form each."""
    forms_ = []
    for key in post.getlist("rule_key"):
        values = [v.strip() for v in post.getlist(f"rule_value_{key}") if v.strip()]
        forms_.append(
            RuleForm(
                {
                    "field": post.get(f"rule_field_{key}", ""),
                    "operator": post.get(f"rule_operator_{key}", ""),
                    "value": ",".join(values),
                }
            )
        )
    return [rule_entry(f.data) for f in forms_], forms_


def rule_entry(data: Any, key: str | None = None) -> dict[str, Any]:
    """One rule row for the template: its key, field, operator, and its value both as the
    list of chosen items (parks, chains, tags, scale) and as text (industry, numbers)."""
    field = data.get("field") or RuleField.PARK
    return {
        "key": key or secrets.token_hex(4),
        "field": field,
        "operator": data.get("operator") or "",
        "value": data.get("value") or "",
        "values": split_values(data.get("value") or ""),
        "kind": "choice"
        if field in CHOICE_FIELDS
        else "list"
        if field in LIST_FIELDS
        else "number",
    }


def _choices(*operators: RuleOperator) -> list[tuple[str, Any]]:
    return [(op.value, op.label) for op in operators]


def rule_context(row_url: str) -> dict[str, Any]:
    """What a rule row offers: every field, the operators that fit each kind of field, the
    items a list field chooses from (by name, never by code), and the address that answers a
    row again when its field changes (``row_url``, the page's own)."""
    return {
        "rule_row_url": row_url,
        "rule_fields": RuleField.choices,
        "list_operators": _choices(RuleOperator.IN, RuleOperator.NOT_IN),
        "number_operators": _choices(RuleOperator.GTE, RuleOperator.LTE),
        "rule_choices": {
            RuleField.PARK: [(str(p.pk), p.name) for p in Park.objects.order_by("order", "pk")],
            RuleField.CHAIN: [(str(c.pk), c.name) for c in Chain.objects.order_by("order", "pk")],
            RuleField.TAG: list(Tag.objects.values_list("code", "name")),
            RuleField.SCALE: [("above", _("规上")), ("below", _("规下"))],
        },
    }


class ApplicationForm(forms.Form):
    amount_requested = WanField(label=_("申请金额（万元）"))
    note = forms.CharField(
        label=_("备注"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class DecisionForm(forms.Form):
    status = forms.ChoiceField(label=_("变更为"), choices=ApplicationStatus.choices)
    amount_approved = WanField(label=_("批复金额（万元）"))
    note = forms.CharField(label=_("说明"), required=False, max_length=500)


class DisburseForm(forms.Form):
    amount_disbursed = WanField(label=_("已拨付金额（万元）"), required=True)


class DifficultyForm(forms.ModelForm[Difficulty]):
    class Meta:
        model = Difficulty
        fields = list(services.DIFFICULTY_FIELDS)  # what the service sets
        widgets = {
            "reported_on": DATE,
            "resolved_on": DATE,
            "description": forms.Textarea(attrs={"rows": 3}),
            "resolution": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, officer: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reported_on"].required = False
        if not officer:
            for name in ("department", "status", "reported_on", "resolution", "resolved_on"):
                del self.fields[name]


class MembershipForm(forms.ModelForm[PoolMembership]):
    reward_amount = WanField(label=_("奖励金额（万元）"))

    class Meta:
        model = PoolMembership
        fields = [
            "joined_on",
            "target_on",
            "officer",
            "plan",
            "status",
            "ended_on",
            "reward",
            "reward_amount",
        ]
        widgets = {
            "joined_on": DATE,
            "target_on": DATE,
            "ended_on": DATE,
            "plan": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["joined_on"].required = False
        self.fields["officer"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            role__in=[Role.DEPARTMENT_OFFICER, Role.PARK_OFFICER], is_active=True
        )
        self.fields["status"].choices = MembershipStatus.choices  # type: ignore[attr-defined]


class DifficultyAppealForm(forms.Form):
    """What turning a difficulty into an appeal asks: its subject (which routes it) and urgency."""

    topic = forms.ChoiceField(label=_("诉求事项"), choices=TOPIC_CHOICES)
    urgency = forms.ChoiceField(label=_("紧急程度"), choices=URGENCY_CHOICES)
