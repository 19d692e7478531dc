"""The enterprise registry: enterprises, industries, industrial chains and tags."""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from stdnum.cn import uscc
from stdnum.exceptions import InvalidChecksum
from stdnum.exceptions import ValidationError as StdnumError

from zoneops.core.bounds import ESTABLISHED, HAPPENED, BoundedModel, money_field
from zoneops.core.models import Park, User
from zoneops.core.scope import ScopedQuerySet, scope_of


def validate_credit_code(value: str) -> None:
    """统一社会信用代码 (GB 32100-2015): 18 characters, the last a check character."""
    try:
        uscc.validate(value)
    except InvalidChecksum as exc:
        raise ValidationError(
            _("统一社会信用代码“%(code)s”校验位不正确"), code="checksum", params={"code": value}
        ) from exc
    except StdnumError as exc:
        raise ValidationError(
            _("统一社会信用代码“%(code)s”应为18位数字或大写字母"),
            code="format",
            params={"code": value},
        ) from exc


class IndustryLevel(models.IntegerChoices):
    SECTION = 1, _("门类")
    DIVISION = 2, _("大类")
    GROUP = 3, _("中类")
    CLASS = 4, _("小类")


class IndustryQuerySet(ScopedQuerySet["Industry"]):
    reference = True


class Industry(models.Model):
    """国民经济行业分类 (GB/T 4754-2017): one entry at one of the four levels."""

    code = models.CharField(_("代码"), max_length=4, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    level = models.PositiveSmallIntegerField(_("层级"), choices=IndustryLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )

    objects = IndustryQuerySet.as_manager()

    class Meta:
        verbose_name = _("行业")
        verbose_name_plural = _("行业分类")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def is_industrial(self) -> bool:
        """工业 = 门类 B (mining), C (manufacturing) and D (utilities)."""
        return self.section_code in {"B", "C", "D"}

    @property
    def section_code(self) -> str:
        node: Industry = self
        while node.parent_id is not None and node.level > IndustryLevel.SECTION:
            node = node.parent  # type: ignore[assignment]
        return node.code


class Tag(models.Model):
    """企业标签: 高新技术企业, 专精特新, 链主 … (administrators may add more)."""

    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=50, unique=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("企业标签")
        verbose_name_plural = _("企业标签")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name


class EnterpriseStatus(models.TextChoices):
    OPERATING = "operating", _("在营")
    STOPPED = "stopped", _("停产")
    CLOSED = "closed", _("注销/关闭")


# 工业 = 门类 B (大类 06–12), C (13–43) and D (44–46): the first two digits of the code.
INDUSTRIAL_CODE_RE = r"^(0[6-9]|[1-3][0-9]|4[0-6])"


class EnterpriseQuerySet(ScopedQuerySet["Enterprise"]):
    scope_paths: ClassVar[dict[str, str]] = {"park": "park", "enterprise": ""}

    def industrial(self) -> EnterpriseQuerySet:
        """Mining, manufacturing and utilities (门类 B, C, D): the industrial enterprises."""
        return self.filter(industry__code__regex=INDUSTRIAL_CODE_RE)

    def expected_reporters(self) -> EnterpriseQuerySet:
        """Above-scale industrial enterprises in operation: those that file the monthly forms."""
        return self.industrial().filter(is_above_scale=True, status=EnterpriseStatus.OPERATING)


class Enterprise(BoundedModel, models.Model):
    """企业: an enterprise registered in one of the zone's parks."""

    date_spans = {
        "established_on": ESTABLISHED,
        "above_scale_since": HAPPENED,
    }

    credit_code = models.CharField(
        _("统一社会信用代码"), max_length=18, unique=True, validators=[validate_credit_code]
    )
    name = models.CharField(_("企业名称"), max_length=200, db_index=True)
    park = models.ForeignKey(
        Park, verbose_name=_("园区"), on_delete=models.PROTECT, related_name="enterprises"
    )
    industry = models.ForeignKey(
        Industry, verbose_name=_("行业"), on_delete=models.PROTECT, related_name="enterprises"
    )
    is_above_scale = models.BooleanField(_("规上企业"), default=False)
    above_scale_since = models.DateField(_("纳入规上时间"), null=True, blank=True)
    status = models.CharField(
        _("经营状态"),
        max_length=20,
        choices=EnterpriseStatus.choices,
        default=EnterpriseStatus.OPERATING,
    )
    tags = models.ManyToManyField(
        Tag, verbose_name=_("标签"), blank=True, related_name="enterprises"
    )
    address = models.CharField(_("地址"), max_length=200, blank=True)
    legal_representative = models.CharField(_("法定代表人"), max_length=50, blank=True)
    established_on = models.DateField(_("成立日期"), null=True, blank=True)
    service_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("包联干部"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="served_enterprises",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EnterpriseQuerySet.as_manager()

    class Meta:
        verbose_name = _("企业")
        verbose_name_plural = _("企业")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.above_scale_since and not self.is_above_scale:
            raise ValidationError({"above_scale_since": _("规下企业不应填写纳入规上时间")})
        if self.industry_id and self.industry.level < IndustryLevel.DIVISION:
            raise ValidationError(
                {"industry": _("行业应至少细到大类（两位代码），最好是小类（四位代码）")}
            )


class ContactQuerySet(ScopedQuerySet["Contact"]):
    scope_paths: ClassVar[dict[str, str]] = {"park": "enterprise__park", "enterprise": "enterprise"}


class Contact(models.Model):
    """企业联系人."""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("姓名"), max_length=50)
    title = models.CharField(_("职务"), max_length=50, blank=True)
    phone = models.CharField(_("电话"), max_length=30, blank=True)
    email = models.EmailField(_("邮箱"), blank=True)
    is_primary = models.BooleanField(_("主要联系人"), default=False)

    objects = ContactQuerySet.as_manager()

    class Meta:
        verbose_name = _("联系人")
        verbose_name_plural = _("联系人")
        ordering = ["-is_primary", "name"]

    def __str__(self) -> str:
        return f"{self.name}（{self.enterprise}）"


class ChainQuerySet(ScopedQuerySet["Chain"]):
    # Park officers and enterprise users see the chains their enterprises belong to.
    scope_paths: ClassVar[dict[str, str]] = {
        "park": "memberships__enterprise__park",
        "enterprise": "memberships__enterprise",
    }

    def visible_to(self, user: User) -> ChainQuerySet:
        scope = scope_of(user)
        if scope.zone or scope.department_sees_zone:
            return self
        # Through a many-valued relation: a subquery keeps each chain once.
        return self.filter(pk__in=super().visible_to(user).values("pk"))


class Chain(models.Model):
    """产业链: an industrial chain with its chain leader (链长) and its nodes."""

    name = models.CharField(_("产业链名称"), max_length=100, unique=True)
    description = models.TextField(_("简介"), blank=True)
    leader_name = models.CharField(_("链长"), max_length=50)
    leader_title = models.CharField(_("链长职务"), max_length=100, blank=True)
    leader_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("链长账号"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_chains",
    )
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    objects = ChainQuerySet.as_manager()

    class Meta:
        verbose_name = _("产业链")
        verbose_name_plural = _("产业链")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class Segment(models.TextChoices):
    UPSTREAM = "upstream", _("上游")
    MIDSTREAM = "midstream", _("中游")
    DOWNSTREAM = "downstream", _("下游")


class ChainNode(models.Model):
    """产业链环节: one link of a chain (e.g. 正极材料, upstream)."""

    chain = models.ForeignKey(Chain, on_delete=models.CASCADE, related_name="nodes")
    name = models.CharField(_("环节"), max_length=100)
    segment = models.CharField(_("位置"), max_length=20, choices=Segment.choices)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("产业链环节")
        verbose_name_plural = _("产业链环节")
        ordering = ["chain", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["chain", "name"], name="chain_node_unique")]

    def __str__(self) -> str:
        return f"{self.get_segment_display()} · {self.name}"


