"""The demo zone's finance services: a year of financing needs from enterprises of every size,
the banks' products (some waiting for review), grants, loan cases in every state (refusals
with their reasons, online loans that skip the site visit, several disbursements under one
credit line, banks that missed their limits), and two matchmaking sessions whose signings are
partly disbursed.

Two bank logins of different banks: ``bank`` (built with the staff) and ``bank2``, and the
finance officer ``finance`` of the enterprise service centre. Everything is written through
``zoneops.finance.services`` and dated from ``ctx.today``.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from zoneops.core.models import Bank, Role, User
from zoneops.core.services import user_save
from zoneops.demo.context import DEMO_PASSWORD, DemoContext
from zoneops.enterprises.models import ChainRole, Enterprise
from zoneops.finance import queries, services
from zoneops.finance.models import STAGE_ORDER, LoanCase, Need, Session

WAN = Decimal(10_000)
SECOND_BANK = "青海银行城东支行"

PRODUCTS = (
    (
        "中国工商银行西宁经济技术开发区支行",
        "经营快贷",
        "流动资金贷款",
        (50, 1000),
        (3, 12),
        ("3.45", "4.35"),
        ("纯信用", "线上"),
        True,
    ),
    (
        "中国工商银行西宁经济技术开发区支行",
        "科创贷",
        "科技贷",
        (100, 3000),
        (12, 36),
        ("3.30", "4.00"),
        ("科技贷", "专精特新贷"),
        False,
    ),
    (
        "中国建设银行西宁南川支行",
        "善新贷",
        "科技贷",
        (100, 2000),
        (12, 36),
        ("3.50", "4.20"),
        ("科技贷", "首贷"),
        False,
    ),
    (
        "中国建设银行西宁南川支行",
        "云税贷",
        "流动资金贷款",
        (10, 300),
        (6, 12),
        ("3.60", "4.50"),
        ("纯信用", "线上", "首贷"),
        True,
    ),
    (
        "青海银行城东支行",
        "专精特新贷",
        "流动资金贷款",
        (100, 2000),
        (12, 36),
        ("3.85", "4.60"),
        ("专精特新贷",),
        False,
    ),
    (
        "青海银行城东支行",
        "设备更新贷",
        "固定资产贷款",
        (200, 5000),
        (24, 60),
        ("3.20", "3.90"),
        ("技改",),
        False,
    ),
    (
        "西宁农村商业银行南川支行",
        "园区贷",
        "流动资金贷款",
        (20, 500),
        (6, 24),
        ("4.10", "5.20"),
        ("首贷",),
        False,
    ),
)

REFUSALS = (
    ("accepted", "企业近两年连续亏损，暂不符合准入条件"),
    ("first_review", "抵押物评估价值不足，担保条件未落实"),
    ("site_visit", "现场调查发现产能利用率偏低，订单不稳定"),
    ("submitted", "上级行审批未通过：资产负债率高于本行行业限额"),
)

PURPOSES = ("working_capital", "working_capital", "equipment", "upgrade", "orders", "construction")
NATURES = ("new", "new", "new", "new", "borrow_to_repay", "repay_then_borrow")


def build_finance(ctx: DemoContext) -> None:
    rng = ctx.stream("finance")
    banks = {bank.name: bank for bank in ctx.banks}
    _people(ctx, banks)
    _products(ctx, banks)
    enterprises = _pick(ctx, rng)
    needs = 0
    cases: list[LoanCase] = []
    for index, enterprise in enumerate(enterprises):
        made, made_cases = _need(ctx, rng, enterprise, index, list(banks.values()))
        needs += 1
        cases.extend(made_cases)
        del made
    sessions = _sessions(ctx, rng, banks, cases)
    listed = _listing(ctx)
    advised = _advisors(ctx)
    visits, entries = _coordination(ctx, rng, list(banks.values()))
    # The banks that missed their limits by the demo's today raise their alerts now.
    breaches = services.deadlines_run(today=ctx.today)
    ctx.counts["finance_needs"] = needs
    ctx.counts["finance_cases"] = len(cases)
    ctx.counts["finance_sessions"] = sessions
    ctx.counts["listing_companies"] = listed
    ctx.counts["advisor_assignments"] = advised
    ctx.counts["coordination_visits"] = visits
    ctx.counts["coordination_entries"] = entries
    ctx.say(
        f"金融服务：{needs} 项融资需求，{len(cases)} 笔银行对接，{sessions} 场银企对接会，"
        f"{breaches['contact'] + breaches['decision']} 条超时提醒，{listed} 家上市后备企业，"
        f"{advised} 家重点企业选派了金融顾问，{visits} 次融资走访、{entries} 家列入申报清单"
    )


def _people(ctx: DemoContext, banks: dict[str, Bank]) -> None:
    ctx.users["finance"] = user_save(
        actor=None,
        data={
            "username": "finance",
            "full_name": "祁海英",
            "title": "金融服务科科长",
            "phone": "0971-5301436",
            "role": Role.DEPARTMENT_OFFICER,
            "department": ctx.departments["service"],
        },
        password=DEMO_PASSWORD,
        check=False,
    )
    ctx.users["bank2"] = user_save(
        actor=None,
        data={
            "username": "bank2",
            "full_name": "马国庆",
            "title": "普惠金融部客户经理",
            "phone": "0971-8236610",
            "role": Role.BANK,
            "bank": banks[SECOND_BANK],
        },
        password=DEMO_PASSWORD,
        check=False,
    )


def _products(ctx: DemoContext, banks: dict[str, Bank]) -> None:
    officer = ctx.users["finance"]
    for index, (bank, name, kind, amount, term, rate, tags, online) in enumerate(PRODUCTS):
        product = services.product_save(
            actor=None,
            bank=banks[bank],
            data={
                "name": name,
                "kind": kind,
                "target": "开发区内依法经营满两年的中小微企业",
                "conditions": "纳税信用等级B级及以上；近12个月开票未中断超过3个月；无不良信用记录",
                "materials": "营业执照、近两年财务报表、近12个月纳税证明、法定代表人身份证明",
                "amount_min": amount[0] * WAN,
                "amount_max": amount[1] * WAN,
                "term_min": term[0],
                "term_max": term[1],
                "rate_min": Decimal(rate[0]),
                "rate_max": Decimal(rate[1]),
                "guarantees": ["credit"] if "纯信用" in tags else ["surety", "mortgage"],
                "tags": list(tags),
                "online": online,
                "target_rules": _target_rules(tags),
            },
            check=False,
        )
        # The last product waits for the finance officer's review.
        if index < len(PRODUCTS) - 1:
            services.product_review(actor=officer, product=product, approve=True, check=False)


def _target_rules(tags: tuple[str, ...]) -> list[dict[str, str]]:
    """A product's 准入条件 in the funding programs' rules: a 科技贷 wants a high-tech firm, a
    专精特新贷 a 专精特新 one; every product wants a firm two years old or more."""
    rules = [{"field": "years", "operator": "gte", "value": "2"}]
    if "科技贷" in tags:
        rules.append({"field": "tag", "operator": "in", "value": "high_tech"})
    elif "专精特新贷" in tags:
        rules.append({"field": "tag", "operator": "in", "value": "srdi_province,little_giant"})
    return rules


def _pick(ctx: DemoContext, rng: random.Random) -> list[Enterprise]:
    """Forty operating enterprises: a third above scale, the rest small, and the two demo
    enterprises (so ``ent1`` and ``ent2`` have needs of their own)."""
    operating = [p for p in ctx.profiles if p.status == "operating"]
    large = [p for p in operating if p.is_above_scale]
    small = [p for p in operating if not p.is_above_scale]
    chosen = rng.sample(large, min(13, len(large))) + rng.sample(small, min(25, len(small)))
    found = [ctx.enterprises[p.credit_code] for p in chosen]
    for username in ("ent1", "ent2"):
        user = ctx.users.get(username)
        if user is not None and user.enterprise is not None and user.enterprise not in found:
            found.insert(0, user.enterprise)
    return found


def _need(
    ctx: DemoContext,
    rng: random.Random,
    enterprise: Enterprise,
    index: int,
    banks: list[Bank],
) -> tuple[Need, list[LoanCase]]:
    # A fifth are recent: the banks' work lists have needs still waiting to be contacted.
    recent = index % 5 == 0
    published = ctx.today - dt.timedelta(
        days=rng.randint(2, 25) if recent else rng.randint(26, 330)
    )
    amount = Decimal(rng.choice((100, 200, 300, 500, 800, 1000, 1500, 2000, 3000)))
    if not enterprise.is_above_scale:
        amount = min(amount, Decimal(500))
    need = services.need_create(
        actor=None,
        enterprise=enterprise,
        data={
            "amount": amount * WAN,
            "term_months": rng.choice((6, 12, 12, 24, 36)),
            "purpose": rng.choice(PURPOSES),
            "acceptable_rate": Decimal(rng.choice(("3.8", "4.0", "4.5", "5.0"))),
            "guarantees": rng.sample(["credit", "surety", "mortgage", "pledge"], 2),
            "repayment_source": "经营性现金流",
            "credit_enhancement": rng.choice(("", "政府性融资担保", "应收账款质押")),
            "nature": rng.choice(NATURES),
            "source": rng.choice(("enterprise", "enterprise", "visit")),
            "open_to_all": index % 3 == 0,
        },
        published_on=published,
        check=False,
    )
    granted = rng.sample(banks, rng.randint(2, 3))
    # The two demo banks see most needs, so their work lists are full.
    for name in ("中国工商银行西宁经济技术开发区支行", SECOND_BANK):
        bank = next(b for b in banks if b.name == name)
        if bank not in granted and rng.random() < 0.6:
            granted.append(bank)
    for bank in granted:
        services.grant_add(
            actor=None,
            need=need,
            bank=bank,
            valid_from=published,
            valid_until=ctx.today + dt.timedelta(days=180),
            check=False,
        )
    if index % 7 == 6:
        return need, []  # not yet pushed: on the officer's list to route
    working = granted[: rng.randint(1, len(granted))]
    return need, [_case(ctx, rng, need, bank, published) for bank in working]


def _case(
    ctx: DemoContext, rng: random.Random, need: Need, bank: Bank, published: dt.date
) -> LoanCase:
    day = published + dt.timedelta(days=rng.randint(0, 3))
    case = services.case_push(actor=None, need=need, bank=bank, on=min(day, ctx.today), check=False)
    return _progress(ctx, rng, need, case)


def _progress(ctx: DemoContext, rng: random.Random, need: Need, case: LoanCase) -> LoanCase:
    """A pushed case goes as far as its age allows: refused at some step, or on to 授信 and
    放款."""
    age = (ctx.today - case.pushed_on).days
    # How far the case got: older cases went further; a few stop at each step.
    outcome = rng.random()
    steps = ["accepted", "first_review", "site_visit", "materials", "submitted", "credited"]
    if age < 30:
        reach = rng.randint(0, 3)
    elif outcome < 0.18:
        reach = -1  # refused somewhere
    else:
        reach = min(len(steps), 2 + age // 20 + rng.randint(0, 2))
    if reach == 0 and age > 40:
        reach = 1
    online = rng.random() < 0.3
    on = case.pushed_on
    stop = rng.randint(1, 4) if reach == -1 else reach
    for stage in steps[:stop]:
        if online and stage in ("site_visit", "materials"):
            continue
        on = min(on + dt.timedelta(days=rng.randint(1, 6)), ctx.today)
        skip = ("site_visit", "materials") if online and stage == "submitted" else ()
        services.case_advance(
            actor=None,
            case=case,
            stage=stage,
            on=on,
            opinion=_opinion(stage),
            skip=skip,
            credit_amount=(need.amount * Decimal(rng.choice(("0.6", "0.8", "1")))).quantize(
                Decimal("1")
            )
            if stage == "credited"
            else None,
            credit_rate=Decimal(rng.choice(("3.45", "3.65", "3.85", "4.10"))),
            credit_term=need.term_months,
            check=False,
        )
    if reach == -1:
        stage_now = case.stage
        reason = next((r for s, r in REFUSALS if s == stage_now), REFUSALS[0][1])
        services.case_refuse(
            actor=None,
            case=case,
            reason=reason,
            on=min(on + dt.timedelta(days=3), ctx.today),
            check=False,
        )
    elif case.stage == "credited" and rng.random() < 0.75:
        _disburse(ctx, rng, case, on)
    return case


def _opinion(stage: str) -> str:
    return {
        "accepted": "已电话联系企业财务负责人，约定上门时间",
        "first_review": "财务数据真实，经营正常，初审通过",
        "site_visit": "生产经营正常，在手订单充足",
        "materials": "资料齐全",
        "submitted": "已上报分行审批",
        "credited": "分行审批通过",
    }.get(stage, "")


def _disburse(ctx: DemoContext, rng: random.Random, case: LoanCase, credited_on: dt.date) -> None:
    line = case.credit_amount or Decimal(0)
    parts = 2 if line >= 500 * WAN and rng.random() < 0.5 else 1
    day = credited_on
    for part in range(parts):
        day = min(day + dt.timedelta(days=rng.randint(2, 25)), ctx.today)
        services.disbursement_add(
            actor=None,
            case=case,
            amount=(line / parts).quantize(Decimal("1")),
            on=day,
            maturity=day + dt.timedelta(days=30 * (case.credit_term or 12)),
            rate=case.credit_rate,
            guarantee="信用" if part == 0 and rng.random() < 0.4 else "保证",
            first_loan=rng.random() < 0.25,
            check=False,
        )


def _sessions(
    ctx: DemoContext, rng: random.Random, banks: dict[str, Bank], cases: list[LoanCase]
) -> int:
    """Two sessions: each signing follows a case of that bank and enterprise, so part of what
    was signed has been credited and disbursed, and part has stalled."""
    officer = ctx.users["finance"]
    specs = (
        ("2026年专精特新企业银企对接会", Session.Theme.SPECIALISED, 150, "开发区管委会三楼会议室"),
        ("工商银行“一月一行一专场”对接会", Session.Theme.ONE_BANK, 60, "东川工业园企业服务中心"),
    )
    made = 0
    used: set[int] = set()
    for name, theme, days_ago, place in specs:
        held = ctx.today - dt.timedelta(days=days_ago)
        if theme == Session.Theme.ONE_BANK:
            session_banks = [banks["中国工商银行西宁经济技术开发区支行"]]
        else:
            session_banks = list(banks.values())[:5]
        session = services.session_create(
            actor=officer,
            data={
                "name": name,
                "theme": theme,
                "held_on": held,
                "place": place,
                "organiser": "开发区企业服务中心",
            },
            banks=session_banks,
            check=False,
        )
        # What was being worked around the session's day: signed there, disbursed after.
        # (The open cases come first, so a session can be followed to its money.)
        pool = [
            c
            for c in cases
            if c.bank in session_banks
            and c.pk not in used
            and held - dt.timedelta(days=20) <= c.pushed_on <= held + dt.timedelta(days=30)
            and not c.disbursements.filter(on__lt=held).exists()
        ]
        landed = False
        signed = rng.sample(pool, min(9, len(pool)))
        for case in signed:
            used.add(case.pk)
            landed |= case.disbursements.exists()
            kind = rng.choice(("intent", "intent", "pre_credit", "credit"))
            services.signing_add(
                actor=officer,
                session=session,
                enterprise=case.enterprise,
                bank=case.bank,
                kind=kind,
                amount=case.need.amount if case.need else Decimal(100) * WAN,
                case=case,
                check=False,
            )
            # Money follows some signings: credited cases draw down after the session.
            if case.stage == "credited" and rng.random() < 0.6 and case.credited_on:
                _disburse(ctx, rng, case, max(held, case.credited_on))
                landed = True
        still_open = [c for c in signed if not c.closed and c.stage != "disbursed"]
        if not landed and still_open:
            # A session whose signings all stalled would show nothing: the first one that is
            # still open goes through to 授信 and 放款 after the session.
            _land(ctx, rng, still_open[0], held)
        made += 1
    return made


def _land(ctx: DemoContext, rng: random.Random, case: LoanCase, held: dt.date) -> None:
    """Take an open case through its remaining steps on and after the session's day, to 授信
    and a disbursement."""
    need = case.need
    if case.closed or need is None:
        return
    last = case.steps.order_by("-pk").values_list("on", flat=True).first()
    day = max(held, last or case.pushed_on)
    while (following := case.next_stage()) is not None:
        day = min(day + dt.timedelta(days=rng.randint(2, 6)), ctx.today)
        case = services.case_advance(
            actor=None,
            case=case,
            stage=following,
            on=day,
            opinion=_opinion(following),
            credit_amount=(need.amount * Decimal("0.8")).quantize(Decimal("1")),
            credit_rate=Decimal("3.65"),
            credit_term=need.term_months,
            check=False,
        )
    _disburse(ctx, rng, case, day)


# The reserve pool's tiers and their tests (a province's entry standard: tests 1, 2 and 4 can be
# judged from the ledgers; 3 needs R&D spending and 5 a board's own standard, which the
# platform does not hold). Amounts in 万元.
TIERS = (
    (
        "基础库",
        1,
        "有上市意愿，两年内完成股改，近两年无重大违法违规",
        (
            (
                1,
                "近两年连续盈利且累计利润总额不低于800万元",
                {"profitable_years": 2, "profit": 800},
            ),
            (2, "上年盈利且营业收入不低于4000万元", {"profitable_years": 1, "revenue": 4000}),
            (
                4,
                "近两年营业收入复合增长率不低于30%且平均营业收入不低于3000万元",
                {"cagr": 30, "average": 3000},
            ),
        ),
    ),
    (
        "重点库",
        2,
        "已完成股改或已报辅导备案",
        (
            (
                1,
                "近两年连续盈利且累计利润总额不低于3000万元",
                {"profitable_years": 2, "profit": 3000},
            ),
        ),
    ),
)
BOARDS = ("bse", "chinext", "star", "main", "neeq", "regional")
INTERMEDIARIES = (
    ("华泰联合证券", "北京市金杜律师事务所", "立信会计师事务所"),
    ("中信建投证券", "北京德恒律师事务所", "天健会计师事务所"),
    ("国泰君安证券", "青海树人律师事务所", "信永中和会计师事务所"),
)
# How far along each enrolled company is: the stages reached, then the next one's plan in
# days from today (negative: already late).
ROADS = (
    (("restructure", "tutoring_filed", "tutoring_passed", "accepted"), 40),
    (("restructure", "tutoring_filed"), 75),
    (("restructure",), -20),
    ((), 120),
    ((), -35),
    (("restructure", "tutoring_filed", "tutoring_passed"), 15),
)


def _listing(ctx: DemoContext) -> int:
    """The tiers, then the companies: chosen among the candidates the platform finds from the
    demo's own figures, each at its own place on the road; one with a 绿色通道 problem."""
    rng = ctx.stream("listing")
    tiers = []
    for name, order, description, tests in TIERS:
        rows = [
            {
                "number": number,
                "name": label,
                "profitable_years": rule.get("profitable_years"),
                "min_cumulative_profit": _wan(rule.get("profit")),
                "min_last_revenue": _wan(rule.get("revenue")),
                "min_revenue_cagr": Decimal(rule["cagr"]) if "cagr" in rule else None,
                "min_average_revenue": _wan(rule.get("average")),
            }
            for number, label, rule in tests
        ]
        tiers.append(
            services.listing_tier_save(
                actor=None,
                data={"name": name, "order": order, "min_years": 2, "description": description},
                tests=rows,
                check=False,
            )
        )
    officer = ctx.users["finance"]
    found = queries.listing_candidates(user=officer)
    first = [c.enterprise for tier, rows in found.tiers if tier == tiers[0] for c in rows]
    picked = rng.sample(first, min(len(ROADS), len(first)))
    for index, (enterprise, (reached, next_in)) in enumerate(zip(picked, ROADS, strict=False)):
        sponsor, law_firm, accountant = INTERMEDIARIES[index % len(INTERMEDIARIES)]
        entered = ctx.today - dt.timedelta(days=400 - 40 * index)
        company = services.listing_enrol(
            actor=None,
            enterprise=enterprise,
            data={
                "tier": tiers[1] if len(reached) >= 3 else tiers[0],
                "board": BOARDS[index % len(BOARDS)],
                "sponsor": sponsor if reached else "",
                "law_firm": law_firm if reached else "",
                "accountant": accountant if reached else "",
                "officer": officer,
            },
            on=entered,
            check=False,
        )
        day = entered
        for stage in reached:
            day = min(day + dt.timedelta(days=rng.randint(60, 110)), ctx.today)
            services.milestone_set(
                actor=None,
                company=company,
                stage=stage,
                planned_on=day - dt.timedelta(days=rng.randint(0, 30)),
                reached_on=day,
                check=False,
            )
        upcoming = STAGE_ORDER[len(reached)]
        services.milestone_set(
            actor=None,
            company=company,
            stage=upcoming,
            planned_on=ctx.today + dt.timedelta(days=next_in),
            reached_on=None,
            check=False,
        )
        if index == 0:
            services.green_channel_add(
                actor=officer,
                company=company,
                title="厂房不动产权证办理",
                content="申报前需补办两栋厂房的不动产权证，土地出让手续齐全，请协调办理。",
                topic="land",
                on=ctx.today - dt.timedelta(days=12),
                check=False,
            )
    return len(picked)


