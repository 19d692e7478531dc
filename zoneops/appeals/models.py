"""Appeals (有诉必应马上办, 一窗受理): an enterprise's request, complaint or suggestion, taken in
at one window from every channel, routed to the department that owns it, handled against a
time limit in working days, answered, closed, followed up and rated.

The flow and its rules live in :mod:`zoneops.appeals.services`; time limits count working days
on the statutory calendar (:mod:`zoneops.core.workdays`).
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, ClassVar, Self

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zoneops.core.bounds import HAPPENED, PLANNED, BoundedModel
from zoneops.core.http import Someone
from zoneops.core.models import Department, User
from zoneops.core.scope import ScopedQuerySet, scope_of
from zoneops.core.validators import validate_cn_phone
from zoneops.enterprises.models import Enterprise

# The department code of the one window (企业服务中心): its officers see and steer every appeal.
WINDOW_DEPARTMENT = "service"


class Channel(models.TextChoices):
    PORTAL = "portal", _("企业网上提交")
    WALK_IN = "walk_in", _("窗口来访")
    PHONE = "phone", _("电话")
    VISIT = "visit", _("走访收集")
    DIFFICULTY = "difficulty", _("难点堵点转办")


class Category(models.TextChoices):
    """诉求类型: what kind of appeal it is; the time limit depends on it."""

    ENQUIRY = "enquiry", _("咨询")
    HELP = "help", _("求助")
    COMPLAINT = "complaint", _("投诉")
    SUGGESTION = "suggestion", _("建议")


class Topic(models.TextChoices):
    """诉求事项: what it is about; routing and the hot-topic statistics use it."""

    POLICY = "policy", _("政策兑现")
    FUNDING = "funding", _("融资信贷")
    LAND = "land", _("用地规划")
    APPROVAL = "approval", _("审批手续")
    UTILITIES = "utilities", _("水电气暖")
    LABOUR = "labour", _("用工招聘")
    SAFETY = "safety", _("安全环保")
    TRAFFIC = "traffic", _("交通物流")
    INVESTMENT = "investment", _("项目建设")
    OTHER = "other", _("其他")


class Urgency(models.TextChoices):
    NORMAL = "normal", _("一般")
    URGENT = "urgent", _("紧急")


class Status(models.TextChoices):
    SUBMITTED = "submitted", _("待受理")
    ACCEPTED = "accepted", _("已受理待派单")
    DISPATCHED = "dispatched", _("已派单")
    HANDLING = "handling", _("办理中")
    REPLIED = "replied", _("已答复")
    CLOSED = "closed", _("已办结")
    VISITED = "visited", _("已回访")
    RATED = "rated", _("已评价")


# Statuses in which the clock runs: the appeal is not yet closed.
OPEN_STATUSES = (
    Status.SUBMITTED,
    Status.ACCEPTED,
    Status.DISPATCHED,
    Status.HANDLING,
    Status.REPLIED,
)
DONE_STATUSES = (Status.CLOSED, Status.VISITED, Status.RATED)


class Rating(models.TextChoices):
    SATISFIED = "satisfied", _("满意")
    BASICALLY = "basically", _("基本满意")
    UNSATISFIED = "unsatisfied", _("不满意")


class Escalation(models.IntegerChoices):
    NONE = 0, _("无")
    REMINDED = 1, _("已催办")
    DEPARTMENT_HEAD = 2, _("已升级至部门负责人")
    LEADER = 3, _("已升级至管委会领导")


def is_window_officer(user: Someone) -> bool:
    """An officer of 企业服务中心, the one window (by its department code)."""
    department = getattr(user, "department", None)
    return bool(
        getattr(user, "is_authenticated", False)
        and department is not None
        and department.code == WINDOW_DEPARTMENT
    )


class AppealQuerySet(ScopedQuerySet["Appeal"]):
    scope_paths: ClassVar[dict[str, str]] = {
        "park": "enterprise__park",
        "enterprise": "enterprise",
        "department": "department",
    }

    def visible_to(self, user: User) -> Self:
        # The window's officers steer every appeal, like the leaders do.
        if is_window_officer(user) and not scope_of(user).empty:
            return self
        return super().visible_to(user)

    def open(self) -> Self:
        return self.filter(status__in=OPEN_STATUSES)

    def overdue(self, today: dt.date) -> Self:
        return self.filter(status__in=OPEN_STATUSES, due_date__lt=today)


class Appeal(BoundedModel, models.Model):
    """诉求: one appeal of one enterprise, from intake to rating."""

    date_spans = {
        "received_on": HAPPENED,
        "due_date": PLANNED,
        "dispatched_on": HAPPENED,
        "replied_on": HAPPENED,
        "closed_on": HAPPENED,
        "followed_up_on": HAPPENED,
        "rated_on": HAPPENED,
    }

    number = models.CharField(_("诉求编号"), max_length=20, unique=True)
    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("企业"), on_delete=models.PROTECT, related_name="appeals"
    )
    channel = models.CharField(_("渠道"), max_length=20, choices=Channel.choices)
    category = models.CharField(_("诉求类型"), max_length=20, choices=Category.choices)
    topic = models.CharField(
        _("诉求事项"), max_length=20, choices=Topic.choices, default=Topic.OTHER
    )
    urgency = models.CharField(
        _("紧急程度"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL
    )
    title = models.CharField(_("标题"), max_length=100)
    content = models.TextField(_("诉求内容"), max_length=4000)
    contact_name = models.CharField(_("联系人"), max_length=50, blank=True)
    contact_phone = models.CharField(
        _("联系电话"), max_length=30, blank=True, validators=[validate_cn_phone]
    )
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.SUBMITTED
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("承办部门"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="appeals",
    )
    received_on = models.DateField(_("受理日期"))
    due_date = models.DateField(_("办理时限"))
    limit_days = models.PositiveSmallIntegerField(_("时限（工作日）"))
    calendar_warning = models.CharField(_("日历提示"), max_length=200, blank=True)
    extended_days = models.PositiveSmallIntegerField(_("已延期（工作日）"), default=0)
    escalation = models.PositiveSmallIntegerField(
        _("督办级别"), choices=Escalation.choices, default=Escalation.NONE
    )
    dispatched_on = models.DateField(_("派单日期"), null=True, blank=True)
    reply = models.TextField(_("答复内容"), max_length=4000, blank=True)
    replied_on = models.DateField(_("答复日期"), null=True, blank=True)
    resolved = models.BooleanField(_("已解决"), null=True, blank=True)
    closed_on = models.DateField(_("办结日期"), null=True, blank=True)
    follow_up = models.TextField(_("回访情况"), max_length=2000, blank=True)
    followed_up_on = models.DateField(_("回访日期"), null=True, blank=True)
    rating = models.CharField(
        _("评价"), max_length=20, choices=Rating.choices, blank=True, default=""
    )
    rating_comment = models.CharField(_("评价意见"), max_length=500, blank=True)
    rated_on = models.DateField(_("评价日期"), null=True, blank=True)
    reopened = models.PositiveSmallIntegerField(_("重办次数"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AppealQuerySet.as_manager()

    class Meta:
        verbose_name = _("诉求")
        verbose_name_plural = _("诉求")
        ordering = ["-received_on", "-number"]
        indexes = [
            models.Index(fields=["status", "due_date"]),
            models.Index(fields=["department", "received_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def is_overdue(self, today: dt.date) -> bool:
        """Open past its limit, or closed after it."""
        if self.is_open:
            return today > self.due_date
        return self.closed_on is not None and self.closed_on > self.due_date


class AppealEvent(models.Model):
    """诉求流转记录: one step of the flow, with who did it, when, and what they wrote."""

    class Action(models.TextChoices):
        SUBMIT = "submit", _("提交")
        ACCEPT = "accept", _("受理")
        DISPATCH = "dispatch", _("派单")
        REDISPATCH = "redispatch", _("改派")
        SEND_BACK = "send_back", _("退回")
        HANDLE = "handle", _("签收办理")
        REPLY = "reply", _("答复")
        CLOSE = "close", _("办结")
        FOLLOW_UP = "follow_up", _("回访")
        RATE = "rate", _("评价")
        REOPEN = "reopen", _("重新办理")
        EXTEND_REQUEST = "extend_request", _("申请延期")
        EXTEND_APPROVE = "extend_approve", _("批准延期")
        EXTEND_REJECT = "extend_reject", _("不同意延期")
        REMIND = "remind", _("到期提醒")
        ESCALATE = "escalate", _("超期督办")

    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("环节"), max_length=20, choices=Action.choices)
    at = models.DateTimeField(_("时间"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("经办人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("部门"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(_("之后状态"), max_length=20, choices=Status.choices)
    note = models.TextField(_("说明"), max_length=4000, blank=True)

    class Meta:
        verbose_name = _("诉求流转记录")
        verbose_name_plural = _("诉求流转记录")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.appeal.number} {self.get_action_display()}"


# Steps the enterprise does not see: the zone's own supervision (reminders, escalation), the
# department's extension requests and their decisions, and a department sending an appeal back
# to the window. The enterprise follows its appeal by what is done for it; the due date it sees
# already carries an approved extension.
INTERNAL_ACTIONS = frozenset(
    {
        AppealEvent.Action.REMIND,
        AppealEvent.Action.ESCALATE,
        AppealEvent.Action.EXTEND_REQUEST,
        AppealEvent.Action.EXTEND_APPROVE,
        AppealEvent.Action.EXTEND_REJECT,
        AppealEvent.Action.SEND_BACK,
    }
)


def _attachment_path(instance: Attachment, filename: str) -> str:
    # A random name under the appeal's folder: nothing the uploader typed reaches the disk.
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"appeals/{instance.appeal_id}/{uuid.uuid4().hex}.{extension}"


class AppealAttachmentQuerySet(models.QuerySet["Attachment"]):
    def visible_to(self, user: User) -> Self:
        """An attachment is seen by whoever sees its appeal: the appeal's scope, not a copy."""
        return self.filter(appeal__in=Appeal.objects.visible_to(user))


