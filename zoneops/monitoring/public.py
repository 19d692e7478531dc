"""Monitoring's public face: what another app may read of the monthly ledgers.

Other apps import this module (and nothing else of ``zoneops.monitoring``): it answers in plain
values (ids, indicator codes, Decimal in the indicator's stored unit), never in monitoring's
models, so the tables behind it may change without the readers knowing.

- :func:`latest_monthly_figures`: each enterprise's newest approved monthly figures among the
  recent periods (year to date, last year's same period, last December's year to date), which
  ``zoneops.support`` turns into trailing twelve months and projections.
- :func:`economy_overview`: the dashboard's headline for a month and a place (output, revenue,
  electricity with same-set growth, targets against time elapsed, the province rank), which
  the leaders' overview (``zoneops.briefing``) shows.
- :func:`economy_briefing`, :func:`briefing_periods`, :func:`growth_chart`: what the monthly
  briefing (``zoneops.briefing``) says of the industrial economy, and its chart.
- :func:`year_totals`, :func:`latest_full_year`: whole years' figures from the approved
  December reports, which the listing pipeline (``zoneops.finance``) tests candidates on.
- :func:`capacity_overview`: 达产达效 for a month and a place: the 新增长点 not yet at their
  designed output (达产率, months since production start, the gap) and the 龙头企业 behind
  序时进度 on their year's output target, which the overview and the briefing list.
- :func:`stopped_enterprises`: the enterprises a production-plan survey says stop over the
  holiday (季节性停产, 节日放假停产), with their stop and restart dates and whether they overhaul
  their equipment (设备检修), which work safety turns into 复工复产 checks.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import CharField, Exists, F, OuterRef, Q, QuerySet, Window
from django.db.models.functions import Cast, RowNumber

from zoneops.core.models import User
from zoneops.monitoring.alerts.queries import alert_counts
from zoneops.monitoring.analysis.aggregates import Slice
from zoneops.monitoring.analysis.breakdown import aggregates, breakdown, enterprise_changes
from zoneops.monitoring.analysis.charts import growth_bars
from zoneops.monitoring.capacity import queries as capacity_queries
from zoneops.monitoring.models import (
    Indicator,
    MonthlyReport,
    ReportingPeriod,
    ReportStatus,
    ReportValue,
    period_label,
)
from zoneops.monitoring.province.queries import province_rank
from zoneops.monitoring.structure import queries as structure_queries
from zoneops.monitoring.surveys.models import ProductionSurvey, SurveyResponse
from zoneops.monitoring.surveys.services import STOP_PLANS
from zoneops.monitoring.targets import queries as target_queries
from zoneops.monitoring.targets.models import TargetKind

CENT = Decimal("0.01")
RECENT_PERIODS = 3


@dataclass(frozen=True, slots=True)
class MonthlyFigure:
    """One indicator's figures for one enterprise from its newest approved report, in the
    indicator's stored unit (元 for money)."""

    enterprise_id: int
    indicator: str  # the indicator's code, e.g. "revenue"
    year: int
    month: int
    period: str  # e.g. "2024年11月"
    ytd: Decimal | None
    last_ytd: Decimal | None  # last year's same-period year to date
    last_full_year: Decimal | None  # last December's year to date (of the enterprise's reports)


def _text(field: str) -> Cast:
    # Read amounts as text and parse them here: Django's per-value Decimal converter on SQLite
    # costs more than the whole query at ten thousand enterprises.
    return Cast(field, output_field=CharField())


def _decimal(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text).quantize(CENT)


