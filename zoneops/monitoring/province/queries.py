"""The province ranking: where the zone stands among the province's development zones for an
indicator and period, and which periods and indicators have a table."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from zoneops.core import charts as palette
from zoneops.core.models import User
from zoneops.monitoring.models import Indicator, ProvinceFigure, ReportingPeriod


@dataclass
class RankRow:
    rank: int
    zone_name: str
    growth: Decimal
    is_self: bool


@dataclass
class Ranking:
    """The province's zones for one indicator and period, best first.

    Ties share a rank (1, 2, 2, 4). ``gap`` is how many points this zone trails the zone ranked
    just above it; ``lead`` how many points it is ahead of the zone just below it.
    """

    period: ReportingPeriod | None
    indicator: Indicator | None
    rows: list[RankRow] = field(default_factory=list)
    self_row: RankRow | None = None
    above: RankRow | None = None
    below: RankRow | None = None

    @property
    def total(self) -> int:
        return len(self.rows)

    @property
    def rank(self) -> int | None:
        return self.self_row.rank if self.self_row else None

    @property
    def gap(self) -> Decimal | None:
        if self.self_row is None or self.above is None:
            return None
        return self.above.growth - self.self_row.growth

    @property
    def lead(self) -> Decimal | None:
        if self.self_row is None or self.below is None:
            return None
        return self.self_row.growth - self.below.growth

    def sentence(self) -> str:
        """全省第3位，距第2位还差1.20个百分点 (or the leader's lead, or why there is no rank)."""
        if self.self_row is None:
            return _("本区不在该期全省名单中") if self.rows else _("尚无全省数据")
        if self.above is None:
            if self.below is None:
                return _("全省第%(rank)d位") % {"rank": self.self_row.rank}
            return _("全省第%(rank)d位，领先第%(next)d位%(lead)s个百分点") % {
                "rank": self.self_row.rank,
                "next": self.below.rank,
                "lead": self.lead,
            }
        return _("全省第%(rank)d位，距第%(prev)d位还差%(gap)s个百分点") % {
            "rank": self.self_row.rank,
            "prev": self.above.rank,
            "gap": self.gap,
        }

    def chart(self) -> dict[str, Any]:
        """An ECharts horizontal bar chart, best at the top, this zone highlighted."""
        rows = list(reversed(self.rows))
        return {
            "grid": {"left": 8, "right": 48, "top": 8, "bottom": 8, "containLabel": True},
            "tooltip": {"trigger": "axis", "axisPointer": {"type": "shadow"}},
            "xAxis": {"type": "value", "axisLabel": {"formatter": "{value}%"}},
            "yAxis": {"type": "category", "data": [r.zone_name for r in rows]},
            "series": [
                {
                    "type": "bar",
                    "barMaxWidth": 22,
                    "label": {"show": True, "position": "right", "formatter": "{c}%"},
                    "data": [
                        {
                            "value": float(r.growth),
                            "itemStyle": {"color": palette.WARN if r.is_self else palette.LIGHT},
                        }
                        for r in rows
                    ],
                }
            ],
            "animation": False,
        }


def province_figures(*, user: User) -> QuerySet[ProvinceFigure]:
    return ProvinceFigure.objects.visible_to(user)


def ranked_periods(*, user: User, indicator: Indicator | None = None) -> list[ReportingPeriod]:
    """The periods that have province figures (for the indicator), newest first."""
    figures = province_figures(user=user)
    if indicator is not None:
        figures = figures.filter(indicator=indicator)
    return list(ReportingPeriod.objects.filter(pk__in=figures.values("period_id")))


def ranked_indicators(*, user: User) -> list[Indicator]:
    return list(Indicator.objects.filter(pk__in=province_figures(user=user).values("indicator_id")))


def province_rank(
    *, period: ReportingPeriod | None, indicator: Indicator | None, user: User | None = None
) -> Ranking:
    """The ranking of one period and indicator, with this zone's rank, gap and lead.

    ``user`` None is the system (the command line, the briefing); otherwise scope applies.
    """
    ranking = Ranking(period=period, indicator=indicator)
    if period is None or indicator is None:
        return ranking
    figures = ProvinceFigure.objects.all() if user is None else province_figures(user=user)
    ordered = figures.filter(period=period, indicator=indicator).order_by("-growth", "zone_name")
    previous: Decimal | None = None
    rank = 0
    for position, figure in enumerate(ordered, start=1):
        if figure.growth != previous:
            rank, previous = position, figure.growth
        ranking.rows.append(RankRow(rank, figure.zone_name, figure.growth, figure.is_self))
    mine = next((r for r in ranking.rows if r.is_self), None)
    if mine is not None:
        ranking.self_row = mine
        # The nearest zones with a different figure: a tie is neither ahead nor behind.
        ranking.above = next((r for r in reversed(ranking.rows) if r.growth > mine.growth), None)
        ranking.below = next((r for r in ranking.rows if r.growth < mine.growth), None)
    return ranking
