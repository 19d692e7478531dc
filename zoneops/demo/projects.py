"""Key projects of the demo zone: this year's plan (重点项目计划, the year of the demo's today),
task forces, monthly ledgers, problems and funding, written through zoneops.projects.services.

Shaped like a real zone's plan: about fifty projects in the four parks, province, city and
zone level; industrial projects of the zone's chains (lithium, PV and silicon, alloys,
salt-lake chemicals, plateau medicine, equipment), infrastructure and park upgrading built by
the zone's investment company with bonds and budget money. Continuing projects (续建) carry
investment from earlier years; winter months plan little (Xining's building season is April to
October); a project takes longer the larger it is. Judged as of the demo's today: some projects
have passed their planned start without starting, some lag behind the year's plan, some
problems are past their deadline, a few ledgers miss last month.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from decimal import Decimal

from zoneops.core.models import Role, User
from zoneops.demo import names
from zoneops.demo.clock import add_months, month_end
from zoneops.demo.context import DemoContext
from zoneops.demo.zone import Account, _save
from zoneops.enterprises.models import Enterprise
from zoneops.projects import services
from zoneops.projects.models import FundingKind, KeyProject, MemberRole, Status

YI = Decimal(100_000_000)
WAN = Decimal(10_000)
# Share of a year's planned investment in each month (sums to 1): little in winter.
SEASON = (0.02, 0.02, 0.05, 0.09, 0.11, 0.12, 0.12, 0.12, 0.12, 0.11, 0.08, 0.04)
PLATFORM = "西宁经济技术开发区投资控股集团有限公司"

# (name, park, category, level, sector of the owner or None, total investment in 亿元, nature)
PLAN: tuple[tuple[str, str, str, str, str | None, float, str], ...] = (
    ("年产10万吨动力电池正极材料项目", "nc", "industrial", "province", "lithium", 32.0, "new"),
    ("锂电池隔膜及涂覆生产线扩建项目", "nc", "industrial", "city", "lithium", 8.5, "continuing"),
    ("碳酸锂提纯及氢氧化锂生产线项目", "nc", "industrial", "province", "lithium", 18.0, "new"),
    ("储能电池PACK及系统集成项目", "nc", "industrial", "city", "lithium", 6.2, "new"),
    ("废旧锂电池综合回收利用项目", "nc", "industrial", "zone", "lithium", 4.8, "new"),
    ("锂电铜箔二期项目", "nc", "industrial", "province", "lithium", 15.0, "continuing"),
    ("南川工业园标准化厂房（三期）", "nc", "park_upgrading", "zone", None, 3.6, "new"),
    ("南川工业园污水处理厂提标改造", "nc", "infrastructure", "city", None, 1.9, "continuing"),
    ("南川东路及配套管网工程", "nc", "infrastructure", "zone", None, 2.4, "new"),
    ("年产5万吨高纯晶硅项目", "dc", "industrial", "province", "pv", 45.0, "continuing"),
    ("单晶硅棒及切片一体化项目", "dc", "industrial", "province", "pv", 28.0, "new"),
    ("高效N型TOPCon电池片项目", "dc", "industrial", "city", "pv", 22.0, "new"),
    ("光伏组件智能制造基地项目", "dc", "industrial", "city", "pv", 12.0, "continuing"),
    ("光伏边框及支架配套项目", "dc", "industrial", "zone", "pv", 3.2, "new"),
    ("石英坩埚及热场材料项目", "dc", "industrial", "zone", "pv", 5.5, "new"),
    ("铝合金精深加工及型材项目", "dc", "industrial", "city", "alloys", 9.8, "new"),
    ("高性能镁合金压铸件项目", "dc", "industrial", "zone", "alloys", 4.2, "continuing"),
    ("东川工业园110千伏变电站工程", "dc", "infrastructure", "province", None, 2.8, "new"),
    ("东川工业园智慧园区平台", "dc", "park_upgrading", "zone", None, 0.9, "new"),
    ("东川工业园集中供热管网改造", "dc", "infrastructure", "zone", None, 1.6, "continuing"),
    ("东川工业园科创孵化中心", "dc", "park_upgrading", "city", None, 2.2, "continuing"),
    ("藏药现代化生产基地扩建项目", "sw", "industrial", "province", "biomed", 6.5, "continuing"),
    ("高原特色中藏药材提取项目", "sw", "industrial", "city", "biomed", 3.8, "new"),
    ("牦牛骨胶原蛋白肽生产线项目", "sw", "industrial", "zone", "food", 2.6, "new"),
    ("枸杞深加工及功能食品项目", "sw", "industrial", "zone", "food", 1.8, "new"),
    ("生物医药中试基地项目", "sw", "park_upgrading", "city", None, 2.9, "new"),
    ("生物科技产业园道路提升改造", "sw", "infrastructure", "zone", None, 1.2, "continuing"),
    ("生物科技产业园人才公寓", "sw", "park_upgrading", "zone", None, 1.5, "new"),
    ("医用敷料及医疗器械项目", "sw", "industrial", "zone", "biomed", 1.6, "new"),
    ("盐湖提锂吸附剂及装备项目", "gh", "industrial", "province", "salt", 7.5, "new"),
    ("氯碱化工节能降碳改造项目", "gh", "industrial", "city", "salt", 5.2, "continuing"),
    ("电解铝绿色低碳改造项目", "gh", "industrial", "province", "alloys", 16.0, "continuing"),
    ("高纯氧化镁及镁基新材料项目", "gh", "industrial", "city", "salt", 8.8, "new"),
    ("铝基新材料及再生铝项目", "gh", "industrial", "city", "alloys", 6.4, "new"),
    ("工业固废综合利用项目", "gh", "industrial", "zone", "building", 2.3, "new"),
    ("甘河工业园循环化改造项目", "gh", "park_upgrading", "province", None, 4.6, "continuing"),
    ("甘河工业园危险废物处置中心", "gh", "infrastructure", "city", None, 2.1, "new"),
    ("甘河工业园应急消防站", "gh", "infrastructure", "zone", None, 0.8, "new"),
    ("甘河工业园供水管网及加压站", "gh", "infrastructure", "zone", None, 1.4, "new"),
    ("光储充一体化示范项目", "gh", "industrial", "zone", "power", 3.0, "new"),
    ("分布式光伏屋顶整园推进项目", "nc", "industrial", "zone", "power", 2.5, "new"),
    ("智能电网装备制造项目", "dc", "industrial", "zone", "equipment", 3.5, "new"),
    ("锂电生产装备及自动化产线项目", "nc", "industrial", "city", "equipment", 4.4, "new"),
    ("开发区数据中心（一期）", "dc", "infrastructure", "city", None, 3.9, "new"),
    ("开发区公共实训基地", "sw", "park_upgrading", "zone", None, 1.1, "new"),
    ("开发区铁路专用线扩能工程", "gh", "infrastructure", "province", None, 5.8, "continuing"),
)

TASK_FORCE_ACCOUNTS = (
    Account("taskforce", "马国强", "重点项目专班联络员", Role.TASK_FORCE, "13909710318"),
    Account("tf-2", "冶小兰", "项目专班成员", Role.TASK_FORCE, login=False),
    Account("tf-3", "祁守仁", "项目专班成员", Role.TASK_FORCE, login=False),
    Account("tf-4", "朱晓宁", "项目专班成员", Role.TASK_FORCE, login=False),
    Account("lead-2", "孙建平", "管委会副主任", Role.ZONE_LEADER, login=False),
    Account("lead-3", "吴晓东", "管委会副主任", Role.ZONE_LEADER, login=False),
)
PARK_OFFICERS = {
    "dc": ("park-dc", "park-dc-2", "park-dc-3"),
    "nc": ("park-nc", "park-nc-2", "park-nc-3"),
    "sw": ("park-sw-1", "park-sw-2"),
    "gh": ("park-gh-1", "park-gh-2"),
}
PROGRESS = (
    "场地平整及临建完成",
    "桩基施工完成{p}%",
    "主体基础施工，完成{p}%",
    "主体结构施工至第{n}层",
    "钢结构厂房吊装完成{p}%",
    "设备基础施工，主要设备已订货",
    "设备安装调试，完成{p}%",
    "冬季停工，开展设备采购和复工准备",
    "管网铺设完成{p}%",
    "路基施工完成{p}%",
)
# (department, problem, how it was resolved)
PROBLEMS = (
    ("projects", "用地报批手续未完成，影响施工许可办理", "用地报批手续已完成，施工许可已核发"),
    ("projects", "能评批复待省发改委出具", "专班赴省发改委对接，能评批复已出具"),
    ("finance", "专项债券资金拨付进度滞后", "加快拨付审核，专项债券资金已拨付到位"),
    ("finance", "项目贷款审批周期长，资金缺口较大", "协调银行开辟绿色通道，项目贷款已获批"),
    ("safety", "施工现场安全评价报告待审查", "组织专家审查，安全评价报告已通过"),
    ("economy", "施工用电增容申请待电力部门批复", "协调供电公司，施工用电增容已批复"),
    ("investment", "配套协议约定的厂房交付时间延后", "与平台公司明确交付节点，厂房已交付"),
    ("office", "环评批复需协调生态环境部门加快办理", "生态环境部门已加快审批，环评已批复"),
    ("projects", "施工用水管网未接通", "协调供水公司完成管网接驳，施工用水已接通"),
    ("economy", "天然气接入工程未启动", "协调燃气公司启动接入工程，天然气已通气"),
)


def _month_plan(amount: Decimal, weights: tuple[float, ...]) -> dict[int, Decimal]:
    total = sum(weights)
    plan = {m: (amount * Decimal(str(w / total))).quantize(WAN) for m, w in enumerate(weights, 1)}
    busiest = max(plan, key=lambda m: weights[m - 1])
    plan[busiest] += amount.quantize(WAN) - sum(plan.values())
    return plan


def _duration(rng: random.Random, total_yi: float) -> int:
    """Months from start to completion: larger projects take longer (a 0.9亿 platform about a
    year, a 30亿 plant about two and a half years)."""
    months = (8 + 4 * math.sqrt(total_yi)) * rng.uniform(0.85, 1.15)
    return max(10, min(48, round(months)))


def build_projects(ctx: DemoContext) -> None:
    """This year's plan of key projects (the demo's today's year) with task forces, ledgers up
    to last month, problems and funding."""
    rng = ctx.stream("projects")
    today = ctx.today
    year = today.year
    for account in TASK_FORCE_ACCOUNTS:
        _save(ctx, account)
    office = ctx.users["projects"]
    leaders = [ctx.users[u] for u in ("leader", "lead-2", "lead-3")]
    task_force = [ctx.users[u] for u in ("taskforce", "tf-2", "tf-3", "tf-4")]
    owners_by = _owners(ctx)
    taken = {e.name for e in ctx.enterprises.values()}
    counts = {"key_projects": 0, "ledger_updates": 0, "problems": 0, "funding": 0}
    for index, (name, park_key, category, level, sector, total_yi, nature) in enumerate(PLAN):
        total = (Decimal(str(total_yi)) * YI).quantize(WAN)
        owner = owners_by.pop((sector, park_key), None) if sector else None
        if owner:
            owner_name = owner.name
        elif sector is None:
            owner_name = PLATFORM
        else:
            owner_name = _new_company(rng, sector, taken)
        continuing = nature == "continuing"
        actual_start: dt.date | None
        prior = (
            (total * Decimal(str(rng.uniform(0.2, 0.5)))).quantize(WAN)
            if continuing
            else Decimal(0)
        )
        this_year = ((total - prior) * Decimal(str(rng.uniform(0.25, 0.5)))).quantize(WAN)
        if continuing:
            planned_start = dt.date(year - 1, rng.randint(3, 9), 1)
            actual_start = planned_start + dt.timedelta(days=rng.randint(0, 40))
        else:
            planned_start = dt.date(year, rng.choice((2, 3, 3, 4, 4, 5, 6)), rng.choice((1, 15)))
            started = planned_start <= today and rng.random() < 0.7
            actual_start = (
                planned_start + dt.timedelta(days=rng.randint(0, 12)) if started else None
            )
            if actual_start and actual_start > today:
                actual_start = None
        # The zone's showcase: one province-level project that should have started in February.
        if index == 2:
            planned_start, actual_start = dt.date(year, 2, 20), None
        # Nothing is planned for the months before a new project starts.
        weights = tuple(
            w if continuing or m >= planned_start.month else 0.0 for m, w in enumerate(SEASON, 1)
        )
        # On the plan through the year at least (a project on it is not done before December).
        finish = add_months(planned_start, _duration(rng, total_yi))
        completion = max(month_end(finish.year, finish.month), dt.date(year, 12, 31))
        project = services.key_project_create(
            office,
            name=name,
            year=year,
            category=category,
            level=level,
            park=ctx.parks[park_key],
            owner_enterprise=owner,
            industry=owner.industry if owner else None,
            total_investment=total,
            planned_start=planned_start,
            planned_completion=completion,
            plan_months=_month_plan(this_year, weights),
            nature=nature,
            owner_name=owner_name,
            content=_content(name, total),
            actual_start=actual_start,
            status=Status.BUILDING if actual_start else Status.PLANNED,
            leader=leaders[index % len(leaders)],
            prior_investment=prior,
            check=False,
        )
        counts["key_projects"] += 1
        members = _task_force(ctx, project, park_key, index, task_force, rng)
        counts["ledger_updates"] += _ledger(project, members, rng, today)
        counts["problems"] += _problems(ctx, project, members, rng, today)
        counts["funding"] += _funding(project, category, total, rng)
    # Warnings are judged on the demo's today, the day its ledgers stand on (the rules page
    # can set the date blank to judge on the real day).
    services.warning_rules_save(actor=office, data={"as_of": today}, check=False)
    ctx.counts.update(counts)
    ctx.say(
        f"key projects: {counts['key_projects']} in the {year} plan, "
        f"{counts['ledger_updates']} ledger updates, {counts['problems']} problems, "
        f"{counts['funding']} funding sources"
    )


def _owners(ctx: DemoContext) -> dict[tuple[str, str], Enterprise]:
    """The largest operating enterprise of each (sector, park): the usual owner of an
    expansion project."""
    best: dict[tuple[str, str], Enterprise] = {}
    sizes: dict[tuple[str, str], int] = {}
    for profile in ctx.profiles:
        key = (profile.sector, profile.park)
        if profile.status != "operating" or profile.revenue <= sizes.get(key, -1):
            continue
        sizes[key] = profile.revenue
        best[key] = ctx.enterprises[profile.credit_code]
    return best


# What a new project company (项目公司) of a sector calls itself after its trade name.
COMPANY_KIND = {
    "lithium": "锂电新材料",
    "pv": "光伏科技",
    "alloys": "轻合金材料",
    "salt": "盐湖化工",
    "biomed": "生物医药",
    "food": "高原食品",
    "building": "环保科技",
    "power": "新能源",
    "equipment": "智能装备",
}


def _new_company(rng: random.Random, sector: str, taken: set[str]) -> str:
    """A project company founded for the project: a fresh trade name and the sector's kind."""
    kind = COMPANY_KIND.get(sector, "实业")
    while True:
        name = f"青海{names.brand(rng, set())}{kind}有限公司"
        if name not in taken:
            taken.add(name)
            return name


