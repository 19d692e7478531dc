"""Investment projects (招商项目) from first lead to production: their stages, stage changes and
arriving funds. Money is stored in 元 as Decimal; land in 亩, buildings in m², electricity in
kWh. Scope (who sees which project) is in :class:`ProjectQuerySet.visible_to`; everything else
of the app reaches its scope through its projects."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zoneops.core.bounds import HAPPENED, PLANNED, BoundedModel
from zoneops.core.models import Park, Role
from zoneops.core.scope import scope_of
from zoneops.enterprises.models import (
    INDUSTRIAL_CODE_RE,
    Chain,
    ChainNode,
    Enterprise,
    Industry,
    IndustryLevel,
)

# The department whose officers attract investment (招商局); its code in core.Department.
INVESTMENT_DEPARTMENT = "investment"


def money(label: Any, *, null: bool = False) -> models.DecimalField:  # type: ignore[type-arg]
    """An amount of money in 元, never negative."""
    return models.DecimalField(
        label,
        max_digits=18,
        decimal_places=2,
        null=null,
        blank=null,
        validators=[MinValueValidator(0)],
    )


class Stage(models.TextChoices):
    LEAD = "lead", _("线索")
    NEGOTIATING = "negotiating", _("在谈")
    SIGNED = "signed", _("签约")
    STARTED = "started", _("开工")
    PRODUCING = "producing", _("投产")
    DROPPED = "dropped", _("终止")


# The pipeline in order; a dropped project stands outside it.
PIPELINE = (Stage.LEAD, Stage.NEGOTIATING, Stage.SIGNED, Stage.STARTED, Stage.PRODUCING)
RANK = {stage: index for index, stage in enumerate(PIPELINE)}
SIGNED_OR_LATER = (Stage.SIGNED, Stage.STARTED, Stage.PRODUCING)


class Method(models.TextChoices):
    CHAIN = "chain", _("产业链招商")
    VIA_INVESTOR = "via_investor", _("以商招商")
    TARGETED = "targeted", _("定向招商")
    PRECISION = "precision", _("精准招商")
    FAIR = "fair", _("会展招商")
    RESIDENT = "resident", _("驻点招商")
    OTHER = "other", _("其他")


class Origin(models.TextChoices):
    """Where an investor (and so its money) comes from, as 到位资金 statistics split it."""

    OUTSIDE_PROVINCE = "outside_province", _("省外")
    OUTSIDE_CITY = "outside_city", _("省内市外")
    LOCAL = "local", _("市内")
    ABROAD = "abroad", _("境外")


class Review(models.TextChoices):
    """研判: a lead an officer outside the bureau brought in (全员招商), as the bureau judged it."""

    NONE = "", _("无需研判")
    PENDING = "pending", _("待研判")
    ACCEPTED = "accepted", _("已采纳")
    DECLINED = "declined", _("未采纳")


def is_investment_officer(user: Any) -> bool:
    """An officer of the investment bureau (招商局)."""
    department = getattr(user, "department", None)
    return (
        getattr(user, "role", None) == Role.DEPARTMENT_OFFICER
        and department is not None
        and department.code == INVESTMENT_DEPARTMENT
    )


def _signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


class ProjectQuerySet(models.QuerySet["Project"]):
    def visible_to(self, user: Any) -> ProjectQuerySet:
        """Zone leaders and administrators: all. Investment officers: the leads they made or
        follow, those of the chains they work on and those waiting for the bureau's 研判. A
        chain leader: the chain's. A park officer: the projects located in their park. Every
        officer: the leads they brought in (their source). Anyone else: nothing."""
        if not _signed_in(user):
            return self.none()
        scope = scope_of(user)
        if scope.zone:
            return self
        condition = Q(chain__leader_user=user)
        # Whoever brought a lead in (全员招商) stays on it as its source, whatever their role.
        condition |= Q(source=user)
        if is_investment_officer(user):
            condition |= (
                Q(follow_up=user)
                | Q(first_contact=user)
                | Q(created_by=user)
                | Q(chain__investment_officers__officer=user)
                # The bureau qualifies (研判) and assigns what the zone's officers bring in.
                | Q(review=Review.PENDING)
            )
        if scope.parks:
            condition |= Q(park__in=scope.parks)
        # Through the chain team (many-valued): a subquery keeps each project once.
        return self.filter(pk__in=Project.objects.filter(condition).values("pk"))

    def signed_between(self, start: Any, end: Any) -> ProjectQuerySet:
        return self.filter(signed_on__gte=start, signed_on__lte=end)

    def industrial(self) -> ProjectQuerySet:
        """Industrial projects: industry in 门类 B, C or D (mining, manufacturing, utilities)."""
        return self.filter(industry__code__regex=INDUSTRIAL_CODE_RE)


class Project(BoundedModel, models.Model):
    """招商项目: one investment project from the first lead to production (or dropped)."""

    # A lead is obtained, a contract signed, work started on a day that has come; a start is
    # planned at most some years ahead (zoneops/core/bounds.py).
    date_spans = {
        "lead_on": HAPPENED,
        "signed_on": HAPPENED,
        "started_on": HAPPENED,
        "producing_on": HAPPENED,
        "dropped_on": HAPPENED,
        "planned_start": PLANNED,
    }

    name = models.CharField(_("项目名称"), max_length=200, db_index=True)
    investor = models.CharField(_("投资方"), max_length=200)
    investor_region = models.CharField(
        _("投资方所在地"), max_length=100, blank=True, help_text=_("如：江苏省无锡市")
    )
    origin = models.CharField(
        _("资金来源地"), max_length=20, choices=Origin.choices, default=Origin.OUTSIDE_PROVINCE
    )
    chain = models.ForeignKey(
        Chain,
        verbose_name=_("产业链"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="investment_projects",
    )
    chain_node = models.ForeignKey(
        ChainNode,
        verbose_name=_("产业链环节"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="investment_projects",
    )
    industry = models.ForeignKey(
        Industry,
        verbose_name=_("行业"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="investment_projects",
    )
    park = models.ForeignKey(
        Park,
        verbose_name=_("拟落地园区"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="investment_projects",
    )
    content = models.TextField(_("建设内容"), blank=True)
    total_investment = money(_("总投资（元）"))
    expected_output = money(_("预计年产值（元）"), null=True)
    expected_tax = money(_("预计年税收（元）"), null=True)
    land_area = models.DecimalField(
        _("用地需求（亩）"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    building_area = models.DecimalField(
        _("厂房需求（平方米）"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    annual_power = models.DecimalField(
        _("年用电需求（千瓦时）"),
        max_digits=18,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    financing_need = money(_("融资需求（元）"), null=True)
    other_needs = models.TextField(_("其他要素需求"), blank=True)
    method = models.CharField(_("招商方式"), max_length=20, choices=Method.choices)
    first_contact = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("首谈人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="first_contact_projects",
    )
    follow_up = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("跟进人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="followed_projects",
    )
    assigned_by = models.CharField(
        _("交办领导"), max_length=100, blank=True, help_text=_("领导交办项目填写交办领导")
    )
    lead_on = models.DateField(_("获取线索日期"))
    stage = models.CharField(_("阶段"), max_length=20, choices=Stage.choices, default=Stage.LEAD)
    # The dates and amount below are kept by the stage service from the stage changes, so that
    # lists and targets can filter on them; the changes themselves are in StageChange.
    signed_on = models.DateField(_("签约日期"), null=True, blank=True, db_index=True)
    signed_amount = money(_("签约金额（元）"), null=True)
    started_on = models.DateField(_("开工日期"), null=True, blank=True)
    producing_on = models.DateField(_("投产日期"), null=True, blank=True)
    dropped_on = models.DateField(_("终止日期"), null=True, blank=True)
    drop_reason = models.TextField(_("终止原因"), blank=True)
    planned_start = models.DateField(_("计划开工日期"), null=True, blank=True)
    company_name = models.CharField(
        _("拟注册企业名称"), max_length=200, blank=True, help_text=_("项目公司在区内注册的名称")
    )
    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("注册企业"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="investment_projects",
    )
    source = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("线索来源人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sourced_projects",
        help_text=_("全员招商：登记这条线索的干部"),
    )
    review = models.CharField(
        _("研判"), max_length=10, choices=Review.choices, default=Review.NONE, blank=True
    )
    review_note = models.TextField(_("研判意见"), max_length=2000, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("研判人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_on = models.DateField(_("研判日期"), null=True, blank=True)
    # 列入重点项目: the key project a signed project became. The link lives here because the
    # hand-over runs investment → projects; the plan knows no investment project.
    key_project = models.OneToOneField(
        "projects.KeyProject",
        verbose_name=_("列入的重点项目"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="investment_project",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("录入人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("招商项目")
        verbose_name_plural = _("招商项目")
        ordering = ["-updated_at", "-pk"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        node, industry = self.chain_node, self.industry
        if node is not None and node.chain_id != self.chain_id:
            errors["chain_node"] = _("环节不属于所选产业链")
        if industry is not None and industry.level < IndustryLevel.DIVISION:
            errors["industry"] = _("行业应至少细到大类（两位代码）")
        if errors:
            raise ValidationError(errors)

    @property
    def is_industrial(self) -> bool:
        return self.industry is not None and self.industry.is_industrial

    @property
    def is_signed(self) -> bool:
        return self.stage in SIGNED_OR_LATER

    @property
    def chain_leader(self) -> str:
        return self.chain.leader_name if self.chain else ""


class StageChange(BoundedModel, models.Model):
    """阶段变更: one dated move of a project between stages, kept for good."""

    date_spans = {"on": HAPPENED}

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="stage_changes")
    from_stage = models.CharField(_("原阶段"), max_length=20, choices=Stage.choices, blank=True)
    to_stage = models.CharField(_("新阶段"), max_length=20, choices=Stage.choices)
    on = models.DateField(_("日期"))
    amount = money(_("签约金额（元）"), null=True)
    note = models.TextField(_("说明"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("阶段变更")
        verbose_name_plural = _("阶段变更")
        ordering = ["-on", "-pk"]

    def __str__(self) -> str:
        return f"{self.project} · {self.get_to_stage_display()} · {self.on}"


class FundArrival(BoundedModel, models.Model):
    """到位资金: money of a project that actually arrived in one month, by origin."""

    date_spans = {"month": HAPPENED}

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="arrivals")
    month = models.DateField(_("月份"), help_text=_("当月1日"))
    origin = models.CharField(_("资金来源地"), max_length=20, choices=Origin.choices)
    amount = money(_("到位金额（元）"))
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("到位资金")
        verbose_name_plural = _("到位资金")
        ordering = ["-month", "project", "origin"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "month", "origin"], name="fund_arrival_unique_month_origin"
            )
        ]

    def __str__(self) -> str:
        return f"{self.project} · {self.month:%Y-%m} · {self.get_origin_display()}"

    def clean(self) -> None:
        if self.month and self.month.day != 1:
            raise ValidationError({"month": _("月份应为当月1日")})