def _wan(amount: int | None) -> Decimal | None:
    return None if amount is None else Decimal(amount) * WAN


# 金融顾问: (name, kind, bank or organisation, title, phone). The first two are of the demo's
# two bank logins' banks, so ``bank`` and ``bank2`` each see their own advisor's work.
ADVISORS = (
    ("赵明轩", "bank", None, "公司业务部副总经理", "0971-8123460"),
    ("李静怡", "bank", SECOND_BANK, "小微金融部经理", "0971-8245102"),
    ("韩志远", "securities", "华泰联合证券青海分公司", "投行部董事", "0971-6302218"),
)
MEASURES = (
    ("梳理存量贷款到期结构，制定续贷衔接方案", 0, -45, True),
    ("对接固定资产贷款支持新产线建设", 8000, -20, False),
    ("申请科技贷、知识产权质押融资", 1500, 30, False),
    ("争取再贷款再贴现优惠利率", 0, 60, False),
)


def _advisors(ctx: DemoContext) -> int:
    """Three advisors serving the chains' 链主 and a few more key firms: plans with measures
    (some late), a service log, problems (some solved). Through the finance services."""
    rng = ctx.stream("advisors")
    first_bank = ctx.users["bank"].bank
    made = []
    for name, kind, where, title, phone in ADVISORS:
        data: dict[str, Any] = {"name": name, "kind": kind, "title": title, "phone": phone}
        if kind == "bank":
            data["bank"] = first_bank if where is None else Bank.objects.get(name=where)
        else:
            data["organisation"] = where
        made.append(services.advisor_save(actor=None, data=data, check=False))
    owners = list(
        Enterprise.objects.filter(chain_memberships__role=ChainRole.OWNER)
        .distinct()
        .order_by("name")
    )
    key = owners[:5] if owners else list(Enterprise.objects.order_by("name")[:5])
    officer = ctx.users["finance"]
    for index, enterprise in enumerate(key):
        advisor = made[index % len(made)]
        since = ctx.today - dt.timedelta(days=rng.randint(150, 300))
        assignment = services.assignment_create(
            actor=None,
            advisor=advisor,
            enterprise=enterprise,
            data={
                "reason": "产业链链主" if owners else "重点企业",
                "goal": "优化融资结构，降低综合融资成本",
                "target_amount": Decimal(rng.choice((5000, 10000, 20000))) * WAN,
                "plan_until": dt.date(ctx.today.year, 12, 31),
            },
            on=since,
            check=False,
        )
        for content, amount, due_in, done in MEASURES[: 2 + index % 3]:
            measure = services.measure_add(
                actor=None,
                assignment=assignment,
                data={
                    "content": content,
                    "amount": Decimal(amount) * WAN if amount else None,
                    "due_on": ctx.today + dt.timedelta(days=due_in),
                },
                check=False,
            )
            if done or (index % 2 and due_in < 0):
                services.measure_done(
                    actor=None,
                    measure=measure,
                    on=min(measure.due_on, ctx.today),
                    result="已落实",
                    check=False,
                )
        for step in range(3):
            services.log_add(
                actor=officer,
                assignment=assignment,
                data={
                    "on": since + dt.timedelta(days=30 * step + rng.randint(0, 20)),
                    "kind": ("visit", "call", "online")[step],
                    "content": (
                        "上门走访，了解年度资金需求与到期贷款",
                        "电话沟通授信材料准备进度",
                        "线上推送科技型企业专属信贷产品",
                    )[step],
                },
                check=False,
            )
        problem = services.problem_add(
            actor=None,
            assignment=assignment,
            data={
                "content": "抵押物不足，新增授信受限",
                "raised_on": since + dt.timedelta(days=20),
            },
            check=False,
        )
        if index % 2 == 0:
            services.problem_solve(
                actor=None,
                problem=problem,
                solution="引入省再担保增信，银行同意追加信用额度",
                on=since + dt.timedelta(days=60),
                check=False,
            )
    return len(key)