def _content(name: str, total: Decimal) -> str:
    amount = (total / YI).quantize(Decimal("0.01"))
    what = name.removesuffix("项目")
    return f"总投资{amount}亿元，建设{what}，含生产厂房、配套设施及公用工程。"


def _task_force(
    ctx: DemoContext,
    project: KeyProject,
    park_key: str,
    index: int,
    task_force: list[User],
    rng: random.Random,
) -> list[User]:
    officers = PARK_OFFICERS[park_key]
    head = ctx.users[officers[index % len(officers)]]
    members = [(head, MemberRole.HEAD, "统筹协调项目建设")]
    # The demo login serves on two projects of 南川 only: its scope is those two.
    if project.name in (PLAN[0][0], PLAN[1][0]):
        members.append((ctx.users["taskforce"], MemberRole.LIAISON, "台账填报及问题收集"))
    else:
        members.append((rng.choice(task_force[1:]), MemberRole.LIAISON, "台账填报及问题收集"))
    members.append((ctx.users["projects"], MemberRole.MEMBER, "手续办理及要素保障"))
    for user, role, duty in members:
        services.member_set(
            actor=None, project=project, user=user, role=role, duty=duty, check=False
        )
    return [user for user, _role, _duty in members]


def _ledger(project: KeyProject, members: list[User], rng: random.Random, today: dt.date) -> int:
    """Monthly updates from the start (or January) up to last month, each reported early in
    the month after. Most projects keep roughly to the plan; a quarter of them lag well
    behind; a few have not reported last month (yet)."""
    if project.actual_start is None:
        return 0
    plan = {p.month: p.amount or Decimal(0) for p in project.plan_months.all()}
    pace = rng.uniform(0.4, 0.7) if rng.random() < 0.25 else rng.uniform(0.85, 1.1)
    skips_last = rng.random() < 0.15
    last = today.month - 1 if today.year == project.year else 12
    written = 0
    reporter = members[1]
    for month in range(1, last + 1):
        first = dt.date(project.year, month, 1)
        if project.actual_start > first.replace(day=28):
            continue
        reported_on = dt.date(project.year + month // 12, month % 12 + 1, rng.randint(3, 12))
        if reported_on > today or (skips_last and month == last):
            continue
        share = Decimal(str(round(pace * rng.lognormvariate(0, 0.15), 4)))
        amount = (plan.get(month, Decimal(0)) * share).quantize(WAN)
        text = rng.choice(PROGRESS).format(p=rng.randint(20, 90), n=rng.randint(2, 6))
        if month in (1, 2, 12) and rng.random() < 0.3:
            text = PROGRESS[7]
        services.ledger_update_save(
            actor=reporter,
            project=project,
            month=first,
            investment=amount,
            progress=text,
            reported_on=reported_on,
            check=False,
        )
        written += 1
    return written


def _problems(
    ctx: DemoContext,
    project: KeyProject,
    members: list[User],
    rng: random.Random,
    today: dt.date,
) -> int:
    count = rng.choice((0, 0, 1, 1, 2))
    span = (today - dt.date(project.year, 1, 1)).days - 5
    if span < 0:
        return 0
    for _ in range(count):
        code, text, resolution = rng.choice(PROBLEMS)
        raised = dt.date(project.year, 1, 1) + dt.timedelta(days=rng.randint(0, span))
        deadline = raised + dt.timedelta(days=rng.choice((15, 30, 45, 60)))
        problem = services.problem_raise(
            actor=members[1],
            project=project,
            data={
                "raised_on": raised,
                "description": text,
                "department": ctx.departments[code],
                "deadline": deadline,
            },
            check=False,
        )
        if deadline < today and rng.random() < 0.55:
            resolved = min(today, deadline - dt.timedelta(days=rng.randint(0, 10)))
            services.problem_resolve(
                actor=ctx.users["projects"],
                problem=problem,
                resolution=resolution,
                resolved_on=max(raised, resolved),
                check=False,
            )
    return count


def _funding(project: KeyProject, category: str, total: Decimal, rng: random.Random) -> int:
    year = project.year
    sources: list[tuple[str, str, Decimal]] = []
    if category == "industrial":
        sources.append((FundingKind.OWN_FUNDS, "", (total * Decimal("0.4")).quantize(WAN)))
        if rng.random() < 0.6:
            sources.append((FundingKind.LOANS, "", (total * Decimal("0.35")).quantize(WAN)))
        if rng.random() < 0.2:
            sources.append(
                (FundingKind.CENTRAL_BUDGET, "第一批", (total * Decimal("0.05")).quantize(WAN))
            )
    else:
        sources.append(
            (
                FundingKind.SPECIAL_BONDS,
                rng.choice(("第一批", "第二批")),
                (total * Decimal("0.6")).quantize(WAN),
            )
        )
        sources.append(
            (
                rng.choice(
                    (
                        FundingKind.CENTRAL_BUDGET,
                        FundingKind.PROVINCE_BUDGET,
                        FundingKind.GENERAL_BONDS,
                    )
                ),
                "第一批",
                (total * Decimal("0.2")).quantize(WAN),
            )
        )
    for kind, batch, requested in sources:
        approved = (requested * Decimal(str(round(rng.uniform(0.5, 1.0), 2)))).quantize(WAN)
        disbursed = (approved * Decimal(str(round(rng.uniform(0.0, 0.6), 2)))).quantize(WAN)
        services.funding_save(
            actor=None,
            project=project,
            data={
                "kind": kind,
                "year": year,
                "batch": batch,
                "requested": requested,
                "approved": approved,
                "disbursed": disbursed,
            },
            check=False,
        )
    return len(sources)