def latest_monthly_figures(
    indicators: Iterable[str],
    enterprise_ids: Iterable[int] | QuerySet[Any] | None = None,
    *,
    recent_periods: int = RECENT_PERIODS,
) -> Iterator[MonthlyFigure]:
    """Each enterprise's newest approved figures for each of ``indicators`` (codes), among the
    ``recent_periods`` newest periods that have an approved report, one at a time.

    ``enterprise_ids``: ids, a ``values("pk")`` subquery, or ``None`` for every enterprise.

    Three queries whatever the number of enterprises: the recent periods, the newest values
    among them (the database picks them: one row per enterprise and indicator) and the
    Decembers before those. Approved reports only: they are what the zone stands behind.
    """
    codes = list(indicators)
    approved = MonthlyReport.objects.filter(period=OuterRef("pk"), status=ReportStatus.APPROVED)
    periods = list(
        ReportingPeriod.objects.filter(Exists(approved)).order_by("-year", "-month")[
            :recent_periods
        ]
    )
    if not periods:
        return
    values = ReportValue.objects.filter(
        report__status=ReportStatus.APPROVED, indicator__code__in=codes
    )
    if enterprise_ids is not None:
        ids = enterprise_ids if isinstance(enterprise_ids, QuerySet) else list(enterprise_ids)
        values = values.filter(report__enterprise_id__in=ids)
    newest_first = Window(
        RowNumber(),
        partition_by=[F("report__enterprise_id"), F("indicator_id")],
        order_by=[F("report__period__year").desc(), F("report__period__month").desc()],
    )
    # A plain list, not .iterator(): on PostgreSQL that opens a server-side cursor, which
    # plans for the first rows and fetches in round trips; ten thousand rows fit in memory.
    newest = list(
        values.filter(report__period__in=periods)
        .annotate(rank=newest_first, ytd=_text("ytd_value"), last_ytd=_text("last_ytd_value"))
        .filter(rank=1)
        .values_list(
            "report__enterprise_id",
            "indicator__code",
            "report__period__year",
            "report__period__month",
            "ytd",
            "last_ytd",
        )
    )
    years = {row[2] - 1 for row in newest}
    full_year = {
        (e, code, year): ytd
        for e, code, year, ytd in values.filter(
            report__period__year__in=years, report__period__month=12
        )
        .annotate(ytd=_text("ytd_value"))
        .values_list("report__enterprise_id", "indicator__code", "report__period__year", "ytd")
    }
    for enterprise_id, code, year, month, ytd, last_ytd in newest:
        yield MonthlyFigure(
            enterprise_id=enterprise_id,
            indicator=code,
            year=year,
            month=month,
            period=period_label(year, month),
            ytd=_decimal(ytd),
            last_ytd=_decimal(last_ytd),
            last_full_year=_decimal(full_year.get((enterprise_id, code, year - 1))),
        )


def latest_full_year() -> int | None:
    """The newest year whose December has an approved report: the last whole year on record."""
    return (
        ReportingPeriod.objects.filter(
            month=12,
            pk__in=MonthlyReport.objects.filter(status=ReportStatus.APPROVED).values("period"),
        )
        .order_by("-year")
        .values_list("year", flat=True)
        .first()
    )


def year_totals(
    indicators: Iterable[str],
    years: Iterable[int],
    enterprise_ids: Iterable[int] | QuerySet[Any] | None = None,
) -> dict[tuple[int, str, int], Decimal]:
    """Whole years' figures: ``(enterprise id, indicator code, year) -> value`` in the
    indicator's stored unit (元 for money), from approved December reports only.

    A year's value is its December's 1—12月累计; where that December is missing, the next
    December's 上年同期累计 (what the enterprise reported of that year a year later). Two queries
    whatever the number of enterprises."""
    codes, wanted = list(indicators), sorted(set(years))
    if not codes or not wanted:
        return {}
    values = ReportValue.objects.filter(
        report__status=ReportStatus.APPROVED,
        report__period__month=12,
        indicator__code__in=codes,
    )
    if enterprise_ids is not None:
        ids = enterprise_ids if isinstance(enterprise_ids, QuerySet) else list(enterprise_ids)
        values = values.filter(report__enterprise_id__in=ids)
    totals: dict[tuple[int, str, int], Decimal] = {}
    for enterprise_id, code, year, last_ytd in (
        values.filter(report__period__year__in=[y + 1 for y in wanted])
        .annotate(last=_text("last_ytd_value"))
        .values_list("report__enterprise_id", "indicator__code", "report__period__year", "last")
    ):
        amount = _decimal(last_ytd)
        if amount is not None:
            totals[(enterprise_id, code, year - 1)] = amount
    for enterprise_id, code, year, ytd in (
        values.filter(report__period__year__in=wanted)
        .annotate(value=_text("ytd_value"))
        .values_list("report__enterprise_id", "indicator__code", "report__period__year", "value")
    ):
        amount = _decimal(ytd)
        if amount is not None:
            totals[(enterprise_id, code, year)] = amount  # the year's own report comes first
    return totals


