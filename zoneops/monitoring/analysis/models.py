"""Official figures: the statistics bureau's published totals for the zone or a park, beside the
sums of the enterprises' reports."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from zoneops.core.models import Park
from zoneops.core.scope import ScopedQuerySet
from zoneops.monitoring.reports.models import ReportingPeriod


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
