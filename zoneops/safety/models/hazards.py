from __future__ import annotations

from typing import Any, ClassVar, Self

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zoneops.core.bounds import HAPPENED, PLANNED, BoundedModel, money_field
from zoneops.enterprises.models import Enterprise
from zoneops.safety.models.grids import Checklist, ChecklistItem, GridScopedQuerySet
from zoneops.safety.models.plans import InspectionPlan
from zoneops.safety.models.risks import Drill, RiskPoint


class Source(models.TextChoices):
    SELF = "self", _("企业自查")
    ENFORCEMENT = "enforcement", _("行政执法")
    SUPERVISION = "supervision", _("督导检查")
    THIRD_PARTY = "third_party", _("第三方")


class InspectionQuerySet(GridScopedQuerySet["Inspection"]):
    scope_paths: ClassVar[dict[str, str]] = {"park": "enterprise__park", "enterprise": "enterprise"}
    grid_path = "enterprise__safety_profile__grid"


class Inspection(BoundedModel, models.Model):
    """检查记录: one visit (or one self-check) of an enterprise against a checklist."""

    date_spans = {"inspected_on": HAPPENED}

    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("企业"),
        on_delete=models.PROTECT,
        related_name="safety_inspections",
    )
    source = models.CharField(_("检查来源"), max_length=20, choices=Source.choices)
    checklist = models.ForeignKey(
        Checklist,
        verbose_name=_("检查表"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="inspections",
    )
    plan = models.ForeignKey(
        InspectionPlan,
        verbose_name=_("检查计划"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="inspections",
    )
    inspected_on = models.DateField(_("检查日期"))
    inspectors = models.CharField(_("检查人员"), max_length=200)
    place = models.CharField(_("检查部位"), max_length=200, blank=True)
    note = models.TextField(_("检查情况"), max_length=2000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("录入人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = InspectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("检查记录")
        verbose_name_plural = _("检查记录")
        ordering = ["-inspected_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.enterprise} {self.inspected_on}"


class Outcome(models.TextChoices):
    PASS = "pass", _("合格")
    FAIL = "fail", _("不合格")
    NA = "na", _("不适用")


class InspectionResult(models.Model):
    """One item's result in an inspection."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="results")
    item = models.ForeignKey(ChecklistItem, on_delete=models.PROTECT, related_name="+")
    outcome = models.CharField(_("结果"), max_length=10, choices=Outcome.choices)
    note = models.CharField(_("情况说明"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("检查结果")
        verbose_name_plural = _("检查结果")
        ordering = ["item__number"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "item"], name="inspection_item_once")
        ]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.outcome}"


class HazardLevel(models.TextChoices):
    GENERAL = "general", _("一般隐患")
    MAJOR = "major", _("重大隐患")


class HazardKind(models.TextChoices):
    THING = "thing", _("物的不安全状态")
    BEHAVIOUR = "behaviour", _("人的不安全行为")
    MANAGEMENT = "management", _("管理缺陷")


class HazardStatus(models.TextChoices):
    REPORTED = "reported", _("已上报")
    ORDERED = "ordered", _("责令整改")
    RECTIFYING = "rectifying", _("整改中")
    AWAITING = "awaiting", _("已整改待复查")
    CLOSED = "closed", _("复查通过，已销号")


OPEN_STATUSES = (
    HazardStatus.REPORTED,
    HazardStatus.ORDERED,
    HazardStatus.RECTIFYING,
    HazardStatus.AWAITING,
)
# The statuses in which the enterprise still owes the rectification (a hazard awaiting its
# re-check is not overdue: the enterprise has done its part).
OWED_STATUSES = (HazardStatus.REPORTED, HazardStatus.ORDERED, HazardStatus.RECTIFYING)


class Mode(models.TextChoices):
    IMMEDIATE = "immediate", _("立即整改")
    DEADLINE = "deadline", _("限期整改")


class Supervision(models.TextChoices):
    NONE = "", _("未督办")
    PARK = "park", _("园区督办")
    ZONE = "zone", _("开发区督办")
    CITY = "city", _("市级督办")


SUPERVISION_ORDER: list[str] = [
    Supervision.NONE,
    Supervision.PARK,
    Supervision.ZONE,
    Supervision.CITY,
]
PLAN_FIELDS = ("plan_goal", "plan_measures", "plan_people", "plan_safety")


class HazardQuerySet(GridScopedQuerySet["Hazard"]):
    scope_paths: ClassVar[dict[str, str]] = {"park": "enterprise__park", "enterprise": "enterprise"}
    grid_path = "enterprise__safety_profile__grid"

    def open(self) -> Self:
        return self.filter(status__in=OPEN_STATUSES)

    def overdue(self, today: Any) -> Self:
        return self.filter(status__in=OWED_STATUSES, deadline__lt=today)


def _money(label: Any) -> models.DecimalField[Any, Any]:
    return money_field(label, max_digits=14, null=True, blank=True)


class Hazard(BoundedModel, models.Model):
    """事故隐患: a hazard found at an enterprise, and its rectification loop (上报 → 责令整改 →
    整改中 → 已整改待复查 → 复查通过销号, or 复查不通过 with a new deadline).

    A 重大隐患 carries its 治理方案 (goal, measures, funds, people, deadline, safety measures
    while it lasts) and a 督办 level; it cannot be saved without them. The deadline counts
    working days on the statutory calendar.
    """

    date_spans = {
        "found_on": HAPPENED,
        "deadline": PLANNED,
        "rectified_on": HAPPENED,
        "closed_on": HAPPENED,
        "escalated_on": HAPPENED,
    }

    number = models.CharField(_("隐患编号"), max_length=30, unique=True)
    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("企业"), on_delete=models.PROTECT, related_name="safety_hazards"
    )
    inspection = models.ForeignKey(
        Inspection,
        verbose_name=_("检查记录"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hazards",
    )
    item = models.ForeignKey(
        ChecklistItem,
        verbose_name=_("检查项"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    risk_point = models.ForeignKey(
        RiskPoint,
        verbose_name=_("所属风险点"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="hazards",
    )
    drill = models.ForeignKey(
        Drill,
        verbose_name=_("发现于演练"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="hazards",
    )
    source = models.CharField(_("排查来源"), max_length=20, choices=Source.choices)
    found_on = models.DateField(_("排查日期"))
    description = models.CharField(_("隐患描述"), max_length=1000)
    place = models.CharField(_("隐患部位"), max_length=200, blank=True)
    level = models.CharField(
        _("隐患等级"), max_length=10, choices=HazardLevel.choices, default=HazardLevel.GENERAL
    )
    kind = models.CharField(
        _("隐患类别"), max_length=20, choices=HazardKind.choices, default=HazardKind.THING
    )
    status = models.CharField(
        _("状态"), max_length=20, choices=HazardStatus.choices, default=HazardStatus.REPORTED
    )
    mode = models.CharField(
        _("整改方式"), max_length=20, choices=Mode.choices, default=Mode.DEADLINE
    )
    responsible = models.CharField(_("整改责任人"), max_length=50, blank=True)
    deadline_days = models.PositiveSmallIntegerField(
        _("整改期限（工作日）"),
        default=10,
        validators=[MinValueValidator(0), MaxValueValidator(250)],
    )
    deadline = models.DateField(_("整改期限"))
    funds = _money(_("整改资金（元）"))
    plan_goal = models.CharField(_("治理目标和任务"), max_length=1000, blank=True)
    plan_measures = models.CharField(_("治理方法和措施"), max_length=1000, blank=True)
    plan_people = models.CharField(_("负责治理的机构和人员"), max_length=500, blank=True)
    plan_safety = models.CharField(_("治理期间的安全措施"), max_length=1000, blank=True)
    supervision = models.CharField(
        _("督办级别"), max_length=10, choices=Supervision.choices, default="", blank=True
    )
    escalated_on = models.DateField(_("最近升级督办"), null=True, blank=True)
    rectified_note = models.CharField(_("整改情况"), max_length=1000, blank=True)
    rectified_on = models.DateField(_("整改完成日期"), null=True, blank=True)
    closed_on = models.DateField(_("销号日期"), null=True, blank=True)
    rechecks = models.PositiveSmallIntegerField(_("复查次数"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上报人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = HazardQuerySet.as_manager()

    class Meta:
        verbose_name = _("隐患")
        verbose_name_plural = _("隐患")
        ordering = ["-found_on", "-pk"]
        indexes = [models.Index(fields=["status", "deadline"], name="hazard_status_deadline")]

    def __str__(self) -> str:
        return f"{self.number} {self.description[:30]}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def is_overdue(self, today: Any = None) -> bool:
        today = today or timezone.localdate()
        return self.status in OWED_STATUSES and self.deadline < today

    def clean(self) -> None:
        for name in ("risk_point", "drill"):
            linked = getattr(self, name) if getattr(self, f"{name}_id") else None
            if linked is not None and linked.enterprise_id != self.enterprise_id:
                raise ValidationError({name: _("不属于该企业")})
        if self.level == HazardLevel.MAJOR:
            missing = {
                name: _("重大隐患必须有治理方案：请填写此项")
                for name in PLAN_FIELDS
                if not getattr(self, name).strip()
            }
            if self.funds is None:
                missing["funds"] = _("重大隐患必须写明治理经费")
            if not self.supervision:
                missing["supervision"] = _("重大隐患必须确定督办级别")
            if self.mode == Mode.IMMEDIATE:
                missing["mode"] = _("重大隐患须限期整改")
            if missing:
                raise ValidationError(missing)


class StepKind(models.TextChoices):
    REPORT = "report", _("上报")
    ORDER = "order", _("责令整改")
    START = "start", _("开始整改")
    RECTIFIED = "rectified", _("报告整改完成")
    PASS = "pass", _("复查通过，销号")
    FAIL = "fail", _("复查不通过")
    ESCALATE = "escalate", _("逾期升级督办")
    REMIND = "remind", _("到期提醒")


class HazardStep(models.Model):
    """A step of a hazard's loop, shown as its timeline (the values are in ChangeRecord)."""

    hazard = models.ForeignKey(Hazard, on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField(_("环节"), max_length=20, choices=StepKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField(_("时间"), default=timezone.now)
    on = models.DateField(_("日期"))
    note = models.CharField(_("说明"), max_length=1000, blank=True)
    deadline = models.DateField(_("整改期限"), null=True, blank=True)

    class Meta:
        verbose_name = _("隐患处理环节")
        verbose_name_plural = _("隐患处理环节")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.kind} {self.on}"


class Reminder(models.Model):
    """到期提醒: a hazard's deadline is near (or passed), a drill is late or a plan is about to
    expire, told once to each person who must act (the enterprise's users, the grid's
    members). A hazard's reminder names the hazard; a drill's or plan's the enterprise."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="safety_reminders"
    )
    hazard = models.ForeignKey(
        Hazard, on_delete=models.CASCADE, related_name="reminders", null=True, blank=True
    )
    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.CASCADE, related_name="+", null=True, blank=True
    )
    key = models.CharField(max_length=60)
    message = models.CharField(max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("到期提醒")
        verbose_name_plural = _("到期提醒")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "key"], name="safety_reminder_once")
        ]

    def __str__(self) -> str:
        return self.message
