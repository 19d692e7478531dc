"""Production-plan surveys (e.g. before the Spring Festival) and each enterprise's answer."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zoneops.core.bounds import BoundedModel
from zoneops.core.scope import ScopedQuerySet
from zoneops.enterprises.models import Enterprise


class SurveyQuerySet(ScopedQuerySet["ProductionSurvey"]):
    reference = True


class ProductionSurvey(BoundedModel, models.Model):
    """生产计划调查: e.g. the Spring Festival production-plan survey of every 规上 enterprise."""

    title = models.CharField(_("标题"), max_length=100)
    holiday_start = models.DateField(_("假期开始"))
    holiday_end = models.DateField(_("假期结束"))
    deadline = models.DateField(_("填报截止日"))
    above_scale_only = models.BooleanField(_("仅规上企业"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发起人"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SurveyQuerySet.as_manager()

    class Meta:
        verbose_name = _("生产计划调查")
        verbose_name_plural = _("生产计划调查")
        ordering = ["-holiday_start"]

    def __str__(self) -> str:
        return self.title


class ProductionPlan(models.TextChoices):
    FULL = "full", _("满负荷连续生产")
    PARTIAL = "partial", _("部分产能连续生产")
    SEASONAL_STOP = "seasonal_stop", _("季节性停产")
    HOLIDAY_STOP = "holiday_stop", _("节日放假停产")


class SurveyResponseQuerySet(ScopedQuerySet["SurveyResponse"]):
    scope_paths: ClassVar[dict[str, str]] = {"park": "enterprise__park", "enterprise": "enterprise"}


class SurveyResponse(BoundedModel, models.Model):
    """One enterprise's answer: how it will run over the holiday, and what it does if stopped."""

    survey = models.ForeignKey(ProductionSurvey, on_delete=models.CASCADE, related_name="responses")
    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("企业"),
        on_delete=models.CASCADE,
        related_name="survey_responses",
    )
    plan = models.CharField(_("生产安排"), max_length=20, choices=ProductionPlan.choices)
    capacity_percent = models.PositiveSmallIntegerField(_("产能利用率（%）"), null=True, blank=True)
    stop_from = models.DateField(_("停产开始"), null=True, blank=True)
    stop_to = models.DateField(_("恢复生产"), null=True, blank=True)
    maintenance = models.BooleanField(_("设备检修"), default=False)
    training = models.BooleanField(_("员工培训"), default=False)
    spare_parts = models.BooleanField(_("备品备件储备"), default=False)
    workers_on_duty = models.PositiveIntegerField(_("在岗人数"), null=True, blank=True)
    has_orders = models.BooleanField(_("有订单"), default=True)
    note = models.CharField(_("说明"), max_length=300, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("填报人"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("填报时间"), auto_now=True)

    objects = SurveyResponseQuerySet.as_manager()

    class Meta:
        verbose_name = _("调查回复")
        verbose_name_plural = _("调查回复")
        constraints = [
            models.UniqueConstraint(fields=["survey", "enterprise"], name="survey_response_unique")
        ]

    def __str__(self) -> str:
        return f"{self.survey} · {self.enterprise}"
