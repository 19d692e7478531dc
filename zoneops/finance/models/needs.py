from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, ClassVar, Self

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zoneops.core.bounds import HAPPENED, PLANNED, BoundedModel, money_field
from zoneops.core.models import Bank, User
from zoneops.core.scope import ScopedQuerySet, scope_of
from zoneops.enterprises.models import Enterprise

POSITIVE = [MinValueValidator(Decimal("0.01"))]
RATE = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("36"))]
TERM = [MinValueValidator(1), MaxValueValidator(360)]


def _money(label: Any, **kwargs: Any) -> models.DecimalField[Any, Any]:
    return money_field(label, minimum=Decimal("0.01"), **kwargs)


def _rate(label: Any, **kwargs: Any) -> models.DecimalField:  # type: ignore[type-arg]
    return models.DecimalField(label, max_digits=5, decimal_places=2, validators=RATE, **kwargs)


class Guarantee(models.TextChoices):
    """担保方式 (docs/domain.md#borrowing-nature-and-guarantees)."""

    CREDIT = "credit", _("信用")
    SURETY = "surety", _("保证")
    MORTGAGE = "mortgage", _("抵押")
    PLEDGE = "pledge", _("质押")
    GUARANTOR = "guarantor", _("融资担保公司担保")


class Nature(models.TextChoices):
    """借款性质: only 新增 is new money; the others roll a loan over."""

    NEW = "new", _("新增")
    REPAY_THEN_BORROW = "repay_then_borrow", _("还旧借新")
    BORROW_TO_REPAY = "borrow_to_repay", _("借新还旧")
    TRANSFER = "transfer", _("转换主体")


class Purpose(models.TextChoices):
    WORKING_CAPITAL = "working_capital", _("流动资金")
    EQUIPMENT = "equipment", _("设备购置")
    UPGRADE = "upgrade", _("技术改造")
    CONSTRUCTION = "construction", _("项目建设")
    ORDERS = "orders", _("订单融资")
    OTHER = "other", _("其他")


class Product(BoundedModel, models.Model):
    """金融产品: a bank's loan product, shown to enterprises once the finance officer approved it
    and the bank put it online."""

    class Review(models.TextChoices):
        PENDING = "pending", _("审核中")
        APPROVED = "approved", _("通过")
        REJECTED = "rejected", _("未通过")

    bank = models.ForeignKey(Bank, verbose_name=_("银行"), on_delete=models.PROTECT)
    name = models.CharField(_("产品名称"), max_length=100)
    kind = models.CharField(_("产品类型"), max_length=50)
    target = models.CharField(_("适用对象"), max_length=200, blank=True)
    conditions = models.TextField(_("申请条件"), blank=True)
    materials = models.TextField(_("申请材料"), blank=True)
    amount_min = _money(_("最低额度（元）"), null=True, blank=True)
    amount_max = _money(_("最高额度（元）"), null=True, blank=True)
    term_min = models.PositiveSmallIntegerField(
        _("最短期限（月）"), validators=TERM, null=True, blank=True
    )
    term_max = models.PositiveSmallIntegerField(
        _("最长期限（月）"), validators=TERM, null=True, blank=True
    )
    rate_min = _rate(_("最低年利率（%）"), null=True, blank=True)
    rate_max = _rate(_("最高年利率（%）"), null=True, blank=True)
    guarantees = models.JSONField(_("担保方式"), default=list, blank=True)
    tags = models.JSONField(_("标签"), default=list, blank=True)
    online = models.BooleanField(_("线上办理"), default=False)
    review = models.CharField(
        _("发布审核"), max_length=10, choices=Review.choices, default=Review.PENDING
    )
    reviewed_by = models.ForeignKey(
        User, verbose_name=_("审核人"), on_delete=models.SET_NULL, null=True, blank=True
    )
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    review_note = models.CharField(_("审核意见"), max_length=200, blank=True)
    listed = models.BooleanField(_("已上线"), default=False)
    # 准入条件 over enterprise data, in the rules of funding programs (support's engine):
    # [{"field": "tag", "operator": "in", "value": "hightech"}, …]; all must hold.
    target_rules = models.JSONField(_("准入条件"), default=list, blank=True)

    class ProductQuerySet(ScopedQuerySet["Product"]):
        scope_paths: ClassVar[dict[str, str]] = {"bank": "bank"}

        def visible_to(self, user: Any) -> Self:
            scope = scope_of(user)
            if scope.enterprises or scope.parks:
                # An enterprise (and a park office) sees what is on offer: approved, online.
                return self.filter(review=Product.Review.APPROVED, listed=True)
            return super().visible_to(user)

    objects = ProductQuerySet.as_manager()

    class Meta:
        verbose_name = _("金融产品")
        verbose_name_plural = _("金融产品")
        ordering = ["bank__name", "name"]

    def __str__(self) -> str:
        return f"{self.bank} · {self.name}"


