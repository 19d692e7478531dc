"""Project approvals (工程建设项目审批, 项目报建): templates, each key project's matrix, intakes.

The four stages of 国办发〔2019〕11号 (立项用地规划许可 → 工程建设许可 → 施工许可 → 竣工验收)
and their items are data: a template per project type (政府投资, 企业投资核准, 企业投资备案) and
variant (拿地即开工, 低风险), imported from a workbook and edited, never written in code. A key
project's matrix copies its template's items; from then on each item keeps its own status,
dates, 办结文号, department and 帮办代办 officer. Scope is the key project's: a matrix is visible
exactly when its project is (``zoneops.projects.queries``).
"""

from __future__ import annotations

from typing import Any, Self

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from zoneops.approvals.codes import validate_project_code
from zoneops.core.bounds import HAPPENED, BoundedModel
from zoneops.core.models import Department
from zoneops.core.scope import ScopedQuerySet


class Stage(models.IntegerChoices):
    LAND_PLANNING = 1, _("立项用地规划许可")
    CONSTRUCTION_PERMIT = 2, _("工程建设许可")
    BUILDING_PERMIT = 3, _("施工许可")
    ACCEPTANCE = 4, _("竣工验收")


class ProjectType(models.TextChoices):
    GOVERNMENT = "government", _("政府投资")
    APPROVAL = "approval", _("企业投资核准")
    FILING = "filing", _("企业投资备案")


class Variant(models.TextChoices):
    STANDARD = "standard", _("一般流程")
    LAND_READY = "land_ready", _("拿地即开工")
    LOW_RISK = "low_risk", _("低风险")


class ItemStatus(models.TextChoices):
    NOT_APPLIED = "not_applied", _("未申请")
    PREPARING = "preparing", _("材料准备")
    ACCEPTED = "accepted", _("已受理")
    CORRECTING = "correcting", _("补正")
    CONCLUDED = "concluded", _("办结")
    REFUSED = "refused", _("不予许可")


# An item's clock runs while it is in the hands of a department.
RUNNING = frozenset({ItemStatus.ACCEPTED, ItemStatus.CORRECTING})
DONE = frozenset({ItemStatus.CONCLUDED, ItemStatus.REFUSED})
# A refused item blocks its project: it becomes a problem in the project's ledger.
BLOCKED = frozenset({ItemStatus.REFUSED})


class TemplateQuerySet(ScopedQuerySet["ApprovalTemplate"]):
    # The templates are the zone's reference: every signed-in officer reads them.
    reference = True


class ApprovalTemplate(models.Model):
    """审批流程模板: the items of the four stages for one project type and variant."""

    code = models.SlugField(_("模板代码"), max_length=40, unique=True)
    name = models.CharField(_("模板名称"), max_length=100)
    project_type = models.CharField(_("项目类型"), max_length=20, choices=ProjectType.choices)
    variant = models.CharField(
        _("审批类型"), max_length=20, choices=Variant.choices, default=Variant.STANDARD
    )
    target_days = models.PositiveSmallIntegerField(
        _("全流程目标时限（工作日）"),
        default=90,
        validators=[MinValueValidator(1), MaxValueValidator(400)],
    )

    objects = TemplateQuerySet.as_manager()

    class Meta:
        verbose_name = _("审批流程模板")
        verbose_name_plural = _("审批流程模板")
        ordering = ["project_type", "variant", "code"]

    def __str__(self) -> str:
        return self.name


class TemplateItem(models.Model):
    """模板事项: one approval item of a template, with its lead department, promised limit and
    the documents the applicant must bring (要件材料, the 一次性告知 list: one per line)."""

    template = models.ForeignKey(ApprovalTemplate, on_delete=models.CASCADE, related_name="items")
    stage = models.PositiveSmallIntegerField(_("阶段"), choices=Stage.choices)
    order = models.PositiveSmallIntegerField(
        _("序号"), default=1, validators=[MinValueValidator(1), MaxValueValidator(999)]
    )
    name = models.CharField(_("事项名称"), max_length=100)
    department = models.ForeignKey(
        Department, verbose_name=_("牵头部门"), on_delete=models.PROTECT, related_name="+"
    )
    limit_days = models.PositiveSmallIntegerField(
        _("承诺时限（工作日）"), validators=[MinValueValidator(0), MaxValueValidator(200)]
    )
    materials = models.TextField(_("要件材料"), blank=True, help_text=_("每行一项"))

    class Meta:
        verbose_name = _("模板事项")
        verbose_name_plural = _("模板事项")
        ordering = ["template", "stage", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["template", "stage", "name"], name="template_item_unique_name"
            )
        ]

    def __str__(self) -> str:
        return self.name


class MatrixQuerySet(ScopedQuerySet["ApprovalMatrix"]):
    def visible_to(self, user: Any) -> Self:
        """The matrices of the key projects the user may see; the window that takes in
        applications for every project (一窗受理 zone-wide: 企业服务中心) sees every matrix."""
        from zoneops.core.permissions import may_zone_wide
        from zoneops.projects.public import project_list

        if may_zone_wide(user, "approvals.intake"):
            return self
        return self.filter(key_project__in=project_list(user=user).values("pk"))


