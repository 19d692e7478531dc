"""What the economy office keeps beside the reports: grid accounts, targets, the bureau's
feedback, the province ranking and the Spring Festival production survey."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from django.db.models import Sum

from zoneops.demo.clock import quarter_of, spring_festival, spring_festival_holiday
from zoneops.demo.context import DemoContext
from zoneops.demo.enterprises import EnterpriseProfile
from zoneops.demo.monitoring.series import CENT, Series, Span, price_index
from zoneops.enterprises.models import EnterpriseStatus
from zoneops.monitoring.models import (
    ElectricityAccount,
    Indicator,
    OfficialFigure,
    ProductionPlan,
    ReportingPeriod,
    ReportStatus,
    ReportValue,
    TargetKind,
    TargetScope,
)
from zoneops.monitoring.permissions import can_fill
from zoneops.monitoring.province.services import province_figure_save
from zoneops.monitoring.surveys.services import response_save, survey_create
from zoneops.monitoring.targets.services import target_save


def electricity_accounts(ctx: DemoContext, plan: list[Series]) -> None:
    """Each reporter's grid account (户号), two for the large plants; written directly, as
    the grid company's mapping is configuration without a service of its own."""
    rng = ctx.stream("monitoring-accounts")
    profiles = {p.credit_code: p for p in ctx.profiles}
    numbers: set[str] = set()
    rows = []
    for series in plan:
        sites = ("一厂区", "二厂区") if profiles[series.credit_code].revenue >= 1e9 else ("",)
        for note in sites:
            number = f"0971{rng.randrange(10**8):08d}"
            while number in numbers:
                number = f"0971{rng.randrange(10**8):08d}"
            numbers.add(number)
            rows.append(
                ElectricityAccount(
                    enterprise=ctx.enterprises[series.credit_code],
                    account_number=number,
                    note=note,
                )
            )
    ElectricityAccount.objects.bulk_create(rows)


def _total(plan: list[Series], months: range, code: str = "output_value") -> float:
    return float(sum(sum(s.flows[code][t] for t in months) for s in plan))


def targets(ctx: DemoContext, span: Span, plan: list[Series]) -> int:
    """Last year's and this year's output targets: the zone (growth and value, and this
    quarter's), each park, and two chains, set by the economy office from the year before."""
    output = Indicator.objects.get(code="output_value")
    profiles = {p.credit_code: p for p in ctx.profiles}
    rng = ctx.stream("monitoring-targets")
    growth, value = TargetKind.GROWTH, TargetKind.VALUE

    def rounded(amount: float, unit: float) -> Decimal:
        return Decimal(round(amount / unit) * unit).quantize(CENT)

    specs: list[dict[str, Any]] = []
    this_year = ctx.today.year
    for year in (this_year - 1, this_year):
        base = _total(plan, span.year_range(year - 1))
        zone = {"scope": TargetScope.ZONE, "year": year}
        specs.append(zone | {"kind": growth, "value": Decimal("10.00")})
        specs.append(zone | {"kind": value, "value": rounded(base * 1.10, 1e8)})
        for key, park in ctx.parks.items():
            own = [s for s in plan if profiles[s.credit_code].park == key]
            amount = _total(own, span.year_range(year - 1)) * rng.uniform(1.08, 1.12)
            specs.append(
                {"scope": TargetScope.PARK, "park": park, "year": year, "kind": value}
                | {"value": rounded(amount, 1e7)}
            )
        for key in ("lithium", "pv"):
            members = [s for s in plan if profiles[s.credit_code].chain == key]
            amount = _total(members, span.year_range(year - 1)) * rng.uniform(1.08, 1.15)
            specs.append(
                {"scope": TargetScope.CHAIN, "chain": ctx.chains[key], "year": year}
                | {"kind": value, "value": rounded(amount, 1e7)}
            )
    q = quarter_of(ctx.today)
    start = span.index_of(this_year - 1, 3 * q - 2)
    same_quarter = _total(plan, range(start, start + 3))  # last year's
    quarter = {"scope": TargetScope.ZONE, "year": this_year, "quarter": q}
    specs.append(quarter | {"kind": value, "value": rounded(same_quarter * 1.08, 1e7)})
    specs.append(quarter | {"kind": growth, "value": Decimal("8.00")})
    for spec in specs:
        target_save(actor=ctx.users["econ"], indicator=output, **spec)
    return len(specs)


