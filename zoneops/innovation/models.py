"""Innovation (科技创新, seed §7): platforms, recognitions and talents of the zone's enterprises.

One record shape for every title (docs/domain.md#titles-and-their-validity): a :class:`Recognition`
row is a platform
(重点实验室, 工程技术研究中心, 企业技术中心, 新型研发机构) or a title (高新技术企业, 科技型中小企业,
创新型中小企业, 省级专精特新, 专精特新“小巨人”) of one enterprise, with its level, recognising body,
document and certificate numbers, dates, standard edition and status. The registry's tags
省级专精特新, 专精特新小巨人 and 高新技术企业 are derived from these rows (``services.sync_tags``),
never typed twice. Scope is the enterprise's: a park officer sees the park's, an enterprise
its own.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from stdnum.cn import ric

from zoneops.core.bounds import HAPPENED, PLANNED, BoundedModel
from zoneops.core.scope import ScopedQuerySet


class Kind(models.TextChoices):
    KEY_LAB = "key_lab", _("重点实验室")
    ENGINEERING_CENTRE = "engineering_centre", _("工程技术研究中心")
    ENTERPRISE_CENTRE = "enterprise_centre", _("企业技术中心")
    NEW_RD = "new_rd", _("新型研发机构")
    HIGH_TECH = "high_tech", _("高新技术企业")
    TECH_SME = "tech_sme", _("科技型中小企业")
    INNOVATIVE_SME = "innovative_sme", _("创新型中小企业")
    SPECIALISED = "specialised", _("省级专精特新中小企业")
    LITTLE_GIANT = "little_giant", _("专精特新“小巨人”企业")


PLATFORMS = frozenset({Kind.KEY_LAB, Kind.ENGINEERING_CENTRE, Kind.ENTERPRISE_CENTRE, Kind.NEW_RD})
# Validity of a title from its issue date, in years (科技型: the evaluation year only).
VALID_YEARS = {
    Kind.HIGH_TECH: 3,
    Kind.INNOVATIVE_SME: 3,
    Kind.SPECIALISED: 3,
    Kind.LITTLE_GIANT: 3,
}
# The registry tag each title carries while it is in force (tags shipped with the registry).
TAGS = {
    Kind.HIGH_TECH: "high_tech",
    Kind.SPECIALISED: "srdi_province",
    Kind.LITTLE_GIANT: "little_giant",
}


class Level(models.TextChoices):
    NATIONAL = "national", _("国家级")
    PROVINCE = "province", _("省级")
    CITY = "city", _("市级")


class Status(models.TextChoices):
    APPLYING = "applying", _("申报中")
    NOTICE = "notice", _("公示")
    VALID = "valid", _("有效")
    REVIEWING = "reviewing", _("复核中")
    EXPIRED = "expired", _("到期")
    REVOKED = "revoked", _("撤销")


# A title under review keeps its standing until the review decides.
IN_FORCE = frozenset({Status.VALID, Status.REVIEWING})


class RecognitionQuerySet(ScopedQuerySet["Recognition"]):
    scope_paths: ClassVar[dict[str, str]] = {
        "park": "enterprise__park",
        "enterprise": "enterprise",
    }

    def in_force(self, on: dt.date) -> RecognitionQuerySet:
        """In force on ``on``: valid (or under review), issued, and not past its validity (a
        platform without an end stays until it is evaluated out)."""
        return self.filter(status__in=IN_FORCE, issued_on__lte=on).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=on)
        )


class Recognition(BoundedModel, models.Model):
    """认定: a platform or a title an enterprise holds (or applies for)."""

    date_spans = {"issued_on": HAPPENED, "valid_until": PLANNED}

    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("企业（依托单位）"),
        on_delete=models.PROTECT,
        related_name="recognitions",
    )
    kind = models.CharField(_("类别"), max_length=30, choices=Kind.choices)
    level = models.CharField(_("级别"), max_length=20, choices=Level.choices)
    name = models.CharField(_("平台名称"), max_length=200, blank=True)
    recognised_by = models.CharField(_("认定机构"), max_length=100, blank=True)
    document_number = models.CharField(_("认定文号"), max_length=100, blank=True)
    certificate_number = models.CharField(_("证书编号"), max_length=100, blank=True)
    issued_on = models.DateField(_("认定日期"))
    valid_until = models.DateField(_("有效期至"), null=True, blank=True)
    review_years = models.PositiveSmallIntegerField(
        _("评估周期（年）"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
    )
    edition = models.CharField(
        _("标准版本"), max_length=20, blank=True, help_text=_("如 2022、2026")
    )
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.VALID
    )

    objects = RecognitionQuerySet.as_manager()

    class Meta:
        verbose_name = _("创新平台与资质认定")
        verbose_name_plural = _("创新平台与资质认定")
        ordering = ["enterprise__name", "kind", "-issued_on"]

    def __str__(self) -> str:
        return self.name or f"{self.enterprise} · {self.get_kind_display()}"

    @property
    def is_platform(self) -> bool:
        return self.kind in PLATFORMS

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.kind in PLATFORMS and not self.name.strip():
            errors["name"] = _("创新平台请填写平台名称")
        if self.valid_until and self.issued_on and self.valid_until < self.issued_on:
            errors["valid_until"] = _("有效期不能早于认定日期")
        if errors:
            raise ValidationError(errors)

    def default_validity(self) -> dt.date | None:
        """The end of validity the rules give when none is entered: three years for 高企 and
        the 专精特新 ladder; the evaluation year's end for 科技型中小企业; platforms none."""
        if self.issued_on is None:
            return None
        if self.kind == Kind.TECH_SME:
            return dt.date(self.issued_on.year, 12, 31)
        years = VALID_YEARS.get(Kind(self.kind)) if self.kind in Kind.values else None
        if years is None:
            return None
        try:
            end = self.issued_on.replace(year=self.issued_on.year + years)
        except ValueError:  # 29 February
            end = self.issued_on.replace(year=self.issued_on.year + years, day=28)
        return end - dt.timedelta(days=1)

    def in_force(self, on: dt.date) -> bool:
        return (
            self.status in IN_FORCE
            and self.issued_on <= on
            and (self.valid_until is None or on <= self.valid_until)
        )


