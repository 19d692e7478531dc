"""Reads of cultivation (梯度培育): the pools, their members' progress, the candidates for the
next tier."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, QuerySet

from zoneops.core.models import User
from zoneops.enterprises.models import Enterprise, EnterpriseStatus
from zoneops.support.figures import Figures, latest_figures
from zoneops.support.models import (
    CultivationPool,
    MembershipStatus,
    PoolKind,
    PoolMembership,
)


def pool_list(*, user: User) -> QuerySet[CultivationPool]:
    members = membership_list(user=user)
    return CultivationPool.objects.visible_to(user).annotate(
        n_cultivating=Count(
            "members",
            filter=Q(members__in=members, members__status=MembershipStatus.CULTIVATING),
        ),
        n_achieved=Count(
            "members", filter=Q(members__in=members, members__status=MembershipStatus.ACHIEVED)
        ),
    )


def membership_list(
    *,
    user: User,
    pool: CultivationPool | None = None,
    status: str = "",
    enterprise: Enterprise | None = None,
) -> QuerySet[PoolMembership]:
    items = PoolMembership.objects.visible_to(user).select_related(
        "pool", "enterprise", "enterprise__park", "officer"
    )
    if pool is not None:
        items = items.filter(pool=pool)
    if status:
        items = items.filter(status=status)
    if enterprise is not None:
        items = items.filter(enterprise=enterprise)
    return items


@dataclass
class MemberProgress:
    membership: PoolMembership
    figures: Figures
    threshold: Decimal | None

    @property
    def value(self) -> Decimal | None:
        f = self.figures.revenue or self.figures.output
        return f.ytd if f else None

    @property
    def projection(self) -> Decimal | None:
        f = self.figures.revenue or self.figures.output
        return f.projection if f else None

    @property
    def progress(self) -> Decimal | None:
        """This year's projection as a percentage of the pool's threshold."""
        if self.projection is None or not self.threshold:
            return None
        return (self.projection / self.threshold * 100).quantize(Decimal("0.1"))


def pool_progress(*, user: User, pool: CultivationPool, status: str = "") -> list[MemberProgress]:
    members = list(membership_list(user=user, pool=pool, status=status))
    figures = latest_figures([m.enterprise_id for m in members])
    return [
        MemberProgress(m, figures.get(m.enterprise_id, Figures()), pool.threshold) for m in members
    ]


WAN = Decimal(10_000)
ABOVE_SCALE_LINE = Decimal(20_000_000)  # 2000万元: main-business revenue of an above-size unit
TIERS = (
    (PoolKind.TIER_1B, Decimal(1_000_000_000)),
    (PoolKind.TIER_5B, Decimal(5_000_000_000)),
    (PoolKind.TIER_10B, Decimal(10_000_000_000)),
)


@dataclass
class Candidate:
    enterprise: Enterprise
    pool_kind: str
    threshold: Decimal
    basis: str  # "revenue" or "output"
    period: str
    ytd: Decimal | None
    last_ytd: Decimal | None
    last_full_year: Decimal | None
    ttm: Decimal | None
    projection: Decimal | None
    why: list[str] = field(default_factory=list)

    @property
    def gap(self) -> Decimal | None:
        return None if self.ttm is None else self.threshold - self.ttm


def cultivation_candidates(
    *, user: User, distance: Decimal = Decimal(5_000_000), kind: str = ""
) -> list[Candidate]:
    """Enterprises the data says are close to a threshold, with the figures behind it.

    入统培育: not above-size, and trailing-twelve-month revenue within ``distance`` below
    2000万元 or this year's projection reaching it. Tiers: trailing figure below the next
    tier and the projection reaching it. Enterprises already cultivated in that pool are left
    out."""
    from django.utils.translation import gettext as _

    operating = Enterprise.objects.visible_to(user).filter(status=EnterpriseStatus.OPERATING)
    enterprises = {e.pk: e for e in operating.select_related("park", "industry")}
    in_pool = set(
        PoolMembership.objects.filter(status=MembershipStatus.CULTIVATING).values_list(
            "pool__kind", "enterprise_id"
        )
    )
    out: list[Candidate] = []
    for eid, figs in latest_figures(operating.values("pk")).items():
        enterprise = enterprises[eid]
        basis, fig = ("revenue", figs.revenue) if figs.revenue else ("output", figs.output)
        if fig is None or fig.ytd is None:
            continue
        ttm, projection = fig.ttm, fig.projection
        kinds: list[tuple[str, Decimal, list[str]]] = []
        if not enterprise.is_above_scale:
            why = []
            if ttm is not None and ABOVE_SCALE_LINE - distance <= ttm < ABOVE_SCALE_LINE:
                why.append(_("近12个月距2000万元不足%(d)s万元") % {"d": distance / WAN})
            if ttm is not None and ttm >= ABOVE_SCALE_LINE:
                why.append(_("近12个月已达2000万元"))
            if projection is not None and projection >= ABOVE_SCALE_LINE:
                why.append(_("预计本年达到2000万元"))
            if why:
                kinds.append((PoolKind.ABOVE_SCALE, ABOVE_SCALE_LINE, why))
        else:
            current = ttm if ttm is not None else fig.ytd
            for tier, line in TIERS:
                if current < line:
                    if projection is not None and projection >= line:
                        kinds.append((tier, line, [_("预计本年跨过下一档")]))
                    break
        for pool_kind, line, why in kinds:
            if (kind and pool_kind != kind) or (pool_kind, eid) in in_pool:
                continue
            out.append(
                Candidate(
                    enterprise=enterprise,
                    pool_kind=pool_kind,
                    threshold=line,
                    basis=basis,
                    period=fig.period,
                    ytd=fig.ytd,
                    last_ytd=fig.last_ytd,
                    last_full_year=fig.last_full_year,
                    ttm=ttm,
                    projection=projection,
                    why=why,
                )
            )
    out.sort(
        key=lambda c: (c.pool_kind, c.gap if c.gap is not None else Decimal(0), c.enterprise.name)
    )
    return out