# ---- the leaders' overview (issue 17) --------------------------------------------------------

OVERVIEW_CODES = ("output_value", "revenue", "electricity")


@dataclass(frozen=True, slots=True)
class EconomyLine:
    """One key indicator's year to date for a place, with growth on the same set."""

    code: str
    name: str
    value: str  # as people say it: 万元/亿元 for money, the display unit otherwise
    growth: Decimal | None  # % on the enterprises that reported both years
    enterprises: int


@dataclass(frozen=True, slots=True)
class EconomyTarget:
    name: str  # where, when and what: "全区 · 2026年全年 · 工业总产值 600.00亿元"
    completion: Decimal | None  # %
    time_elapsed: Decimal  # %
    schedule: str  # "快于时间进度 2.0 个百分点" …
    schedule_class: str


@dataclass(frozen=True, slots=True)
class EconomyOverview:
    year: int
    month: int
    period: str  # "2024年11月"
    lines: list[EconomyLine]
    targets: list[EconomyTarget]
    rank_sentence: str  # "全省第3位，距第2位还差1.20个百分点"; "" for a park
    rank: int | None
    rank_total: int


def _approved_period(year: int, month: int) -> ReportingPeriod | None:
    """The month, or when it has no approved report the newest one before it that has."""
    return (
        ReportingPeriod.objects.filter(
            Exists(
                MonthlyReport.objects.filter(period=OuterRef("pk"), status=ReportStatus.APPROVED)
            )
        )
        .filter(Q(year__lt=year) | Q(year=year, month__lte=month))
        .order_by("-year", "-month")
        .first()
    )


def economy_overview(
    *, user: User, year: int, month: int, park: int | None = None
) -> EconomyOverview | None:
    """The dashboard's headline for a month (or, when that month has no approved report, the
    newest one before it): output, revenue and electricity year to date with same-set growth,
    the year's targets against time elapsed, and the province rank on output.

    ``park`` narrows to one park (a park officer's); None is what ``user`` may see. Computed
    by the dashboard's own functions, so the figures are the dashboard's."""
    period = _approved_period(year, month)
    if period is None:
        return None
    slice_ = Slice(park=park)
    indicators = {i.code: i for i in Indicator.objects.filter(code__in=OVERVIEW_CODES)}
    lines = []
    for code in OVERVIEW_CODES:
        indicator = indicators.get(code)
        if indicator is None:
            continue
        groups = aggregates(user=user, period=period, indicator=indicator, slice_=slice_)
        group = groups[0] if groups else None
        lines.append(
            EconomyLine(
                code=code,
                name=str(indicator.name),
                value=target_queries.format_quantity(group.ytd if group else None, indicator),
                growth=group.growth if group else None,
                enterprises=group.enterprises if group else 0,
            )
        )
    targets = []
    # The place's own targets first (the zone's, or the park's), then its chains'.
    found = sorted(
        target_queries.targets_for(user=user, year=period.year),
        key=lambda t: (t.chain_id is not None, t.park_id is not None and not park),
    )
    for target in found:
        if park and target.park_id != park:
            continue
        line = target_queries.describe(
            target_queries.target_progress(user=user, target=target, period=period)
        )
        targets.append(
            EconomyTarget(
                name=f"{line.where} · {line.when} · {target.indicator.name} {line.goal}",
                completion=line.progress.completion,
                time_elapsed=line.progress.time_elapsed,
                schedule=line.schedule,
                schedule_class=line.schedule_class,
            )
        )
    # The province ranks zones: a park's page has no rank of its own.
    ranking = province_rank(
        period=period, indicator=None if park else indicators.get("output_value"), user=user
    )
    return EconomyOverview(
        year=period.year,
        month=period.month,
        period=period_label(period.year, period.month),
        lines=lines,
        targets=targets[:4],
        rank_sentence="" if park else ranking.sentence(),
        rank=ranking.rank,
        rank_total=ranking.total,
    )


