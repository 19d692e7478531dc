"""One form per input, used by the pages, the API and the importer alike."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from zoneops.core import house
from zoneops.core.models import Park, User
from zoneops.core.permissions import may_in_park
from zoneops.core.scope import scope_of
from zoneops.enterprises.models import (
    Chain,
    ChainNode,
    ChainRole,
    Contact,
    Enterprise,
    Industry,
    IndustryLevel,
    Tag,
)


class IndustryCodeField(forms.ModelChoiceField[Industry]):
    """An industry given by its GB/T 4754 code (大类 or finer)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            queryset=Industry.objects.filter(level__gte=IndustryLevel.DIVISION),
            to_field_name="code",
            widget=forms.TextInput(attrs={"list": "industry-codes", "placeholder": "3841"}),
            error_messages={
                "invalid_choice": _(
                    "行业代码不存在：应为国民经济行业分类（GB/T 4754-2017）的大类、中类或小类代码"
                ),
            },
            **kwargs,
        )

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str):
            value = value.strip()
            # Spreadsheets turn "0111" into 111 and "01" into 1: restore the leading zero, but
            # only when the code as written is not itself a code (a 3-digit 中类 such as 384).
            if (
                value.isdigit()
                and len(value) in (1, 3)
                and not Industry.objects.filter(code=value).exists()
            ):
                value = value.zfill(len(value) + 1)
        return super().to_python(value)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Industry):
            return value.code
        if isinstance(value, int):
            found = Industry.objects.filter(pk=value).values_list("code", flat=True).first()
            return found or value
        return super().prepare_value(value)


class EnterpriseForm(forms.ModelForm[Enterprise]):
    industry = IndustryCodeField(label=_("行业代码"))
    tags = forms.ModelMultipleChoiceField(
        label=_("标签"),
        queryset=Tag.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Enterprise
        fields = [
            "credit_code",
            "name",
            "park",
            "industry",
            "is_above_scale",
            "above_scale_since",
            "status",
            "tags",
            "address",
            "legal_representative",
            "established_on",
            "service_officer",
        ]
        widgets = {
            "above_scale_since": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "established_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(
        self,
        *args: Any,
        actor: User | None,
        action: str = "enterprises.edit",
        derived_read_only: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.actor = actor
        # The permission table's action this form serves (registering a signed project's
        # company is the investment bureau's too).
        self.action = action
        scope = scope_of(actor)
        parks = Park.objects.all()
        if not (scope.zone or scope.department_sees_zone):
            parks = parks.filter(pk__in=scope.parks)
        self._choices("park").queryset = parks
        self._choices("service_officer").queryset = User.objects.filter(
            role__in=["department_officer", "park_officer", "zone_leader"], is_active=True
        )
        self.fields["credit_code"].widget.attrs.update({"autocomplete": "off", "maxlength": 18})
        # The page leaves another app's tags alone; the registry's import and API take the
        # office's file as it is (the daily sync corrects an enterprise that has records).
        self._derived_kept = self._leave_derived_tags() if derived_read_only else None

    def _leave_derived_tags(self) -> list[Tag]:
        """The tags another app keeps from its records (高企 and 专精特新 from innovation's
        recognitions) are not offered: they are shown, and kept as they are on save."""
        derived = house.derived_tags()
        if not derived:
            return []
        field = self._choices("tags")
        field.queryset = Tag.objects.exclude(code__in=derived)
        names = "、".join(Tag.objects.filter(code__in=derived).values_list("name", flat=True))
        kept = list(self.instance.tags.filter(code__in=derived)) if self.instance.pk else []
        help_text = _("%(names)s由认定记录生成（科技创新），不在此修改。") % {"names": names}
        if kept:
            help_text += " " + _("本企业现有：%(tags)s。") % {
                "tags": "、".join(tag.name for tag in kept)
            }
        field.help_text = help_text
        return kept

    def clean_tags(self) -> list[Tag]:
        chosen = list(self.cleaned_data.get("tags", []))
        return chosen if self._derived_kept is None else [*chosen, *self._derived_kept]

    def _choices(self, name: str) -> forms.ModelChoiceField[Any]:
        field = self.fields[name]
        assert isinstance(field, forms.ModelChoiceField)
        return field

    def clean_credit_code(self) -> str:
        return (self.cleaned_data.get("credit_code") or "").strip().upper()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        park = data.get("park")
        if park is not None and not may_in_park(self.actor, self.action, park.pk):
            self.add_error("park", _("您无权在该园区登记企业"))
        return data

    def service_data(self) -> dict[str, Any]:
        """The cleaned values in the shape the services take."""
        return {
            name: self.cleaned_data[name]
            for name in self.Meta.fields
            if name != "tags" and name in self.cleaned_data
        }


class ContactForm(forms.ModelForm[Contact]):
    class Meta:
        model = Contact
        fields = ["name", "title", "phone", "email", "is_primary"]


class ChainMembershipForm(forms.Form):
    chain = forms.ModelChoiceField(label=_("产业链"), queryset=Chain.objects.all())
    node = forms.ModelChoiceField(
        label=_("环节"), queryset=ChainNode.objects.select_related("chain"), required=False
    )
    role = forms.ChoiceField(
        label=_("角色"), choices=ChainRole.choices, initial=ChainRole.SUPPORTING
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        chain, node = data.get("chain"), data.get("node")
        if chain and node and node.chain_id != chain.pk:
            self.add_error("node", _("环节不属于该产业链"))
        return data
