from __future__ import annotations

from typing import Any, ClassVar, Self, TypeVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from zoneops.core.bounds import BoundedModel
from zoneops.core.models import Area, Role
from zoneops.core.scope import ScopedQuerySet
from zoneops.core.validators import validate_cn_phone
from zoneops.enterprises.models import Enterprise

_M = TypeVar("_M", bound=models.Model)


def is_grid_member(user: Any) -> bool:
    return (
        bool(getattr(user, "is_authenticated", False))
        and bool(getattr(user, "is_active", False))
        and getattr(user, "role", None) == Role.GRID_MEMBER
    )


class GridScopedQuerySet(ScopedQuerySet[_M]):
    """Core's scope, plus the grid member's: the rows whose grid has them as a member."""

    # Lookup from the model to its Grid (the empty string: the model is the grid).
    grid_path: ClassVar[str] = ""

    def visible_to(self, user: Any) -> Self:
        if is_grid_member(user):
            prefix = f"{self.grid_path}__" if self.grid_path else ""
            return self.filter(**{f"{prefix}members": user})
        return super().visible_to(user)


class GridQuerySet(GridScopedQuerySet["Grid"]):
    scope_paths: ClassVar[dict[str, str]] = {
        "park": "area__park",
        "enterprise": "profiles__enterprise",
    }


class Grid(BoundedModel, models.Model):
    """网格: the smallest unit of territorial safety supervision (zone → park → 片区 → 网格),
    with its 网格长 and 网格员 and how often each of its enterprises must be checked."""

    area = models.ForeignKey(
        Area, verbose_name=_("片区"), on_delete=models.PROTECT, related_name="safety_grids"
    )
    code = models.CharField(_("网格编码"), max_length=30, unique=True)
    name = models.CharField(_("网格名称"), max_length=100)
    head = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("网格长"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="headed_safety_grids",
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("网格员"),
        blank=True,
        related_name="safety_grids",
    )
    frequency_days = models.PositiveSmallIntegerField(
        _("检查频次（天）"),
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(366)],
        help_text=_("每家企业至少每隔多少天检查一次"),
    )

    objects = GridQuerySet.as_manager()

    class Meta:
        verbose_name = _("网格")
        verbose_name_plural = _("网格")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class KeyLevel(models.TextChoices):
    NONE = "none", _("非重点")
    ZONE = "zone", _("区重点")
    CITY = "city", _("市重点")
    PROVINCE = "province", _("省重点")


class RiskColour(models.TextChoices):
    RED = "red", _("重大风险（红）")
    ORANGE = "orange", _("较大风险（橙）")
    YELLOW = "yellow", _("一般风险（黄）")
    BLUE = "blue", _("低风险（蓝）")


class HighRiskWork(models.TextChoices):
    DUST = "dust", _("粉尘涉爆")
    AMMONIA = "ammonia", _("液氨制冷")
    CONFINED = "confined", _("有限空间")
    CHEMICALS = "chemicals", _("危化品")
    MOLTEN = "molten", _("高温熔融金属")
    GAS = "gas", _("冶金煤气")


class ProfileQuerySet(GridScopedQuerySet["SafetyProfile"]):
    scope_paths: ClassVar[dict[str, str]] = {"park": "enterprise__park", "enterprise": "enterprise"}
    grid_path = "grid"


