"""Aggregates of the monthly ledgers: sums for a slice (the zone, a park, an industry, a chain),
growth on the same enterprise set, and the trend of a year month by month.

Every read starts from the enterprises (or reports) the user may see. Growth is always
computed on the same set: an enterprise counts towards growth only where it reported both
this year's and last year's year-to-date figure (docs/domain.md), never against an archived
total. Figures are approved reports only: they are what the zone stands behind.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import reduce
from typing import Any

from django.db import connection
from django.db.models import DecimalField, F, Q, QuerySet, Sum
from django.db.models.functions import Substr

from zoneops.core.models import User
from zoneops.core.scope import scope_of
from zoneops.enterprises.models import Chain, ChainMembership, Enterprise
from zoneops.monitoring.models import (
    Indicator,
    ReportingPeriod,
    ReportStatus,
    ReportValue,
)

GROUPINGS = ("zone", "park", "industry", "chain")


@dataclass(frozen=True)
class Slice:
    """A part of the zone: everything, or one park, 大类, chain or tag (combinable)."""

    park: int | None = None
    industry: str = ""  # a 2-digit 大类 code
    chain: int | None = None
    tag: str = ""
    above_scale: bool | None = None

    @property
    def is_everything(self) -> bool:
        return (
            not (self.park or self.industry or self.chain or self.tag) and self.above_scale is None
        )

    def enterprises(self, user: User) -> QuerySet[Enterprise]:
        qs = Enterprise.objects.visible_to(user)
        if self.park:
            qs = qs.filter(park_id=self.park)
        if self.industry:
            qs = qs.filter(industry__code__startswith=self.industry)
        if self.chain:
            qs = qs.filter(
                pk__in=ChainMembership.objects.filter(chain_id=self.chain).values("enterprise_id")
            )
        if self.tag:
            qs = qs.filter(
                pk__in=Enterprise.tags.through.objects.filter(tag__code=self.tag).values(
                    "enterprise_id"
                )
            )
        if self.above_scale is not None:
            qs = qs.filter(is_above_scale=self.above_scale)
        return qs


def growth(now: Decimal | None, before: Decimal | None) -> Decimal | None:
    """(now ÷ before − 1) × 100; no number when last year's figure is zero or a loss."""
    if now is None or before is None or before <= 0:
        return None
    return ((now / before) - 1) * 100


def _values(
    *, user: User, period: ReportingPeriod, indicator: Indicator, slice_: Slice
) -> QuerySet[ReportValue]:
    values = ReportValue.objects.filter(
        indicator=indicator, report__period=period, report__status=ReportStatus.APPROVED
    )
    scope = scope_of(user)
    if slice_.is_everything and (scope.zone or scope.department_sees_zone):
        return values  # the whole zone: no need to join through the enterprises at all
    return values.filter(report__enterprise__in=slice_.enterprises(user))


@dataclass
class Group:
    key: str
    label: str
    ytd: Decimal  # every reporting enterprise
    ytd_same: Decimal  # those that also reported last year's figure
    last_ytd: Decimal
    enterprises: int
    growth: Decimal | None = None
    contribution_points: Decimal | None = None  # 拉动百分点
    contribution_share: Decimal | None = None  # 贡献率 %


