"""Monthly reports: the indicator catalogue, reporting periods, each enterprise's report and its
values, validation rules, and the grid company's electricity accounts.

Units: every value is stored in its indicator's stored unit (元, kWh, persons) as Decimal;
conversion from 千元, 万元, 万千瓦时 happens at import and display (zoneops/core/units.py).
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from zoneops.core.bounds import BoundedModel
from zoneops.core.scope import ScopedQuerySet
from zoneops.enterprises.models import Enterprise


class StoredUnit(models.TextChoices):
    YUAN = "yuan", _("元")
    KWH = "kwh", _("千瓦时")
    PERSON = "person", _("人")
    PERCENT = "percent", _("%")


class IndicatorKind(models.TextChoices):
    FLOW = "flow", _("流量（本月与累计）")
    STOCK = "stock", _("存量（期末）")


class ReportForm(models.TextChoices):
    OUTPUT = "B204-1", _("工业产销总值及主要产品产量（B204-1）")
    FINANCE = "B203", _("财务状况（B203）")
    GRID = "grid", _("电网企业用电台账")
    OTHER = "other", _("其他")


class IndicatorQuerySet(ScopedQuerySet["Indicator"]):
    reference = True


class Indicator(models.Model):
    """指标: one figure of the statistical forms, with a stable code and its stored unit."""

    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=50, unique=True)
    unit = models.CharField(_("存储单位"), max_length=10, choices=StoredUnit.choices)
    display_unit = models.CharField(_("显示单位"), max_length=10, default="万元")
    kind = models.CharField(_("类型"), max_length=10, choices=IndicatorKind.choices)
    form = models.CharField(_("来源报表"), max_length=10, choices=ReportForm.choices)
    allows_negative = models.BooleanField(_("允许负数"), default=False)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        verbose_name = _("指标")
        verbose_name_plural = _("指标")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name


class ReportingPeriodQuerySet(ScopedQuerySet["ReportingPeriod"]):
    reference = True


def period_label(year: int, month: int, *, combined: bool = False) -> str:
    """A reporting month as the reader writes dates: 2024年3月 (2024年1—2月 for a February
    combined with January) in Chinese, 2024-03 (2024-01–02) in English."""
    combined = combined and month == 2
    if (get_language() or "zh-hans").startswith("zh"):
        return f"{year}年1—2月" if combined else f"{year}年{month}月"
    return f"{year}-01–02" if combined else f"{year}-{month:02d}"


class ReportingPeriod(BoundedModel, models.Model):
    """报告期: a month of the year, with its reporting deadline.

    ``combined_with_january`` marks the February period that the bureau publishes as 1—2月:
    its month value covers January and February together and no January report exists.
    """

    year = models.PositiveSmallIntegerField(_("年"))
    month = models.PositiveSmallIntegerField(_("月"))
    deadline = models.DateField(_("报送截止日"))
    combined_with_january = models.BooleanField(_("1—2月合并"), default=False)

    objects = ReportingPeriodQuerySet.as_manager()

    class Meta:
        verbose_name = _("报告期")
        verbose_name_plural = _("报告期")
        ordering = ["-year", "-month"]
        constraints = [
            models.UniqueConstraint(fields=["year", "month"], name="period_unique_month"),
            models.CheckConstraint(
                condition=models.Q(month__gte=1, month__lte=12), name="period_month_range"
            ),
        ]

    def __str__(self) -> str:
        return period_label(self.year, self.month, combined=self.combined_with_january)

    @property
    def key(self) -> str:
        return f"{self.year}-{self.month:02d}"

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month, 1)

    @property
    def ytd_label(self) -> str:
        """The months a year to date of this period covers: 2024年1—12月 (2024-01–12)."""
        if self.month == 1:
            return str(self)
        if (get_language() or "zh-hans").startswith("zh"):
            return f"{self.year}年1—{self.month}月"
        return f"{self.year}-01–{self.month:02d}"

    @property
    def months_covered(self) -> int:
        return 2 if (self.combined_with_january and self.month == 2) else 1


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已报送")
    RETURNED = "returned", _("已退回")
    APPROVED = "approved", _("已审核")


class MonthlyReportQuerySet(ScopedQuerySet["MonthlyReport"]):
    scope_paths: ClassVar[dict[str, str]] = {"park": "enterprise__park", "enterprise": "enterprise"}


class MonthlyReport(models.Model):
    """月报: one enterprise's figures for one period. Approved reports are locked; a
    correction after approval raises the revision and is recorded in history."""

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("企业"), on_delete=models.PROTECT, related_name="monthly_reports"
    )
    period = models.ForeignKey(
        ReportingPeriod, verbose_name=_("报告期"), on_delete=models.PROTECT, related_name="reports"
    )
    status = models.CharField(
        _("状态"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    revision = models.PositiveSmallIntegerField(_("修订次数"), default=0)
    explanation = models.TextField(_("情况说明"), blank=True)
    return_reason = models.CharField(_("退回原因"), max_length=300, blank=True)
    submitted_at = models.DateTimeField(_("报送时间"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("报送人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    source = models.CharField(_("来源"), max_length=20, default="entry")  # entry | import | demo

    objects = MonthlyReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("月报")
        verbose_name_plural = _("月报")
        ordering = ["-period__year", "-period__month", "enterprise__name"]
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "period"], name="report_unique_period")
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} · {self.period}"

    @classmethod
    def history_parts(cls) -> dict[str, tuple[str, str]]:
        """A report's snapshot keeps its figures under each indicator's code: the history
        pages name them and show them in the indicator's display unit."""
        return {i.code: (i.name, i.display_unit) for i in Indicator.objects.all()}

    @property
    def is_locked(self) -> bool:
        return self.status == ReportStatus.APPROVED


