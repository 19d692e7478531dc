"""The breakdown of a growth rate: by park, by industry, by chain, each group's pull (拉动) and
share (贡献率), and the enterprises behind a change."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, Sum

from zoneops.core.models import Park, User
from zoneops.enterprises.models import Industry
from zoneops.monitoring.analysis.aggregates import (
    GROUPINGS,
    Group,
    Slice,
    _fold,
    _fold_by,
    _group,
    _slice_sums,
    _values,
    growth,
)
from zoneops.monitoring.models import Indicator, ReportingPeriod


def breakdown(
    *,
    user: User,
    period: ReportingPeriod,
    indicator: Indicator,
    by: Sequence[str],
    slice_: Slice | None = None,
) -> dict[str, list[Group]]:
    """The slice's year-to-date totals grouped several ways at once, as the dashboard shows them.

    The slice's values are read once (:func:`_slice_sums`): summed by park × 大类, whose few rows
    are folded into the zone, the parks and the 大类, and by chain, counting an enterprise in
    each chain it belongs to. Contributions are to the whole slice.
    """
    if not by or any(grouping not in GROUPINGS for grouping in by):
        raise ValueError(by)
    values = _values(user=user, period=period, indicator=indicator, slice_=slice_ or Slice())
    dimensions = [d for d in ("park", "industry") if d in by]
    if dimensions or "chain" in by:
        cells, chains = _slice_sums(values, dimensions=dimensions, chains="chain" in by)
    else:
        same = Q(last_ytd_value__isnull=False, ytd_value__isnull=False)
        sums = values.aggregate(
            ytd=Sum("ytd_value"),
            ytd_same=Sum("ytd_value", filter=same),
            last=Sum("last_ytd_value", filter=same),
            n=Count("pk"),  # one value per enterprise and period
        )
        cells, chains = [sums], []
    whole = _fold(cells)
    zone_last, zone_now = whole["last"], whole["ytd_same"]
    out: dict[str, list[dict[str, Any]]] = {}
    for grouping in by:
        if grouping == "zone":
            out[grouping] = [{"key": "zone", "label": "全区", **whole}]
        elif grouping == "park":
            parks = {p.pk: p for p in Park.objects.filter(pk__in={c["park"] for c in cells})}
            rows = _fold_by(cells, "park")
            for row in rows:
                row["label"] = parks[row["key"]].name
            out[grouping] = sorted(rows, key=lambda r: (parks[r["key"]].order, r["key"]))
        elif grouping == "industry":
            rows = sorted(_fold_by(cells, "industry"), key=lambda r: r["key"] or "")
            names = dict(
                Industry.objects.filter(code__in=[r["key"] for r in rows]).values_list(
                    "code", "name"
                )
            )
            for row in rows:
                row["label"] = f"{row['key']} {names.get(row['key'], '')}".strip()
            out[grouping] = rows
        else:
            out[grouping] = sorted(chains, key=lambda r: r["key"])
    return {
        grouping: [_group(row, zone_last, zone_now) for row in rows if row.get("n")]
        for grouping, rows in out.items()
    }


@dataclass
class EnterpriseChange:
    enterprise_id: int
    name: str
    park: str
    ytd: Decimal | None
    last_ytd: Decimal | None
    month: Decimal | None
    growth: Decimal | None
    increase: Decimal | None
    contribution_points: Decimal | None


@dataclass
class Changes:
    rows: list[EnterpriseChange]
    risers: list[EnterpriseChange]
    fallers: list[EnterpriseChange]
    falling: int  # 下降面: enterprises whose figure fell
    comparable: int
    zone_last: Decimal = Decimal(0)

    @property
    def falling_share(self) -> Decimal | None:
        return Decimal(self.falling) / self.comparable * 100 if self.comparable else None


def enterprise_changes(
    *,
    user: User,
    period: ReportingPeriod,
    indicator: Indicator,
    slice_: Slice | None = None,
    top: int = 10,
) -> Changes:
    """Each enterprise's change and its contribution (拉动) to the slice's growth."""
    rows = list(
        _values(user=user, period=period, indicator=indicator, slice_=slice_ or Slice())
        .values(
            "report__enterprise_id",
            "report__enterprise__name",
            "report__enterprise__park__name",
            "ytd_value",
            "last_ytd_value",
            "month_value",
        )
        .order_by("report__enterprise__name")
    )
    comparable = [r for r in rows if r["ytd_value"] is not None and r["last_ytd_value"] is not None]
    zone_last: Decimal = sum((r["last_ytd_value"] or Decimal(0) for r in comparable), Decimal(0))
    changes = []
    for r in rows:
        ytd, last = r["ytd_value"], r["last_ytd_value"]
        increase = ytd - last if ytd is not None and last is not None else None
        changes.append(
            EnterpriseChange(
                enterprise_id=r["report__enterprise_id"],
                name=r["report__enterprise__name"],
                park=r["report__enterprise__park__name"],
                ytd=ytd,
                last_ytd=last,
                month=r["month_value"],
                growth=growth(ytd, last),
                increase=increase,
                contribution_points=(increase / zone_last * 100)
                if increase is not None and zone_last
                else None,
            )
        )
    ranked = sorted((c for c in changes if c.increase is not None), key=lambda c: c.increase or 0)
    return Changes(
        rows=changes,
        risers=[c for c in reversed(ranked) if (c.increase or 0) > 0][:top],
        fallers=[c for c in ranked if (c.increase or 0) < 0][:top],
        falling=sum(1 for c in ranked if (c.increase or 0) < 0),
        comparable=len(ranked),
        zone_last=zone_last,
    )


def aggregates(
    *,
    user: User,
    period: ReportingPeriod,
    indicator: Indicator,
    by: str = "zone",
    slice_: Slice | None = None,
) -> list[Group]:
    """Year-to-date totals per group with growth on the same set and contribution to the whole.

    :func:`breakdown` for one grouping.
    """
    return breakdown(user=user, period=period, indicator=indicator, by=(by,), slice_=slice_)[by]