class ChainRole(models.TextChoices):
    OWNER = "owner", _("链主")
    SUPPORTING = "supporting", _("配套")


class ChainMembership(models.Model):
    """An enterprise's place in a chain: 链主 or 配套, at which node."""

    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.CASCADE, related_name="chain_memberships"
    )
    chain = models.ForeignKey(Chain, on_delete=models.CASCADE, related_name="memberships")
    node = models.ForeignKey(
        ChainNode, on_delete=models.SET_NULL, null=True, blank=True, related_name="memberships"
    )
    role = models.CharField(
        _("角色"), max_length=20, choices=ChainRole.choices, default=ChainRole.SUPPORTING
    )

    class Meta:
        verbose_name = _("产业链企业")
        verbose_name_plural = _("产业链企业")
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "chain"], name="chain_membership_unique")
        ]

    def __str__(self) -> str:
        return f"{self.chain} · {self.enterprise}"

    def clean(self) -> None:
        if self.node is not None and self.node.chain_id != self.chain_id:
            raise ValidationError({"node": _("环节不属于该产业链")})


class CapacitySource(models.TextChoices):
    PROJECT = "project", _("招商项目投产")
    OFFICE = "office", _("经济发展局录入")


_THROUGH_ENTERPRISE = {"park": "enterprise__park", "enterprise": "enterprise"}