class ReportValueQuerySet(ScopedQuerySet["ReportValue"]):
    scope_paths: ClassVar[dict[str, str]] = {
        "park": "report__enterprise__park",
        "enterprise": "report__enterprise",
    }


class ReportValue(models.Model):
    """One indicator's figures in a report, in the indicator's stored unit.

    ``month_value`` covers the period's months (January and February together for 1—2月);
    ``ytd_value`` is 1—本月累计; ``last_ytd_value`` 上年同期累计; ``last_month_value`` 上年同期本月.
    A stock indicator uses ``ytd_value`` for the end-of-period value.
    """

    report = models.ForeignKey(MonthlyReport, on_delete=models.CASCADE, related_name="values")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="values")
    month_value = models.DecimalField(
        _("本月"), null=True, blank=True, max_digits=20, decimal_places=2
    )
    ytd_value = models.DecimalField(
        _("1—本月累计"), null=True, blank=True, max_digits=20, decimal_places=2
    )
    last_ytd_value = models.DecimalField(
        _("上年同期累计"), null=True, blank=True, max_digits=20, decimal_places=2
    )
    last_month_value = models.DecimalField(
        _("上年同期本月"), null=True, blank=True, max_digits=20, decimal_places=2
    )

    objects = ReportValueQuerySet.as_manager()

    class Meta:
        verbose_name = _("月报数值")
        verbose_name_plural = _("月报数值")
        constraints = [
            models.UniqueConstraint(fields=["report", "indicator"], name="report_value_unique")
        ]
        indexes = [models.Index(fields=["indicator", "report"], name="value_indicator_idx")]

    def __str__(self) -> str:
        return f"{self.report} · {self.indicator}"


class RuleKind(models.TextChoices):
    YTD_NOT_BELOW_PREVIOUS = "ytd_not_below_previous", _("累计值不低于上月累计")
    YTD_EQUALS_SUM = "ytd_equals_sum", _("累计 = 上月累计 + 本月")
    SALES_NOT_ABOVE_OUTPUT = "sales_not_above_output", _("销售产值不明显高于总产值")
    YOY_NEEDS_EXPLANATION = "yoy_needs_explanation", _("同比变动过大需说明")
    ELECTRICITY_OUTPUT_DIVERGE = "electricity_output_diverge", _("用电与产值背离")
    NO_NEGATIVE = "no_negative", _("不得为负数")
    REQUIRED_FIGURES = "required_figures", _("报表要求的指标必须填报")
    NOT_EMPTY = "not_empty", _("报表不能为空")


class Severity(models.TextChoices):
    ERROR = "error", _("错误（不能报送）")
    WARNING = "warning", _("提示（需说明）")


class ValidationRule(models.Model):
    """审核规则: a check on report figures, kept as data so the office can tune it."""

    code = models.SlugField(_("代码"), max_length=60, unique=True)
    kind = models.CharField(_("规则类型"), max_length=40, choices=RuleKind.choices)
    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("指标"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    threshold = models.DecimalField(
        _("阈值（%）"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    severity = models.CharField(
        _("级别"), max_length=10, choices=Severity.choices, default=Severity.ERROR
    )
    message = models.CharField(_("提示语"), max_length=300)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("审核规则")
        verbose_name_plural = _("审核规则")
        ordering = ["kind", "code"]

    def __str__(self) -> str:
        return self.message


class ElectricityAccountQuerySet(ScopedQuerySet["ElectricityAccount"]):
    scope_paths: ClassVar[dict[str, str]] = {"park": "enterprise__park", "enterprise": "enterprise"}


class ElectricityAccount(models.Model):
    """电力户号: the grid company's account number, mapped to the enterprise that uses it."""

    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("企业"),
        on_delete=models.CASCADE,
        related_name="electricity_accounts",
    )
    account_number = models.CharField(_("用电户号"), max_length=40, unique=True)
    note = models.CharField(_("备注"), max_length=100, blank=True)

    objects = ElectricityAccountQuerySet.as_manager()

    class Meta:
        verbose_name = _("用电户号")
        verbose_name_plural = _("用电户号")
        ordering = ["account_number"]

    def __str__(self) -> str:
        return f"{self.account_number} → {self.enterprise}"
