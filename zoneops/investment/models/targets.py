"""Who works which chain (the chain teams) and the targets of newly signed projects."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zoneops.enterprises.models import (
    Chain,
)
from zoneops.investment.models.pipeline import money


class ChainOfficer(models.Model):
    """产业链招商专员: an investment officer working on a chain (its leads are theirs to see)."""

    chain = models.ForeignKey(Chain, on_delete=models.CASCADE, related_name="investment_officers")
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("招商专员"),
        on_delete=models.CASCADE,
        related_name="investment_chains",
    )
    is_head = models.BooleanField(_("牵头人"), default=False)

    class Meta:
        verbose_name = _("产业链招商专员")
        verbose_name_plural = _("产业链招商专员")
        ordering = ["chain", "-is_head", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["chain", "officer"], name="chain_officer_unique")
        ]

    def __str__(self) -> str:
        return f"{self.chain} · {self.officer}"


class TargetScope(models.TextChoices):
    ZONE = "zone", _("全区")
    CHAIN = "chain", _("产业链")
    OFFICER = "officer", _("招商人员")


class Target(models.Model):
    """招商目标: newly signed projects (count and amount) for a year or a quarter, for the zone,
    a chain or an officer."""

    year = models.PositiveSmallIntegerField(_("年度"))
    quarter = models.PositiveSmallIntegerField(_("季度"), null=True, blank=True)
    scope = models.CharField(_("范围"), max_length=10, choices=TargetScope.choices)
    chain = models.ForeignKey(
        Chain,
        verbose_name=_("产业链"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="investment_targets",
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("招商人员"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="investment_targets",
    )
    project_count = models.PositiveIntegerField(_("签约项目数（个）"))
    amount = money(_("签约金额（元）"))
    industrial_only = models.BooleanField(_("仅计工业项目"), default=True)

    class Meta:
        verbose_name = _("招商目标")
        verbose_name_plural = _("招商目标")
        # One target per period and place: checked by the service (NULLs defeat a constraint).
        ordering = ["-year", "quarter", "scope", "pk"]

    def __str__(self) -> str:
        where = self.chain or self.officer or _("全区")
        when = f"{self.year}年" + (f"第{self.quarter}季度" if self.quarter else "")
        return f"{where} · {when}"