class TalentQuerySet(ScopedQuerySet["Talent"]):
    scope_paths: ClassVar[dict[str, str]] = {
        "park": "enterprise__park",
        "enterprise": "enterprise",
    }


class Talent(BoundedModel, models.Model):
    """人才: a person recognised under a talent programme (programme and tier are data)."""

    class Mode(models.TextChoices):
        RECRUITED = "recruited", _("引进")
        HOME_GROWN = "home_grown", _("培养")

    name = models.CharField(_("姓名"), max_length=50)
    # Shown only to those who may manage talents; everyone else sees it masked.
    id_number = models.CharField(_("身份证号"), max_length=18, blank=True)
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("所在企业"),
        on_delete=models.PROTECT,
        related_name="talents",
    )
    programme = models.CharField(_("人才计划"), max_length=100)
    tier = models.CharField(_("层次"), max_length=50, blank=True)
    mode = models.CharField(_("方式"), max_length=20, choices=Mode.choices, default=Mode.RECRUITED)
    year = models.PositiveSmallIntegerField(
        _("入选年度"), validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    support = models.DecimalField(
        _("支持资金（元）"),
        max_digits=14,
        decimal_places=2,
        default=Decimal(0),
        validators=[MinValueValidator(Decimal(0))],
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = TalentQuerySet.as_manager()

    class Meta:
        verbose_name = _("人才")
        verbose_name_plural = _("人才")
        ordering = ["-year", "enterprise__name", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def masked_id(self) -> str:
        """The ID with all but its first two and last two characters hidden."""
        if len(self.id_number) < 5:
            return "*" * len(self.id_number)
        return self.id_number[:2] + "*" * (len(self.id_number) - 4) + self.id_number[-2:]

    def clean(self) -> None:
        self.id_number = self.id_number.strip().upper()
        if self.id_number and not ric.is_valid(self.id_number):
            raise ValidationError({"id_number": _("身份证号不正确（18位，末位校验码）")})