def _slice_sums(
    values: QuerySet[ReportValue], *, dimensions: list[str], chains: bool
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The slice's sums by the ``dimensions`` (park, industry) and, if asked, by chain.

    One statement reads the slice's rows once (the ORM's query, so scope and slice filters stay
    its own) into a CTE and groups them twice. ``MATERIALIZED`` (SQLite ≥ 3.35, PostgreSQL ≥ 12)
    keeps SQLite from flattening it: its planner then ran the park × 大类 GROUP BY from the
    enterprises (by the park index), where the CTE starts from the period's reports; with the
    chains' second read gone, that halves the time.
    """
    columns: dict[str, Any] = {"ytd": F("ytd_value"), "last_ytd": F("last_ytd_value")}
    if chains:
        columns["enterprise"] = F("report__enterprise_id")
    if "park" in dimensions:
        columns["park"] = F("report__enterprise__park_id")
    if "industry" in dimensions:
        columns["industry"] = Substr("report__enterprise__industry__code", 1, 2)
    rows_sql, params = values.values(**columns).order_by().query.sql_with_params()
    q = connection.ops.quote_name
    ytd, last = q("ytd"), q("last_ytd")
    same = f"{ytd} IS NOT NULL AND {last} IS NOT NULL"
    sums = (
        f"SUM({ytd}), SUM(CASE WHEN {same} THEN {ytd} END), "
        f"SUM(CASE WHEN {same} THEN {last} END), COUNT(*)"
    )
    keys = ", ".join(q(d) if d in dimensions else "NULL" for d in ("park", "industry"))
    group = f" GROUP BY {', '.join(q(d) for d in dimensions)}" if dimensions else ""
    sql = f"WITH v AS MATERIALIZED ({rows_sql}) SELECT 'cell', {keys}, {sums} FROM v{group}"  # noqa: S608
    if chains:
        membership, chain = ChainMembership._meta.db_table, Chain._meta.db_table
        sql += (
            f" UNION ALL SELECT 'chain', m.chain_id, c.name, {sums} FROM v"  # noqa: S608
            f" JOIN {q(membership)} m ON m.enterprise_id = v.{q('enterprise')}"
            f" JOIN {q(chain)} c ON c.id = m.chain_id GROUP BY m.chain_id, c.name"
        )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        found = cursor.fetchall()
    decimal = _sum_to_decimal()
    cells, by_chain = [], []
    for kind, key, name, ytd, ytd_same, last, n in found:
        row = {"ytd": decimal(ytd), "ytd_same": decimal(ytd_same), "last": decimal(last), "n": n}
        if kind == "cell":
            cells.append({"park": key, "industry": name, **row})
        else:
            by_chain.append({"key": key, "label": name, **row})
    return cells, by_chain


def _sum_to_decimal() -> Callable[[Any], Decimal | None]:
    """Django's own conversion of a database's SUM over a DecimalField (on SQLite a float,
    rounded to 15 digits), so that sums read by hand equal the ORM's to the last digit."""
    total = Sum("ytd_value", output_field=DecimalField())
    steps = [*connection.ops.get_db_converters(total), *total.get_db_converters(connection)]
    return lambda value: reduce(lambda v, step: step(v, total, connection), steps, value)


def _fold(cells: list[dict[str, Any]]) -> dict[str, Any]:
    """The sums of several groups' sums (None where no group had a value)."""
    folded: dict[str, Any] = {"ytd": None, "ytd_same": None, "last": None, "n": 0}
    for cell in cells:
        for name in ("ytd", "ytd_same", "last"):
            if cell[name] is not None:
                folded[name] = (folded[name] or Decimal(0)) + cell[name]
        folded["n"] += cell["n"] or 0
    return folded


def _fold_by(cells: list[dict[str, Any]], dimension: str) -> list[dict[str, Any]]:
    groups: dict[Any, list[dict[str, Any]]] = {}
    for cell in cells:
        groups.setdefault(cell[dimension], []).append(cell)
    return [{"key": key, **_fold(members)} for key, members in groups.items()]


def _group(row: dict[str, Any], zone_last: Decimal | None, zone_now: Decimal | None) -> Group:
    zero = Decimal(0)
    group = Group(
        key=str(row["key"]),
        label=str(row.get("label") or row["key"]),
        ytd=row["ytd"] or zero,
        ytd_same=row["ytd_same"] or zero,
        last_ytd=row["last"] or zero,
        enterprises=row["n"],
    )
    group.growth = growth(group.ytd_same, group.last_ytd)
    increase = group.ytd_same - group.last_ytd
    if zone_last:
        group.contribution_points = increase / zone_last * 100
    if zone_now is not None and zone_last is not None and zone_now != zone_last:
        group.contribution_share = increase / (zone_now - zone_last) * 100
    return group


@dataclass
class TrendPoint:
    period: str
    month: int
    ytd: Decimal
    last_ytd: Decimal
    growth: Decimal | None
    month_value: Decimal | None


def trend(
    *, user: User, indicator: Indicator, year: int, slice_: Slice | None = None
) -> list[TrendPoint]:
    """Month by month in one year: year-to-date, last year's, growth and the month's own value."""
    same = Q(last_ytd_value__isnull=False, ytd_value__isnull=False)
    rows = (
        ReportValue.objects.filter(
            indicator=indicator,
            report__period__year=year,
            report__status=ReportStatus.APPROVED,
            report__enterprise__in=(slice_ or Slice()).enterprises(user),
        )
        .values("report__period__month", "report__period__combined_with_january")
        .annotate(
            ytd=Sum("ytd_value"),
            ytd_same=Sum("ytd_value", filter=same),
            last=Sum("last_ytd_value", filter=same),
            month=Sum("month_value"),
        )
        .order_by("report__period__month")
    )
    points = []
    for row in rows:
        month = row["report__period__month"]
        label = (
            "1—2月" if row["report__period__combined_with_january"] and month == 2 else f"{month}月"
        )
        points.append(
            TrendPoint(
                period=label,
                month=month,
                ytd=row["ytd"] or Decimal(0),
                last_ytd=row["last"] or Decimal(0),
                growth=growth(row["ytd_same"], row["last"]),
                month_value=row["month"],
            )
        )
    return points
