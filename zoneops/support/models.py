"""Enterprise services: the policy library, funding programs with their eligibility rules,
applications, the difficulties register, cultivation pools and in-app notices.

Money is stored in 元 as Decimal; pages show 万元/亿元 (zoneops/core/units.py).
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from zoneops.core.bounds import HAPPENED, PLANNED, BoundedModel
from zoneops.core.models import Department, User
from zoneops.core.scope import ScopedQuerySet
from zoneops.enterprises.models import Enterprise


def money(label: Any) -> models.DecimalField[Any, Any]:
    """An optional amount in 元."""
    return models.DecimalField(label, max_digits=18, decimal_places=2, null=True, blank=True)


class Level(models.TextChoices):
    NATIONAL = "national", _("国家级")
    PROVINCE = "province", _("省级")
    CITY = "city", _("市级")
    ZONE = "zone", _("区级")


class PolicyQuerySet(ScopedQuerySet["Policy"]):
    reference = True


class Policy(BoundedModel, models.Model):
    """惠企政策: a policy document in the library, searchable in Chinese.

    ``search_grams`` holds the character bigrams of title, issuer, summary, body and tags
    (written by the service), so the same substring search works on SQLite and PostgreSQL.
    """

    date_spans = {
        "issued_on": HAPPENED,
        "valid_until": PLANNED,
    }

    title = models.CharField(_("标题"), max_length=200)
    issuer = models.CharField(_("发文机关"), max_length=100)
    document_number = models.CharField(_("文号"), max_length=100, blank=True)
    level = models.CharField(_("层级"), max_length=20, choices=Level.choices)
    issued_on = models.DateField(_("发布日期"))
    valid_until = models.DateField(_("有效期至"), null=True, blank=True)
    categories = models.CharField(_("分类"), max_length=200, blank=True)
    tags = models.CharField(_("标签"), max_length=200, blank=True)
    summary = models.TextField(_("摘要"), blank=True)
    body = models.TextField(_("全文"), blank=True)
    source_url = models.URLField(_("原文链接"), blank=True)
    search_grams = models.TextField(editable=False, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PolicyQuerySet.as_manager()

    class Meta:
        verbose_name = _("惠企政策")
        verbose_name_plural = _("惠企政策")
        ordering = ["-issued_on", "-pk"]

    def __str__(self) -> str:
        return self.title


class ProgramCategory(models.TextChoices):
    ADVANCED_MANUFACTURING = "advanced_manufacturing", _("先进制造业")
    UPGRADE = "upgrade", _("工业转型升级")
    SME = "sme", _("中小企业发展")
    FOREIGN_TRADE = "foreign_trade", _("外经贸发展")
    TECHNOLOGY = "technology", _("科技专项")
    OTHER = "other", _("其他")


class ProgramQuerySet(ScopedQuerySet["FundingProgram"]):
    # Programs are public notices: every signed-in user may read them; who qualifies is scoped.
    reference = True


class FundingProgram(BoundedModel, models.Model):
    """专项资金申报: a funding program with its application window and eligibility rules."""

    date_spans = {
        "opens_on": PLANNED,
        "closes_on": PLANNED,
    }

    name = models.CharField(_("项目名称"), max_length=200)
    issuer = models.CharField(_("主管部门"), max_length=100)
    level = models.CharField(_("层级"), max_length=20, choices=Level.choices)
    category = models.CharField(_("类别"), max_length=30, choices=ProgramCategory.choices)
    policy = models.ForeignKey(
        Policy,
        verbose_name=_("依据政策"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="programs",
    )
    opens_on = models.DateField(_("申报开始"))
    closes_on = models.DateField(_("申报截止"))
    amount_min = money(_("支持金额下限（元）"))
    amount_max = money(_("支持金额上限（元）"))
    materials = models.TextField(_("申报材料"), blank=True, help_text=_("每行一项"))
    description = models.TextField(_("说明"), blank=True)
    department = models.ForeignKey(
        Department,
        verbose_name=_("负责部门"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="funding_programs",
    )
    reminder_days = models.PositiveSmallIntegerField(_("截止前提醒天数"), default=7)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProgramQuerySet.as_manager()

    class Meta:
        verbose_name = _("专项资金项目")
        verbose_name_plural = _("专项资金项目")
        ordering = ["closes_on", "pk"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            errors["closes_on"] = _("申报截止日不能早于开始日")
        if (
            self.amount_min is not None
            and self.amount_max is not None
            and self.amount_max < self.amount_min
        ):
            errors["amount_max"] = _("金额上限不能低于下限")
        if errors:
            raise ValidationError(errors)

    @property
    def material_list(self) -> list[str]:
        return [line.strip() for line in self.materials.splitlines() if line.strip()]


class RuleField(models.TextChoices):
    """The enterprise data a rule can test (see zoneops/support/matching.py)."""

    PARK = "park", _("所在园区")
    INDUSTRY = "industry", _("行业（代码前缀）")
    SCALE = "scale", _("规模")
    TAG = "tag", _("企业标签")
    CHAIN = "chain", _("所属产业链")
    REVENUE_TTM = "revenue_ttm", _("近12个月营业收入（万元）")
    OUTPUT_TTM = "output_ttm", _("近12个月工业总产值（万元）")
    REVENUE_YTD = "revenue_ytd", _("本年累计营业收入（万元）")
    REVENUE_GROWTH = "revenue_growth", _("营业收入累计增速（%）")
    OUTPUT_GROWTH = "output_growth", _("工业总产值累计增速（%）")
    YEARS = "years", _("成立年限（年）")


class RuleOperator(models.TextChoices):
    IN = "in", _("属于")
    NOT_IN = "not_in", _("不属于")
    GTE = "gte", _("不低于")
    LTE = "lte", _("不高于")


class EligibilityRule(models.Model):
    """申报条件: one condition on enterprise data; a program's rules must all hold.

    ``value`` is text: a comma-separated list for 属于/不属于 (park ids, industry code prefixes,
    tag codes, chain ids, ``above``/``below`` for scale), a number for 不低于/不高于 (万元 for
    money, percent for growth, years).
    """

    program = models.ForeignKey(FundingProgram, on_delete=models.CASCADE, related_name="rules")
    field = models.CharField(_("条件项"), max_length=30, choices=RuleField.choices)
    operator = models.CharField(_("比较"), max_length=10, choices=RuleOperator.choices)
    value = models.CharField(_("取值"), max_length=300)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("申报条件")
        verbose_name_plural = _("申报条件")
        ordering = ["program", "order", "pk"]

    def __str__(self) -> str:
        return f"{self.get_field_display()} {self.get_operator_display()} {self.value}"

    def clean(self) -> None:
        from zoneops.support.matching import rule_problem

        problem = rule_problem(self.field, self.operator, self.value)
        if problem:
            raise ValidationError({"value": problem})


class ApplicationStatus(models.TextChoices):
    PREPARING = "preparing", _("准备中")
    SUBMITTED = "submitted", _("已申报")
    APPROVED = "approved", _("已获批")
    REJECTED = "rejected", _("未获批")


class ApplicationQuerySet(ScopedQuerySet["Application"]):
    scope_paths: ClassVar[dict[str, str]] = {"park": "enterprise__park", "enterprise": "enterprise"}


class Application(BoundedModel, models.Model):
    """资金申报: one enterprise's application to one program, with the amounts."""

    date_spans = {
        "submitted_on": HAPPENED,
        "decided_on": HAPPENED,
    }

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("企业"), on_delete=models.PROTECT, related_name="applications"
    )
    program = models.ForeignKey(
        FundingProgram,
        verbose_name=_("项目"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    status = models.CharField(
        _("状态"),
        max_length=20,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.PREPARING,
    )
    amount_requested = money(_("申请金额（元）"))
    amount_approved = money(_("批复金额（元）"))
    amount_disbursed = money(_("已拨付金额（元）"))
    submitted_on = models.DateField(_("申报日期"), null=True, blank=True)
    decided_on = models.DateField(_("批复日期"), null=True, blank=True)
    note = models.TextField(_("备注"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("资金申报")
        verbose_name_plural = _("资金申报")
        ordering = ["-updated_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "program"], name="application_unique")
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} · {self.program}"

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        approved = self.amount_approved
        disbursed = self.amount_disbursed
        if disbursed is not None and (approved is None or disbursed > approved):
            errors["amount_disbursed"] = _("拨付金额不能超过批复金额")
        if approved is not None and self.status != ApplicationStatus.APPROVED:
            errors["amount_approved"] = _("只有已获批的申报才有批复金额")
        if errors:
            raise ValidationError(errors)


class Stage(models.TextChoices):
    INVESTMENT = "investment", _("投资")
    CONSTRUCTION = "construction", _("建设")
    PRODUCTION = "production", _("生产")
    OPERATION = "operation", _("经营")


class DifficultyStatus(models.TextChoices):
    OPEN = "open", _("待解决")
    IN_PROGRESS = "in_progress", _("推进中")
    RESOLVED = "resolved", _("已解决")


class DifficultyQuerySet(ScopedQuerySet["Difficulty"]):
    scope_paths: ClassVar[dict[str, str]] = {"park": "enterprise__park", "enterprise": "enterprise"}


class Difficulty(BoundedModel, models.Model):
    """难点堵点: a problem an enterprise meets in investment, construction, production or
    operation, the department that owns it and how it was solved.

    An officer may turn one into an appeal (``services.difficulty_to_appeal``): the appeal is
    taken in through the appeals intake, routed and timed like any other, and linked here.
    """

    date_spans = {
        "reported_on": HAPPENED,
        "resolved_on": HAPPENED,
    }

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("企业"), on_delete=models.PROTECT, related_name="difficulties"
    )
    title = models.CharField(_("问题"), max_length=200)
    description = models.TextField(_("详细情况"), blank=True)
    stage = models.CharField(_("环节"), max_length=20, choices=Stage.choices)
    department = models.ForeignKey(
        Department,
        verbose_name=_("责任部门"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="difficulties",
    )
    status = models.CharField(
        _("状态"), max_length=20, choices=DifficultyStatus.choices, default=DifficultyStatus.OPEN
    )
    reported_on = models.DateField(_("登记日期"))
    resolution = models.TextField(_("解决情况"), blank=True)
    resolved_on = models.DateField(_("解决日期"), null=True, blank=True)
    appeal = models.OneToOneField(
        "appeals.Appeal",
        verbose_name=_("转办诉求"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="difficulty",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = DifficultyQuerySet.as_manager()

    class Meta:
        verbose_name = _("难点堵点")
        verbose_name_plural = _("难点堵点")
        ordering = ["-reported_on", "-pk"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.status == DifficultyStatus.RESOLVED and not self.resolution.strip():
            raise ValidationError({"resolution": _("已解决的问题须填写解决情况")})


class PoolKind(models.TextChoices):
    ABOVE_SCALE = "above_scale", _("入统培育（升规入限）")
    TIER_1B = "tier_1b", _("10亿级培育")
    TIER_5B = "tier_5b", _("50亿级培育")
    TIER_10B = "tier_10b", _("100亿级培育")
    CHAIN_OWNER = "chain_owner", _("链主企业培育")


class PoolQuerySet(ScopedQuerySet["CultivationPool"]):
    reference = True


class CultivationPool(models.Model):
    """梯度培育库: a pool of enterprises cultivated towards one threshold."""

    kind = models.CharField(_("类型"), max_length=20, choices=PoolKind.choices, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    threshold = money(_("目标营收或产值（元）"))
    description = models.TextField(_("说明"), blank=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    objects = PoolQuerySet.as_manager()

    class Meta:
        verbose_name = _("培育库")
        verbose_name_plural = _("培育库")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.name


class MembershipStatus(models.TextChoices):
    CULTIVATING = "cultivating", _("培育中")
    ACHIEVED = "achieved", _("已达标")
    LEFT = "left", _("已退出")


class MembershipQuerySet(ScopedQuerySet["PoolMembership"]):
    scope_paths: ClassVar[dict[str, str]] = {"park": "enterprise__park", "enterprise": "enterprise"}


class PoolMembership(BoundedModel, models.Model):
    """培育对象: an enterprise in a pool, with its one-to-one officer, plan and outcome."""

    date_spans = {
        "joined_on": HAPPENED,
        "target_on": PLANNED,
        "ended_on": HAPPENED,
    }

    pool = models.ForeignKey(
        CultivationPool, verbose_name=_("培育库"), on_delete=models.PROTECT, related_name="members"
    )
    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("企业"),
        on_delete=models.PROTECT,
        related_name="pool_memberships",
    )
    joined_on = models.DateField(_("入库日期"))
    target_on = models.DateField(_("目标达成日期"), null=True, blank=True)
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("一对一服务专员"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cultivated",
    )
    plan = models.TextField(_("培育计划"), blank=True)
    status = models.CharField(
        _("状态"),
        max_length=20,
        choices=MembershipStatus.choices,
        default=MembershipStatus.CULTIVATING,
    )
    ended_on = models.DateField(_("达标或退出日期"), null=True, blank=True)
    reward = models.CharField(_("奖励"), max_length=200, blank=True)
    reward_amount = money(_("奖励金额（元）"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("培育对象")
        verbose_name_plural = _("培育对象")
        ordering = ["pool", "-joined_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["pool", "enterprise"],
                condition=models.Q(status="cultivating"),
                name="pool_membership_one_active",
            )
        ]

    def __str__(self) -> str:
        return f"{self.pool} · {self.enterprise}"

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.target_on and self.joined_on and self.target_on < self.joined_on:
            errors["target_on"] = _("目标日期不能早于入库日期")
        if self.status != MembershipStatus.CULTIVATING and not self.ended_on:
            errors["ended_on"] = _("达标或退出须填写日期")
        if self.status != MembershipStatus.ACHIEVED and (self.reward or self.reward_amount):
            errors["reward"] = _("奖励只在达标后兑现")
        if errors:
            raise ValidationError(errors)


class NoticeQuerySet(models.QuerySet["Notice"]):
    def visible_to(self, user: User) -> NoticeQuerySet:
        """A notice is seen by its recipient only."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(recipient=user)


class Notice(models.Model):
    """站内提醒: a message to one user (a window about to close, …). ``key`` makes the daily
    job idempotent: the same reminder is never written twice."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="support_notices"
    )
    key = models.CharField(max_length=120)
    message = models.CharField(_("内容"), max_length=300)
    url = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)

    objects = NoticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("站内提醒")
        verbose_name_plural = _("站内提醒")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "key"], name="notice_unique_key")
        ]

    def __str__(self) -> str:
        return self.message