# ---- 融资协调工作机制 -------------------------------------------------------------------

FINDINGS_NEED = (
    "新接光伏组件订单，原材料备货资金缺口较大，希望申请流动资金贷款",
    "计划新增一条自动化生产线，设备款需分期支付",
    "应收账款回款周期拉长至120天，短期周转紧张",
    "现有贷款下月到期，希望续贷并适当增加额度",
    "扩建仓储车间，自有资金不足",
)
FINDINGS_NONE = (
    "生产经营正常，现金流充裕，暂无融资需求",
    "企业刚完成股权融资，近期无贷款需求",
    "企业负责人表示维持现有授信即可",
)
# A criterion that fails on review, with what the officer found.
FAILINGS = (
    ("credit", "人民银行征信报告显示近两年有3次逾期记录"),
    ("premises", "现经营场所为临时租用，租期不足6个月"),
    ("lawful", "近一年有两个月停产，经营不连续"),
)


def _coordination(ctx: DemoContext, rng: random.Random, banks: list[Bank]) -> tuple[int, int]:
    """Two months of 千企万户大走访 by the park officers: visits, the 申报清单 with its checks,
    the task force's review, and the 推荐清单 pushed to banks, whose cases go on as any."""
    reviewer = ctx.users["finance"]
    officers = list(
        User.objects.filter(role=Role.PARK_OFFICER).prefetch_related("parks").order_by("username")
    )
    by_park: dict[int, list[Enterprise]] = {}
    for enterprise in sorted(ctx.enterprises.values(), key=lambda e: e.credit_code):
        if enterprise.status == "operating":
            by_park.setdefault(enterprise.park_id, []).append(enterprise)
    visits = entries = 0
    for officer in officers:
        park = officer.parks.first()
        pool = by_park.get(park.pk, []) if park is not None else []
        for enterprise in rng.sample(pool, min(len(pool), rng.randint(3, 6))):
            age = rng.randint(2, 70)
            found = rng.random() < 0.6
            visit = services.visit_record(
                actor=None,
                enterprise=enterprise,
                officer=officer,
                data={
                    "visited_on": ctx.today - dt.timedelta(days=age),
                    "findings": rng.choice(FINDINGS_NEED if found else FINDINGS_NONE),
                    "need_found": found,
                    "amount": Decimal(rng.choice((50, 100, 200, 300, 500, 800))) * WAN
                    if found
                    else None,
                    "term_months": rng.choice((6, 12, 12, 24, 36)) if found else None,
                    "purpose": rng.choice(PURPOSES) if found else "",
                    "consent": found and rng.random() < 0.85,
                },
                check=False,
            )
            visits += 1
            if not found:
                continue
            entries += 1
            _entry(ctx, rng, visit, reviewer, banks, age)
    return visits, entries


