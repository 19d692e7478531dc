"""Organisation, people and the platform's shared records (history, tokens, imports)."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zoneops.core.scope import ScopedQuerySet


class Zone(models.Model):
    """开发区: the zone the platform serves (one per installation)."""

    name = models.CharField(_("名称"), max_length=100)
    short_name = models.CharField(_("简称"), max_length=50, blank=True)
    division_code = models.CharField(_("区划代码"), max_length=12, blank=True)

    class Meta:
        verbose_name = _("开发区")
        verbose_name_plural = _("开发区")

    def __str__(self) -> str:
        return self.name


class ParkQuerySet(ScopedQuerySet["Park"]):
    scope_paths: ClassVar[dict[str, str]] = {"park": "", "enterprise": "enterprises"}


class Park(models.Model):
    """园区: a park of the zone, a township-level statistical unit with its division code."""

    zone = models.ForeignKey(Zone, on_delete=models.PROTECT, related_name="parks")
    name = models.CharField(_("名称"), max_length=100, unique=True)
    division_code = models.CharField(_("统计区划代码"), max_length=12, unique=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    objects = ParkQuerySet.as_manager()

    class Meta:
        verbose_name = _("园区")
        verbose_name_plural = _("园区")
        ordering = ["order", "division_code"]

    def __str__(self) -> str:
        return self.name


class Department(models.Model):
    """管委会部门: a department of the administration (经济发展局, 招商局 …)."""

    zone = models.ForeignKey(Zone, on_delete=models.PROTECT, related_name="departments")
    code = models.SlugField(_("代码"), max_length=30, unique=True)
    name = models.CharField(_("名称"), max_length=100, unique=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("部门")
        verbose_name_plural = _("部门")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name


class Area(models.Model):
    """片区: an area inside a park, the unit of safety inspection and grid service."""

    park = models.ForeignKey(Park, on_delete=models.PROTECT, related_name="areas")
    name = models.CharField(_("名称"), max_length=100)

    class Meta:
        verbose_name = _("片区")
        verbose_name_plural = _("片区")
        ordering = ["park", "name"]
        constraints = [models.UniqueConstraint(fields=["park", "name"], name="area_unique_name")]

    def __str__(self) -> str:
        return f"{self.park} · {self.name}"


class Bank(models.Model):
    """银行: a bank or branch that serves the zone's enterprises."""

    name = models.CharField(_("名称"), max_length=100, unique=True)

    class Meta:
        verbose_name = _("银行")
        verbose_name_plural = _("银行")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    ZONE_LEADER = "zone_leader", _("管委会领导")
    DEPARTMENT_OFFICER = "department_officer", _("部门工作人员")
    PARK_OFFICER = "park_officer", _("园区工作人员")
    TASK_FORCE = "task_force", _("专班成员")
    ENTERPRISE = "enterprise", _("企业用户")
    BANK = "bank", _("银行用户")
    ADMIN = "admin", _("系统管理员")
    # 网格员: works the enterprises of their safety grid(s) only (the safety app's scope).
    GRID_MEMBER = "grid_member", _("网格员")


STAFF_ROLES = frozenset(
    {Role.ZONE_LEADER, Role.DEPARTMENT_OFFICER, Role.PARK_OFFICER, Role.TASK_FORCE, Role.ADMIN}
)


class UserQuerySet(ScopedQuerySet["User"]):
    # Staff see the zone's staff directory; an enterprise user sees its own colleagues.
    scope_paths: ClassVar[dict[str, str]] = {
        "park": "parks",
        "enterprise": "enterprise",
        "bank": "bank",
    }


class ZoneOpsUserManager(UserManager["User"]):
    def get_queryset(self) -> UserQuerySet:
        return UserQuerySet(self.model, using=self._db)

    def visible_to(self, user: User) -> UserQuerySet:
        return self.get_queryset().visible_to(user)