class NeedQuerySet(ScopedQuerySet["Need"]):
    scope_paths: ClassVar[dict[str, str]] = {"park": "enterprise__park", "enterprise": "enterprise"}

    def visible_to(self, user: Any) -> Self:
        scope = scope_of(user)
        if scope.banks:
            granted = Grant.objects.in_force().filter(bank_id__in=scope.banks)
            return self.filter(pk__in=granted.values("need_id"))
        return super().visible_to(user)


class Need(BoundedModel, models.Model):
    """融资需求: what an enterprise wants to borrow, posted by itself or by an officer after a
    visit. ``figures`` are the platform's figures the enterprise confirmed when posting."""

    class Source(models.TextChoices):
        ENTERPRISE = "enterprise", _("企业自主发布")
        VISIT = "visit", _("走访收集")
        SESSION = "session", _("银企对接会")

    class Status(models.TextChoices):
        PUBLISHED = "published", _("已发布")
        MATCHING = "matching", _("对接中")
        SOLVED = "solved", _("已获贷")
        UNSOLVED = "unsolved", _("未解决")
        WITHDRAWN = "withdrawn", _("已撤回")

    date_spans = {"published_on": HAPPENED}

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("企业"), on_delete=models.PROTECT, related_name="financing_needs"
    )
    amount = _money(_("需求金额（元）"))
    term_months = models.PositiveSmallIntegerField(_("期限（月）"), validators=TERM)
    purpose = models.CharField(_("资金用途"), max_length=20, choices=Purpose.choices)
    purpose_note = models.CharField(_("用途说明"), max_length=200, blank=True)
    acceptable_rate = _rate(_("可接受年利率上限（%）"), null=True, blank=True)
    guarantees = models.JSONField(_("可提供担保方式"), default=list, blank=True)
    repayment_source = models.CharField(_("还款来源"), max_length=200, blank=True)
    credit_enhancement = models.CharField(_("增信方案"), max_length=200, blank=True)
    nature = models.CharField(
        _("借款性质"), max_length=20, choices=Nature.choices, default=Nature.NEW
    )
    source = models.CharField(
        _("来源"), max_length=20, choices=Source.choices, default=Source.ENTERPRISE
    )
    open_to_all = models.BooleanField(_("开放抢单"), default=False)
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.PUBLISHED
    )
    status_note = models.CharField(_("说明"), max_length=200, blank=True)
    published_on = models.DateField(_("发布日期"))
    figures = models.JSONField(_("企业确认的数据"), default=dict, blank=True)
    created_by = models.ForeignKey(
        User, verbose_name=_("登记人"), on_delete=models.SET_NULL, null=True, blank=True
    )

    objects = NeedQuerySet.as_manager()

    class Meta:
        verbose_name = _("融资需求")
        verbose_name_plural = _("融资需求")
        ordering = ["-published_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.enterprise.name} · {self.published_on:%Y-%m-%d}"


class GrantQuerySet(ScopedQuerySet["Grant"]):
    scope_paths: ClassVar[dict[str, str]] = {
        "park": "need__enterprise__park",
        "enterprise": "need__enterprise",
        "bank": "bank",
    }

    def in_force(self, on: dt.date | None = None) -> Self:
        day = on or timezone.localdate()
        return self.filter(revoked_at__isnull=True, valid_from__lte=day, valid_until__gte=day)


class Grant(BoundedModel, models.Model):
    """数据授权: the enterprise lets one bank see this need and its figures, for a period."""

    date_spans = {"valid_from": PLANNED, "valid_until": PLANNED}

    need = models.ForeignKey(
        Need, verbose_name=_("融资需求"), on_delete=models.CASCADE, related_name="grants"
    )
    bank = models.ForeignKey(Bank, verbose_name=_("银行"), on_delete=models.PROTECT)
    valid_from = models.DateField(_("授权起始"))
    valid_until = models.DateField(_("授权截止"))
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)
    granted_by = models.ForeignKey(
        User, verbose_name=_("授权人"), on_delete=models.SET_NULL, null=True, blank=True
    )

    objects = GrantQuerySet.as_manager()

    class Meta:
        verbose_name = _("数据授权")
        verbose_name_plural = _("数据授权")
        ordering = ["bank__name", "-valid_from"]

    def __str__(self) -> str:
        return f"{self.need} → {self.bank}"

    def in_force_on(self, day: dt.date) -> bool:
        return self.revoked_at is None and self.valid_from <= day <= self.valid_until
