from __future__ import annotations

from typing import Any, ClassVar, Self

from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from zoneops.core.bounds import HAPPENED, BoundedModel
from zoneops.core.models import Bank, User
from zoneops.core.scope import ScopedQuerySet, scope_of
from zoneops.enterprises.models import Enterprise
from zoneops.finance.models.needs import TERM, Grant, Need, _money, _rate


class Stage(models.TextChoices):
    """A loan case's state; PIPELINE gives the order of the steps."""

    PUSHED = "pushed", pgettext_lazy("loan case", "待受理")
    ACCEPTED = "accepted", pgettext_lazy("loan case", "受理")
    FIRST_REVIEW = "first_review", pgettext_lazy("loan case", "初审")
    SITE_VISIT = "site_visit", pgettext_lazy("loan case", "现场调查")
    MATERIALS = "materials", pgettext_lazy("loan case", "资料收集")
    SUBMITTED = "submitted", pgettext_lazy("loan case", "上报")
    CREDITED = "credited", pgettext_lazy("loan case", "授信")
    DISBURSED = "disbursed", pgettext_lazy("loan case", "放款")
    REFUSED = "refused", pgettext_lazy("loan case", "未通过")
    WITHDRAWN = "withdrawn", pgettext_lazy("loan case", "企业撤回")


PIPELINE = (
    Stage.PUSHED,
    Stage.ACCEPTED,
    Stage.FIRST_REVIEW,
    Stage.SITE_VISIT,
    Stage.MATERIALS,
    Stage.SUBMITTED,
    Stage.CREDITED,
    Stage.DISBURSED,
)
# Online credit loans have no site visit, and some have no separate collection of materials.
SKIPPABLE = frozenset({Stage.SITE_VISIT, Stage.MATERIALS})
CLOSED = frozenset({Stage.REFUSED, Stage.WITHDRAWN})


def stage_index(stage: str) -> int:
    return PIPELINE.index(Stage(stage))


class CaseQuerySet(ScopedQuerySet["LoanCase"]):
    scope_paths: ClassVar[dict[str, str]] = {"park": "enterprise__park", "enterprise": "enterprise"}

    def visible_to(self, user: Any) -> Self:
        scope = scope_of(user)
        if scope.banks:
            # A bank's own cases, on needs whose grant to it is in force (or reported by it).
            granted = Grant.objects.in_force().filter(need=OuterRef("need"), bank=OuterRef("bank"))
            return self.filter(bank_id__in=scope.banks).filter(
                Q(need__isnull=True) | Exists(granted)
            )
        return super().visible_to(user)


class LoanCase(BoundedModel, models.Model):
    """贷款对接: one need worked by one bank, from push (or claim) to 放款 or refusal. A case
    the bank's ledger reported without a need on the platform has no need."""

    class Route(models.TextChoices):
        PUSHED = "pushed", _("推荐清单")
        CLAIMED = "claimed", _("银行抢单")
        REPORTED = "reported", _("银行报送")

    date_spans = {"pushed_on": HAPPENED, "credited_on": HAPPENED}

    need = models.ForeignKey(
        Need,
        verbose_name=_("融资需求"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="cases",
    )
    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("企业"), on_delete=models.PROTECT, related_name="loan_cases"
    )
    bank = models.ForeignKey(
        Bank, verbose_name=_("银行"), on_delete=models.PROTECT, related_name="loan_cases"
    )
    route = models.CharField(_("来源"), max_length=10, choices=Route.choices)
    stage = models.CharField(
        _("办理环节"), max_length=20, choices=Stage.choices, default=Stage.PUSHED
    )
    refused_from = models.CharField(
        _("未通过时所在环节"), max_length=20, choices=Stage.choices, blank=True
    )
    refusal_reason = models.CharField(_("未通过原因"), max_length=200, blank=True)
    pushed_on = models.DateField(_("推送日期"))
    contact_due = models.DateField(_("应联系日期"), null=True, blank=True)
    decide_due = models.DateField(_("应反馈日期"), null=True, blank=True)
    credit_amount = _money(_("授信金额（元）"), null=True, blank=True)
    credit_rate = _rate(_("授信年利率（%）"), null=True, blank=True)
    credit_term = models.PositiveSmallIntegerField(
        _("授信期限（月）"), validators=TERM, null=True, blank=True
    )
    credited_on = models.DateField(_("授信日期"), null=True, blank=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("贷款对接")
        verbose_name_plural = _("贷款对接")
        ordering = ["-pushed_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["need", "bank"], name="finance_case_one_per_need_and_bank"
            )
        ]

    def __str__(self) -> str:
        return f"{self.enterprise.name} × {self.bank.name}"

    @property
    def closed(self) -> bool:
        return self.stage in CLOSED

    def next_stage(self) -> Stage | None:
        if self.closed or self.stage == Stage.DISBURSED:
            return None
        following = PIPELINE[stage_index(self.stage) + 1]
        # 放款 is recorded as a disbursement, not as a step.
        return None if following == Stage.DISBURSED else following

    def reached(self) -> str:
        """The last step the case passed (for a refused case: before it was refused)."""
        return (self.refused_from or Stage.PUSHED) if self.closed else self.stage

    def passed_first_review(self) -> bool:
        return stage_index(self.reached()) >= stage_index(Stage.FIRST_REVIEW)