def _entry(
    ctx: DemoContext, rng: random.Random, visit: Any, reviewer: Any, banks: list[Bank], age: int
) -> None:
    checks = {
        key: (True, text)
        for key, text in (
            ("lawful", "营业执照在有效期内，近12个月持续纳税"),
            ("premises", "自有厂房，不动产权证已核验"),
            ("genuine", "已核对在手订单及采购合同"),
            ("credit", "征信报告无不良记录"),
            ("purpose", "用于原材料采购，不涉及房地产和股市"),
        )
    }
    failing = rng.choice(FAILINGS) if rng.random() < 0.2 else None
    if failing is not None:
        checks[failing[0]] = (False, failing[1])
    if age < 6:
        return  # visited a few days ago: still on the 申报清单, unchecked
    entry = services.entry_check(actor=None, entry=visit.entry, checks=checks, check=False)
    if age < 12:
        return  # checked, waiting for the task force
    reviewed = visit.visited_on + dt.timedelta(days=rng.randint(3, 8))
    entry = services.entry_review(
        actor=reviewer,
        entry=entry,
        approve=failing is None,
        opinion="五项条件均已核实，同意列入推荐清单"
        if failing is None
        else f"不予推荐：{failing[1]}",
        on=min(reviewed, ctx.today),
        check=False,
    )
    if failing is not None or not visit.consent:
        return
    pushed_on = min(reviewed + dt.timedelta(days=1), ctx.today)
    chosen = rng.sample(banks, rng.randint(1, 2))
    cases = services.entry_push(
        actor=reviewer, entry=entry, banks=chosen, on=pushed_on, check=False
    )
    need = entry.need
    assert need is not None
    for case in cases:
        _progress(ctx, rng, need, case)