class User(AbstractUser):
    """平台用户: a person with one role and the units that bound what they see."""

    full_name = models.CharField(_("姓名"), max_length=50, blank=True)
    title = models.CharField(_("职务"), max_length=50, blank=True)
    phone = models.CharField(_("电话"), max_length=30, blank=True)
    role = models.CharField(_("角色"), max_length=30, choices=Role.choices, default=Role.ENTERPRISE)
    department = models.ForeignKey(
        Department,
        verbose_name=_("部门"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
    )
    parks = models.ManyToManyField(
        Park, verbose_name=_("园区"), blank=True, related_name="officers"
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("企业"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
    )
    bank = models.ForeignKey(
        Bank,
        verbose_name=_("银行"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
    )

    objects = ZoneOpsUserManager()  # type: ignore[misc]

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
        ordering = ["username"]

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def is_staff_role(self) -> bool:
        return self.role in STAFF_ROLES

    @property
    def is_platform_admin(self) -> bool:
        return self.role == Role.ADMIN or self.is_superuser


class ChangeRecord(models.Model):
    """操作记录: one create, change or delete of domain data, with values before and after.

    Written by the service that makes the change, inside its transaction, never by signals.
    """

    class Action(models.TextChoices):
        CREATE = "create", _("新建")
        UPDATE = "update", _("修改")
        DELETE = "delete", _("删除")

    at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    action = models.CharField(_("操作"), max_length=10, choices=Action.choices)
    model = models.CharField(_("对象类型"), max_length=60)  # "app_label.modelname"
    object_id = models.CharField(_("对象编号"), max_length=40)
    object_repr = models.CharField(_("对象"), max_length=200)
    before = models.JSONField(_("修改前"), null=True, blank=True)
    after = models.JSONField(_("修改后"), null=True, blank=True)
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("操作记录")
        verbose_name_plural = _("操作记录")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["model", "object_id", "at"], name="change_object_idx")]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.object_repr}"

    def changed_fields(self) -> list[tuple[str, Any, Any]]:
        """(field, before, after) for each field whose value differs."""
        before = self.before or {}
        after = self.after or {}
        keys = list(dict.fromkeys([*before.keys(), *after.keys()]))
        return [(k, before.get(k), after.get(k)) for k in keys if before.get(k) != after.get(k)]


class ApiToken(models.Model):
    """API 令牌: a bearer token for machine clients. Only its hash is stored."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="tokens"
    )
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    # Null only for tokens issued before tokens expired; those are treated as expired.
    expires_at = models.DateTimeField(_("有效期至"), null=True)

    class Meta:
        verbose_name = _("API 令牌")
        verbose_name_plural = _("API 令牌")

    def __str__(self) -> str:
        return f"{self.user} · {self.created_at:%Y-%m-%d}"

    @staticmethod
    def hash(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @classmethod
    def issue(cls, user: User) -> str:
        """A new token for ``user``, valid for API_TOKEN_DAYS; only its hash is kept."""
        key = secrets.token_urlsafe(32)
        expires = timezone.now() + dt.timedelta(days=settings.API_TOKEN_DAYS)
        cls.objects.create(user=user, key_hash=cls.hash(key), expires_at=expires)
        return key

    @classmethod
    def valid(cls) -> models.QuerySet[ApiToken]:
        """Tokens that still let their user in: not expired, of an active user."""
        return cls.objects.filter(expires_at__gt=timezone.now(), user__is_active=True)


class ImportJobQuerySet(models.QuerySet["ImportJob"]):
    def visible_to(self, user: User) -> ImportJobQuerySet:
        """An import job is seen by whoever uploaded it, and by administrators."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if user.is_platform_admin:
            return self
        return self.filter(created_by=user)


