"""企业上市: the reserve pool in tiers with their entry tests, the companies on their way to a
board, their stages with planned and actual dates, and their 绿色通道 problems (taken in as
appeals).

A tier's tests are data: each test is a set of conditions over the enterprise's whole years
(``ListingTest``); an enterprise passes a tier when it has existed long enough and passes any
one of the tier's tests. Candidates are found from the platform's own figures on every read
(``zoneops.finance.listing``), never stored: one whose figures stop passing drops out.
"""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from zoneops.core.bounds import HAPPENED, PLANNED, BoundedModel, money_field
from zoneops.core.models import User
from zoneops.core.scope import ScopedQuerySet
from zoneops.enterprises.models import Enterprise

ZERO = Decimal(0)


class Board(models.TextChoices):
    """The board a company aims for."""

    MAIN = "main", _("主板")
    CHINEXT = "chinext", _("创业板")
    STAR = "star", _("科创板")
    BSE = "bse", _("北交所")
    NEEQ = "neeq", _("新三板")
    REGIONAL = "regional", _("区域性股权市场专精特新专板")
    OVERSEAS = "overseas", _("境外上市")


class ListingStage(models.TextChoices):
    """The road to listing, in order (docs/finance.md#the-listing-pipeline)."""

    RESTRUCTURE = "restructure", _("股改")
    TUTORING_FILED = "tutoring_filed", _("辅导备案")
    TUTORING_PASSED = "tutoring_passed", _("辅导验收")
    ACCEPTED = "accepted", _("申报受理")
    INQUIRY = "inquiry", _("问询")
    COMMITTEE = "committee", _("上市委审议")
    REGISTERED = "registered", _("注册")
    LISTED = "listed", _("发行上市")


STAGE_ORDER = [stage.value for stage in ListingStage]


class ListingTier(models.Model):
    """上市后备资源库的一层 (基础库, 培育库, 重点库 …): its entry tests are its ``tests``."""

    name = models.CharField(_("名称"), max_length=30, unique=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    min_years = models.PositiveSmallIntegerField(
        _("成立满（会计年度）"), default=2, validators=[MaxValueValidator(50)]
    )
    description = models.CharField(_("基本条件"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("上市后备库层级")
        verbose_name_plural = _("上市后备库层级")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.name


class ListingTest(BoundedModel, models.Model):
    """One financial test of a tier. Each condition left empty is not part of the test; an
    enterprise passes the test when every condition set holds on its last whole years."""

    tier = models.ForeignKey(ListingTier, on_delete=models.CASCADE, related_name="tests")
    number = models.PositiveSmallIntegerField(_("序号"), validators=[MaxValueValidator(99)])
    name = models.CharField(_("标准"), max_length=200)
    profitable_years = models.PositiveSmallIntegerField(
        _("连续盈利年数"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(3)],
    )
    min_cumulative_profit = money_field(
        _("累计利润总额不低于（元）"), null=True, blank=True, minimum=ZERO
    )
    min_last_revenue = money_field(
        _("上年营业收入不低于（元）"), null=True, blank=True, minimum=ZERO
    )
    min_revenue_cagr = models.DecimalField(
        _("近两年营业收入复合增长率不低于（%）"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(-100), MaxValueValidator(1000)],
    )
    min_average_revenue = money_field(
        _("近两年平均营业收入不低于（元）"), null=True, blank=True, minimum=ZERO
    )

    class Meta:
        verbose_name = _("入库标准")
        verbose_name_plural = _("入库标准")
        ordering = ["tier", "number"]
        constraints = [
            models.UniqueConstraint(fields=["tier", "number"], name="listing_test_number_unique")
        ]

    def __str__(self) -> str:
        return f"{self.tier} · {self.number}. {self.name}"


class ListingCompanyQuerySet(ScopedQuerySet["ListingCompany"]):
    scope_paths: ClassVar[dict[str, str]] = {"park": "enterprise__park", "enterprise": "enterprise"}


class ListingCompany(BoundedModel, models.Model):
    """An enterprise in the reserve pool: its tier, target board, intermediaries and officer."""

    date_spans = {"entered_on": HAPPENED}

    enterprise = models.OneToOneField(
        Enterprise, verbose_name=_("企业"), on_delete=models.PROTECT, related_name="listing"
    )
    tier = models.ForeignKey(ListingTier, verbose_name=_("层级"), on_delete=models.PROTECT)
    board = models.CharField(_("拟上市板块"), max_length=20, choices=Board.choices)
    entered_on = models.DateField(_("入库日期"))
    sponsor = models.CharField(_("保荐机构"), max_length=100, blank=True)
    law_firm = models.CharField(_("律师事务所"), max_length=100, blank=True)
    accountant = models.CharField(_("会计师事务所"), max_length=100, blank=True)
    officer = models.ForeignKey(
        User,
        verbose_name=_("服务专员"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.CharField(_("备注"), max_length=300, blank=True)

    objects = ListingCompanyQuerySet.as_manager()

    class Meta:
        verbose_name = _("上市后备企业")
        verbose_name_plural = _("上市后备企业")
        ordering = ["tier__order", "enterprise__name"]

    def __str__(self) -> str:
        return str(self.enterprise.name)


class Milestone(BoundedModel, models.Model):
    """One stage of a company's road: when it is planned and when it was reached."""

    date_spans = {"planned_on": PLANNED, "reached_on": HAPPENED}

    company = models.ForeignKey(ListingCompany, on_delete=models.CASCADE, related_name="milestones")
    stage = models.CharField(_("阶段"), max_length=20, choices=ListingStage.choices)
    planned_on = models.DateField(_("计划时间"), null=True, blank=True)
    reached_on = models.DateField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("上市进程节点")
        verbose_name_plural = _("上市进程节点")
        ordering = ["company", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["company", "stage"], name="listing_milestone_unique")
        ]

    def __str__(self) -> str:
        return f"{self.company} · {self.get_stage_display()}"


class GreenChannelIssue(models.Model):
    """A 绿色通道 problem (合规证明, 产权, 社保 …): taken in through the appeals intake, so it is
    routed, timed and answered like every appeal, and linked here."""

    company = models.ForeignKey(ListingCompany, on_delete=models.CASCADE, related_name="issues")
    appeal = models.OneToOneField(
        "appeals.Appeal", on_delete=models.PROTECT, related_name="listing_issue"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("绿色通道问题")
        verbose_name_plural = _("绿色通道问题")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.company} · {self.appeal}"
