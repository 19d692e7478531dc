"""The investment bureau's records: the work log (trips, visits, meetings) and events (release
conferences, promotions, signing ceremonies), each linked to the projects it concerned."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zoneops.core.bounds import BoundedModel
from zoneops.core.scope import scope_of
from zoneops.investment.models.pipeline import Project, _signed_in, money


class ActivityKind(models.TextChoices):
    TRIP = "trip", _("外出招商")
    VISIT = "visit", _("来访接待")
    MEETING = "meeting", _("洽谈会议")


class WorkLogQuerySet(models.QuerySet["WorkLog"]):
    def visible_to(self, user: Any) -> WorkLogQuerySet:
        """Zone-wide readers see all; others what they wrote or joined, and what concerned a
        project they may see."""
        if not _signed_in(user):
            return self.none()
        if scope_of(user).zone:
            return self
        condition = (
            Q(created_by=user)
            | Q(participants=user)
            | Q(projects__in=Project.objects.visible_to(user))
        )
        return self.filter(pk__in=WorkLog.objects.filter(condition).values("pk"))


class WorkLog(BoundedModel, models.Model):
    """招商工作日志: a trip out, a visit received or a meeting, and the projects it concerned."""

    kind = models.CharField(_("类型"), max_length=20, choices=ActivityKind.choices)
    on = models.DateField(_("日期"))
    until = models.DateField(_("结束日期"), null=True, blank=True)
    place = models.CharField(_("地点"), max_length=200)
    participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("参加人员"),
        blank=True,
        related_name="investment_activities",
    )
    other_participants = models.CharField(_("其他参加人员"), max_length=200, blank=True)
    counterpart = models.CharField(_("对接对象"), max_length=300, help_text=_("会见了谁"))
    outcome = models.TextField(_("成效"), blank=True)
    projects = models.ManyToManyField(
        Project, verbose_name=_("涉及项目"), blank=True, related_name="activities"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("填报人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = WorkLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("招商工作日志")
        verbose_name_plural = _("招商工作日志")
        ordering = ["-on", "-pk"]

    def __str__(self) -> str:
        return f"{self.on} {self.get_kind_display()} · {self.place}"

    def clean(self) -> None:
        if self.until and self.on and self.until < self.on:
            raise ValidationError({"until": _("结束日期不能早于开始日期")})


class EventKind(models.TextChoices):
    RELEASE = "release", _("项目发布会")
    PROMOTION = "promotion", _("招商推介会")
    SIGNING = "signing", _("签约仪式")


class EventQuerySet(models.QuerySet["Event"]):
    def visible_to(self, user: Any) -> EventQuerySet:
        """Events are public acts: every user of the module sees them (their projects are
        listed only where the reader may see the project)."""
        from zoneops.investment.permissions import can_use_investment

        return self if can_use_investment(user) else self.none()


class Event(BoundedModel, models.Model):
    """招商活动: a release conference, a promotion event or a signing ceremony."""

    kind = models.CharField(_("类型"), max_length=20, choices=EventKind.choices)
    title = models.CharField(_("名称"), max_length=200)
    on = models.DateField(_("日期"))
    place = models.CharField(_("地点"), max_length=200)
    participants = models.TextField(_("参加人员"), blank=True)
    note = models.TextField(_("说明"), blank=True)
    projects: models.ManyToManyField[Project, EventProject] = models.ManyToManyField(
        Project, through="EventProject", verbose_name=_("项目"), related_name="events"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("填报人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("招商活动")
        verbose_name_plural = _("招商活动")
        ordering = ["-on", "-pk"]

    def __str__(self) -> str:
        return self.title


class EventRole(models.TextChoices):
    RELEASED = "released", _("发布")
    SIGNED = "signed", _("签约")


class EventProject(models.Model):
    """A project released or signed at an event, with the amount announced there."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="lines")
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="event_lines")
    role = models.CharField(_("方式"), max_length=20, choices=EventRole.choices)
    amount = money(_("金额（元）"), null=True)

    class Meta:
        verbose_name = _("活动项目")
        verbose_name_plural = _("活动项目")
        ordering = ["event", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "project"], name="event_project_unique")
        ]

    def __str__(self) -> str:
        return f"{self.event} · {self.project}"
