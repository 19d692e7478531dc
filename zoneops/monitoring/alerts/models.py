"""Alerts: the rules that raise them (falls, rises, divergence, missing reports) and each alert
with the months it spans."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zoneops.core.scope import ScopedQuerySet
from zoneops.enterprises.models import Enterprise
from zoneops.monitoring.reports.models import Indicator, ReportingPeriod


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
