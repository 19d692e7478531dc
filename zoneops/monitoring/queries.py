"""Reads of the monthly ledgers: aggregates, growth on the same enterprise set, contribution,
decliners, trends, targets and the list of who has not reported.

Every read starts from the enterprises (or reports) the user may see. Growth is always
computed on the same set: an enterprise counts towards growth only where it reported both
this year's and last year's year-to-date figure (DOMAIN.md), never against an archived total.
Figures are approved reports only: they are what the zone stands behind.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import reduce
from typing import Any

from django.db import connection
from django.db.models import Count, DecimalField, F, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import Substr

from zoneops.core.models import Park
from zoneops.core.scope import scope_of
from zoneops.enterprises.models import Chain, ChainMembership, Enterprise, Industry
from zoneops.monitoring.models import (
    Alert,
    AlertLevel,
    AlertMonth,
    AlertStatus,
    Indicator,
    MonthlyReport,
    ReportingPeriod,
    ReportStatus,
    ReportValue,
    Target,
    TargetKind,
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

    def enterprises(self, user: Any) -> QuerySet[Enterprise]:
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
    *, user: Any, period: ReportingPeriod, indicator: Indicator, slice_: Slice
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


def aggregates(
    *,
    user: Any,
    period: ReportingPeriod,
    indicator: Indicator,
    by: str = "zone",
    slice_: Slice | None = None,
) -> list[Group]:
    """Year-to-date totals per group with growth on the same set and contribution to the whole.

    :func:`breakdown` for one grouping.
    """
    return breakdown(user=user, period=period, indicator=indicator, by=(by,), slice_=slice_)[by]


def breakdown(
    *,
    user: Any,
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
    user: Any,
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


@dataclass
class TrendPoint:
    period: str
    month: int
    ytd: Decimal
    last_ytd: Decimal
    growth: Decimal | None
    month_value: Decimal | None


def trend(
    *, user: Any, indicator: Indicator, year: int, slice_: Slice | None = None
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


@dataclass(frozen=True)
class Progress:
    """How far a month's reports have come, for the figures summed from them (approved only):
    approved of expected, where expected is every report of the month and every above-size
    industrial enterprise in operation that has none yet. A month is still being reported
    while reports wait for approval, or, for the latest month, while some are missing."""

    year: int
    month: int
    approved: int
    expected: int
    being_reported: bool


def reporting_progress(
    *, user: Any, years: Sequence[int], slice_: Slice | None = None
) -> dict[tuple[int, int], Progress]:
    """Each month's :class:`Progress` in these years, by (year, month), in the user's scope."""
    enterprises = (slice_ or Slice()).enterprises(user)
    reporters = Enterprise.objects.filter(pk__in=enterprises.values("pk")).expected_reporters()
    count_expected = reporters.count()
    reports = MonthlyReport.objects.filter(enterprise__in=enterprises.values("pk"))
    latest = reports.order_by("-period__year", "-period__month").values_list(
        "period__year", "period__month"
    )[:1]
    newest = tuple(latest[0]) if latest else None
    rows = (
        reports.filter(period__year__in=list(years))
        .values("period__year", "period__month")
        .annotate(
            approved=Count("pk", filter=Q(status=ReportStatus.APPROVED)),
            waiting=Count("pk", filter=~Q(status=ReportStatus.APPROVED)),
            from_reporters=Count("pk", filter=Q(enterprise__in=reporters.values("pk"))),
        )
        .order_by()
    )
    out = {}
    for row in rows:
        key = (row["period__year"], row["period__month"])
        missing = max(count_expected - row["from_reporters"], 0)
        out[key] = Progress(
            year=key[0],
            month=key[1],
            approved=row["approved"],
            expected=row["approved"] + row["waiting"] + missing,
            being_reported=bool(row["waiting"] or (missing and key == newest)),
        )
    return out


def not_reported(*, user: Any, period: ReportingPeriod) -> QuerySet[Enterprise]:
    """Above-scale industrial enterprises in operation without this period's report."""
    done = MonthlyReport.objects.filter(
        period=period, status__in=[ReportStatus.SUBMITTED, ReportStatus.APPROVED]
    )
    return (
        Enterprise.objects.visible_to(user)
        .expected_reporters()
        .exclude(pk__in=done.values("enterprise_id"))
        .select_related("park", "service_officer")
        .order_by("park__order", "name")
    )


def report_list(
    *, user: Any, period: ReportingPeriod | None = None, status: str = ""
) -> QuerySet[MonthlyReport]:
    qs = MonthlyReport.objects.visible_to(user).select_related("enterprise__park", "period")
    if period is not None:
        qs = qs.filter(period=period)
    if status:
        qs = qs.filter(status=status)
    return qs


