"""金融顾问 and 一企一策: an advisor (a bank's or a broker's person) assigned to a key enterprise,
with the plan for that enterprise (its goal and target amount), the measures with their
dates, the service log and the problems found. The assignment is the hub: one advisor × one
enterprise, seen by the enterprise's park, the enterprise itself and the advisor's bank."""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from zoneops.core.bounds import HAPPENED, PLANNED, BoundedModel, money_field
from zoneops.core.models import Bank, User
from zoneops.core.scope import ScopedQuerySet
from zoneops.enterprises.models import Enterprise


class Advisor(models.Model):
    """A financial advisor: from a bank (``bank``) or another institution (``organisation``)."""

    class Kind(models.TextChoices):
        BANK = "bank", _("银行")
        SECURITIES = "securities", _("证券公司")
        GUARANTEE = "guarantee", _("融资担保")
        OTHER = "other", _("其他机构")

    name = models.CharField(_("姓名"), max_length=50)
    kind = models.CharField(_("机构类型"), max_length=20, choices=Kind.choices)
    bank = models.ForeignKey(
        Bank, verbose_name=_("所属银行"), on_delete=models.PROTECT, null=True, blank=True
    )
    organisation = models.CharField(_("所属机构"), max_length=100, blank=True)
    title = models.CharField(_("职务"), max_length=50, blank=True)
    phone = models.CharField(_("电话"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("金融顾问")
        verbose_name_plural = _("金融顾问")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return str(self.name)

    @property
    def where(self) -> str:
        return self.bank.name if self.bank is not None else str(self.organisation)


class AssignmentQuerySet(ScopedQuerySet["Assignment"]):
    scope_paths: ClassVar[dict[str, str]] = {
        "park": "enterprise__park",
        "enterprise": "enterprise",
        "bank": "advisor__bank",
    }


class Assignment(BoundedModel, models.Model):
    """An advisor serving one key enterprise, with that enterprise's plan (一企一策)."""

    date_spans = {"since": HAPPENED, "plan_until": PLANNED}

    advisor = models.ForeignKey(
        Advisor, verbose_name=_("金融顾问"), on_delete=models.PROTECT, related_name="assignments"
    )
    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("企业"), on_delete=models.PROTECT, related_name="advisors"
    )
    reason = models.CharField(_("服务对象类型"), max_length=50, blank=True)
    since = models.DateField(_("选派日期"))
    goal = models.CharField(_("融资目标"), max_length=300, blank=True)
    target_amount = money_field(_("目标融资额（元）"), null=True, blank=True, minimum=Decimal(0))
    plan_until = models.DateField(_("方案期限"), null=True, blank=True)
    ended_on = models.DateField(_("结束日期"), null=True, blank=True)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("金融顾问服务")
        verbose_name_plural = _("金融顾问服务")
        ordering = ["enterprise__name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["advisor", "enterprise"],
                condition=models.Q(ended_on__isnull=True),
                name="advisor_serves_enterprise_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.advisor} · {self.enterprise.name}"


class Measure(BoundedModel, models.Model):
    """One measure of the plan: what, by when, and when it was done."""

    date_spans = {"due_on": PLANNED, "done_on": HAPPENED}

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="measures")
    content = models.CharField(_("措施"), max_length=300)
    amount = money_field(_("涉及金额（元）"), null=True, blank=True, minimum=Decimal(0))
    due_on = models.DateField(_("完成时限"))
    done_on = models.DateField(_("完成日期"), null=True, blank=True)
    result = models.CharField(_("完成情况"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("一企一策措施")
        verbose_name_plural = _("一企一策措施")
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return str(self.content)


class LogEntry(BoundedModel, models.Model):
    """服务台账: a visit, a call or an online contact, and what came of it."""

    class Kind(models.TextChoices):
        VISIT = "visit", _("上门走访")
        CALL = "call", _("电话沟通")
        ONLINE = "online", _("线上服务")
        TRAINING = "training", _("政策宣讲")

    date_spans = {"on": HAPPENED}

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="log")
    on = models.DateField(_("日期"))
    kind = models.CharField(_("方式"), max_length=20, choices=Kind.choices)
    content = models.CharField(_("服务内容"), max_length=500)
    by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("服务台账")
        verbose_name_plural = _("服务台账")
        ordering = ["-on", "-pk"]

    def __str__(self) -> str:
        return f"{self.on} {self.get_kind_display()}"


class AdvisorProblem(BoundedModel, models.Model):
    """问题清单: a problem the advisor found, until it is solved."""

    date_spans = {"raised_on": HAPPENED, "solved_on": HAPPENED}

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="problems")
    content = models.CharField(_("问题"), max_length=300)
    raised_on = models.DateField(_("发现日期"))
    solved_on = models.DateField(_("解决日期"), null=True, blank=True)
    solution = models.CharField(_("解决情况"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("问题清单")
        verbose_name_plural = _("问题清单")
        ordering = ["solved_on", "-raised_on", "-pk"]

    def __str__(self) -> str:
        return str(self.content)
