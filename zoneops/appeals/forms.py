"""One form per input, used by the pages and (through the same fields) the API."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from zoneops.appeals.models import (
    Category,
    Channel,
    Rating,
    RoutingRule,
    Topic,
    Urgency,
)
from zoneops.core.models import Department, Role, User
from zoneops.core.uploads import AttachmentsField
from zoneops.core.validators import validate_cn_phone
from zoneops.enterprises.models import Enterprise


class IntakeForm(forms.Form):
    """登记诉求. Enterprise users file for themselves through the portal; staff pick the
    enterprise and the channel they took the appeal in by."""

    enterprise = forms.ModelChoiceField(
        label=_("企业"), queryset=Enterprise.objects.none(), required=False
    )
    channel = forms.ChoiceField(
        label=_("渠道"),
        choices=[c for c in Channel.choices if c[0] != Channel.PORTAL],
        required=False,
    )
    category = forms.ChoiceField(label=_("诉求类型"), choices=Category.choices)
    topic = forms.ChoiceField(label=_("诉求事项"), choices=Topic.choices)
    urgency = forms.ChoiceField(label=_("紧急程度"), choices=Urgency.choices)
    title = forms.CharField(label=_("标题"), max_length=100)
    content = forms.CharField(
        label=_("诉求内容"), max_length=4000, widget=forms.Textarea(attrs={"rows": 5})
    )
    contact_name = forms.CharField(label=_("联系人"), max_length=50, required=False)
    contact_phone = forms.CharField(
        label=_("联系电话"),
        max_length=30,
        required=False,
        validators=[validate_cn_phone],
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    attachments = AttachmentsField(label=_("附件"))

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.for_enterprise = getattr(user, "role", None) == Role.ENTERPRISE
        if self.for_enterprise:
            del self.fields["enterprise"]
            del self.fields["channel"]
        else:
            enterprise_field = self.fields["enterprise"]
            assert isinstance(enterprise_field, forms.ModelChoiceField)
            enterprise_field.queryset = Enterprise.objects.visible_to(user).order_by("name")
            self.fields["enterprise"].required = True
            self.fields["channel"].required = True

    def service_kwargs(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        if self.for_enterprise:
            data["enterprise"] = self.user.enterprise
            data["channel"] = Channel.PORTAL
        return data


class AttachmentForm(forms.Form):
    # Not required in the browser: the camera button is a second input of the same name, and
    # a photo taken with it is enough (the service refuses an empty upload).
    attachments = AttachmentsField(label=_("添加附件"))


class ActionForm(forms.Form):
    note = forms.CharField(
        label=_("说明"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    department = forms.ModelChoiceField(
        label=_("承办部门"), queryset=Department.objects.all(), required=False
    )
    resolved = forms.TypedChoiceField(
        label=_("是否解决"),
        choices=[("", "—"), ("1", _("已解决")), ("0", _("未解决"))],
        coerce=lambda v: v == "1",
        empty_value=None,
        required=False,
    )


class RatingForm(forms.Form):
    rating = forms.ChoiceField(label=_("评价"), choices=Rating.choices, widget=forms.RadioSelect)
    comment = forms.CharField(label=_("评价意见"), max_length=500, required=False)


class ExtensionForm(forms.Form):
    days = forms.IntegerField(label=_("延期（工作日）"), min_value=1, max_value=30)
    reason = forms.CharField(label=_("延期理由"), max_length=500)


class RoutingRuleForm(forms.ModelForm[RoutingRule]):
    class Meta:
        model = RoutingRule
        fields = ["topic", "keyword", "department", "priority", "is_active"]


class TimeLimitForm(forms.Form):
    category = forms.ChoiceField(label=_("诉求类型"), choices=Category.choices)
    urgency = forms.ChoiceField(label=_("紧急程度"), choices=Urgency.choices)
    working_days = forms.IntegerField(label=_("时限（工作日）"), min_value=0, max_value=60)
    remind_days = forms.IntegerField(label=_("提前提醒（工作日）"), min_value=0, max_value=10)
