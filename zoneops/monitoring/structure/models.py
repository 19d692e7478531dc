"""The statistics bureau's value-added shares per classification node, when it feeds them back:
stored and shown beside the platform's own shares (computed from output), never mixed."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from zoneops.core.models import Park
from zoneops.core.scope import ScopedQuerySet
from zoneops.enterprises.models import ClassNode
from zoneops.monitoring.reports.models import ReportingPeriod


class ValueAddedShareQuerySet(ScopedQuerySet["ValueAddedShare"]):
    reference = True


class ValueAddedShare(models.Model):
    """增加值占比（统计局反馈）: a node's share of 规上工业增加值 for a period, the zone's or a
    park's."""

    period = models.ForeignKey(
        ReportingPeriod, verbose_name=_("报告期"), on_delete=models.CASCADE, related_name="+"
    )
    park = models.ForeignKey(
        Park,
        verbose_name=_("园区"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    node = models.ForeignKey(
        ClassNode, verbose_name=_("分类节点"), on_delete=models.CASCADE, related_name="+"
    )
    share = models.DecimalField(
        _("增加值占比（%）"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )
    growth = models.DecimalField(
        _("增加值增速（%）"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(-100)), MaxValueValidator(Decimal(1000))],
    )
    source = models.CharField(_("来源"), max_length=100, default="市统计局")
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = ValueAddedShareQuerySet.as_manager()

    class Meta:
        verbose_name = _("增加值占比（统计局反馈）")
        verbose_name_plural = _("增加值占比（统计局反馈）")
        constraints = [
            models.UniqueConstraint(
                fields=["period", "park", "node"],
                condition=models.Q(park__isnull=False),
                name="value_added_share_park_unique",
            ),
            models.UniqueConstraint(
                fields=["period", "node"],
                condition=models.Q(park__isnull=True),
                name="value_added_share_zone_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.period} · {self.park or _('全区')} · {self.node} · {self.share}%"
