"""Economic operation monitoring: indicators, monthly reports and their values, validation
rules, targets, alerts, official and province figures, production-plan surveys.

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
from zoneops.core.models import Park
from zoneops.core.scope import ScopedQuerySet
from zoneops.enterprises.models import Chain, Enterprise


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


class TargetScope(models.TextChoices):
    ZONE = "zone", _("全区")
    PARK = "park", _("园区")
    CHAIN = "chain", _("产业链")


class TargetKind(models.TextChoices):
    VALUE = "value", _("总量")
    GROWTH = "growth", _("增速（%）")


class TargetQuerySet(ScopedQuerySet["Target"]):
    scope_paths: ClassVar[dict[str, str]] = {"park": "park"}


class Target(models.Model):
    """目标: a yearly (quarter empty) or quarterly target for the zone, a park or a chain."""

    scope = models.CharField(_("范围"), max_length=10, choices=TargetScope.choices)
    park = models.ForeignKey(
        Park,
        verbose_name=_("园区"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="targets",
    )
    chain = models.ForeignKey(
        Chain,
        verbose_name=_("产业链"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="targets",
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("指标"), on_delete=models.PROTECT, related_name="targets"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    quarter = models.PositiveSmallIntegerField(_("季度"), null=True, blank=True)
    kind = models.CharField(_("目标类型"), max_length=10, choices=TargetKind.choices)
    value = models.DecimalField(_("目标值"), max_digits=20, decimal_places=2)

    objects = TargetQuerySet.as_manager()

    class Meta:
        verbose_name = _("目标")
        verbose_name_plural = _("目标")
        ordering = ["-year", "quarter", "scope"]

    def __str__(self) -> str:
        where = self.park or self.chain or _("全区")
        when = f"{self.year}年" + (f"第{self.quarter}季度" if self.quarter else "")
        return f"{where} · {when} · {self.indicator}"


class AlertLevel(models.TextChoices):
    GREEN = "green", _("绿色")
    BLUE = "blue", _("蓝色")
    ORANGE = "orange", _("橙色")
    RED = "red", _("红色")


class AlertKind(models.TextChoices):
    OUTPUT_FALL = "output_fall", _("产值下降")
    ELECTRICITY_FALL = "electricity_fall", _("用电量下降")
    MISSING_REPORT = "missing_report", _("未按时报送")
    DIVERGENCE = "divergence", _("用电与产值背离")


class AlertRule(models.Model):
    """预警规则: when to raise an alert and at which colour (thresholds in percent)."""

    code = models.SlugField(_("代码"), max_length=60, unique=True)
    kind = models.CharField(_("类型"), max_length=30, choices=AlertKind.choices)
    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("指标"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    blue_threshold = models.DecimalField(
        _("蓝色阈值（%）"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    orange_threshold = models.DecimalField(
        _("橙色阈值（%）"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    red_threshold = models.DecimalField(
        _("红色阈值（%）"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("预警规则")
        verbose_name_plural = _("预警规则")
        ordering = ["kind", "code"]

    def __str__(self) -> str:
        return f"{AlertKind(self.kind).label}（{self.code}）"


class AlertStatus(models.TextChoices):
    OPEN = "open", _("待处理")
    ACKNOWLEDGED = "acknowledged", _("已知悉")
    CLOSED = "closed", _("已关闭")


class AlertQuerySet(ScopedQuerySet["Alert"]):
    scope_paths: ClassVar[dict[str, str]] = {"park": "enterprise__park", "enterprise": "enterprise"}


class Alert(models.Model):
    """预警: what a rule says of an enterprise, open since a month and for as long as it holds.

    One alert per run of months: the month it was first raised (``period``), the latest month
    it holds (``last_period``), each month's level and message in :class:`AlertMonth`. Its own
    level and message are the latest month's. Owned, acknowledged, closed; a closed alert that
    holds again the month after is reopened, not raised anew.
    """

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("企业"), on_delete=models.CASCADE, related_name="alerts"
    )
    period = models.ForeignKey(
        ReportingPeriod, verbose_name=_("起始月份"), on_delete=models.CASCADE, related_name="alerts"
    )
    last_period = models.ForeignKey(
        ReportingPeriod,
        verbose_name=_("最近月份"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    rule = models.ForeignKey(
        AlertRule, verbose_name=_("规则"), on_delete=models.CASCADE, related_name="alerts"
    )
    level = models.CharField(_("级别"), max_length=10, choices=AlertLevel.choices)
    message = models.CharField(_("内容"), max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("责任人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_alerts",
    )
    status = models.CharField(
        _("状态"), max_length=20, choices=AlertStatus.choices, default=AlertStatus.OPEN
    )
    note = models.TextField(_("处理说明"), blank=True)
    raised_at = models.DateTimeField(_("预警时间"), auto_now_add=True)
    closed_at = models.DateTimeField(_("关闭时间"), null=True, blank=True)

    objects = AlertQuerySet.as_manager()

    class Meta:
        verbose_name = _("预警")
        verbose_name_plural = _("预警")
        ordering = ["-raised_at", "-pk"]
        indexes = [models.Index(fields=["enterprise", "rule"], name="alert_enterprise_rule_idx")]

    def __str__(self) -> str:
        # The enum's label, not get_level_display(): that rebuilds the choices on every call,
        # and alerts are named by the thousand when a month is imported.
        return f"{self.enterprise} · {self.span} · {AlertLevel(self.level).label}"

    def stretches(self) -> list[tuple[str, str, int]]:
        """The alert's months as runs of one level, for a person to read: [("2024年2月—2024年3月",
        "orange", 2), ("2024年4月—2024年12月", "red", 9)] (its months, prefetched or read)."""
        runs: list[list[AlertMonth]] = []
        for month in self.months.all():
            if runs and runs[-1][-1].level == month.level:
                runs[-1].append(month)
            else:
                runs.append([month])
        return [
            (
                str(run[0].period) if len(run) == 1 else f"{run[0].period}—{run[-1].period}",
                run[0].level,
                len(run),
            )
            for run in runs
        ]

    @property
    def span(self) -> str:
        """2024年10月 or 2024年10月—2024年12月: the months the alert holds."""
        if self.last_period_id in (None, self.period_id):
            return str(self.period)
        return f"{self.period}—{self.last_period}"


class AlertMonth(models.Model):
    """One month of an alert: the level and message its rule gave that month."""

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="months")
    period = models.ForeignKey(
        ReportingPeriod, verbose_name=_("报告期"), on_delete=models.CASCADE, related_name="+"
    )
    level = models.CharField(_("级别"), max_length=10, choices=AlertLevel.choices)
    message = models.CharField(_("内容"), max_length=300)

    class Meta:
        verbose_name = _("预警月份")
        verbose_name_plural = _("预警月份")
        ordering = ["period__year", "period__month"]
        constraints = [
            models.UniqueConstraint(fields=["alert", "period"], name="alert_month_unique")
        ]

    def __str__(self) -> str:
        return f"{self.alert_id} · {self.period} · {AlertLevel(self.level).label}"


class OfficialFigureQuerySet(ScopedQuerySet["OfficialFigure"]):
    reference = True


class OfficialFigure(models.Model):
    """统计局反馈数: e.g. 规上工业增加值增速 for the zone or a park — official, never estimated."""

    period = models.ForeignKey(
        ReportingPeriod,
        verbose_name=_("报告期"),
        on_delete=models.CASCADE,
        related_name="official_figures",
    )
    park = models.ForeignKey(
        Park,
        verbose_name=_("园区"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    name = models.CharField(_("指标"), max_length=50, default="规上工业增加值增速")
    growth = models.DecimalField(_("增速（%）"), max_digits=8, decimal_places=2)
    source = models.CharField(_("来源"), max_length=100, default="市统计局")

    objects = OfficialFigureQuerySet.as_manager()

    class Meta:
        verbose_name = _("统计局反馈数")
        verbose_name_plural = _("统计局反馈数")
        constraints = [
            models.UniqueConstraint(fields=["period", "park", "name"], name="official_unique")
        ]

    def __str__(self) -> str:
        return f"{self.period} · {self.park or _('全区')} · {self.name}"


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


class ProvinceFigureQuerySet(ScopedQuerySet["ProvinceFigure"]):
    reference = True


class ProvinceFigure(models.Model):
    """全省开发区数据: a growth figure another zone (or this one) published for a period."""

    period = models.ForeignKey(
        ReportingPeriod,
        verbose_name=_("报告期"),
        on_delete=models.CASCADE,
        related_name="province_figures",
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("指标"), on_delete=models.PROTECT, related_name="+"
    )
    zone_name = models.CharField(_("开发区"), max_length=100)
    is_self = models.BooleanField(_("本区"), default=False)
    growth = models.DecimalField(_("增速（%）"), max_digits=8, decimal_places=2)

    objects = ProvinceFigureQuerySet.as_manager()

    class Meta:
        verbose_name = _("全省开发区数据")
        verbose_name_plural = _("全省开发区数据")
        ordering = ["-growth"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "indicator", "zone_name"], name="province_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.zone_name} · {self.period} · {self.indicator}"


class EstimateQuerySet(ScopedQuerySet["Estimate"]):
    scope_paths: ClassVar[dict[str, str]] = {"park": "enterprise__park", "enterprise": "enterprise"}


class Estimate(models.Model):
    """平台估算: a figure the platform estimated (e.g. output from electricity) — always shown
    as an estimate, with the method and its back-tested error, never mixed with reported data."""

    period = models.ForeignKey(
        ReportingPeriod,
        verbose_name=_("报告期"),
        on_delete=models.CASCADE,
        related_name="estimates",
    )
    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("企业"), on_delete=models.CASCADE, related_name="estimates"
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("指标"), on_delete=models.PROTECT, related_name="+"
    )
    method = models.CharField(_("方法"), max_length=40)
    value = models.DecimalField(_("估算值"), max_digits=20, decimal_places=2)
    error_percent = models.DecimalField(
        _("回测误差（%）"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    computed_at = models.DateTimeField(_("计算时间"), auto_now=True)

    objects = EstimateQuerySet.as_manager()

    class Meta:
        verbose_name = _("平台估算")
        verbose_name_plural = _("平台估算")
        constraints = [
            models.UniqueConstraint(
                fields=["period", "enterprise", "indicator", "method"], name="estimate_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} · {self.period} · {self.indicator}（估算）"


class SurveyQuerySet(ScopedQuerySet["ProductionSurvey"]):
    reference = True


class ProductionSurvey(BoundedModel, models.Model):
    """生产计划调查: e.g. the Spring Festival production-plan survey of every 规上 enterprise."""

    title = models.CharField(_("标题"), max_length=100)
    holiday_start = models.DateField(_("假期开始"))
    holiday_end = models.DateField(_("假期结束"))
    deadline = models.DateField(_("填报截止日"))
    above_scale_only = models.BooleanField(_("仅规上企业"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发起人"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SurveyQuerySet.as_manager()

    class Meta:
        verbose_name = _("生产计划调查")
        verbose_name_plural = _("生产计划调查")
        ordering = ["-holiday_start"]

    def __str__(self) -> str:
        return self.title


class ProductionPlan(models.TextChoices):
    FULL = "full", _("满负荷连续生产")
    PARTIAL = "partial", _("部分产能连续生产")
    SEASONAL_STOP = "seasonal_stop", _("季节性停产")
    HOLIDAY_STOP = "holiday_stop", _("节日放假停产")


class SurveyResponseQuerySet(ScopedQuerySet["SurveyResponse"]):
    scope_paths: ClassVar[dict[str, str]] = {"park": "enterprise__park", "enterprise": "enterprise"}


class SurveyResponse(BoundedModel, models.Model):
    """One enterprise's answer: how it will run over the holiday, and what it does if stopped."""

    survey = models.ForeignKey(ProductionSurvey, on_delete=models.CASCADE, related_name="responses")
    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("企业"),
        on_delete=models.CASCADE,
        related_name="survey_responses",
    )
    plan = models.CharField(_("生产安排"), max_length=20, choices=ProductionPlan.choices)
    capacity_percent = models.PositiveSmallIntegerField(_("产能利用率（%）"), null=True, blank=True)
    stop_from = models.DateField(_("停产开始"), null=True, blank=True)
    stop_to = models.DateField(_("恢复生产"), null=True, blank=True)
    maintenance = models.BooleanField(_("设备检修"), default=False)
    training = models.BooleanField(_("员工培训"), default=False)
    spare_parts = models.BooleanField(_("备品备件储备"), default=False)
    workers_on_duty = models.PositiveIntegerField(_("在岗人数"), null=True, blank=True)
    has_orders = models.BooleanField(_("有订单"), default=True)
    note = models.CharField(_("说明"), max_length=300, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("填报人"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("填报时间"), auto_now=True)

    objects = SurveyResponseQuerySet.as_manager()

    class Meta:
        verbose_name = _("调查回复")
        verbose_name_plural = _("调查回复")
        constraints = [
            models.UniqueConstraint(fields=["survey", "enterprise"], name="survey_response_unique")
        ]

    def __str__(self) -> str:
        return f"{self.survey} · {self.enterprise}"
