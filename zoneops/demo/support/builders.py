"""The steps that write the demo's enterprise services, through the services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from zoneops.demo.clock import last_month
from zoneops.demo.context import DemoContext
from zoneops.demo.support.data import DIFFICULTIES, POLICIES, WAN, programs_of
from zoneops.enterprises.models import Enterprise
from zoneops.monitoring import services as monitoring
from zoneops.monitoring.models import MonthlyReport
from zoneops.monitoring.periods import period_get_or_create
from zoneops.support import matching, queries, services
from zoneops.support.models import CultivationPool, Stage


def build_support(ctx: DemoContext) -> None:
    """Policies, programs, applications, difficulties, pools and candidates."""
    rng = ctx.stream("support")
    policies = {p["title"]: services.policy_save(actor=None, data=p, check=False) for p in POLICIES}
    programs = []
    for data, rules in programs_of(ctx):
        data = {**data, "policy": policies[data["policy"]]}
        data["amount_min"] = Decimal(data["amount_min"])
        data["amount_max"] = Decimal(data["amount_max"])
        programs.append(
            services.program_save(
                actor=None,
                data=data,
                rules=[{"field": f, "operator": o, "value": v} for f, o, v in rules],
                check=False,
            )
        )
    small = _near_threshold(ctx, rng)
    profiles = queries.profiles(Enterprise.objects.all(), today=ctx.today)
    names = queries.unit_names()
    eligible = matching.rematch({p.pk: queries.program_rules(p, names) for p in programs}, profiles)
    applications = _applications(ctx, rng, programs, eligible)
    difficulties = _difficulties(ctx, rng)
    members = _pools(ctx, rng, small)
    ctx.counts.update(
        policies=len(policies),
        funding_programs=len(programs),
        applications=applications,
        difficulties=difficulties,
        pool_members=members,
    )
    ctx.say(
        f"Support: {len(policies)} policies, {len(programs)} programs, {applications} "
        f"applications, {difficulties} difficulties, {members} pool members, "
        f"{len(small)} small enterprises reporting near 2000万元"
    )


def _thousands(value: Decimal) -> Decimal:
    return (value / 1000).quantize(Decimal(1)) * 1000


def _near_threshold(ctx: DemoContext, rng: Any) -> list[Enterprise]:
    """Eight below-size industrial enterprises file their revenue with the zone: the month
    before last (the last month fully reported) and the December before it (whole thousands
    of 元, like every demo figure), trailing revenue between about 1500万 and 2100万元."""
    pool = [
        p
        for p in ctx.profiles
        if not p.is_above_scale
        and p.status == "operating"
        and p.industry_code[:2].isdigit()
        and 13 <= int(p.industry_code[:2]) <= 43
    ]
    chosen = rng.sample(pool, min(8, len(pool)))
    live_year, live_month = last_month(ctx.today)
    year, month = last_month(dt.date(live_year, live_month, 1))
    december, recent = period_get_or_create(year - 1, 12), period_get_or_create(year, month)
    out = []
    for p in chosen:
        enterprise = ctx.enterprises[p.credit_code]
        last_full = Decimal(rng.randint(1500, 1950)) * WAN
        last_ytd = _thousands(last_full * month / 12 * Decimal(rng.uniform(0.96, 1.02)))
        ytd = _thousands(last_ytd * Decimal(rng.uniform(0.95, 1.18)))
        for period, now, before, months in (
            (december, last_full, last_full, 12),
            (recent, ytd, last_ytd, month),
        ):
            figures = {
                "revenue": {
                    "month_value": _thousands(now / months),
                    "ytd_value": now,
                    "last_ytd_value": before,
                    "last_month_value": None,
                }
            }
            report, _ = monitoring.report_save(
                actor=None,
                enterprise=enterprise,
                period=period,
                figures=figures,
                explanation="规下企业培育监测",
                source="demo",
                submit=True,
                check=False,
            )
            monitoring.report_approve(actor=None, report=report, check=False)
            # Dated in the reporting month, as the monitoring demo dates its reports.
            handed_in = dt.datetime.combine(period.deadline, dt.time(10), tzinfo=dt.UTC)
            MonthlyReport.objects.filter(pk=report.pk).update(
                submitted_at=handed_in, approved_at=handed_in + dt.timedelta(days=1)
            )
        out.append(enterprise)
    return out


def _applications(
    ctx: DemoContext, rng: Any, programs: list[Any], eligible: dict[int, set[int]]
) -> int:
    today = ctx.today
    by_id = {e.pk: e for e in ctx.enterprises.values()}
    count = 0
    for program in programs:
        ids = sorted(eligible[program.pk])
        if not ids:
            continue
        state = queries.window_state(program, today)
        if state == "upcoming":
            continue
        share = 0.6 if state == "closed" else 0.35
        for eid in rng.sample(ids, max(1, min(25, int(len(ids) * share)))):
            enterprise = by_id[eid]
            low, high = program.amount_min or Decimal(0), program.amount_max or Decimal(0)
            requested = ((low + (high - low) * Decimal(rng.random())) / WAN).quantize(
                Decimal(1)
            ) * WAN
            app = services.application_save(
                actor=None,
                enterprise=enterprise,
                program=program,
                data={"amount_requested": requested},
                check=False,
            )
            count += 1
            if state == "open" and rng.random() < 0.4:
                continue  # still preparing
            submitted = program.opens_on + dt.timedelta(days=rng.randint(1, 20))
            services.application_transition(
                actor=None,
                application=app,
                status="submitted",
                on=min(submitted, today),
                check=False,
            )
            if state != "closed":
                continue
            decided = program.closes_on + dt.timedelta(days=rng.randint(30, 60))
            if rng.random() < 0.75:
                approved = (requested * Decimal(rng.uniform(0.5, 1.0)) / WAN).quantize(
                    Decimal(1)
                ) * WAN
                services.application_transition(
                    actor=None,
                    application=app,
                    status="approved",
                    on=decided,
                    amount_approved=approved,
                    check=False,
                )
                paid = approved if rng.random() < 0.6 else (approved / 2).quantize(Decimal(1))
                services.application_disburse(
                    actor=None, application=app, amount_disbursed=paid, check=False
                )
            else:
                services.application_transition(
                    actor=None,
                    application=app,
                    status="rejected",
                    on=decided,
                    note="不符合资金支持方向",
                    check=False,
                )
    return count


def _difficulties(ctx: DemoContext, rng: Any) -> int:
    operating = [ctx.enterprises[p.credit_code] for p in ctx.profiles if p.status == "operating"]
    count = 0
    today = ctx.today
    for i in range(28):
        stage, title, description, dept, resolution = DIFFICULTIES[i % len(DIFFICULTIES)]
        assert stage in Stage.values
        reported = today - dt.timedelta(days=rng.randint(5, 300))
        roll = rng.random()
        data: dict[str, Any] = {
            "title": title,
            "description": description,
            "stage": stage,
            "department": ctx.departments[dept],
            "reported_on": reported,
        }
        if roll < 0.5:
            data |= {
                "status": "resolved",
                "resolution": resolution,
                "resolved_on": min(reported + dt.timedelta(days=rng.randint(3, 60)), today),
            }
        elif roll < 0.8:
            data["status"] = "in_progress"
        services.difficulty_save(
            actor=None, enterprise=rng.choice(operating), data=data, check=False
        )
        count += 1
    return count


def _pools(ctx: DemoContext, rng: Any, small: list[Enterprise]) -> int:
    pools = {p.kind: p for p in CultivationPool.objects.all()}
    officers = [u for name, u in ctx.users.items() if name.startswith("park-") or name == "service"]
    by_size = sorted(
        (p for p in ctx.profiles if p.status == "operating" and p.is_above_scale),
        key=lambda p: p.revenue,
    )
    plans = [
        "一企一策：协调要素保障，跟踪月度产值，推动新增产能按期达产",
        "专员每月走访，协助申报技改资金和研发费用加计扣除",
        "推动上下游配套对接，拓展省外市场订单",
    ]
    count = 0

    def add(kind: str, enterprise: Enterprise, years: int, **extra: Any) -> None:
        nonlocal count
        joined = ctx.today - dt.timedelta(days=rng.randint(60, 600))
        services.membership_save(
            actor=None,
            pool=pools[kind],
            enterprise=enterprise,
            data={
                "joined_on": joined,
                "target_on": dt.date(joined.year + years, 12, 31),
                "officer": enterprise.service_officer or rng.choice(officers),
                "plan": rng.choice(plans),
                **extra,
            },
            check=False,
        )
        count += 1

    for enterprise in small[:4]:  # the others stay candidates for the officer to add
        add("above_scale", enterprise, 1)
    recent = [
        p for p in by_size if p.above_scale_since and p.above_scale_since.year >= ctx.today.year - 1
    ]
    for p in recent[:3]:
        add(
            "above_scale",
            ctx.enterprises[p.credit_code],
            1,
            status="achieved",
            ended_on=p.above_scale_since,
            reward="首次升规入统奖励",
            reward_amount=Decimal(100_000),
        )
    tiers = (
        ("tier_1b", 5 * 10**8, 10**9),
        ("tier_5b", 25 * 10**8, 5 * 10**9),
        ("tier_10b", 6 * 10**9, 10**10),
    )
    for kind, low, high in tiers:
        for p in [p for p in by_size if low <= p.revenue < high][-4:]:
            add(kind, ctx.enterprises[p.credit_code], 3)
    owners = [p for p in ctx.profiles if p.chain_role == "owner" and p.status == "operating"]
    for p in owners[:4]:
        add("chain_owner", ctx.enterprises[p.credit_code], 3)
    return count