class ImportJob(models.Model):
    """数据导入: one uploaded file, its preview and, once confirmed, its result."""

    class Status(models.TextChoices):
        # uploaded → checking → previewed (every row checked, preview ready) → confirmed →
        # writing → committed (done); or refused (problems), failed (an error, or the worker
        # stopped: nothing written, can be run again), cancelled (before writing).
        UPLOADED = "uploaded", _("排队检查")
        CHECKING = "checking", _("正在检查")
        PREVIEWED = "previewed", _("待确认")
        CONFIRMED = "confirmed", _("排队导入")
        WRITING = "writing", _("正在导入")
        COMMITTED = "committed", _("已导入")
        REFUSED = "refused", _("有错误")
        FAILED = "failed", _("失败")
        CANCELLED = "cancelled", _("已取消")

    kind = models.CharField(_("导入类型"), max_length=40)
    file_name = models.CharField(_("文件名"), max_length=255)
    stored_path = models.CharField(max_length=500)
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices)
    options = models.JSONField(default=dict, blank=True)
    summary = models.JSONField(_("汇总"), default=dict, blank=True)
    problems = models.JSONField(_("问题"), default=list, blank=True)
    preview = models.JSONField(default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="import_jobs"
    )
    created_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    committed_at = models.DateTimeField(_("导入时间"), null=True, blank=True)
    # Progress of the running step, in rows, kept here so that every app server sees it.
    rows_done = models.PositiveIntegerField(default=0)
    rows_total = models.PositiveIntegerField(default=0)
    file_size = models.PositiveBigIntegerField(default=0)
    # Who runs the job ("host:pid") and when it last said so: a job whose worker died is failed.
    worker = models.CharField(max_length=200, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(_("失败原因"), blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)

    objects = ImportJobQuerySet.as_manager()

    class Meta:
        verbose_name = _("导入任务")
        verbose_name_plural = _("导入任务")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.file_name


class ExportJobQuerySet(models.QuerySet["ExportJob"]):
    def visible_to(self, user: Any) -> ExportJobQuerySet:
        """An export is its owner's alone (it holds what their scope showed them when they
        asked): not even an administrator sees another person's."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(created_by=user)


class ExportJob(models.Model):
    """我的导出: one large export (or generated document) written by the worker, kept under
    MEDIA_ROOT and downloaded by the person who asked for it (core/exports.py)."""

    class Status(models.TextChoices):
        # queued → running → done; or failed (an error, or its worker stopped; it can be run
        # again) or cancelled (before it ran).
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("正在生成")
        DONE = "done", _("已完成")
        FAILED = "failed", _("失败")
        CANCELLED = "cancelled", _("已取消")

    kind = models.CharField(_("导出类型"), max_length=60)
    title = models.CharField(_("名称"), max_length=200)
    # What the person chose on the page (its query parameters); the export reads them again.
    params = models.JSONField(default=dict, blank=True)
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="export_jobs"
    )
    created_at = models.DateTimeField(_("提交时间"), auto_now_add=True)
    # Progress of the running export, in rows, kept here so that every app server sees it.
    rows_done = models.PositiveIntegerField(default=0)
    rows_total = models.PositiveIntegerField(default=0)
    stored_path = models.CharField(max_length=500, blank=True)
    file_name = models.CharField(_("文件名"), max_length=255, blank=True)
    file_size = models.PositiveBigIntegerField(default=0)
    content_type = models.CharField(max_length=120, blank=True)
    worker = models.CharField(max_length=200, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    error = models.TextField(_("失败原因"), blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)

    objects = ExportJobQuerySet.as_manager()

    class Meta:
        verbose_name = _("导出任务")
        verbose_name_plural = _("导出任务")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class ScheduleRun(models.Model):
    """定时任务: one run of a scheduled job (core/schedules.py), when and how it went.

    A run is queued (by the schedule, a "run now" or a command), then running on a worker,
    then succeeded or failed. A scheduled run names the time it was due, once per job: two
    workers that see the same job due cannot both run it.
    """

    class Trigger(models.TextChoices):
        SCHEDULE = "schedule", _("按计划")
        MANUAL = "manual", _("手动运行")
        COMMAND = "command", _("命令行")

    class Status(models.TextChoices):
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("运行中")
        SUCCEEDED = "succeeded", _("成功")
        FAILED = "failed", _("失败")

    job = models.CharField(_("任务"), max_length=100, db_index=True)
    trigger = models.CharField(_("触发方式"), max_length=20, choices=Trigger.choices)
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices)
    due_at = models.DateTimeField(_("计划时间"), null=True, blank=True)
    queued_at = models.DateTimeField(_("加入队列"), auto_now_add=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    counts = models.JSONField(_("结果"), default=dict, blank=True)
    error = models.TextField(_("错误"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("运行人"),
    )
    worker = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = _("定时任务运行")
        verbose_name_plural = _("定时任务运行")
        ordering = ["-queued_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["job", "due_at"],
                condition=models.Q(trigger="schedule"),
                name="schedule_run_once_per_due_time",
            )
        ]

    def __str__(self) -> str:
        return f"{self.job} {self.queued_at:%Y-%m-%d %H:%M}"


class CalendarQuerySet(ScopedQuerySet["CalendarDay"]):
    # The statutory calendar is zone-wide reference data every signed-in user may read.
    reference = True


class CalendarDay(models.Model):
    """法定节假日安排: a holiday or a make-up working day entered by an administrator.

    Entries override the calendar package for their date; a year with entries counts as having
    an official schedule even where the package does not know it. Shared by every working-day
    clock (appeal time limits, safety deadlines, response times): :mod:`zoneops.core.workdays`.
    """

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("放假")
        WORKDAY = "workday", _("调休上班")

    date = models.DateField(_("日期"), unique=True)
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("节日"), max_length=30, blank=True)

    objects = CalendarQuerySet.as_manager()

    class Meta:
        verbose_name = _("节假日安排")
        verbose_name_plural = _("节假日安排")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()}"
