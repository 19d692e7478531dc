"""The monthly briefing (经济运行简报): a draft for a month (or a quarter) and a place, whose
narrative the economy office edits on a page, and the versions it issued.

A :class:`Briefing` is the draft: its period, its place (the zone, or one park), its 期号 and
the paragraphs an officer has edited. Issuing it freezes a :class:`BriefingVersion`: the figures
as they stood and the paragraphs as they were approved (``snapshot``), so downloading version 2
next year gives the same document. A correction is a new version with its reason.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from zoneops.core.scope import ScopedQuerySet


class Span(models.TextChoices):
    MONTH = "month", _("月度")
    QUARTER = "quarter", _("季度")


class BriefingQuerySet(ScopedQuerySet["Briefing"]):
    # A park officer sees their park's briefings; the zone's are for the zone-wide.
    scope_paths: ClassVar[dict[str, str]] = {"park": "park"}


class Briefing(models.Model):
    year = models.PositiveSmallIntegerField(
        _("年份"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    month = models.PositiveSmallIntegerField(
        _("月份"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    span = models.CharField(_("类型"), max_length=10, choices=Span.choices, default=Span.MONTH)
    park = models.ForeignKey(
        "core.Park",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("园区"),
        help_text=_("空：全区"),
    )
    number = models.PositiveSmallIntegerField(
        _("期号"), validators=[MinValueValidator(1), MaxValueValidator(999)]
    )
    # The paragraphs an officer edited, by section key; a section not here is generated.
    texts = models.JSONField(_("编辑的段落"), default=dict, blank=True)
    next_steps = models.TextField(_("下步工作"), blank=True, max_length=5000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("起草人"),
    )
    created_at = models.DateTimeField(_("起草时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    objects = BriefingQuerySet.as_manager()

    class Meta:
        verbose_name = _("经济运行简报")
        verbose_name_plural = _("经济运行简报")
        ordering = ["-year", "-month", "span", "park__order"]

    def __str__(self) -> str:
        return str(_("%(year)s年第%(number)s期") % {"year": self.year, "number": self.number})


class BriefingVersion(models.Model):
    briefing = models.ForeignKey(
        Briefing, on_delete=models.CASCADE, related_name="versions", verbose_name=_("简报")
    )
    version = models.PositiveSmallIntegerField(_("版本"))
    reason = models.CharField(_("重新签发原因"), max_length=500, blank=True)
    # The figures and the paragraphs as issued (content.py): the document is drawn from it.
    snapshot = models.JSONField(_("签发内容"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("签发人"),
    )
    issued_at = models.DateTimeField(_("签发时间"))

    class Meta:
        verbose_name = _("简报签发版本")
        verbose_name_plural = _("简报签发版本")
        ordering = ["briefing", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["briefing", "version"], name="briefing_version_once")
        ]

    def __str__(self) -> str:
        return f"{self.briefing} v{self.version}"
