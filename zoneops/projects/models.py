"""Key projects (重点项目): the yearly plan, task forces, ledgers, problems and funding.

一项目一专班一台账: each project has one task force (专班) and one ledger (台账). Scope is the
project's: a task-force member reaches the projects they serve on, a park officer the park's,
the 项目办 and the zone's leaders everything, an owner enterprise its own (read only), and
another department the projects with a problem it owns.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, ClassVar, Self

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from zoneops.core.bounds import HAPPENED, PLANNED, BoundedModel
from zoneops.core.models import Department, Park, Role
from zoneops.core.scope import ScopedQuerySet, scope_of

# The department whose officers run the key projects (项目办): they see every project.
PROJECTS_DEPARTMENT = "projects"


class Category(models.TextChoices):
    INDUSTRIAL = "industrial", _("产业项目")
    INFRASTRUCTURE = "infrastructure", _("基础设施项目")
    PARK_UPGRADING = "park_upgrading", _("园区提升项目")


class Level(models.TextChoices):
    PROVINCE = "province", _("省级重点")
    CITY = "city", _("市级重点")
    ZONE = "zone", _("区级重点")


class Status(models.TextChoices):
    PLANNED = "planned", _("未开工")
    BUILDING = "building", _("在建")
    COMPLETED = "completed", _("已竣工")
    SUSPENDED = "suspended", _("停缓建")


class Nature(models.TextChoices):
    # A context of their own: the history's action 新建 ("Created") is another word.
    NEW = "new", pgettext_lazy("建设性质", "新建")
    CONTINUING = "continuing", pgettext_lazy("建设性质", "续建")


class FundingKind(models.TextChoices):
    CENTRAL_BUDGET = "central_budget", _("中央预算内投资")
    PROVINCE_BUDGET = "province_budget", _("省预算内投资")
    SPECIAL_BONDS = "special_bonds", _("地方政府专项债券")
    GENERAL_BONDS = "general_bonds", _("一般债券")
    OWN_FUNDS = "own_funds", _("自筹资金")
    LOANS = "loans", _("银行贷款")


class MemberRole(models.TextChoices):
    HEAD = "head", _("专班组长")
    DEPUTY = "deputy", _("副组长")
    LIAISON = "liaison", _("联络员")
    MEMBER = "member", _("成员")


class KeyProjectQuerySet(ScopedQuerySet["KeyProject"]):
    scope_paths: ClassVar[dict[str, str]] = {
        "park": "park",
        "enterprise": "owner_enterprise",
        "department": "problems__department",
    }

    def visible_to(self, user: Any) -> Self:
        """Scope plus the task force: a member reaches the projects they serve on, whatever
        their role; the 项目办 sees every project; other departments those with a problem they
        own; banks nothing."""
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        scope = scope_of(user)
        if scope.zone:
            return self
        if getattr(user, "role", None) == Role.BANK:
            return self.none()
        department = getattr(user, "department", None)
        if scope.departments and department is not None and department.code == PROJECTS_DEPARTMENT:
            return self
        condition = Q(members__user=user)
        if scope.parks:
            condition |= Q(park__in=scope.parks)
        if scope.enterprises:
            condition |= Q(owner_enterprise__in=scope.enterprises)
        if scope.departments:
            condition |= Q(problems__department__in=scope.departments)
        ids = KeyProject.objects.filter(condition).values("pk")
        return self.filter(pk__in=ids)


class KeyProject(BoundedModel, models.Model):
    """重点项目: one project of a year's plan, with its task force (专班) and ledger (台账)."""

    date_spans = {
        "planned_start": PLANNED,
        "actual_start": HAPPENED,
        "planned_completion": PLANNED,
        "actual_completion": HAPPENED,
    }

    year = models.PositiveSmallIntegerField(
        _("年度"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    name = models.CharField(_("项目名称"), max_length=200)
    category = models.CharField(_("项目类别"), max_length=20, choices=Category.choices)
    level = models.CharField(_("项目级别"), max_length=20, choices=Level.choices)
    nature = models.CharField(
        _("建设性质"), max_length=20, choices=Nature.choices, default=Nature.NEW
    )
    owner_enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("业主企业"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="key_projects",
    )
    owner_name = models.CharField(_("业主单位"), max_length=200, blank=True)
    park = models.ForeignKey(
        Park, verbose_name=_("园区"), on_delete=models.PROTECT, related_name="key_projects"
    )
    industry = models.ForeignKey(
        "enterprises.Industry",
        verbose_name=_("行业"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    content = models.TextField(_("建设规模及内容"), blank=True)
    total_investment = models.DecimalField(
        _("总投资（元）"),
        validators=[MinValueValidator(Decimal(0))],
        max_digits=16,
        decimal_places=2,
    )
    planned_start = models.DateField(_("计划开工"), null=True, blank=True)
    actual_start = models.DateField(_("实际开工"), null=True, blank=True)
    planned_completion = models.DateField(_("计划竣工"), null=True, blank=True)
    actual_completion = models.DateField(_("实际竣工"), null=True, blank=True)
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("包抓领导"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_key_projects",
    )
    # Investment completed before this year (续建 projects carry it over from earlier years).
    prior_investment = models.DecimalField(
        _("以前年度累计完成投资（元）"),
        default=Decimal(0),
        validators=[MinValueValidator(Decimal(0))],
        max_digits=16,
        decimal_places=2,
    )

    objects = KeyProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("重点项目")
        verbose_name_plural = _("重点项目")
        ordering = ["-year", "park__order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["year", "name"], name="key_project_unique_name")
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if (
            self.planned_start
            and self.planned_completion
            and self.planned_completion < self.planned_start
        ):
            errors["planned_completion"] = _("计划竣工日期不能早于计划开工日期")
        if self.actual_completion and not self.actual_start:
            errors["actual_completion"] = _("尚未开工的项目不能竣工")
        if (
            self.actual_start
            and self.actual_completion
            and self.actual_completion < self.actual_start
        ):
            errors["actual_completion"] = _("实际竣工日期不能早于实际开工日期")
        if errors:
            raise ValidationError(errors)


class ChildQuerySet(ScopedQuerySet[Any]):
    """Rows that belong to a project are visible exactly when their project is."""

    def visible_to(self, user: Any) -> Self:
        return self.filter(project__in=KeyProject.objects.visible_to(user).values("pk"))


class PlannedInvestment(models.Model):
    """本年计划投资（分月）: the investment a project plans for one month of its year."""

    project = models.ForeignKey(KeyProject, on_delete=models.CASCADE, related_name="plan_months")
    month = models.PositiveSmallIntegerField(
        _("月份"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    amount = models.DecimalField(
        _("计划投资（元）"),
        validators=[MinValueValidator(Decimal(0))],
        max_digits=16,
        decimal_places=2,
    )

    objects = ChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("分月计划投资")
        verbose_name_plural = _("分月计划投资")
        ordering = ["project", "month"]
        constraints = [
            models.UniqueConstraint(fields=["project", "month"], name="plan_month_unique")
        ]

    def __str__(self) -> str:
        return f"{self.project} · {self.month}"


class TaskForceMember(models.Model):
    """专班成员: a person on a project's task force, with their role in it."""

    project = models.ForeignKey(KeyProject, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("成员"),
        on_delete=models.PROTECT,
        related_name="task_forces",
    )
    role = models.CharField(
        _("专班职务"), max_length=20, choices=MemberRole.choices, default=MemberRole.MEMBER
    )
    duty = models.CharField(_("分工"), max_length=200, blank=True)

    objects = ChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("专班成员")
        verbose_name_plural = _("专班成员")
        ordering = ["project", "role", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["project", "user"], name="task_force_unique_member")
        ]

    def __str__(self) -> str:
        return f"{self.project} · {self.user}"


class FundingSource(models.Model):
    """资金来源: one source of a project's money (a budget, a bond batch, a loan)."""

    project = models.ForeignKey(KeyProject, on_delete=models.CASCADE, related_name="funding")
    kind = models.CharField(_("资金类别"), max_length=20, choices=FundingKind.choices)
    year = models.PositiveSmallIntegerField(
        _("年度"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    batch = models.CharField(_("批次"), max_length=50, blank=True)
    requested = models.DecimalField(
        _("申请金额（元）"),
        default=Decimal(0),
        validators=[MinValueValidator(Decimal(0))],
        max_digits=16,
        decimal_places=2,
    )
    approved = models.DecimalField(
        _("批复金额（元）"),
        default=Decimal(0),
        validators=[MinValueValidator(Decimal(0))],
        max_digits=16,
        decimal_places=2,
    )
    disbursed = models.DecimalField(
        _("到位金额（元）"),
        default=Decimal(0),
        validators=[MinValueValidator(Decimal(0))],
        max_digits=16,
        decimal_places=2,
    )

    objects = ChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("资金来源")
        verbose_name_plural = _("资金来源")
        ordering = ["project", "kind", "year", "batch"]

    def __str__(self) -> str:
        return f"{self.project} · {self.get_kind_display()} {self.year} {self.batch}".strip()

    def clean(self) -> None:
        if self.disbursed > self.approved and self.approved:
            raise ValidationError({"disbursed": _("到位金额不能超过批复金额")})


class LedgerUpdate(BoundedModel, models.Model):
    """台账更新: a project's monthly entry — investment completed that month and its progress."""

    date_spans = {
        "month": HAPPENED,
        "reported_on": HAPPENED,
    }

    project = models.ForeignKey(KeyProject, on_delete=models.CASCADE, related_name="updates")
    month = models.DateField(_("月份"), help_text=_("该月第一天"))
    reported_on = models.DateField(_("填报日期"))
    investment = models.DecimalField(
        _("本月完成投资（元）"),
        validators=[MinValueValidator(Decimal(0))],
        max_digits=16,
        decimal_places=2,
    )
    progress = models.TextField(_("形象进度"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("填报人员"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = ChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("台账更新")
        verbose_name_plural = _("台账更新")
        ordering = ["project", "-month"]
        constraints = [
            models.UniqueConstraint(fields=["project", "month"], name="ledger_update_unique_month")
        ]

    def __str__(self) -> str:
        return f"{self.project} · {self.month:%Y-%m}"

    def clean(self) -> None:
        if self.month and self.month.day != 1:
            self.month = self.month.replace(day=1)


class AttachmentQuerySet(ScopedQuerySet["Attachment"]):
    def visible_to(self, user: Any) -> Self:
        return self.filter(update__project__in=KeyProject.objects.visible_to(user).values("pk"))


def attachment_path(instance: Attachment, filename: str) -> str:
    return f"projects/{instance.update.project_id}/{dt.date.today():%Y%m}/{filename}"


class Attachment(models.Model):
    """附件与照片: a file attached to a ledger update, downloaded only through a scoped view."""

    class Kind(models.TextChoices):
        PHOTO = "photo", _("现场照片")
        DOCUMENT = "document", _("附件")

    update = models.ForeignKey(LedgerUpdate, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    file = models.FileField(_("文件"), upload_to=attachment_path, max_length=300)
    name = models.CharField(_("文件名"), max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = AttachmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")
        ordering = ["update", "pk"]

    def __str__(self) -> str:
        return self.name


class Problem(BoundedModel, models.Model):
    """问题: a problem raised on a project, owned by a department, with a deadline."""

    date_spans = {
        "raised_on": HAPPENED,
        "deadline": PLANNED,
        "resolved_on": HAPPENED,
    }

    project = models.ForeignKey(KeyProject, on_delete=models.CASCADE, related_name="problems")
    raised_on = models.DateField(_("提出日期"))
    description = models.TextField(_("问题描述"))
    department = models.ForeignKey(
        Department,
        verbose_name=_("责任部门"),
        on_delete=models.PROTECT,
        related_name="key_project_problems",
    )
    deadline = models.DateField(_("办结时限"))
    resolved_on = models.DateField(_("解决日期"), null=True, blank=True)
    resolution = models.TextField(_("解决情况"), blank=True)

    objects = ChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("项目问题")
        verbose_name_plural = _("项目问题")
        ordering = ["project", "resolved_on", "deadline", "pk"]

    def __str__(self) -> str:
        return self.description[:40]

    def clean(self) -> None:
        if self.raised_on and self.deadline and self.deadline < self.raised_on:
            raise ValidationError({"deadline": _("办结时限不能早于提出日期")})
        if self.resolved_on and not self.resolution.strip():
            raise ValidationError({"resolution": _("请填写解决情况")})

    @property
    def resolved(self) -> bool:
        return self.resolved_on is not None

    def overdue(self, today: dt.date) -> bool:
        return self.resolved_on is None and self.deadline < today


class WarningRules(models.Model):
    """预警规则: the thresholds of the key-project warnings, one row, edited by the 项目办."""

    lag_points = models.DecimalField(
        _("进度滞后预警（百分点）"),
        max_digits=5,
        decimal_places=1,
        default=Decimal(10),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
        help_text=_("完成率落后于时间进度超过此数即预警"),
    )
    update_day = models.PositiveSmallIntegerField(
        _("月度更新截止日"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(28)],
        help_text=_("每月此日之后，上月台账仍未更新即预警"),
    )
    as_of = models.DateField(
        _("统计截止日"),
        null=True,
        blank=True,
        help_text=_("留空为今天；用于按某一日回看进度（如演示数据）"),
    )

    class Meta:
        verbose_name = _("项目预警规则")
        verbose_name_plural = _("项目预警规则")

    def __str__(self) -> str:
        return str(_("项目预警规则"))