def official_figures(
    ctx: DemoContext, span: Span, plan: list[Series], periods: dict[int, ReportingPeriod]
) -> None:
    """规上工业增加值增速 as the statistics bureau feeds it back for last year and this year up
    to the live month (1—2月 onwards, the bureau publishes no January): close to the volume
    growth of our own figures, not equal."""
    rng = ctx.stream("monitoring-official")
    profiles = {p.credit_code: p for p in ctx.profiles}
    groups: dict[str | None, list[Series]] = {None: plan}
    for park_key in ctx.parks:
        groups[park_key] = [s for s in plan if profiles[s.credit_code].park == park_key]
    rows = []
    for key, members in groups.items():
        bias = rng.uniform(1.0, 3.0)
        for t in range(span.first, span.months):
            year, month = span.month_of(t)
            if month == 1 or year < span.year - 1:
                continue
            now = before = 0.0
            for s in members:
                sector = profiles[s.credit_code].sector
                for m in range(t - month + 1, t + 1):
                    now += float(s.flows["output_value"][m]) / price_index(span, sector, m)
                    before += float(s.flows["output_value"][m - 12]) / price_index(
                        span, sector, m - 12
                    )
            growth = (now / before - 1) * 100 * 0.8 + bias + rng.gauss(0, 0.4) if before else 0
            rows.append(
                OfficialFigure(
                    period=periods[t],
                    park=ctx.parks[key] if key else None,
                    growth=Decimal(f"{max(-5.0, min(16.0, growth)):.1f}"),
                )
            )
    OfficialFigure.objects.bulk_create(rows)


# Other development zones of Qinghai in the province's monthly ranking (our own parks excluded).
PROVINCE_ZONES = (
    "格尔木昆仑经济技术开发区",
    "柴达木循环经济试验区",
    "海东工业园区",
    "大通北川工业园区",
    "德令哈工业园",
    "格尔木工业园",
    "乌兰工业园",
    "大柴旦工业园",
    "互助绿色产业园",
    "海南州绿色产业发展园区",
)


def province_figures(ctx: DemoContext, period: ReportingPeriod) -> None:
    """The province's ranking of year-to-date output growth for the live month; this zone's
    row from its own reports (submitted or approved, each against its own 上年同期)."""
    rng = ctx.stream("monitoring-province")
    output = Indicator.objects.get(code="output_value")
    sums = ReportValue.objects.filter(
        report__period=period,
        indicator=output,
        report__status__in=[ReportStatus.SUBMITTED, ReportStatus.APPROVED],
    ).aggregate(ytd=Sum("ytd_value"), last=Sum("last_ytd_value"))
    own = (sums["ytd"] / sums["last"] - 1) * 100 if sums["last"] else Decimal(0)
    assert ctx.zone is not None
    rows = [(name, Decimal(f"{rng.uniform(-8.0, 15.0):.1f}"), False) for name in PROVINCE_ZONES]
    rows.append((ctx.zone.name, own.quantize(Decimal("0.1")), True))
    for name, growth, is_self in rows:
        province_figure_save(
            actor=None,
            period=period,
            indicator=output,
            zone_name=name,
            growth=growth,
            is_self=is_self,
            check=False,
        )


CONTINUOUS = frozenset({"alloys", "power", "salt"})
CONTINUOUS_LINES = frozenset({"2613", "3218", "3985", "3091", "3042"})
# The survey goes out about two months before the festival; until then the last one is shown.
SURVEY_LEAD = dt.timedelta(days=75)


def survey_year(today: dt.date) -> int:
    """The year of the Spring Festival whose production survey the demo shows on ``today``:
    the coming festival once it is near, else the last one (closed, answered)."""
    year = today.year if today <= spring_festival(today.year) else today.year + 1
    return year if spring_festival(year) - today <= SURVEY_LEAD else year - 1