# ---- the monthly briefing (issue 17) ---------------------------------------------------------

BRIEFING_CODES = ("output_value", "revenue", "total_profit", "vat_payable", "electricity")
MOVERS = 3


@dataclass(frozen=True, slots=True)
class IndicatorYear:
    """One indicator's year to date for a place: the total of every approved report, and its
    growth on the same set (this month's and last month's year to date)."""

    code: str
    name: str
    unit: str  # the stored unit: "yuan" for money
    display_unit: str  # 万元, 万千瓦时 …
    ytd: Decimal | None
    ytd_same: Decimal | None
    last_ytd: Decimal | None
    growth: Decimal | None
    last_month_growth: Decimal | None  # 1—(M−1)月's, None in January
    enterprises: int


@dataclass(frozen=True, slots=True)
class Share:
    """A park's or a chain's output: year to date, same-set growth and its pull (拉动) on the
    place's growth, in points."""

    key: str
    label: str
    ytd: Decimal
    ytd_same: Decimal
    last_ytd: Decimal
    growth: Decimal | None
    points: Decimal | None
    enterprises: int


@dataclass(frozen=True, slots=True)
class Mover:
    """An enterprise among the largest pulls up or down on output."""

    name: str
    park: str
    ytd: Decimal
    increase: Decimal
    growth: Decimal | None
    points: Decimal | None


@dataclass(frozen=True, slots=True)
class BriefingTarget:
    """A year's target of the place for one indicator, and where it stands."""

    where: str  # 全区, a park, a chain
    indicator: str
    growth: bool  # a growth target (a rate), or a value target (an amount)
    goal: str  # "804.00亿元", "增长 10.0%"
    actual: str
    completion: Decimal | None
    time_elapsed: Decimal
    gap: str  # "差 1.2 个百分点", "全年还需 289.7亿元"


@dataclass(frozen=True, slots=True)
class EconomyBriefing:
    """What the economy office's monthly briefing says of the industrial economy, for a
    month and a place: every figure from approved reports, growth always on the same set."""

    year: int
    month: int
    park: int | None
    indicators: list[IndicatorYear]
    parks: list[Share]  # the zone's parks (empty for a park's briefing)
    chains: list[Share]
    growing: int  # enterprises whose output grew, of those with both years' figure
    falling: int
    comparable: int
    entrants: int  # reported this year, no figure a year earlier (新入规 and the like)
    entrants_ytd: Decimal
    risers: list[Mover]
    fallers: list[Mover]
    targets: list[BriefingTarget]
    rank: int | None
    rank_total: int
    rank_sentence: str
    alerts: int
    alert_enterprises: int
    red_alerts: int


def briefing_periods() -> list[tuple[int, int]]:
    """The months that have approved reports, newest first (what a briefing can be about)."""
    approved = MonthlyReport.objects.filter(period=OuterRef("pk"), status=ReportStatus.APPROVED)
    return list(
        ReportingPeriod.objects.filter(Exists(approved))
        .order_by("-year", "-month")
        .values_list("year", "month")
    )


