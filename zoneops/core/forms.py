from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.contrib.auth.password_validation import validate_password
from django.utils.translation import gettext_lazy as _

from zoneops.core import units
from zoneops.core.models import CalendarDay, Role, User


class DecimalInput(forms.NumberInput):
    """A number box that shows a Decimal as typed (5000, 0.5), never 5E+3 or 5000.0000."""

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, (Decimal, float)):
            return units.plain(value)
        return super().format_value(value)


class DecimalField(forms.DecimalField):
    """A decimal form field whose box shows its value through :func:`units.plain`."""

    widget = DecimalInput


class UserForm(forms.ModelForm[User]):
    """An administrator's form for a user: role and the units that bound their scope."""

    password = forms.CharField(
        label=_("新密码"),
        required=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text=_("新建用户必填；修改用户时留空表示不改密码。"),
    )

    class Meta:
        model = User
        fields = [
            "username",
            "full_name",
            "title",
            "phone",
            "email",
            "role",
            "department",
            "parks",
            "enterprise",
            "bank",
            "is_active",
        ]
        widgets = {"parks": forms.CheckboxSelectMultiple}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].widget = forms.TextInput(
            attrs={"placeholder": _("企业的统一社会信用代码")}
        )
        enterprise_field = self.fields["enterprise"]
        assert isinstance(enterprise_field, forms.ModelChoiceField)
        enterprise_field.to_field_name = "credit_code"
        enterprise = self.instance.enterprise if self.instance.enterprise_id else None
        if self.instance.pk and enterprise is not None:
            self.initial["enterprise"] = enterprise.credit_code

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        role = data.get("role")
        needs = {
            Role.DEPARTMENT_OFFICER: ("department", _("部门工作人员须选择部门")),
            Role.ENTERPRISE: ("enterprise", _("企业用户须关联一家企业")),
            Role.BANK: ("bank", _("银行用户须关联一家银行")),
        }
        if role in needs:
            field, message = needs[role]
            if not data.get(field):
                self.add_error(field, message)
        if role == Role.PARK_OFFICER and not data.get("parks"):
            self.add_error("parks", _("园区工作人员须至少选择一个园区"))
        password = data.get("password")
        if not self.instance.pk and not password:
            self.add_error("password", _("新建用户须设置初始密码"))
        if password:
            try:
                validate_password(password, self.instance)
            except forms.ValidationError as exc:
                self.add_error("password", exc)
        return data


class CalendarDayForm(forms.Form):
    """One day of the statutory calendar: a holiday or a make-up working day."""

    date = forms.DateField(label=_("日期"), widget=forms.DateInput(attrs={"type": "date"}))
    kind = forms.ChoiceField(label=_("类型"), choices=CalendarDay.Kind.choices)
    name = forms.CharField(label=_("节日"), max_length=30, required=False)