def survey(ctx: DemoContext, span: Span, plan: list[Series]) -> int:
    """The production-plan survey of the Spring Festival (the coming one once it is near, else
    the last one), closing eight days before the holiday: about 60 % of the reporters have
    answered, themselves or through their service officer."""
    rng = ctx.stream("monitoring-survey")
    econ = ctx.users["econ"]
    year = survey_year(ctx.today)
    holiday_start, holiday_end = spring_festival_holiday(year)
    deadline = holiday_start - dt.timedelta(days=8)
    survey = survey_create(
        actor=econ,
        title=f"{year}年春节期间规模以上工业企业生产计划调查",
        holiday_start=holiday_start,
        holiday_end=holiday_end,
        deadline=deadline,
    )
    # Answers came in before the deadline (and before the demo's today).
    answered_on = min(ctx.today, deadline)
    profiles = {p.credit_code: p for p in ctx.profiles}
    own_users = {u.enterprise_id: u for u in ctx.users.values() if u.enterprise_id}
    answered = 0
    for series in plan:
        p = profiles[series.credit_code]
        if p.status != EnterpriseStatus.OPERATING or rng.random() >= 0.6:
            continue
        enterprise = ctx.enterprises[p.credit_code]
        officer = enterprise.service_officer
        actor = own_users.get(enterprise.pk) or (
            officer if officer and can_fill(officer, enterprise.pk, enterprise.park_id) else econ
        )
        response_save(
            actor=actor,
            survey=survey,
            enterprise=enterprise,
            data=_answer(rng, p, series, holiday_start, holiday_end),
            today=answered_on,
        )
        answered += 1
    return answered


def _answer(
    rng: random.Random,
    p: EnterpriseProfile,
    series: Series,
    holiday_start: dt.date,
    holiday_end: dt.date,
) -> dict[str, object]:
    """Seasonal producers are already stopped for the winter; continuous processes run through
    the holiday; assembly lines mostly stop for it, or run part of their lines."""
    answer: dict[str, object] = {"has_orders": True, "note": ""}
    if series.story == "seasonal":
        return answer | {
            "plan": ProductionPlan.SEASONAL_STOP,
            "stop_from": dt.date(holiday_start.year - 1, 12, rng.randint(1, 10)),
            "stop_to": dt.date(holiday_start.year, 3, rng.randint(1, 15)),
            "maintenance": True,
            "training": True,
            "spare_parts": rng.random() < 0.7,
            "workers_on_duty": rng.randint(3, 12),
            "has_orders": False,
            "note": "冬季停产检修，开春后视订单情况复产。",
        }
    if p.sector in CONTINUOUS or p.industry_code in CONTINUOUS_LINES:
        if rng.random() < 0.6:
            return answer | {
                "plan": ProductionPlan.FULL,
                "workers_on_duty": max(5, round(p.employees * rng.uniform(0.6, 0.9))),
                "note": "连续生产装置，春节期间不停炉，实行四班三倒。",
            }
        return answer | {
            "plan": ProductionPlan.PARTIAL,
            "capacity_percent": rng.choice((60, 70, 75, 80, 85, 90)),
            "workers_on_duty": max(5, round(p.employees * rng.uniform(0.5, 0.8))),
            "maintenance": rng.random() < 0.5,
            "spare_parts": rng.random() < 0.5,
            "note": "部分生产线轮流检修，其余满负荷运行。",
        }
    if rng.random() < 0.55:
        training = rng.random() < 0.4
        return answer | {
            "plan": ProductionPlan.HOLIDAY_STOP,
            "stop_from": holiday_start - dt.timedelta(days=rng.randint(0, 3)),
            "stop_to": holiday_end + dt.timedelta(days=rng.randint(1, 6)),
            "maintenance": rng.random() < 0.6,
            "training": training,
            "spare_parts": rng.random() < 0.3,
            "workers_on_duty": rng.randint(2, 8),
            "has_orders": rng.random() < 0.7,
            "note": "节前完成在手订单，节后组织员工返岗培训。" if training else "",
        }
    return answer | {
        "plan": ProductionPlan.PARTIAL,
        "capacity_percent": rng.choice((40, 50, 60, 70, 80)),
        "workers_on_duty": max(3, round(p.employees * rng.uniform(0.2, 0.5))),
        "note": "保障重点客户订单，部分产线轮休。",
    }