def _share(group: Any) -> Share:
    return Share(
        key=str(group.key),
        label=str(group.label),
        ytd=group.ytd,
        ytd_same=group.ytd_same,
        last_ytd=group.last_ytd,
        growth=group.growth,
        points=group.contribution_points,
        enterprises=group.enterprises,
    )


def _mover(change: Any) -> Mover:
    return Mover(
        name=change.name,
        park=change.park or "",
        ytd=change.ytd,
        increase=change.increase,
        growth=change.growth,
        points=change.contribution_points,
    )


def economy_briefing(
    *, user: User, year: int, month: int, park: int | None = None
) -> EconomyBriefing | None:
    """The briefing's figures for exactly ``year``-``month`` (None when that month has no
    approved report), for the zone or one ``park``, within what ``user`` may see.

    Computed by the dashboard's own functions (the same aggregates, the same enterprise
    changes), so the briefing and the dashboard agree to the digit."""
    period = ReportingPeriod.objects.filter(year=year, month=month).first()
    if (
        period is None
        or not MonthlyReport.objects.filter(period=period, status=ReportStatus.APPROVED).exists()
    ):
        return None
    previous = (
        ReportingPeriod.objects.filter(year=year, month=month - 1).first() if month > 1 else None
    )
    slice_ = Slice(park=park)
    by_code = {i.code: i for i in Indicator.objects.filter(code__in=BRIEFING_CODES)}
    lines = []
    for code in BRIEFING_CODES:
        indicator = by_code.get(code)
        if indicator is None:
            continue
        now = aggregates(user=user, period=period, indicator=indicator, slice_=slice_)
        before = (
            aggregates(user=user, period=previous, indicator=indicator, slice_=slice_)
            if previous
            else []
        )
        group = now[0] if now else None
        lines.append(
            IndicatorYear(
                code=code,
                name=str(indicator.name),
                unit=indicator.unit,
                display_unit=indicator.display_unit,
                ytd=group.ytd if group else None,
                ytd_same=group.ytd_same if group else None,
                last_ytd=group.last_ytd if group else None,
                growth=group.growth if group else None,
                last_month_growth=before[0].growth if before else None,
                enterprises=group.enterprises if group else 0,
            )
        )
    output = by_code["output_value"]
    groups = breakdown(
        user=user,
        period=period,
        indicator=output,
        by=("chain",) if park else ("park", "chain"),
        slice_=slice_,
    )
    changes = enterprise_changes(
        user=user, period=period, indicator=output, slice_=slice_, top=MOVERS
    )
    comparable = [
        (c.ytd, c.last_ytd) for c in changes.rows if c.ytd is not None and c.last_ytd is not None
    ]
    entrants = [c for c in changes.rows if c.ytd is not None and c.last_ytd is None]
    targets = []
    found = sorted(
        target_queries.targets_for(user=user, year=year),
        key=lambda t: (t.chain_id is not None, t.kind == TargetKind.GROWTH, t.pk),
    )
    for target in found:
        if target.quarter or target.park_id != park or (target.chain_id and park):
            continue  # the year's targets of the place (and, for the zone, of its chains)
        line = target_queries.describe(
            target_queries.target_progress(user=user, target=target, period=period)
        )
        targets.append(
            BriefingTarget(
                where=line.where,
                indicator=str(target.indicator.name),
                growth=target.kind == TargetKind.GROWTH,
                goal=line.goal,
                actual=line.actual,
                completion=line.progress.completion,
                time_elapsed=line.progress.time_elapsed,
                gap=line.gap,
            )
        )
    ranking = province_rank(period=period, indicator=None if park else output, user=user)
    counts = alert_counts(user=user, park=park)
    return EconomyBriefing(
        year=year,
        month=month,
        park=park,
        indicators=lines,
        parks=[_share(g) for g in groups.get("park", [])],
        chains=[_share(g) for g in groups["chain"]],
        growing=sum(1 for ytd, last in comparable if ytd > last),
        falling=changes.falling,
        comparable=len(comparable),
        entrants=len(entrants),
        entrants_ytd=sum((c.ytd for c in entrants if c.ytd is not None), Decimal(0)),
        risers=[_mover(c) for c in changes.risers],
        fallers=[_mover(c) for c in changes.fallers],
        targets=targets,
        rank=ranking.rank,
        rank_total=ranking.total,
        rank_sentence="" if park else ranking.sentence(),
        alerts=counts.alerts,
        alert_enterprises=counts.enterprises,
        red_alerts=counts.red,
    )


