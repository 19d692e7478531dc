from __future__ import annotations

from typing import Any, ClassVar, Self

from django.db import models
from django.utils.translation import gettext_lazy as _

from zoneops.core.bounds import PLANNED, BoundedModel
from zoneops.core.models import Bank, User
from zoneops.core.scope import ScopedQuerySet, scope_of
from zoneops.enterprises.models import Enterprise
from zoneops.finance.models.cases import LoanCase
from zoneops.finance.models.needs import Need, _money


class SessionQuerySet(ScopedQuerySet["Session"]):
    def visible_to(self, user: Any) -> Self:
        scope = scope_of(user)
        if scope.empty:
            return self.none()
        if scope.banks:
            return self.filter(banks__in=scope.banks).distinct()
        if scope.enterprises:
            return self.filter(signings__enterprise__in=scope.enterprises).distinct()
        # The zone's sessions are the administration's events: every officer sees them.
        return self


class Session(BoundedModel, models.Model):
    """银企对接会 / 专场: a matchmaking session and what was signed there."""

    class Theme(models.TextChoices):
        HIGH_TECH = "high_tech", _("高新技术企业专场")
        SPECIALISED = "specialised", _("专精特新专场")
        NEW_ABOVE_SCALE = "new_above_scale", _("新升规企业专场")
        CHAIN = "chain", _("产业链专场")
        ONE_BANK = "one_bank", _("一月一行一专场")
        GENERAL = "general", _("综合对接会")

    date_spans = {"held_on": PLANNED}

    name = models.CharField(_("名称"), max_length=100)
    theme = models.CharField(_("主题"), max_length=20, choices=Theme.choices)
    held_on = models.DateField(_("日期"))
    place = models.CharField(_("地点"), max_length=100, blank=True)
    organiser = models.CharField(_("主办"), max_length=100, blank=True)
    banks = models.ManyToManyField(Bank, verbose_name=_("参会银行"), blank=True)

    objects = SessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("银企对接会")
        verbose_name_plural = _("银企对接会")
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return self.name


class SigningQuerySet(ScopedQuerySet["Signing"]):
    scope_paths: ClassVar[dict[str, str]] = {
        "park": "enterprise__park",
        "enterprise": "enterprise",
        "bank": "bank",
    }


class Signing(BoundedModel, models.Model):
    """签约: an agreement signed at a session, followed to 授信 and 放款 through its case."""

    class Kind(models.TextChoices):
        INTENT = "intent", _("意向")
        PRE_CREDIT = "pre_credit", _("预授信")
        CREDIT = "credit", _("授信签约")

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="signings")
    enterprise = models.ForeignKey(Enterprise, verbose_name=_("企业"), on_delete=models.PROTECT)
    bank = models.ForeignKey(Bank, verbose_name=_("银行"), on_delete=models.PROTECT)
    kind = models.CharField(_("签约类型"), max_length=20, choices=Kind.choices)
    amount = _money(_("签约金额（元）"))
    case = models.ForeignKey(
        LoanCase,
        verbose_name=_("贷款对接"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="signings",
    )

    objects = SigningQuerySet.as_manager()

    class Meta:
        verbose_name = _("签约")
        verbose_name_plural = _("签约")
        ordering = ["session", "pk"]

    def __str__(self) -> str:
        return f"{self.session} · {self.enterprise.name} × {self.bank.name}"


class BankView(models.Model):
    """查阅记录: a bank user opened a need (and so the enterprise's figures); shown to the
    enterprise on its need's page. One row per person, need and day."""

    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="bank_views")
    bank = models.ForeignKey(Bank, verbose_name=_("银行"), on_delete=models.CASCADE)
    viewer = models.ForeignKey(User, verbose_name=_("查阅人"), on_delete=models.CASCADE)
    on = models.DateField(_("日期"))

    class Meta:
        verbose_name = _("查阅记录")
        verbose_name_plural = _("查阅记录")
        ordering = ["-on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["need", "viewer", "on"], name="finance_view_once_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.bank} · {self.need}"