class GrowthPointQuerySet(ScopedQuerySet["GrowthPoint"]):
    scope_paths: ClassVar[dict[str, str]] = _THROUGH_ENTERPRISE


class OutputTargetQuerySet(ScopedQuerySet["OutputTarget"]):
    scope_paths: ClassVar[dict[str, str]] = _THROUGH_ENTERPRISE


class GrowthPoint(BoundedModel, models.Model):
    """新增长点: an enterprise's designed annual output and the day it started producing.

    Handed over by an investment project that reached 投产 (its expected yearly output), or
    entered by the economy office. One per enterprise: a later hand-over replaces it.
    """

    date_spans = {"producing_on": HAPPENED}

    enterprise = models.OneToOneField(
        Enterprise, verbose_name=_("企业"), on_delete=models.CASCADE, related_name="growth_point"
    )
    designed_output = money_field(_("设计年产值（元）"), max_digits=15, minimum=Decimal("10000"))
    producing_on = models.DateField(_("投产日期"))
    source = models.CharField(
        _("来源"), max_length=10, choices=CapacitySource.choices, default=CapacitySource.OFFICE
    )
    source_name = models.CharField(_("来源项目"), max_length=200, blank=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)

    objects = GrowthPointQuerySet.as_manager()

    class Meta:
        verbose_name = _("新增长点")
        verbose_name_plural = _("新增长点")
        ordering = ["producing_on", "pk"]

    def __str__(self) -> str:
        return f"{self.enterprise} · {self.producing_on:%Y-%m}"


class OutputTarget(BoundedModel, models.Model):
    """龙头企业年度产值目标: the output (工业总产值) a leading enterprise is to reach in a year."""

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("企业"), on_delete=models.CASCADE, related_name="output_targets"
    )
    year = models.PositiveSmallIntegerField(
        _("年度"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    value = money_field(_("年度产值目标（元）"), max_digits=15, minimum=Decimal("10000"))

    objects = OutputTargetQuerySet.as_manager()

    class Meta:
        verbose_name = _("龙头企业产值目标")
        verbose_name_plural = _("龙头企业产值目标")
        ordering = ["-year", "enterprise__name"]
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "year"], name="output_target_unique")
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} · {self.year}"


# The derived classifications are a topic of the registry with its own models module.
from zoneops.enterprises.classifications.models import (  # noqa: E402
    Classification as Classification,
)
from zoneops.enterprises.classifications.models import (  # noqa: E402
    ClassificationKind as ClassificationKind,
)
from zoneops.enterprises.classifications.models import (  # noqa: E402
    ClassificationLevel as ClassificationLevel,
)
from zoneops.enterprises.classifications.models import (  # noqa: E402
    ClassMapping as ClassMapping,
)
from zoneops.enterprises.classifications.models import (  # noqa: E402
    ClassNode as ClassNode,
)
from zoneops.enterprises.classifications.models import (  # noqa: E402
    Decision as Decision,
)
from zoneops.enterprises.classifications.models import (  # noqa: E402
    MembershipDecision as MembershipDecision,
)
