"""The province's table of development zones: each zone's figure and growth for an indicator and
period."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from zoneops.core.scope import ScopedQuerySet
from zoneops.monitoring.reports.models import Indicator, ReportingPeriod


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