class CaseStep(models.Model):
    """One step of a case, with its date and the bank's opinion (a skip is recorded too)."""

    case = models.ForeignKey(LoanCase, on_delete=models.CASCADE, related_name="steps")
    stage = models.CharField(_("办理环节"), max_length=20, choices=Stage.choices)
    on = models.DateField(_("日期"))
    opinion = models.CharField(_("意见"), max_length=500, blank=True)
    skipped = models.BooleanField(_("跳过"), default=False)
    actor = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True)

    class Meta:
        verbose_name = _("对接环节")
        verbose_name_plural = _("对接环节")
        ordering = ["case", "pk"]

    def __str__(self) -> str:
        return f"{self.case} · {self.get_stage_display()}"


class DisbursementQuerySet(ScopedQuerySet["Disbursement"]):
    scope_paths: ClassVar[dict[str, str]] = {
        "park": "case__enterprise__park",
        "enterprise": "case__enterprise",
    }

    def visible_to(self, user: Any) -> Self:
        if scope_of(user).banks:
            return self.filter(case__in=LoanCase.objects.visible_to(user))
        return super().visible_to(user)


class Disbursement(BoundedModel, models.Model):
    """放款: one drawing under a case's credit line (a case may have several)."""

    date_spans = {"on": HAPPENED}

    case = models.ForeignKey(LoanCase, on_delete=models.CASCADE, related_name="disbursements")
    amount = _money(_("放款金额（元）"))
    on = models.DateField(_("放款日期"))
    maturity = models.DateField(_("到期日"), null=True, blank=True)
    rate = _rate(_("年利率（%）"), null=True, blank=True)
    guarantee = models.CharField(_("担保方式"), max_length=50, blank=True)
    first_loan = models.BooleanField(_("首贷"), null=True, blank=True)
    # (bank, credit code, date, amount) of a row of a bank's ledger: importing it twice is a no-op.
    ledger_key = models.CharField(max_length=120, blank=True, db_index=True)

    objects = DisbursementQuerySet.as_manager()

    class Meta:
        verbose_name = _("放款")
        verbose_name_plural = _("放款")
        ordering = ["on", "pk"]

    def __str__(self) -> str:
        return f"{self.case} · {self.on:%Y-%m-%d}"


class Breach(models.Model):
    """A bank that did not contact, or did not decide, in time: an alert for the officer."""

    class Kind(models.TextChoices):
        CONTACT = "contact", _("未按期联系企业")
        DECISION = "decision", _("未按期反馈结果")

    case = models.ForeignKey(LoanCase, on_delete=models.CASCADE, related_name="breaches")
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    due = models.DateField(_("期限"))
    raised_on = models.DateField(_("发现日期"))

    class BreachQuerySet(models.QuerySet["Breach"]):
        def visible_to(self, user: Any) -> Self:
            return self.filter(case__in=LoanCase.objects.visible_to(user))

    objects = BreachQuerySet.as_manager()

    class Meta:
        verbose_name = _("超时提醒")
        verbose_name_plural = _("超时提醒")
        ordering = ["-raised_on", "pk"]
        constraints = [models.UniqueConstraint(fields=["case", "kind"], name="finance_breach_once")]

    def __str__(self) -> str:
        return f"{self.case} · {self.get_kind_display()}"
