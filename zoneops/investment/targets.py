"""Targets of newly signed projects and how far along they are, in the words used for the
monitoring targets (zoneops/monitoring/targets.py): "本季度还需 120.0亿元",
"快于时间进度 13.8 个百分点".

A target's progress counts every project signed in its period (a published figure, the same
for every reader), less those dropped since: a contract terminated no longer counts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Case, Count, F, Q, QuerySet, Sum, When
from django.utils import timezone
from django.utils.translation import gettext as _

from zoneops.core import units
from zoneops.core.models import User
from zoneops.core.scope import scope_of
from zoneops.investment.models import Project, Stage, Target, TargetScope, is_investment_officer
from zoneops.investment.periods import Period
from zoneops.investment.permissions import can_use_investment

ZERO = Decimal(0)


@dataclass
class Progress:
    target: Target
    period: Period
    count: int
    amount: Decimal  # 元
    count_pct: Decimal | None  # % of the count target reached
    amount_pct: Decimal | None
    elapsed: Decimal  # % of the period passed
    count_gap: int
    amount_gap: Decimal

    @property
    def where(self) -> str:
        target = self.target
        if target.scope == TargetScope.CHAIN:
            return str(target.chain)
        if target.scope == TargetScope.OFFICER:
            return str(target.officer)
        return _("全区")

    @property
    def count_ahead(self) -> Decimal | None:
        return None if self.count_pct is None else self.count_pct - self.elapsed

    @property
    def amount_ahead(self) -> Decimal | None:
        return None if self.amount_pct is None else self.amount_pct - self.elapsed

    @property
    def count_words(self) -> str:
        if self.count_gap > 0:
            return _("还需签约 %(n)s 个项目") % {"n": self.count_gap}
        extra = self.count - self.target.project_count
        return (
            _("已完成目标，超出 %(amount)s") % {"amount": f"{extra}个"}
            if extra
            else _("已完成目标")
        )

    @property
    def amount_words(self) -> str:
        if self.amount_gap > 0:
            amount = units.format_money(self.amount_gap, "亿元", 1)
            phrase = _("本季度还需 %(amount)s") if self.target.quarter else _("全年还需 %(amount)s")
            return phrase % {"amount": amount}
        extra = self.amount - self.target.amount
        if extra > 0:
            return _("已完成目标，超出 %(amount)s") % {
                "amount": units.format_money(extra, "亿元", 1)
            }
        return _("已完成目标")

    @property
    def pace_words(self) -> tuple[str, str]:
        """The slower of the two against time elapsed, with its CSS class."""
        aheads = [a for a in (self.count_ahead, self.amount_ahead) if a is not None]
        if not aheads:
            return "", "text-muted"
        ahead = min(aheads)
        points = f"{abs(ahead):.1f}"
        if ahead > 0:
            return _("快于时间进度 %(points)s 个百分点") % {"points": points}, "text-success"
        if ahead < 0:
            return _("慢于时间进度 %(points)s 个百分点") % {"points": points}, "text-danger"
        return _("与时间进度持平"), "text-muted"


def counted_projects(target: Target, period: Period) -> QuerySet[Project]:
    """The projects a target counts: signed in its period, not dropped, of its chain or
    officer (the follow-up officer), industrial only if it says so."""
    qs = Project.objects.signed_between(period.start, period.end).exclude(stage=Stage.DROPPED)
    if target.industrial_only:
        qs = qs.industrial()
    if target.scope == TargetScope.CHAIN:
        qs = qs.filter(chain=target.chain)
    elif target.scope == TargetScope.OFFICER:
        qs = qs.filter(follow_up=target.officer)
    return qs


def progress(target: Target, today: dt.date | None = None) -> Progress:
    period = Period(target.year, target.quarter)
    today = today or timezone.localdate()
    sums = counted_projects(target, period).aggregate(n=Count("pk"), amount=Sum("signed_amount"))
    count, amount = sums["n"] or 0, sums["amount"] or ZERO
    return Progress(
        target=target,
        period=period,
        count=count,
        amount=amount,
        count_pct=Decimal(count) / target.project_count * 100 if target.project_count else None,
        amount_pct=amount / target.amount * 100 if target.amount else None,
        elapsed=period.elapsed(today),
        count_gap=max(target.project_count - count, 0),
        amount_gap=max(target.amount - amount, ZERO),
    )


def targets_for(*, user: User, period: Period | None = None) -> QuerySet[Target]:
    """Targets a user reads: the zone's, and the chains' and officers' they work with (all of
    them for zone-wide readers)."""
    qs = Target.objects.select_related("chain", "officer").order_by(
        "-year",
        F("quarter").asc(nulls_last=True),
        Case(
            When(scope=TargetScope.ZONE, then=0), When(scope=TargetScope.CHAIN, then=1), default=2
        ),
        "chain__order",
        "officer__username",
    )
    if period is not None:
        qs = qs.filter(year=period.year, quarter=period.quarter)
    if not can_use_investment(user):
        return qs.none()
    if scope_of(user).zone:
        return qs
    condition = Q(scope=TargetScope.ZONE) | Q(officer=user) | Q(chain__leader_user=user)
    if is_investment_officer(user):
        condition |= Q(chain__investment_officers__officer=user)
    return qs.filter(pk__in=Target.objects.filter(condition).values("pk"))


def target_periods(*, user: User) -> list[Period]:
    """The periods that have targets, newest first (quarters before their year)."""
    rows = targets_for(user=user).values_list("year", "quarter").distinct()
    periods = {Period(y, q) for y, q in rows}
    return sorted(periods, key=lambda p: (p.year, p.quarter or 0), reverse=True)


def default_period(*, user: User, today: dt.date | None = None) -> Period | None:
    """The quarter to show first: the one running today if it has targets, else the latest
    quarter with targets that has begun, else the latest period with targets."""
    today = today or timezone.localdate()
    periods = target_periods(user=user)
    quarters = [p for p in periods if p.quarter and p.start <= today]
    for period in quarters:
        if period.start <= today <= period.end:
            return period
    if quarters:
        return quarters[0]
    return periods[0] if periods else None