class Attachment(models.Model):
    """诉求附件: a photo or document attached to an appeal (by the enterprise or an officer).

    Stored under MEDIA_ROOT with a random name; served only through the appeal's own page
    (``appeals:attachment``), to those who may see the appeal.
    """

    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("文件"), upload_to=_attachment_path, max_length=200)
    name = models.CharField(_("文件名"), max_length=200)
    content_type = models.CharField(_("类型"), max_length=100)
    size = models.PositiveIntegerField(_("大小（字节）"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上传人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    objects = AppealAttachmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("诉求附件")
        verbose_name_plural = _("诉求附件")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


class ExtensionQuerySet(ScopedQuerySet["Extension"]):
    scope_paths: ClassVar[dict[str, str]] = {
        "park": "appeal__enterprise__park",
        "enterprise": "appeal__enterprise",
        "department": "appeal__department",
    }

    def visible_to(self, user: User) -> Self:
        if is_window_officer(user) and not scope_of(user).empty:
            return self
        return super().visible_to(user)


class Extension(BoundedModel, models.Model):
    """延期申请: more working days for an appeal, asked by the department, decided by the window."""

    date_spans = {
        "requested_on": HAPPENED,
        "decided_on": HAPPENED,
    }

    class Decision(models.TextChoices):
        PENDING = "pending", _("待审批")
        APPROVED = "approved", _("已批准")
        REJECTED = "rejected", _("未批准")

    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="extensions")
    days = models.PositiveSmallIntegerField(_("延期（工作日）"))
    reason = models.CharField(_("延期理由"), max_length=500)
    decision = models.CharField(
        _("审批"), max_length=10, choices=Decision.choices, default=Decision.PENDING
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    requested_on = models.DateField(_("申请日期"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_on = models.DateField(_("审批日期"), null=True, blank=True)

    objects = ExtensionQuerySet.as_manager()

    class Meta:
        verbose_name = _("延期申请")
        verbose_name_plural = _("延期申请")
        ordering = ["-requested_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.appeal.number} +{self.days}"


class ConfigQuerySet(ScopedQuerySet[Any]):
    # Routing rules and time limits are zone-wide configuration.
    reference = True


class RoutingRule(models.Model):
    """分办规则: appeals about a topic (optionally with a keyword) go to a department."""

    topic = models.CharField(_("诉求事项"), max_length=20, choices=Topic.choices)
    keyword = models.CharField(
        _("关键词"), max_length=30, blank=True, help_text=_("标题或内容含此词时适用；留空适用全部")
    )
    department = models.ForeignKey(
        Department, verbose_name=_("承办部门"), on_delete=models.PROTECT, related_name="+"
    )
    priority = models.PositiveSmallIntegerField(_("优先级"), default=100)
    is_active = models.BooleanField(_("启用"), default=True)

    objects = ConfigQuerySet.as_manager()

    class Meta:
        verbose_name = _("分办规则")
        verbose_name_plural = _("分办规则")
        ordering = ["priority", "topic", "pk"]

    def __str__(self) -> str:
        keyword = f"（{self.keyword}）" if self.keyword else ""
        return f"{self.get_topic_display()}{keyword} → {self.department}"


class TimeLimit(models.Model):
    """办理时限: working days for a category and urgency (0: the same working day)."""

    category = models.CharField(_("诉求类型"), max_length=20, choices=Category.choices)
    urgency = models.CharField(_("紧急程度"), max_length=10, choices=Urgency.choices)
    working_days = models.PositiveSmallIntegerField(_("时限（工作日）"))
    remind_days = models.PositiveSmallIntegerField(_("提前提醒（工作日）"), default=1)

    objects = ConfigQuerySet.as_manager()

    class Meta:
        verbose_name = _("办理时限")
        verbose_name_plural = _("办理时限")
        ordering = ["category", "urgency"]
        constraints = [
            models.UniqueConstraint(fields=["category", "urgency"], name="appeals_limit_unique")
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()} {self.get_urgency_display()}"