class ApprovalMatrix(BoundedModel, models.Model):
    """审批事项矩阵: one key project's approvals from 立项 to 竣工验收, from its template."""

    key_project = models.OneToOneField(
        "projects.KeyProject",
        verbose_name=_("重点项目"),
        on_delete=models.CASCADE,
        related_name="approval_matrix",
    )
    template = models.ForeignKey(
        ApprovalTemplate, verbose_name=_("审批流程模板"), on_delete=models.PROTECT, related_name="+"
    )
    project_code = models.CharField(
        _("投资项目代码"),
        max_length=24,
        blank=True,
        validators=[validate_project_code],
        help_text=_("如 2024-630121-34-03-012345"),
    )
    land_ready = models.BooleanField(_("拿地即开工"), default=False)
    target_days = models.PositiveSmallIntegerField(
        _("全流程目标时限（工作日）"),
        default=90,
        validators=[MinValueValidator(1), MaxValueValidator(400)],
    )

    objects = MatrixQuerySet.as_manager()

    class Meta:
        verbose_name = _("审批事项矩阵")
        verbose_name_plural = _("审批事项矩阵")
        ordering = ["key_project__name"]

    def __str__(self) -> str:
        return str(self.key_project)


class ItemQuerySet(ScopedQuerySet["ApprovalItem"]):
    def visible_to(self, user: Any) -> Self:
        return self.filter(matrix__in=ApprovalMatrix.objects.visible_to(user).values("pk"))


class ApprovalItem(BoundedModel, models.Model):
    """审批事项: one item of a project's matrix and where it stands."""

    date_spans = {"accepted_on": HAPPENED, "concluded_on": HAPPENED}

    matrix = models.ForeignKey(ApprovalMatrix, on_delete=models.CASCADE, related_name="items")
    stage = models.PositiveSmallIntegerField(_("阶段"), choices=Stage.choices)
    order = models.PositiveSmallIntegerField(
        _("序号"), default=1, validators=[MinValueValidator(1), MaxValueValidator(999)]
    )
    name = models.CharField(_("事项名称"), max_length=100)
    department = models.ForeignKey(
        Department, verbose_name=_("办理部门"), on_delete=models.PROTECT, related_name="+"
    )
    limit_days = models.PositiveSmallIntegerField(
        _("承诺时限（工作日）"), validators=[MinValueValidator(0), MaxValueValidator(200)]
    )
    materials = models.TextField(_("要件材料"), blank=True)
    status = models.CharField(
        _("状态"), max_length=20, choices=ItemStatus.choices, default=ItemStatus.NOT_APPLIED
    )
    accepted_on = models.DateField(_("受理日期"), null=True, blank=True)
    concluded_on = models.DateField(_("办结日期"), null=True, blank=True)
    # Working days spent on corrections (补正), technical review or public notice: not counted
    # in the approval time (docs/domain.md#approval-clocks), so both gross and counted days are
    # kept.
    excluded_days = models.PositiveSmallIntegerField(
        _("不计时工作日"), default=0, validators=[MaxValueValidator(400)]
    )
    document_number = models.CharField(_("办结文号"), max_length=100, blank=True)
    helper = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("帮办代办员"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.CharField(_("备注"), max_length=200, blank=True)
    # The problem this item raised in the key project's ledger (projects' id), so a job run
    # twice raises it once.
    problem_id = models.PositiveBigIntegerField(_("台账问题"), null=True, blank=True)

    objects = ItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("审批事项")
        verbose_name_plural = _("审批事项")
        ordering = ["matrix", "stage", "order", "pk"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.status in RUNNING | DONE and self.accepted_on is None:
            errors["accepted_on"] = _("已受理的事项请填写受理日期")
        if self.status in DONE and self.concluded_on is None:
            errors["concluded_on"] = _("办结或不予许可的事项请填写办结日期")
        if self.status not in DONE and self.concluded_on is not None:
            errors["concluded_on"] = _("尚未办结的事项不能填写办结日期")
        if self.status == ItemStatus.CONCLUDED and not self.document_number.strip():
            errors["document_number"] = _("办结的事项请填写办结文号")
        if self.accepted_on and self.concluded_on and self.concluded_on < self.accepted_on:
            errors["concluded_on"] = _("办结日期不能早于受理日期")
        if errors:
            raise ValidationError(errors)

    def material_list(self) -> list[str]:
        return [line.strip() for line in self.materials.splitlines() if line.strip()]


class IntakeQuerySet(ScopedQuerySet["Intake"]):
    def visible_to(self, user: Any) -> Self:
        return self.filter(item__in=ApprovalItem.objects.visible_to(user).values("pk"))


class Intake(BoundedModel, models.Model):
    """一窗受理: an application taken in at the window for one item, its materials checked and
    handed over to the item's department. The hand-over is an appeal of topic 审批手续 taken in
    and dispatched through the appeals' own services, so the routing, the working-day limit,
    the reminders and the statistics are the appeals' (one workflow, not two)."""

    date_spans = {"received_on": HAPPENED}

    item = models.ForeignKey(ApprovalItem, on_delete=models.CASCADE, related_name="intakes")
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("申报企业"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    received_on = models.DateField(_("受理日期"))
    materials_checked: models.JSONField[list[str], list[str]] = models.JSONField(
        _("已收材料"), default=list, blank=True
    )
    complete = models.BooleanField(_("材料齐全"), default=False)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    appeal = models.ForeignKey(
        "appeals.Appeal",
        verbose_name=_("转办单"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("受理人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = IntakeQuerySet.as_manager()

    class Meta:
        verbose_name = _("一窗受理")
        verbose_name_plural = _("一窗受理")
        ordering = ["-received_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.item} · {self.received_on}"
