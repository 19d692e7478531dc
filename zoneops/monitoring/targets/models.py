"""Targets: a yearly (or quarterly) figure the zone, a park or a chain is to reach for an
indicator."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from zoneops.core.models import Park
from zoneops.core.scope import ScopedQuerySet
from zoneops.enterprises.models import Chain
from zoneops.monitoring.reports.models import Indicator


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
