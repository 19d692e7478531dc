"""Investment attraction (招商引资): projects from first lead to production, their stage changes
and arriving funds, the work log, events, chain teams and targets.

Money is stored in 元 as Decimal (shown in 万元/亿元, entered in 亿元 or 万元 on forms); land in 亩,
buildings in m², electricity in kWh. Scope (who sees which project) is in
:class:`ProjectQuerySet.visible_to`; everything else reaches its scope through its projects.
"""

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


class ChainOfficer(models.Model):
    """产业链招商专员: an investment officer working on a chain (its leads are theirs to see)."""

    chain = models.ForeignKey(Chain, on_delete=models.CASCADE, related_name="investment_officers")
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("招商专员"),
        on_delete=models.CASCADE,
        related_name="investment_chains",
    )
    is_head = models.BooleanField(_("牵头人"), default=False)

    class Meta:
        verbose_name = _("产业链招商专员")
        verbose_name_plural = _("产业链招商专员")
        ordering = ["chain", "-is_head", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["chain", "officer"], name="chain_officer_unique")
        ]

    def __str__(self) -> str:
        return f"{self.chain} · {self.officer}"


class TargetScope(models.TextChoices):
    ZONE = "zone", _("全区")
    CHAIN = "chain", _("产业链")
    OFFICER = "officer", _("招商人员")


class Target(models.Model):
    """招商目标: newly signed projects (count and amount) for a year or a quarter, for the zone,
    a chain or an officer."""

    year = models.PositiveSmallIntegerField(_("年度"))
    quarter = models.PositiveSmallIntegerField(_("季度"), null=True, blank=True)
    scope = models.CharField(_("范围"), max_length=10, choices=TargetScope.choices)
    chain = models.ForeignKey(
        Chain,
        verbose_name=_("产业链"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="investment_targets",
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("招商人员"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="investment_targets",
    )
    project_count = models.PositiveIntegerField(_("签约项目数（个）"))
    amount = money(_("签约金额（元）"))
    industrial_only = models.BooleanField(_("仅计工业项目"), default=True)

    class Meta:
        verbose_name = _("招商目标")
        verbose_name_plural = _("招商目标")
        # One target per period and place: checked by the service (NULLs defeat a constraint).
        ordering = ["-year", "quarter", "scope", "pk"]

    def __str__(self) -> str:
        where = self.chain or self.officer or _("全区")
        when = f"{self.year}年" + (f"第{self.quarter}季度" if self.quarter else "")
        return f"{where} · {when}"