def period_status(*, user: Any, period: ReportingPeriod) -> dict[str, int]:
    counts = dict(
        report_list(user=user, period=period)
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    counts["open"] = counts.get(ReportStatus.DRAFT, 0) + counts.get(ReportStatus.RETURNED, 0)
    counts["missing"] = not_reported(user=user, period=period).count()
    return counts


def latest_period() -> ReportingPeriod | None:
    """The latest period with approved reports (what dashboards show by default)."""
    return (
        ReportingPeriod.objects.filter(reports__status=ReportStatus.APPROVED)
        .order_by("-year", "-month")
        .first()
    )


def open_alerts(*, user: Any, enterprise: Enterprise | None = None) -> QuerySet[Alert]:
    """The alerts not yet closed (an enterprise's: all of them), each one enterprise's one
    kind for as long as it holds, with its months."""
    qs = (
        Alert.objects.visible_to(user)
        .select_related("enterprise__park", "period", "last_period", "rule", "owner")
        .prefetch_related(Prefetch("months", AlertMonth.objects.select_related("period")))
    )
    if enterprise is not None:
        return qs.filter(enterprise=enterprise)
    return qs.exclude(status=AlertStatus.CLOSED)


@dataclass(frozen=True)
class AlertCounts:
    """Open alerts (one per enterprise and kind) and the enterprises they are about."""

    alerts: int
    enterprises: int
    red: int


def alert_counts(*, user: Any, park: int | None = None) -> AlertCounts:
    qs = Alert.objects.visible_to(user).exclude(status=AlertStatus.CLOSED)
    if park:
        qs = qs.filter(enterprise__park_id=park)
    found = qs.aggregate(
        alerts=Count("pk"),
        enterprises=Count("enterprise_id", distinct=True),
        red=Count("pk", filter=Q(level=AlertLevel.RED)),
    )
    return AlertCounts(**found)


@dataclass
class TargetProgress:
    target: Target
    actual: Decimal | None
    completion: Decimal | None  # % of the target reached (value targets) or growth reached
    gap: Decimal | None  # how much more is needed (value) or points short (growth)
    time_elapsed: Decimal  # % of the target's time that has passed
    ahead_points: Decimal | None  # completion − time elapsed (value targets)
    notes: list[str] = field(default_factory=list)


def _target_slice(target: Target) -> Slice:
    return Slice(park=target.park_id, chain=target.chain_id)


def target_progress(*, user: Any, target: Target, period: ReportingPeriod) -> TargetProgress:
    """Completion of a yearly or quarterly target as of a period (of the target's year)."""
    months_done = (
        period.month if period.year == target.year else (12 if period.year > target.year else 0)
    )
    if target.quarter:
        start, end = (target.quarter - 1) * 3, target.quarter * 3
        elapsed = Decimal(max(0, min(months_done, end) - start)) / 3 * 100
    else:
        start, end = 0, 12
        elapsed = Decimal(min(months_done, 12)) / 12 * 100
    last_month = min(months_done, end)
    if last_month <= start:
        return TargetProgress(target, None, None, None, elapsed, None, ["尚无该期间的数据"])
    slice_ = _target_slice(target)
    end_all, end_same, end_last = _ytd_at(
        user=user, indicator=target.indicator, year=target.year, month=last_month, slice_=slice_
    )
    zero = Decimal(0)
    start_all, start_same, start_last = (
        _ytd_at(user=user, indicator=target.indicator, year=target.year, month=start, slice_=slice_)
        if start
        else (zero, zero, zero)
    )
    if target.kind == TargetKind.GROWTH:
        actual = growth(end_same - start_same, end_last - start_last)
        gap = (target.value - actual) if actual is not None else None
        completion = (actual / target.value * 100) if actual is not None and target.value else None
        return TargetProgress(target, actual, completion, gap, elapsed, None)
    actual_now = end_all - start_all
    completion = actual_now / target.value * 100 if target.value else None
    return TargetProgress(
        target,
        actual_now,
        completion,
        max(target.value - actual_now, zero),
        elapsed,
        (completion - elapsed) if completion is not None else None,
    )


def _ytd_at(
    *, user: Any, indicator: Indicator, year: int, month: int, slice_: Slice
) -> tuple[Decimal, Decimal, Decimal]:
    """At the end of a month: year-to-date of all reporting, of the same set, and last year's."""
    period = ReportingPeriod.objects.filter(year=year, month=month).first()
    zero = Decimal(0)
    if period is None:
        return zero, zero, zero
    same = Q(last_ytd_value__isnull=False, ytd_value__isnull=False)
    sums = _values(user=user, period=period, indicator=indicator, slice_=slice_).aggregate(
        now=Sum("ytd_value"),
        now_same=Sum("ytd_value", filter=same),
        last=Sum("last_ytd_value", filter=same),
    )
    return sums["now"] or zero, sums["now_same"] or zero, sums["last"] or zero


def targets_for(*, user: Any, year: int) -> QuerySet[Target]:
    qs = Target.objects.filter(year=year).select_related("park", "chain", "indicator")
    scope = scope_of(user)
    if scope.zone or scope.department_sees_zone:
        return qs
    return qs.filter(Q(park_id__in=scope.parks)) if scope.parks else qs.none()
