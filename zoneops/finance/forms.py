"""The inputs of 金融服务, one form each. Amounts are typed in 万元 and stored in 元; every
number is bounded (``max_digits``, ranges), so 1e300 is a form error, not a stored row."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zoneops.appeals.public import TOPIC_CHOICES
from zoneops.core.bounds import form_field
from zoneops.core.models import Bank
from zoneops.finance.models import (
    SKIPPABLE,
    Advisor,
    Assignment,
    Board,
    Criterion,
    Disbursement,
    Entry,
    Guarantee,
    ListingStage,
    ListingTier,
    LoanCase,
    LogEntry,
    Measure,
    Milestone,
    Nature,
    Need,
    Product,
    Purpose,
    Session,
    Signing,
    Stage,
    Visit,
)

WAN = Decimal(10000)


def date_widget() -> forms.DateInput:
    # The browser's date picker reads and writes ISO dates, whatever the language.
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def wan_field(label: Any, *, required: bool = True) -> forms.DecimalField:
    """An amount typed in 万元: up to 99,999,999 万元 (the stored column's 元 range)."""
    return forms.DecimalField(
        label=label,
        required=required,
        max_digits=12,
        decimal_places=4,
        min_value=Decimal("0.0001"),
        max_value=Decimal("99999999"),
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
    )


def to_yuan(value: Decimal | None) -> Decimal | None:
    return None if value is None else (value * WAN).quantize(Decimal("0.01"))


class NeedForm(forms.Form):
    amount = wan_field(_("需求金额（万元）"))
    term_months = form_field(Need, "term_months", label=_("期限（月）"))
    purpose = forms.ChoiceField(label=_("资金用途"), choices=Purpose.choices)
    purpose_note = forms.CharField(label=_("用途说明"), max_length=200, required=False)
    acceptable_rate = form_field(
        Need, "acceptable_rate", label=_("可接受年利率上限（%）"), required=False
    )
    guarantees = forms.MultipleChoiceField(
        label=_("可提供担保方式"),
        choices=Guarantee.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    nature = forms.ChoiceField(label=_("借款性质"), choices=Nature.choices)
    repayment_source = forms.CharField(label=_("还款来源"), max_length=200, required=False)
    credit_enhancement = forms.CharField(label=_("增信方案"), max_length=200, required=False)
    open_to_all = forms.BooleanField(label=_("开放给已授权银行抢单"), required=False, initial=True)
    banks = forms.ModelMultipleChoiceField(
        label=_("授权查看的银行"),
        queryset=Bank.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    grant_days = forms.IntegerField(
        label=_("授权有效期（天）"), min_value=1, max_value=730, initial=180
    )
    figures_confirmed = forms.BooleanField(
        label=_("我确认平台所列企业信息属实"),
        error_messages={"required": _("请确认平台所列企业信息")},
    )

    def data_for_service(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["amount"] = to_yuan(data["amount"])
        for name in ("banks", "grant_days", "figures_confirmed"):
            data.pop(name, None)
        return data


class GrantForm(forms.Form):
    bank = forms.ModelChoiceField(label=_("银行"), queryset=Bank.objects.order_by("name"))
    valid_until = forms.DateField(label=_("授权截止"), widget=date_widget())


class PushForm(forms.Form):
    bank = forms.ModelChoiceField(label=_("推送至银行"), queryset=Bank.objects.order_by("name"))


STEP_CHOICES = [
    (stage.value, stage.label)
    for stage in (
        Stage.ACCEPTED,
        Stage.FIRST_REVIEW,
        Stage.SITE_VISIT,
        Stage.MATERIALS,
        Stage.SUBMITTED,
        Stage.CREDITED,
    )
]


class StepForm(forms.Form):
    stage = forms.ChoiceField(label=_("办理环节"), choices=STEP_CHOICES)
    on = form_field(
        LoanCase, "credited_on", label=_("日期"), initial=timezone.localdate, widget=date_widget()
    )
    opinion = forms.CharField(label=_("意见"), max_length=500, required=False)
    skip = forms.MultipleChoiceField(
        label=_("跳过的环节（线上产品）"),
        choices=[(s.value, s.label) for s in Stage if s in SKIPPABLE],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    credit_amount = wan_field(_("授信金额（万元）"), required=False)
    credit_rate = form_field(LoanCase, "credit_rate", label=_("授信年利率（%）"), required=False)
    credit_term = form_field(LoanCase, "credit_term", label=_("授信期限（月）"), required=False)


class RefuseForm(forms.Form):
    reason = forms.CharField(label=_("未通过原因"), max_length=200)


class DisbursementForm(forms.Form):
    amount = wan_field(_("放款金额（万元）"))
    on = form_field(
        Disbursement, "on", label=_("放款日期"), initial=timezone.localdate, widget=date_widget()
    )
    maturity = form_field(
        Disbursement, "maturity", label=_("到期日"), required=False, widget=date_widget()
    )
    rate = form_field(Disbursement, "rate", label=_("年利率（%）"), required=False)
    guarantee = forms.CharField(label=_("担保方式"), max_length=50, required=False)
    first_loan = forms.NullBooleanField(label=_("首贷"), required=False)


class ReviewForm(forms.Form):
    approve = forms.TypedChoiceField(
        label=_("审核结果"),
        choices=[("1", _("通过并上线")), ("0", _("不通过"))],
        coerce=lambda v: v == "1",
    )
    note = forms.CharField(label=_("审核意见"), max_length=200, required=False)


class ProductForm(forms.Form):
    """A bank's product as the bank files it: amounts in 万元, term in months, rates in %; each
    range's lower end no higher than its upper. Its 准入条件 are rule rows beside it."""

    name = forms.CharField(label=_("产品名称"), max_length=100)
    kind = forms.CharField(label=_("产品类型"), max_length=50)
    target = forms.CharField(label=_("适用对象"), max_length=200, required=False)
    conditions = forms.CharField(
        label=_("申请条件"), max_length=2000, required=False, widget=forms.Textarea({"rows": 3})
    )
    materials = forms.CharField(
        label=_("申请材料"), max_length=2000, required=False, widget=forms.Textarea({"rows": 3})
    )
    amount_min = wan_field(_("最低额度（万元）"), required=False)
    amount_max = wan_field(_("最高额度（万元）"), required=False)
    term_min = form_field(Product, "term_min", label=_("最短期限（月）"), required=False)
    term_max = form_field(Product, "term_max", label=_("最长期限（月）"), required=False)
    rate_min = form_field(Product, "rate_min", label=_("最低年利率（%）"), required=False)
    rate_max = form_field(Product, "rate_max", label=_("最高年利率（%）"), required=False)
    guarantees = forms.MultipleChoiceField(
        label=_("担保方式"),
        choices=Guarantee.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    tags = forms.CharField(label=_("标签（多个用逗号分隔）"), max_length=200, required=False)
    online = forms.BooleanField(label=_("线上办理"), required=False)

    RANGES = (
        ("amount_min", "amount_max", _("最低额度不能高于最高额度")),
        ("term_min", "term_max", _("最短期限不能长于最长期限")),
        ("rate_min", "rate_max", _("最低年利率不能高于最高年利率")),
    )

    @classmethod
    def initial_of(cls, product: Product) -> dict[str, Any]:
        initial = {name: getattr(product, name) for name in cls.base_fields}
        for name in ("amount_min", "amount_max"):
            value = getattr(product, name)
            initial[name] = None if value is None else (value / WAN).normalize()
        initial["tags"] = "，".join(product.tags)
        return initial

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for low, high, message in self.RANGES:
            if data.get(low) is not None and data.get(high) is not None and data[low] > data[high]:
                self.add_error(low, message)
        return data

    def data_for_service(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["amount_min"] = to_yuan(data["amount_min"])
        data["amount_max"] = to_yuan(data["amount_max"])
        parts = data["tags"].replace("，", ",").replace("、", ",").split(",")
        data["tags"] = list(dict.fromkeys(t.strip() for t in parts if t.strip()))
        return data


class ListingForm(forms.Form):
    """Enrol an enterprise in the reserve pool, or change its record."""

    tier = forms.ModelChoiceField(label=_("层级"), queryset=ListingTier.objects.all())
    board = forms.ChoiceField(label=_("拟上市板块"), choices=Board.choices)
    sponsor = forms.CharField(label=_("保荐机构"), max_length=100, required=False)
    law_firm = forms.CharField(label=_("律师事务所"), max_length=100, required=False)
    accountant = forms.CharField(label=_("会计师事务所"), max_length=100, required=False)
    note = forms.CharField(label=_("备注"), max_length=300, required=False)


class MilestoneForm(forms.Form):
    stage = forms.ChoiceField(label=_("阶段"), choices=ListingStage.choices)
    planned_on = form_field(
        Milestone, "planned_on", label=_("计划时间"), required=False, widget=date_widget()
    )
    reached_on = form_field(
        Milestone, "reached_on", label=_("完成时间"), required=False, widget=date_widget()
    )


class GreenChannelForm(forms.Form):
    title = forms.CharField(label=_("问题"), max_length=80)
    content = forms.CharField(label=_("具体情况"), max_length=2000, widget=forms.Textarea)
    topic = forms.ChoiceField(label=_("事项类别"), choices=TOPIC_CHOICES)


class AdvisorForm(forms.Form):
    name = forms.CharField(label=_("姓名"), max_length=50)
    kind = forms.ChoiceField(label=_("机构类型"), choices=Advisor.Kind.choices)
    bank = forms.ModelChoiceField(label=_("所属银行"), queryset=Bank.objects.all(), required=False)
    organisation = forms.CharField(label=_("所属机构"), max_length=100, required=False)
    title = forms.CharField(label=_("职务"), max_length=50, required=False)
    phone = forms.CharField(label=_("电话"), max_length=30, required=False)


class AssignForm(forms.Form):
    advisor = forms.ModelChoiceField(label=_("金融顾问"), queryset=Advisor.objects.all())
    reason = forms.CharField(label=_("服务对象类型"), max_length=50, required=False)
    goal = forms.CharField(label=_("融资目标"), max_length=300, required=False)
    target_amount = wan_field(_("目标融资额（万元）"), required=False)
    plan_until = form_field(
        Assignment, "plan_until", label=_("方案期限"), required=False, widget=date_widget()
    )


class MeasureForm(forms.Form):
    content = forms.CharField(label=_("措施"), max_length=300)
    amount = wan_field(_("涉及金额（万元）"), required=False)
    due_on = form_field(Measure, "due_on", label=_("完成时限"), widget=date_widget())


class MeasureDoneForm(forms.Form):
    result = forms.CharField(label=_("完成情况"), max_length=300, required=False)


class LogForm(forms.Form):
    on = form_field(
        LogEntry, "on", label=_("日期"), initial=timezone.localdate, widget=date_widget()
    )
    kind = forms.ChoiceField(label=_("方式"), choices=LogEntry.Kind.choices)
    content = forms.CharField(label=_("服务内容"), max_length=500, widget=forms.Textarea)


class ProblemForm(forms.Form):
    content = forms.CharField(label=_("问题"), max_length=300)


class SolveForm(forms.Form):
    solution = forms.CharField(label=_("解决情况"), max_length=300)


class SessionForm(forms.Form):
    name = forms.CharField(label=_("名称"), max_length=100)
    theme = forms.ChoiceField(label=_("主题"), choices=Session.Theme.choices)
    held_on = form_field(Session, "held_on", label=_("日期"), widget=date_widget())
    place = forms.CharField(label=_("地点"), max_length=100, required=False)
    organiser = forms.CharField(label=_("主办"), max_length=100, required=False)
    banks = forms.ModelMultipleChoiceField(
        label=_("参会银行"),
        queryset=Bank.objects.all(),
        widget=forms.CheckboxSelectMultiple,
    )


class SigningForm(forms.Form):
    """A signing at a session: the enterprise by its credit code, one of the session's banks."""

    credit_code = forms.CharField(label=_("企业统一社会信用代码"), max_length=18, min_length=18)
    bank = forms.ModelChoiceField(label=_("银行"), queryset=Bank.objects.none())
    kind = forms.ChoiceField(label=_("签约类型"), choices=Signing.Kind.choices)
    amount = wan_field(_("签约金额（万元）"))

    def __init__(self, *args: Any, session: Session, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["bank"].queryset = session.banks.all()  # type: ignore[attr-defined]


# --- 融资协调工作机制 --------------------------------------------------------------------


class VisitForm(forms.Form):
    visited_on = form_field(
        Visit, "visited_on", label=_("走访日期"), initial=timezone.localdate, widget=date_widget()
    )
    findings = forms.CharField(label=_("走访情况"), max_length=2000, widget=forms.Textarea)
    need_found = forms.BooleanField(label=_("发现融资需求"), required=False)
    amount = wan_field(_("需求金额（万元）"), required=False)
    term_months = form_field(Visit, "term_months", label=_("期限（月）"), required=False)
    purpose = forms.ChoiceField(
        label=_("资金用途"), choices=[("", "—"), *Purpose.choices], required=False
    )
    consent = forms.BooleanField(label=_("企业同意推送银行并授权查看"), required=False)

    def data_for_service(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["amount"] = to_yuan(data["amount"])
        return data


class ChecklistForm(forms.Form):
    """The five criteria of the 申报清单: a tick and its evidence for each."""

    def __init__(self, *args: Any, entry: Entry | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for criterion in Criterion:
            self.fields[f"{criterion.value}_met"] = forms.BooleanField(
                label=criterion.label,
                required=False,
                initial=entry.met(criterion) if entry else False,
            )
            self.fields[f"{criterion.value}_evidence"] = forms.CharField(
                label=_("依据"),
                max_length=300,
                required=False,
                initial=entry.evidence(criterion) if entry else "",
            )

    def rows(self) -> list[tuple[Any, Any, Any]]:
        return [(c, self[f"{c.value}_met"], self[f"{c.value}_evidence"]) for c in Criterion]

    def checks(self) -> dict[str, tuple[bool, str]]:
        data = self.cleaned_data
        return {c.value: (data[f"{c.value}_met"], data[f"{c.value}_evidence"]) for c in Criterion}


class EntryReviewForm(forms.Form):
    approve = forms.TypedChoiceField(
        label=_("审核结论"),
        choices=[("1", _("列入推荐清单")), ("0", _("不予推荐"))],
        coerce=lambda v: v == "1",
    )
    opinion = forms.CharField(label=_("审核意见"), max_length=500)


class EntryPushForm(forms.Form):
    banks = forms.ModelMultipleChoiceField(
        label=_("推送至银行"),
        queryset=Bank.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
    )