class SafetyProfile(BoundedModel, models.Model):
    """企业安全档案: an enterprise's grid, key flags, hazard sources and responsible people."""

    enterprise = models.OneToOneField(
        Enterprise,
        verbose_name=_("企业"),
        on_delete=models.CASCADE,
        related_name="safety_profile",
    )
    grid = models.ForeignKey(
        Grid, verbose_name=_("所属网格"), on_delete=models.PROTECT, related_name="profiles"
    )
    key_level = models.CharField(
        _("重点类别"), max_length=20, choices=KeyLevel.choices, default=KeyLevel.NONE
    )
    major_hazard_source = models.BooleanField(_("重大危险源"), default=False)
    # Codes of HighRiskWork, comma-separated (a short closed list; no join table needed).
    high_risk_works = models.CharField(_("高危作业类型"), max_length=200, blank=True)
    # The enterprise's colour: the highest of its risk points once it has a register (kept by
    # the risk point services); typed only for a firm without one.
    risk_level = models.CharField(
        _("风险等级"),
        max_length=20,
        choices=RiskColour.choices,
        default=RiskColour.BLUE,
        help_text=_("已登记风险点的企业，按风险点的最高等级自动确定"),
    )
    principal = models.CharField(_("主要负责人"), max_length=50, blank=True)
    principal_phone = models.CharField(
        _("主要负责人电话"), max_length=30, blank=True, validators=[validate_cn_phone]
    )
    safety_manager = models.CharField(_("安全管理人员"), max_length=50, blank=True)
    safety_manager_phone = models.CharField(
        _("安全管理人员电话"), max_length=30, blank=True, validators=[validate_cn_phone]
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProfileQuerySet.as_manager()

    class Meta:
        verbose_name = _("企业安全档案")
        verbose_name_plural = _("企业安全档案")
        ordering = ["grid", "enterprise__name"]

    def __str__(self) -> str:
        return str(self.enterprise)

    def works(self) -> list[str]:
        return [code for code in self.high_risk_works.split(",") if code]

    def works_display(self) -> list[str]:
        labels = dict(HighRiskWork.choices)
        return [str(labels.get(code, code)) for code in self.works()]

    def clean(self) -> None:
        unknown = set(self.works()) - set(HighRiskWork.values)
        if unknown:
            raise ValidationError({"high_risk_works": _("未知的高危作业类型")})


class Theme(models.TextChoices):
    GENERAL = "general", _("工贸通用")
    DUST = "dust", _("粉尘涉爆")
    AMMONIA = "ammonia", _("液氨制冷")
    CONFINED = "confined", _("有限空间")
    CHEMICALS = "chemicals", _("危险化学品")
    LABOUR = "labour", _("劳动密集型")
    FIRE = "fire", _("消防")
    TRAFFIC = "traffic", _("道路交通")
    RESTART = "restart", _("节后复工")


class ChecklistQuerySet(ScopedQuerySet["Checklist"]):
    reference = True


class Checklist(BoundedModel, models.Model):
    """检查表: a versioned library of check items for one industry or theme."""

    name = models.CharField(_("检查表名称"), max_length=100)
    theme = models.CharField(_("主题"), max_length=20, choices=Theme.choices)
    version = models.PositiveSmallIntegerField(
        _("版本"), default=1, validators=[MinValueValidator(1), MaxValueValidator(999)]
    )

    objects = ChecklistQuerySet.as_manager()

    class Meta:
        verbose_name = _("检查表")
        verbose_name_plural = _("检查表")
        ordering = ["theme", "name", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["name", "version"], name="checklist_unique_version")
        ]

    def __str__(self) -> str:
        return f"{self.name}（v{self.version}）"


class ChecklistItem(BoundedModel, models.Model):
    """检查项: one thing to check, with its legal basis and, where a failure is a 重大隐患 under
    应急管理部令第10号 (or another standard), the clause that says so. The rule proposes 重大;
    the inspector confirms."""

    checklist = models.ForeignKey(
        Checklist, verbose_name=_("检查表"), on_delete=models.CASCADE, related_name="items"
    )
    number = models.PositiveSmallIntegerField(
        _("序号"), validators=[MinValueValidator(1), MaxValueValidator(9999)]
    )
    category = models.CharField(_("类别"), max_length=30, blank=True)
    content = models.CharField(_("检查内容"), max_length=500)
    basis = models.CharField(_("检查依据"), max_length=300, blank=True)
    major_rule = models.CharField(_("重大隐患判定"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("检查项")
        verbose_name_plural = _("检查项")
        ordering = ["checklist", "number"]
        constraints = [
            models.UniqueConstraint(fields=["checklist", "number"], name="checklist_item_unique")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.content}"
