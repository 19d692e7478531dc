"""Inspection plans (检查计划) with their targets and rounds, and 开停车和大检修 records."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from zoneops.core.bounds import ANY_DATE, PLANNED, BoundedModel
from zoneops.core.scope import ScopedQuerySet
from zoneops.enterprises.models import Enterprise
from zoneops.safety.models.grids import Checklist, Grid, GridScopedQuerySet
from zoneops.safety.models.risks import DrillRule


class InspectionPlanKind(models.TextChoices):
    SUPERVISION = "supervision", _("督导检查")
    SPECIAL = "special", _("专项检查")
    HOLIDAY = "holiday", _("节前检查")
    RESTART = "restart", _("复工复产检查")
    SNOW = "snow", _("雨雪天气检查")
    FLOOD = "flood", _("汛期检查")


class Cycle(models.TextChoices):
    NONE = "", _("不循环")
    MONTHLY = "monthly", _("每月")
    QUARTERLY = "quarterly", _("每季度")
    HALF_YEARLY = "half_yearly", _("每半年")
    YEARLY = "yearly", _("每年")


CYCLE_MONTHS = {Cycle.MONTHLY: 1, Cycle.QUARTERLY: 3, Cycle.HALF_YEARLY: 6, Cycle.YEARLY: 12}


def next_round_dates(start: dt.date, end: dt.date, cycle: str) -> tuple[dt.date, dt.date]:
    """The round after [start, end] in a cycle: it starts the day after, and lasts the cycle
    (a monthly round of 1–31 March is followed by 1–30 April)."""
    months = CYCLE_MONTHS[Cycle(cycle)]
    following = end + dt.timedelta(days=1)
    return following, DrillRule.months_after(following, months) - dt.timedelta(days=1)


class InspectionPlanQuerySet(ScopedQuerySet["InspectionPlan"]):
    # A plan is the bureau's; who sees it is decided by its targets (queries.plans).
    reference = True


class InspectionPlan(BoundedModel, models.Model):
    """检查计划: what kind of check, of which enterprises (its scope: grids, industries, the
    key firms — or the enterprises a production survey says stop), with which checklist, in
    which period; a cyclic plan's next round is made by the daily job when a round ends.

    The targets are resolved when the plan (or the round) is made and kept as
    :class:`PlanTarget` rows, so a plan's progress is counted against a fixed list."""

    date_spans = {"start_on": PLANNED, "end_on": PLANNED}

    name = models.CharField(_("计划名称"), max_length=100)
    kind = models.CharField(_("检查类型"), max_length=20, choices=InspectionPlanKind.choices)
    checklist = models.ForeignKey(
        Checklist,
        verbose_name=_("检查表"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plans",
    )
    start_on = models.DateField(_("开始日期"))
    end_on = models.DateField(_("结束日期"))
    cycle = models.CharField(
        _("循环周期"), max_length=20, choices=Cycle.choices, default=Cycle.NONE, blank=True
    )
    grids = models.ManyToManyField(
        Grid, verbose_name=_("检查网格"), blank=True, related_name="inspection_plans"
    )
    # GB/T 4754 codes (门类 letters or 大类 and finer digits), comma-separated; none: all.
    industries = models.CharField(_("检查行业"), max_length=300, blank=True)
    key_only = models.BooleanField(_("仅重点企业"), default=False)
    # The production survey (monitoring's) a 复工复产 plan was made from, by its id.
    survey_id = models.PositiveIntegerField(_("生产计划调查"), null=True, blank=True)
    previous = models.OneToOneField(
        "self",
        verbose_name=_("上一轮"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="next_round",
    )
    round = models.PositiveSmallIntegerField(
        _("轮次"), default=1, validators=[MinValueValidator(1), MaxValueValidator(999)]
    )
    note = models.CharField(_("说明"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("制定人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = InspectionPlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("检查计划")
        verbose_name_plural = _("检查计划")
        ordering = ["-start_on", "-pk"]

    def __str__(self) -> str:
        return self.name

    def codes(self) -> list[str]:
        return [code for code in self.industries.split(",") if code]

    def clean(self) -> None:
        if self.start_on and self.end_on and self.end_on < self.start_on:
            raise ValidationError({"end_on": _("结束日期不能早于开始日期")})
        if self.start_on and self.end_on and (self.end_on - self.start_on).days > 366:
            raise ValidationError({"end_on": _("一轮检查不能超过一年")})


class TargetQuerySet(GridScopedQuerySet["PlanTarget"]):
    scope_paths: ClassVar[dict[str, str]] = {"park": "enterprise__park", "enterprise": "enterprise"}
    grid_path = "enterprise__safety_profile__grid"


class PlanTarget(BoundedModel, models.Model):
    """One enterprise a plan must check; a 复工复产 target carries its stop and restart dates
    from the survey and the day its check is due (before the restart)."""

    date_spans = {"due_on": PLANNED, "stop_from": ANY_DATE, "restart_on": PLANNED}

    plan = models.ForeignKey(InspectionPlan, on_delete=models.CASCADE, related_name="targets")
    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("企业"), on_delete=models.CASCADE, related_name="+"
    )
    due_on = models.DateField(_("应检日期"), null=True, blank=True)
    stop_from = models.DateField(_("停产开始"), null=True, blank=True)
    restart_on = models.DateField(_("恢复生产日期"), null=True, blank=True)
    maintenance = models.BooleanField(_("停产检修"), default=False)

    objects = TargetQuerySet.as_manager()

    class Meta:
        verbose_name = _("检查对象")
        verbose_name_plural = _("检查对象")
        ordering = ["plan", "due_on", "enterprise__name"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "enterprise"], name="plan_target_once")
        ]

    def __str__(self) -> str:
        return f"{self.plan} · {self.enterprise}"


class ShutdownKind(models.TextChoices):
    START = "start", _("开车")
    STOP = "stop", _("停车")
    OVERHAUL = "overhaul", _("大检修")


class ShutdownQuerySet(GridScopedQuerySet["Shutdown"]):
    scope_paths: ClassVar[dict[str, str]] = {"park": "enterprise__park", "enterprise": "enterprise"}
    grid_path = "enterprise__safety_profile__grid"


class Shutdown(BoundedModel, models.Model):
    """开停车和大检修: an enterprise's start-up, shutdown or major overhaul, with its dates."""

    date_spans = {"start_on": PLANNED, "end_on": PLANNED}

    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("企业"),
        on_delete=models.PROTECT,
        related_name="safety_shutdowns",
    )
    kind = models.CharField(_("类别"), max_length=20, choices=ShutdownKind.choices)
    start_on = models.DateField(_("开始日期"))
    end_on = models.DateField(_("结束日期"), null=True, blank=True)
    note = models.CharField(_("说明"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("录入人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ShutdownQuerySet.as_manager()

    class Meta:
        verbose_name = _("开停车和大检修")
        verbose_name_plural = _("开停车和大检修")
        ordering = ["-start_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.enterprise} {self.get_kind_display()} {self.start_on}"

    def clean(self) -> None:
        if self.end_on and self.start_on and self.end_on < self.start_on:
            raise ValidationError({"end_on": _("结束日期不能早于开始日期")})


__all__ = [
    "CYCLE_MONTHS",
    "Cycle",
    "InspectionPlan",
    "InspectionPlanKind",
    "PlanTarget",
    "Shutdown",
    "ShutdownKind",
    "next_round_dates",
]
