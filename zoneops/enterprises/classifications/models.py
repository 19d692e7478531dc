"""Derived industry classifications (战略性新兴产业, 高技术产业, 数字经济核心产业, a province's own
edition, the zone's directions): a versioned table of nodes mapped onto GB/T 4754-2017 小类,
and the officers' decisions on enterprises' membership.

Membership itself is derived when it is read (:mod:`.queries`): an enterprise whose 小类 a
node maps whole is a member; one a node maps only in part (the official ``*``) waits in the
review queue until an officer confirms it with the qualifying product, or rejects it. What is
stored is only what people decided (:class:`MembershipDecision`), so a changed mapping or a
changed industry code moves the automatic members at once.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from zoneops.core.scope import ScopedQuerySet
from zoneops.enterprises.models import Chain, Enterprise, Industry, IndustryLevel


class ClassificationKind(models.TextChoices):
    OFFICIAL = "official", _("统计分类")
    DIRECTION = "direction", _("园区产业方向")


class ClassificationLevel(models.TextChoices):
    NATIONAL = "national", _("国家级")
    PROVINCIAL = "provincial", _("省级")
    ZONE = "zone", _("园区级")


class ClassificationQuerySet(ScopedQuerySet["Classification"]):
    # Reference data: every signed-in officer may read the tables.
    reference = True


class Classification(models.Model):
    """One edition of a classification: 战略性新兴产业分类（2018）, a province's own list …"""

    name = models.CharField(_("分类名称"), max_length=100)
    edition = models.CharField(_("版本"), max_length=30)
    issuer = models.CharField(_("发布机关"), max_length=100, blank=True)
    level = models.CharField(
        _("级别"),
        max_length=20,
        choices=ClassificationLevel.choices,
        default=ClassificationLevel.NATIONAL,
    )
    kind = models.CharField(
        _("类型"),
        max_length=20,
        choices=ClassificationKind.choices,
        default=ClassificationKind.OFFICIAL,
    )
    note = models.TextField(_("说明"), blank=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    objects = ClassificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("产业分类")
        verbose_name_plural = _("产业分类")
        ordering = ["order", "name", "edition"]
        constraints = [
            models.UniqueConstraint(
                fields=["name", "edition", "level"], name="classification_edition_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.edition}）"


class ClassNode(models.Model):
    """A node of a classification: 1 新一代信息技术产业, 1.1 …, 1.1.1 …"""

    classification = models.ForeignKey(
        Classification, on_delete=models.CASCADE, related_name="nodes"
    )
    code = models.CharField(_("分类代码"), max_length=20)
    name = models.CharField(_("名称"), max_length=200)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
    )
    order = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("分类节点")
        verbose_name_plural = _("分类节点")
        ordering = ["classification", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["classification", "code"], name="class_node_code_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def clean(self) -> None:
        if self.parent is not None and self.parent.classification_id != self.classification_id:
            raise ValidationError({"parent": _("上级节点不属于同一分类")})


class ClassMapping(models.Model):
    """A node's mapping onto one GB/T 4754-2017 小类 (whole, or in part: ``*``), or, for a
    zone direction, onto an industrial chain."""

    node = models.ForeignKey(ClassNode, on_delete=models.CASCADE, related_name="mappings")
    industry = models.ForeignKey(
        Industry,
        verbose_name=_("国民经济行业代码"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="class_mappings",
    )
    chain = models.ForeignKey(
        Chain,
        verbose_name=_("产业链"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="class_mappings",
    )
    partial = models.BooleanField(_("部分属于（*）"), default=False)
    note = models.CharField(_("重点产品和服务"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("行业对应")
        verbose_name_plural = _("行业对应")
        ordering = ["node", "industry__code", "chain__order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["node", "industry"], name="class_mapping_industry_unique"
            ),
            models.UniqueConstraint(fields=["node", "chain"], name="class_mapping_chain_unique"),
            models.CheckConstraint(
                condition=(
                    models.Q(industry__isnull=False, chain__isnull=True)
                    | models.Q(industry__isnull=True, chain__isnull=False)
                ),
                name="class_mapping_one_target",
            ),
        ]

    def __str__(self) -> str:
        target = self.industry.code if self.industry_id else str(self.chain)  # type: ignore[union-attr]
        return f"{self.node.code} → {target}{'*' if self.partial else ''}"

    def clean(self) -> None:
        if (self.industry_id is None) == (self.chain_id is None):
            raise ValidationError(_("对应的应是一个行业小类或一条产业链"))
        if self.industry is not None and self.industry.level != IndustryLevel.CLASS:
            raise ValidationError({"industry": _("应对应到四位的行业小类")})


class Decision(models.TextChoices):
    CONFIRMED = "confirmed", _("确认属于")
    REJECTED = "rejected", _("确认不属于")
    ADDED = "added", _("人工纳入")
    REMOVED = "removed", _("人工剔除")


class DecisionQuerySet(ScopedQuerySet["MembershipDecision"]):
    scope_paths: ClassVar[dict[str, str]] = {
        "park": "enterprise__park",
        "enterprise": "enterprise",
    }


class MembershipDecision(models.Model):
    """What an officer decided about one enterprise in one node: a partial mapping confirmed
    with its qualifying product or rejected, or an override (added / removed) with a reason."""

    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.CASCADE, related_name="class_decisions"
    )
    node = models.ForeignKey(ClassNode, on_delete=models.CASCADE, related_name="decisions")
    decision = models.CharField(_("决定"), max_length=20, choices=Decision.choices)
    product = models.CharField(_("符合的产品或服务"), max_length=200, blank=True)
    reason = models.CharField(_("理由"), max_length=500, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("决定人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("决定时间"), auto_now=True)

    objects = DecisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("分类归属决定")
        verbose_name_plural = _("分类归属决定")
        ordering = ["-decided_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "node"], name="membership_decision_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} · {self.node} · {self.get_decision_display()}"

    def clean(self) -> None:
        if self.decision == Decision.CONFIRMED and not self.product.strip():
            raise ValidationError({"product": _("确认属于时应写明符合的产品或服务")})
        if self.decision in (Decision.ADDED, Decision.REMOVED) and not self.reason.strip():
            raise ValidationError({"reason": _("人工纳入或剔除应写明理由")})