def growth_chart(shares: list[Any]) -> dict[str, Any]:
    """The dashboard's growth bars (ECharts option) for parks or chains (anything with
    ``label`` and ``growth``): the same chart on the page and in the briefing."""
    return growth_bars(shares)


# ---- 达产达效 ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class GrowthPointBehind:
    """A 新增长点 below its designed output (amounts in 元)."""

    enterprise_id: int
    enterprise: str
    park: str
    months_since_start: int
    months_counted: int  # < 12: the output is annualised over these months
    rate: Decimal  # 达产率 %
    designed_output: Decimal
    annualised: Decimal
    gap: Decimal


@dataclass(frozen=True, slots=True)
class LeadingBehind:
    """A 龙头企业 behind 序时进度 on its year's output target (amounts in 元)."""

    enterprise_id: int
    enterprise: str
    park: str
    target: Decimal
    output: Decimal
    completion: Decimal  # %
    elapsed: Decimal  # 序时进度 %
    gap: Decimal


@dataclass(frozen=True, slots=True)
class CapacityOverview:
    year: int
    month: int
    period: str  # e.g. "2026年10月"
    growth_points: int  # 新增长点 producing by the month
    at_design: int  # of them, at or above the designed output
    leading: int  # 龙头企业 with a target for the year and an approved report for the month
    on_pace: int  # of them, at or ahead of 序时进度
    points_behind: list[GrowthPointBehind]  # lowest 达产率 first
    leading_behind: list[LeadingBehind]  # furthest behind first


def capacity_overview(
    *, user: User, year: int, month: int, park: int | None = None
) -> CapacityOverview | None:
    """达产达效 as of a month (or the newest month with approved reports before it), over what
    ``user`` sees (``park`` narrows to one park). The page's own reads
    (``monitoring.capacity.queries``), so the overview, the briefing and the page agree."""
    period = _approved_period(year, month)
    if period is None:
        return None
    points = [
        p for p in capacity_queries.growth_points(user=user, period=period, park=park) if p.started
    ]
    leaders = [
        r
        for r in capacity_queries.leading(user=user, period=period, park=park)
        if r.completion is not None
    ]
    return CapacityOverview(
        year=period.year,
        month=period.month,
        period=period_label(period.year, period.month),
        growth_points=len(points),
        at_design=sum(1 for p in points if not p.behind),
        leading=len(leaders),
        on_pace=sum(1 for r in leaders if not r.behind),
        points_behind=[
            GrowthPointBehind(
                enterprise_id=p.enterprise_id,
                enterprise=p.enterprise,
                park=p.park,
                months_since_start=p.months_since_start,
                months_counted=p.months_counted,
                rate=p.rate,  # type: ignore[arg-type]
                designed_output=p.designed_output,
                annualised=p.annualised,
                gap=p.gap,
            )
            for p in points
            if p.behind
        ],
        leading_behind=[
            LeadingBehind(
                enterprise_id=r.enterprise_id,
                enterprise=r.enterprise,
                park=r.park,
                target=r.target,
                output=r.output,  # type: ignore[arg-type]
                completion=r.completion,  # type: ignore[arg-type]
                elapsed=r.elapsed,
                gap=r.gap,  # type: ignore[arg-type]
            )
            for r in leaders
            if r.behind
        ],
    )


# ---- the industrial structure (issue 17 item 5) ----------------------------------------------


