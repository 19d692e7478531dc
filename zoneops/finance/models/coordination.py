"""The 2024 small-business financing coordination mechanism (支持小微企业融资协调工作机制):
an officer's visit (走访) to a firm; a firm found to need financing goes on the 申报清单, where
each of the five criteria is ticked with its evidence; the task force reviews the entry and the
entries that pass become the 推荐清单, pushed to banks through the ordinary loan cases
(``entry.need`` → ``LoanCase``). A bank sees an entry only once it was pushed to that bank."""

from __future__ import annotations

from typing import Any, ClassVar, Self

from django.db import models
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from zoneops.core.bounds import HAPPENED, BoundedModel
from zoneops.core.models import User
from zoneops.core.scope import ScopedQuerySet, scope_of
from zoneops.enterprises.models import Enterprise
from zoneops.finance.models.cases import LoanCase
from zoneops.finance.models.needs import TERM, Need, Purpose, _money


class Criterion(models.TextChoices):
    """The five criteria of the 申报清单, in the order the mechanism lists them."""

    LAWFUL = "lawful", _("依法合规、持续经营")
    PREMISES = "premises", _("有固定的经营场所")
    GENUINE = "genuine", _("融资需求真实")
    CREDIT = "credit", _("信用记录良好")
    PURPOSE = "purpose", _("贷款用途合法合规")


class VisitQuerySet(ScopedQuerySet["Visit"]):
    # Officers only: a park officer their park's; enterprises and banks see no visit log.
    scope_paths: ClassVar[dict[str, str]] = {"park": "enterprise__park"}


class Visit(BoundedModel, models.Model):
    """走访: who visited which firm when, what was found, and whether it needs financing (then
    with the amount, term and purpose it named, and whether it agreed to be recommended)."""

    date_spans = {"visited_on": HAPPENED}

    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("企业"),
        on_delete=models.PROTECT,
        related_name="financing_visits",
    )
    visited_on = models.DateField(_("走访日期"))
    officer = models.ForeignKey(
        User,
        verbose_name=_("走访人"),
        on_delete=models.PROTECT,
        related_name="financing_visits",
    )
    findings = models.TextField(_("走访情况"), max_length=2000)
    need_found = models.BooleanField(_("有融资需求"), default=False)
    amount = _money(_("需求金额（元）"), null=True, blank=True)
    term_months = models.PositiveSmallIntegerField(
        _("期限（月）"), validators=TERM, null=True, blank=True
    )
    purpose = models.CharField(_("资金用途"), max_length=20, choices=Purpose.choices, blank=True)
    consent = models.BooleanField(_("企业同意推送银行并授权查看"), default=False)

    objects = VisitQuerySet.as_manager()

    class Meta:
        verbose_name = _("走访记录")
        verbose_name_plural = _("走访记录")
        ordering = ["-visited_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.enterprise.name} · {self.visited_on:%Y-%m-%d}"


class EntryQuerySet(ScopedQuerySet["Entry"]):
    scope_paths: ClassVar[dict[str, str]] = {"park": "enterprise__park"}

    def visible_to(self, user: Any) -> Self:
        scope = scope_of(user)
        if scope.banks:
            # Only what was pushed to the bank: its case on the entry's need.
            pushed = LoanCase.objects.visible_to(user).filter(need=OuterRef("need"))
            return self.filter(need__isnull=False).filter(Exists(pushed))
        return super().visible_to(user)


class Entry(BoundedModel, models.Model):
    """申报清单 entry: one visit's firm, its five-criteria checklist (``checklist``: criterion →
    {"met": bool, "evidence": text}), the review, and the need it was pushed to banks with."""

    class Status(models.TextChoices):
        LISTED = "listed", _("待审核")
        RECOMMENDED = "recommended", _("已列入推荐清单")
        REJECTED = "rejected", _("审核未通过")

    date_spans = {"reviewed_on": HAPPENED}

    visit = models.OneToOneField(
        Visit, verbose_name=_("走访记录"), on_delete=models.CASCADE, related_name="entry"
    )
    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("企业"),
        on_delete=models.PROTECT,
        related_name="financing_entries",
    )
    checklist = models.JSONField(_("五项条件核查"), default=dict, blank=True)
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.LISTED
    )
    reviewer = models.ForeignKey(
        User,
        verbose_name=_("审核人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_on = models.DateField(_("审核日期"), null=True, blank=True)
    opinion = models.CharField(_("审核意见"), max_length=500, blank=True)
    need = models.ForeignKey(
        Need,
        verbose_name=_("融资需求"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="coordination_entries",
    )

    objects = EntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("申报清单")
        verbose_name_plural = _("申报清单")
        ordering = ["-visit__visited_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.enterprise.name} · {self.visit.visited_on:%Y-%m-%d}"

    def met(self, criterion: str) -> bool:
        return bool((self.checklist.get(criterion) or {}).get("met"))

    def evidence(self, criterion: str) -> str:
        return str((self.checklist.get(criterion) or {}).get("evidence", ""))

    def unmet(self) -> list[Criterion]:
        return [c for c in Criterion if not self.met(c)]

    @property
    def met_count(self) -> int:
        return sum(self.met(c) for c in Criterion)

    @property
    def rows(self) -> list[tuple[Criterion, bool, str]]:
        """The checklist as the page shows it: each criterion, ticked or not, its evidence."""
        return [(c, self.met(c), self.evidence(c)) for c in Criterion]
