"""The risk register (风险分级管控, 双重预防), emergency plans and drills (应急预案与演练) and
accidents (生产安全事故) of an enterprise.

The rules that decide a colour, a lateness or a grade are plain functions here (``lec_colour``,
``accident_grade``, ``DrillRule``), so the pages, the importer, the daily job and the tests use
the same ones.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from zoneops.core.bounds import HAPPENED, PLANNED, BoundedModel, money_field
from zoneops.enterprises.models import Enterprise
from zoneops.safety.models.grids import GridScopedQuerySet, RiskColour

# Highest first: the enterprise's colour is the first of these any of its risk points has.
COLOUR_ORDER: list[str] = [RiskColour.RED, RiskColour.ORANGE, RiskColour.YELLOW, RiskColour.BLUE]

# LEC (作业条件危险性评价法), D = L × E × C, with the factor values of the method.
LEC_L = (Decimal("10"), Decimal("6"), Decimal("3"), Decimal("1"), Decimal("0.5"), Decimal("0.2"),
         Decimal("0.1"))  # fmt: skip
LEC_E = (Decimal("10"), Decimal("6"), Decimal("3"), Decimal("2"), Decimal("1"), Decimal("0.5"))
LEC_C = (Decimal("100"), Decimal("40"), Decimal("15"), Decimal("7"), Decimal("3"), Decimal("1"))
# The common mapping (assumed; an office with its own changes these): D ≥ 320 重大 (红),
# 160 ≤ D < 320 较大 (橙), 70 ≤ D < 160 一般 (黄), D < 70 低 (蓝).
LEC_BANDS: tuple[tuple[Decimal, str], ...] = (
    (Decimal(320), RiskColour.RED),
    (Decimal(160), RiskColour.ORANGE),
    (Decimal(70), RiskColour.YELLOW),
)


def lec_colour(score: Decimal) -> str:
    """The colour of a LEC score D."""
    for floor, colour in LEC_BANDS:
        if score >= floor:
            return colour
    return RiskColour.BLUE


def highest_colour(colours: Any) -> str | None:
    found = set(colours)
    return next((colour for colour in COLOUR_ORDER if colour in found), None)


class Method(models.TextChoices):
    DIRECT = "direct", _("直接判定")
    LEC = "lec", _("LEC法")
    MATRIX = "matrix", _("风险矩阵法")


class ControlLevel(models.TextChoices):
    COMPANY = "company", _("公司级")
    WORKSHOP = "workshop", _("车间级")
    TEAM = "team", _("班组级")
    POST = "post", _("岗位级")


class AccidentType(models.TextChoices):
    """事故类别 (GB 6441-1986)."""

    STRUCK = "struck", _("物体打击")
    VEHICLE = "vehicle", _("车辆伤害")
    MACHINE = "machine", _("机械伤害")
    LIFTING = "lifting", _("起重伤害")
    ELECTRIC = "electric", _("触电")
    DROWNING = "drowning", _("淹溺")
    BURN = "burn", _("灼烫")
    FIRE = "fire", _("火灾")
    FALL = "fall", _("高处坠落")
    COLLAPSE = "collapse", _("坍塌")
    POISONING = "poisoning", _("中毒和窒息")
    BOILER = "boiler", _("锅炉爆炸")
    VESSEL = "vessel", _("容器爆炸")
    EXPLOSION = "explosion", _("其他爆炸")
    OTHER = "other", _("其他伤害")


def _lec(label: Any, values: tuple[Decimal, ...]) -> models.DecimalField[Any, Any]:
    return models.DecimalField(
        label,
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(min(values)), MaxValueValidator(max(values))],
    )


class EnterpriseScoped(GridScopedQuerySet[Any]):
    scope_paths: ClassVar[dict[str, str]] = {"park": "enterprise__park", "enterprise": "enterprise"}
    grid_path = "enterprise__safety_profile__grid"


class RiskPointQuerySet(EnterpriseScoped):
    pass


class RiskPoint(BoundedModel, models.Model):
    """风险点: a place or unit of an enterprise, its risk factors, the accident they may cause,
    its graded level (four colours), how it is controlled, at which level and by whom. With
    LEC the colour follows from D = L × E × C; otherwise it is judged directly."""

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("企业"), on_delete=models.PROTECT, related_name="risk_points"
    )
    code = models.CharField(_("风险点编号"), max_length=30)
    place = models.CharField(_("场所/部位"), max_length=200)
    unit = models.CharField(_("单元/设备设施"), max_length=200, blank=True)
    factors = models.CharField(_("主要风险因素"), max_length=1000)
    accident_type = models.CharField(
        _("可能导致的事故类型"), max_length=20, choices=AccidentType.choices
    )
    method = models.CharField(
        _("评价方法"), max_length=10, choices=Method.choices, default=Method.DIRECT
    )
    lec_l = _lec(_("L（可能性）"), LEC_L)
    lec_e = _lec(_("E（暴露频繁程度）"), LEC_E)
    lec_c = _lec(_("C（后果）"), LEC_C)
    level = models.CharField(_("风险等级"), max_length=20, choices=RiskColour.choices, blank=True)
    controls = models.CharField(_("管控措施"), max_length=2000)
    control_level = models.CharField(_("管控层级"), max_length=20, choices=ControlLevel.choices)
    responsible = models.CharField(_("责任人"), max_length=50)
    updated_at = models.DateTimeField(auto_now=True)

    objects = RiskPointQuerySet.as_manager()

    class Meta:
        verbose_name = _("风险点")
        verbose_name_plural = _("风险点")
        ordering = ["enterprise", "code"]
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "code"], name="risk_point_code_once")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.place}"

    @property
    def score(self) -> Decimal | None:
        if self.lec_l is None or self.lec_e is None or self.lec_c is None:
            return None
        return Decimal(self.lec_l) * Decimal(self.lec_e) * Decimal(self.lec_c)

    def clean(self) -> None:
        if self.method != Method.LEC:
            if not self.level:
                raise ValidationError({"level": _("请确定风险等级")})
            return
        errors = {}
        for name, allowed in (("lec_l", LEC_L), ("lec_e", LEC_E), ("lec_c", LEC_C)):
            value = getattr(self, name)
            if value is None or Decimal(value) not in allowed:
                errors[name] = _("应为以下取值之一：%(values)s") % {
                    "values": "、".join(f"{v.normalize():f}" for v in allowed)
                }
        if errors:
            raise ValidationError(errors)
        score = self.score or Decimal(0)
        derived = lec_colour(score)
        if self.level and self.level != derived:
            message = _("与LEC评价结果（D=%(d)s）不符，应为%(level)s") % {
                "d": f"{score.normalize():f}",
                "level": RiskColour(derived).label,
            }
            raise ValidationError({"level": message})
        self.level = derived


class PlanKind(models.TextChoices):
    COMPREHENSIVE = "comprehensive", _("综合应急预案")
    SPECIAL = "special", _("专项应急预案")
    ONSITE = "onsite", _("现场处置方案")


class PlanQuerySet(EnterpriseScoped):
    pass


class EmergencyPlan(BoundedModel, models.Model):
    """应急预案: its kind (GB/T 29639-2020), 备案 date and number and how long it is valid."""

    date_spans = {"issued_on": HAPPENED, "filed_on": HAPPENED, "valid_until": PLANNED}

    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("企业"),
        on_delete=models.PROTECT,
        related_name="emergency_plans",
    )
    name = models.CharField(_("预案名称"), max_length=200)
    kind = models.CharField(_("预案类型"), max_length=20, choices=PlanKind.choices)
    issued_on = models.DateField(_("发布日期"), null=True, blank=True)
    filed_on = models.DateField(_("备案日期"))
    filing_number = models.CharField(_("备案编号"), max_length=60, blank=True)
    valid_until = models.DateField(_("有效期至"))
    updated_at = models.DateTimeField(auto_now=True)

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("应急预案")
        verbose_name_plural = _("应急预案")
        ordering = ["enterprise", "kind", "name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.filed_on and self.valid_until and self.valid_until <= self.filed_on:
            raise ValidationError({"valid_until": _("有效期应晚于备案日期")})


class DrillKind(models.TextChoices):
    COMPREHENSIVE = "comprehensive", _("综合演练")
    SPECIAL = "special", _("专项演练")
    ONSITE = "onsite", _("现场处置方案演练")


class DrillForm(models.TextChoices):
    LIVE = "live", _("实战演练")
    TABLETOP = "tabletop", _("桌面演练")


class DrillQuerySet(EnterpriseScoped):
    pass


class Drill(BoundedModel, models.Model):
    """应急演练: which plan, its content and form, when, who took part, how it was judged
    (AQ/T 9009) and the problems found; each problem can be raised as a hazard."""

    date_spans = {"held_on": HAPPENED}

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("企业"), on_delete=models.PROTECT, related_name="drills"
    )
    plan = models.ForeignKey(
        EmergencyPlan,
        verbose_name=_("所依预案"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="drills",
    )
    kind = models.CharField(_("演练类型"), max_length=20, choices=DrillKind.choices)
    form = models.CharField(_("演练形式"), max_length=20, choices=DrillForm.choices)
    held_on = models.DateField(_("演练日期"))
    scenario = models.CharField(_("演练情景"), max_length=500, blank=True)
    participants = models.PositiveIntegerField(
        _("参演人数"), validators=[MinValueValidator(1), MaxValueValidator(100000)]
    )
    evaluation = models.CharField(_("演练评估"), max_length=2000, blank=True)
    problems = models.CharField(_("发现的问题"), max_length=2000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = DrillQuerySet.as_manager()

    class Meta:
        verbose_name = _("应急演练")
        verbose_name_plural = _("应急演练")
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.held_on} {self.get_kind_display()}"

    def clean(self) -> None:
        if self.plan is not None and self.plan.enterprise_id != self.enterprise_id:
            raise ValidationError({"plan": _("预案不属于该企业")})


class DrillRule:
    """《生产安全事故应急预案管理办法》§33: at least one 综合 or 专项 drill a year and one
    现场处置方案 drill every half year; every half year for both in the high-risk kinds
    (mines, metal smelting, construction, hazardous goods, crowded public places)."""

    YEAR = 12
    HALF = 6

    @staticmethod
    def months_after(day: dt.date, months: int) -> dt.date:
        month = day.month - 1 + months
        year, month = day.year + month // 12, month % 12 + 1
        for last in (31, 30, 29, 28):
            try:
                return dt.date(year, month, min(day.day, last))
            except ValueError:
                continue
        raise AssertionError("unreachable")

    @classmethod
    def due(cls, last: dt.date | None, months: int, since: dt.date) -> dt.date:
        """When the next drill is due: ``months`` after the last, or after ``since`` (when the
        duty began: the enterprise's profile) if there was none."""
        return cls.months_after(last or since, months)


class AccidentGrade(models.TextChoices):
    GENERAL = "general", _("一般事故")
    LARGER = "larger", _("较大事故")
    MAJOR = "major", _("重大事故")
    GRAVE = "grave", _("特别重大事故")


# 《生产安全事故报告和调查处理条例》§3: (grade, deaths, serious injuries, direct loss in 元:
# 1亿, 5000万, 1000万), each the floor ("以上" includes the number, "以下" does not); the
# highest grade any column reaches applies.
GRADE_FLOORS: tuple[tuple[str, int, int, Decimal], ...] = (
    (AccidentGrade.GRAVE, 30, 100, Decimal(100_000_000)),
    (AccidentGrade.MAJOR, 10, 50, Decimal(50_000_000)),
    (AccidentGrade.LARGER, 3, 10, Decimal(10_000_000)),
)


def accident_grade(*, deaths: int, missing: int, injured: int, loss: Decimal) -> str:
    """The grade by the national thresholds. The missing count with the dead, as the accident
    statistics do (死亡（含失踪）)."""
    dead = deaths + missing
    for grade, floor_dead, floor_injured, floor_loss in GRADE_FLOORS:
        if dead >= floor_dead or injured >= floor_injured or loss >= floor_loss:
            return grade
    return AccidentGrade.GENERAL


class AccidentQuerySet(EnterpriseScoped):
    pass


def _count(label: Any) -> models.PositiveIntegerField[Any, Any]:
    return models.PositiveIntegerField(
        label, default=0, validators=[MinValueValidator(0), MaxValueValidator(10000)]
    )


class Accident(BoundedModel, models.Model):
    """生产安全事故: when, where, what kind, the casualties and the direct loss; its grade
    follows from the counts. The counts may change within 30 days (7 for fires and road
    accidents) as casualties are reported late: the record is edited and its history kept.
    The loss is stored in 元 as every amount is, and shown in 万元."""

    date_spans = {"occurred_on": HAPPENED}

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("企业"), on_delete=models.PROTECT, related_name="accidents"
    )
    occurred_on = models.DateField(_("发生日期"))
    occurred_time = models.TimeField(_("发生时间"), null=True, blank=True)
    place = models.CharField(_("发生地点"), max_length=200)
    kind = models.CharField(_("事故类别"), max_length=20, choices=AccidentType.choices)
    deaths = _count(_("死亡人数"))
    missing = _count(_("失踪人数"))
    injured = _count(_("重伤人数（含急性工业中毒）"))
    loss = money_field(_("直接经济损失（元）"), max_digits=14, default=Decimal(0))
    grade = models.CharField(
        _("事故等级"), max_length=10, choices=AccidentGrade.choices, editable=False
    )
    account = models.CharField(_("事故简要经过"), max_length=2000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("录入人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = AccidentQuerySet.as_manager()

    class Meta:
        verbose_name = _("生产安全事故")
        verbose_name_plural = _("生产安全事故")
        ordering = ["-occurred_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.occurred_on} {self.get_kind_display()}"

    def clean(self) -> None:
        self.grade = accident_grade(
            deaths=self.deaths or 0,
            missing=self.missing or 0,
            injured=self.injured or 0,
            loss=Decimal(self.loss or 0),
        )