@dataclass(frozen=True, slots=True)
class StructureLine:
    """A top-level node of a classification, 按产值测算: its share of the place's output and
    revenue, its same-set growth and 拉动 on the place's output growth; the bureau's
    value-added share beside it when fed back (never mixed)."""

    name: str
    enterprises: int
    output: Decimal
    output_share: Decimal | None
    output_growth: Decimal | None
    output_pull: Decimal | None
    revenue_share: Decimal | None
    revenue_growth: Decimal | None
    official_share: Decimal | None


@dataclass(frozen=True, slots=True)
class StructureTable:
    classification: str
    kind: str
    lines: list[StructureLine]
    place_growth: Decimal | None  # the place's output growth on the same set
    period: str = ""  # 2026年1—11月


def structure_overview(
    *, user: User, year: int, month: int, park: int | None = None
) -> list[StructureTable]:
    """Every classification's structure for the month (year to date) and the place, as the
    structure page computes it (``monitoring.structure.queries``), for the month or, when it
    has no approved report, the newest one before it (as :func:`economy_overview`); empty
    when there is none."""
    period = _approved_period(year, month)
    if period is None:
        return []
    tables = []
    for item in structure_queries.structures(user=user, period=period, park=park):
        lines = []
        for row in item.rows:
            output, revenue = row.figures.get("output_value"), row.figures.get("revenue")
            lines.append(
                StructureLine(
                    name=row.node.name,
                    enterprises=row.enterprises,
                    output=output.group.ytd if output else Decimal(0),
                    output_share=output.share if output else None,
                    output_growth=output.group.growth if output else None,
                    output_pull=output.group.contribution_points if output else None,
                    revenue_share=revenue.share if revenue else None,
                    revenue_growth=revenue.group.growth if revenue else None,
                    official_share=row.official.share if row.official else None,
                )
            )
        whole = item.whole.get("output_value")
        tables.append(
            StructureTable(
                classification=str(item.classification),
                kind=str(item.classification.get_kind_display()),
                lines=lines,
                place_growth=whole.growth if whole else None,
                period=period.ytd_label,
            )
        )
    return tables


@dataclass(frozen=True, slots=True)
class StoppedEnterprise:
    """One enterprise that answered a survey that it stops: from when, when it restarts
    (``restart_on``: the answer's 恢复生产), and whether it overhauls its equipment."""

    enterprise_id: int
    plan: str  # "seasonal_stop" or "holiday_stop"
    stop_from: dt.date | None
    restart_on: dt.date | None
    maintenance: bool


@dataclass(frozen=True, slots=True)
class StoppedSurvey:
    """A production-plan survey and the enterprises it says stop."""

    survey_id: int
    title: str
    holiday_start: dt.date
    holiday_end: dt.date
    stopped: list[StoppedEnterprise]


def stopped_enterprises(*, survey_id: int | None = None) -> StoppedSurvey | None:
    """The enterprises survey ``survey_id`` (None: the newest survey, by its holiday) says
    stop, ordered by restart date; None when there is no such survey. The whole zone: the
    caller (a service of another app) filters by its own sight."""
    surveys = ProductionSurvey.objects.order_by("-holiday_start", "-pk")
    survey = surveys.filter(pk=survey_id).first() if survey_id is not None else surveys.first()
    if survey is None:
        return None
    rows = (
        SurveyResponse.objects.filter(survey=survey, plan__in=STOP_PLANS)
        .order_by("stop_to", "enterprise_id")
        .values_list("enterprise_id", "plan", "stop_from", "stop_to", "maintenance")
    )
    return StoppedSurvey(
        survey_id=survey.pk,
        title=survey.title,
        holiday_start=survey.holiday_start,
        holiday_end=survey.holiday_end,
        stopped=[StoppedEnterprise(*row) for row in rows],
    )


def surveys() -> list[tuple[int, str]]:
    """Every production-plan survey as (id, title), the newest first (a form's choices)."""
    return list(
        ProductionSurvey.objects.order_by("-holiday_start", "-pk").values_list("pk", "title")
    )
