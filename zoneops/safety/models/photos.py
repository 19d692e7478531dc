"""Photos: of an inspection item's finding (``result``) and of a rectification's evidence (the
已整改待复查 step, ``step``). Checked by ``core.uploads.check_photo``, stored under MEDIA_ROOT
with a random name, served only through ``safety:photo`` to those who see the enterprise's
safety records (the grid member: their grid's)."""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zoneops.enterprises.models import Enterprise
from zoneops.safety.models.grids import GridScopedQuerySet
from zoneops.safety.models.hazards import HazardStep, InspectionResult


def _photo_path(instance: Photo, filename: str) -> str:
    # A random name under the enterprise's folder: nothing the uploader typed reaches the disk.
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"safety/{instance.enterprise_id}/{uuid.uuid4().hex}.{extension}"


class PhotoQuerySet(GridScopedQuerySet["Photo"]):
    scope_paths: ClassVar[dict[str, str]] = {"park": "enterprise__park", "enterprise": "enterprise"}
    grid_path = "enterprise__safety_profile__grid"


class Photo(models.Model):
    """现场照片: one photo of an inspection result or of a hazard's rectification evidence."""

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("企业"), on_delete=models.PROTECT, related_name="+"
    )
    result = models.ForeignKey(
        InspectionResult,
        verbose_name=_("检查结果"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="photos",
    )
    step = models.ForeignKey(
        HazardStep,
        verbose_name=_("隐患处理环节"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="photos",
    )
    file = models.FileField(_("文件"), upload_to=_photo_path, max_length=200)
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

    objects = PhotoQuerySet.as_manager()

    class Meta:
        verbose_name = _("现场照片")
        verbose_name_plural = _("现场照片")
        ordering = ["uploaded_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(result__isnull=False) ^ models.Q(step__isnull=False),
                name="safety_photo_of_one",
            )
        ]

    def __str__(self) -> str:
        return self.name
