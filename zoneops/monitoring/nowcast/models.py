"""Estimates: an enterprise's output value for a month, estimated from its electricity use."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from zoneops.core.scope import ScopedQuerySet
from zoneops.enterprises.models import Enterprise
from zoneops.monitoring.reports.models import Indicator, ReportingPeriod


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
