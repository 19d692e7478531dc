"""The demo zone's enterprise services: a policy library, funding programs with their
windows and eligibility rules, applications, a difficulties register, cultivation pools with
members, and a handful of small enterprises near 2000万元 whose figures make them candidates
(their revenue reports for last December and the month before last, periods the monitoring
demo's own checks of the live month leave alone).

Everything is dated against the demo's today (``ctx.today``): most programs of the year are
open, one closes within a week, some have closed and some open later; difficulties, pool
memberships and matching stand on the same day. Everything is written through
``zoneops.support.services`` (and the monitoring services for the small enterprises'
reports), so it carries history like data entered by hand.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from zoneops.demo.clock import last_month
from zoneops.demo.context import DemoContext
from zoneops.enterprises.models import Enterprise
from zoneops.monitoring import services as monitoring
from zoneops.monitoring.models import MonthlyReport
from zoneops.monitoring.periods import period_get_or_create
from zoneops.support import matching, queries, services
from zoneops.support.models import CultivationPool, Stage

WAN = Decimal(10_000)

POLICIES: list[dict[str, Any]] = [
    {
        "title": "关于促进中小企业“专精特新”发展的指导意见",
        "issuer": "工业和信息化部",
        "document_number": "工信部企业〔2021〕XX号",
        "level": "national",
        "issued_on": dt.date(2021, 7, 5),
        "categories": "中小企业发展",
        "tags": "专精特新,小巨人,梯度培育",
        "summary": (
            "构建专精特新中小企业梯度培育体系，对省级专精特新企业和小巨人企业给予资金、融"
            "资、人才等支持。"
        ),
        "body": (
            "一、总体要求……二、加大财税支持力度，中央财政通过中小企业发展专项资金"
            "支持专精特新小巨人企业高质量发展。三、完善信贷支持政策……四、推动上市融资……"
        ),
    },
    {
        "title": "关于进一步完善研发费用税前加计扣除政策的公告",
        "issuer": "财政部 税务总局",
        "document_number": "财政部 税务总局公告2023年第7号",
        "level": "national",
        "issued_on": dt.date(2023, 3, 26),
        "categories": "科技专项,税收优惠",
        "tags": "研发费用,加计扣除",
        "summary": (
            "企业开展研发活动中实际发生的研发费用，未形成无形资产的，按照实际发生额的10"
            "0%在税前加计扣除。"
        ),
        "body": (
            "为进一步激励企业加大研发投入，支持科技创新……自2023年1月1日起，按照实"
            "际发生额的100%在税前加计扣除。"
        ),
    },
    {
        "title": "青海省支持锂电产业高质量发展若干措施",
        "issuer": "青海省人民政府办公厅",
        "document_number": "青政办〔2023〕XX号",
        "level": "province",
        "issued_on": dt.date(2023, 5, 18),
        "valid_until": dt.date(2025, 12, 31),
        "categories": "先进制造业",
        "tags": "锂电池,盐湖提锂,正极材料",
        "summary": (
            "支持盐湖提锂、正负极材料、电芯及储能电池项目建设，对新增产能和研发投入给予奖补。"
        ),
        "body": (
            "一、支持锂资源开发……二、对新建锂电池材料项目按设备投资额的一定比例给予补贴"
            "……三、支持企业研发……"
        ),
    },
    {
        "title": "青海省光伏制造业产业链提升行动方案",
        "issuer": "青海省工业和信息化厅",
        "level": "province",
        "issued_on": dt.date(2023, 8, 2),
        "categories": "先进制造业,工业转型升级",
        "tags": "光伏,多晶硅,单晶硅",
        "summary": "围绕多晶硅、单晶硅片、电池组件延链补链，支持技术改造和绿电就地消纳。",
        "body": "聚焦光伏制造全产业链……对技术改造项目给予贴息支持……",
    },
    {
        "title": "青海省工业企业技术改造升级专项资金管理办法",
        "issuer": "青海省财政厅 青海省工业和信息化厅",
        "level": "province",
        "issued_on": dt.date(2022, 11, 10),
        "categories": "工业转型升级",
        "tags": "技术改造,数字化,智能制造",
        "summary": (
            "对工业企业设备更新、智能化改造、绿色化改造项目按投资额给予补助，单个项目最高500万元。"
        ),
        "body": (
            "第一条 为规范专项资金管理……第八条 补助标准为项目设备投资额的10%，最高不超过500万元……"
        ),
    },
    {
        "title": "青海省外经贸发展专项资金管理办法",
        "issuer": "青海省商务厅",
        "level": "province",
        "issued_on": dt.date(2022, 6, 1),
        "categories": "外经贸发展",
        "tags": "出口,跨境电商,展会",
        "summary": "支持企业开拓国际市场、参加境外展会、建设海外仓。",
        "body": "对企业参加境外重点展会的展位费给予70%补助……",
    },
    {
        "title": "西宁市促进工业经济稳增长若干措施",
        "issuer": "西宁市人民政府",
        "level": "city",
        "issued_on": dt.date(2024, 1, 20),
        "categories": "工业转型升级,中小企业发展",
        "tags": "稳增长,升规入统,增产奖励",
        "summary": (
            "对首次纳入规上统计的工业企业给予一次性奖励，对产值增长较快的企业给予增产奖励。"
        ),
        "body": (
            "一、对当年新纳入规模以上工业统计的企业给予一次性奖励20万元；二、对工业总产"
            "值同比增长15%以上的规上企业……"
        ),
    },
    {
        "title": "西宁经济技术开发区企业梯度培育实施办法",
        "issuer": "西宁经济技术开发区管委会",
        "level": "zone",
        "issued_on": dt.date(2023, 12, 8),
        "categories": "中小企业发展",
        "tags": "梯度培育,升规入限,10亿级,链主",
        "summary": (
            "建立入统培育库和10亿、50亿、100亿级企业培育库，实行一企一策、一对一服务专员。"
        ),
        "body": (
            "第三条 对达到培育目标的企业给予奖励：首次升规奖励10万元；营业收入首次突破"
            "10亿元奖励50万元……"
        ),
    },
    {
        "title": "西宁经济技术开发区科技创新奖励办法",
        "issuer": "西宁经济技术开发区管委会",
        "level": "zone",
        "issued_on": dt.date(2023, 4, 12),
        "categories": "科技专项",
        "tags": "高新技术企业,研发平台,知识产权",
        "summary": "对新认定的高新技术企业、省级以上研发平台和发明专利给予奖励。",
        "body": "一、首次认定为高新技术企业的奖励20万元……",
    },
    {
        "title": "关于支持藏医药和高原生物产业发展的实施意见",
        "issuer": "青海省人民政府",
        "level": "province",
        "issued_on": dt.date(2022, 9, 16),
        "categories": "先进制造业",
        "tags": "藏药,中藏药,生物医药",
        "summary": "支持藏药新药研发、药材规范化种植和GMP改造。",
        "body": "……对取得新药证书的藏药企业给予研发补助……",
    },
]


def _programs(ctx: DemoContext) -> list[tuple[dict[str, Any], list[tuple[str, str, str]]]]:
    """(data, rules) per program; rules use the demo's park and chain ids. Windows lie
    around the demo's today: the platform's pages judge them by today's date."""
    today = ctx.today
    park = {key: str(p.pk) for key, p in ctx.parks.items()}
    chain = {key: str(c.pk) for key, c in ctx.chains.items()}
    dept = ctx.departments
    return [
        (
            {
                "name": f"{today.year}年省级工业转型升级（技术改造）专项资金",
                "issuer": "青海省工业和信息化厅",
                "level": "province",
                "category": "upgrade",
                "opens_on": today - dt.timedelta(days=25),
                "closes_on": today + dt.timedelta(days=5),  # closes within a week
                "amount_min": 500_000,
                "amount_max": 5_000_000,
                "materials": "项目申报书\n项目备案（核准）文件\n设备购置发票及合同\n上年度审计报告",
                "department": dept["economy"],
                "policy": "青海省工业企业技术改造升级专项资金管理办法",
            },
            [("scale", "in", "above"), ("years", "gte", "3"), ("output_ttm", "gte", "5000")],
        ),
        (
            {
                "name": f"{today.year}年锂电产业链延链补链奖补资金",
                "issuer": "青海省工业和信息化厅",
                "level": "province",
                "category": "advanced_manufacturing",
                "opens_on": today - dt.timedelta(days=10),
                "closes_on": today + dt.timedelta(days=45),
                "amount_min": 1_000_000,
                "amount_max": 10_000_000,
                "materials": "申报书\n产业链配套说明\n近三年财务报表",
                "department": dept["economy"],
                "policy": "青海省支持锂电产业高质量发展若干措施",
            },
            [("chain", "in", chain["lithium"]), ("scale", "in", "above")],
        ),
        (
            {
                "name": f"{today.year}年中小企业发展专项资金（专精特新）",
                "issuer": "青海省工业和信息化厅 青海省财政厅",
                "level": "province",
                "category": "sme",
                "opens_on": today - dt.timedelta(days=15),
                "closes_on": today + dt.timedelta(days=20),
                "amount_min": 300_000,
                "amount_max": 2_000_000,
                "materials": "申报书\n专精特新认定文件\n研发投入证明",
                "department": dept["service"],
                "policy": "关于促进中小企业“专精特新”发展的指导意见",
            },
            [("tag", "in", "srdi_province,little_giant")],
        ),
        (
            {
                "name": "开发区首次升规入统企业奖励",
                "issuer": "西宁经济技术开发区管委会",
                "level": "zone",
                "category": "sme",
                "opens_on": today - dt.timedelta(days=30),
                "closes_on": today + dt.timedelta(days=60),
                "amount_min": 200_000,
                "amount_max": 200_000,
                "materials": "纳入规上统计的证明\n营业执照",
                "department": dept["service"],
                "policy": "西宁经济技术开发区企业梯度培育实施办法",
            },
            [("scale", "in", "above"), ("years", "lte", "6")],
        ),
        (
            {
                "name": "西宁市工业增产奖励",
                "issuer": "西宁市工业和信息化局",
                "level": "city",
                "category": "upgrade",
                "opens_on": today - dt.timedelta(days=5),
                "closes_on": today + dt.timedelta(days=30),
                "amount_min": 100_000,
                "amount_max": 1_000_000,
                "materials": "申报表\n上年度统计报表",
                "department": dept["economy"],
                "policy": "西宁市促进工业经济稳增长若干措施",
            },
            [("scale", "in", "above"), ("output_growth", "gte", "15")],
        ),
        (
            {
                "name": "开发区高新技术企业认定奖励",
                "issuer": "西宁经济技术开发区管委会",
                "level": "zone",
                "category": "technology",
                "opens_on": today - dt.timedelta(days=40),
                "closes_on": today + dt.timedelta(days=14),
                "amount_min": 200_000,
                "amount_max": 200_000,
                "materials": "高新技术企业证书\n申请表",
                "department": dept["service"],
                "policy": "西宁经济技术开发区科技创新奖励办法",
            },
            [("tag", "in", "high_tech")],
        ),
        (
            {
                "name": f"{today.year}年外经贸发展专项资金（境外展会）",
                "issuer": "青海省商务厅",
                "level": "province",
                "category": "foreign_trade",
                "opens_on": today + dt.timedelta(days=20),
                "closes_on": today + dt.timedelta(days=70),
                "amount_min": 50_000,
                "amount_max": 500_000,
                "materials": "参展合同\n展位费发票\n出口报关单",
                "department": dept["investment"],
                "policy": "青海省外经贸发展专项资金管理办法",
            },
            [("years", "gte", "2")],
        ),
        (
            {
                "name": f"{today.year}年光伏制造绿电消纳技改贴息",
                "issuer": "青海省工业和信息化厅",
                "level": "province",
                "category": "upgrade",
                "opens_on": today + dt.timedelta(days=35),
                "closes_on": today + dt.timedelta(days=95),
                "amount_min": 500_000,
                "amount_max": 3_000_000,
                "materials": "贷款合同\n付息凭证\n技改项目备案",
                "department": dept["economy"],
                "policy": "青海省光伏制造业产业链提升行动方案",
            },
            [("chain", "in", chain["pv"]), ("park", "in", park["dc"])],
        ),
        (
            {
                "name": f"{today.year - 1}年藏医药产业发展专项资金",
                "issuer": "青海省工业和信息化厅",
                "level": "province",
                "category": "advanced_manufacturing",
                "opens_on": dt.date(today.year - 1, 9, 1),
                "closes_on": dt.date(today.year - 1, 10, 15),
                "amount_min": 300_000,
                "amount_max": 3_000_000,
                "materials": "申报书\nGMP证书",
                "department": dept["economy"],
                "policy": "关于支持藏医药和高原生物产业发展的实施意见",
            },
            [("chain", "in", chain["biomed"])],
        ),
        (
            {
                "name": f"{today.year - 1}年省级工业转型升级（智能制造）专项资金",
                "issuer": "青海省工业和信息化厅",
                "level": "province",
                "category": "upgrade",
                "opens_on": dt.date(today.year - 1, 6, 1),
                "closes_on": dt.date(today.year - 1, 7, 10),
                "amount_min": 500_000,
                "amount_max": 5_000_000,
                "materials": "申报书\n智能制造诊断报告",
                "department": dept["economy"],
                "policy": "青海省工业企业技术改造升级专项资金管理办法",
            },
            [("scale", "in", "above"), ("revenue_ttm", "gte", "20000")],
        ),
    ]


# (stage, title, description, department, resolution): each resolution answers its difficulty.
DIFFICULTIES = [
    (
        "investment",
        "项目用地指标尚未落实",
        "二期项目需新增工业用地80亩，指标待省厅下达",
        "investment",
        "协调自然资源部门，新增80亩工业用地指标已下达，进入供地程序",
    ),
    (
        "construction",
        "施工许可办理周期长",
        "消防设计审查意见反复修改",
        "projects",
        "组织住建、消防联合审查，一次性告知修改意见，施工许可已核发",
    ),
    (
        "construction",
        "110千伏专线接入排期靠后",
        "电力接入工程需电网公司排期",
        "projects",
        "协调供电公司调整排期，110千伏专线已接入",
    ),
    (
        "production",
        "天然气供应不稳定",
        "冬季限气影响窑炉连续生产",
        "economy",
        "协调燃气公司将企业列入保供名单，冬季天然气供应已稳定",
    ),
    (
        "production",
        "招工难，熟练技工缺口约60人",
        "一线技工和电工持证人员紧缺",
        "service",
        "联合人社部门举办专场招聘会并开展订单式培训，已招录技工52人",
    ),
    (
        "production",
        "危废处置能力不足",
        "园区危废处置单位接收能力饱和",
        "safety",
        "协调省内另一家持证危废处置单位签订处置协议，积存危废已转运",
    ),
    (
        "operation",
        "流动资金紧张",
        "应收账款回款周期长，需银行续贷支持",
        "finance",
        "联系银行完成续贷，缓解流动资金压力",
    ),
    (
        "operation",
        "出口退税到账慢",
        "退税审核周期超过30个工作日",
        "finance",
        "协调税务部门开通出口退税绿色通道，退税已到账",
    ),
    (
        "operation",
        "铁路运力紧张",
        "产品外运需协调铁路专用线车皮",
        "economy",
        "协调铁路部门增加专用线车皮计划，产品外运恢复正常",
    ),
    (
        "investment",
        "环评批复未下达",
        "新增产能项目环评报告待审",
        "projects",
        "协调生态环境部门召开技术评审会，环评批复已下达",
    ),
]


def build_support(ctx: DemoContext) -> None:
    """Policies, programs, applications, difficulties, pools and candidates."""
    rng = ctx.stream("support")
    policies = {p["title"]: services.policy_save(actor=None, data=p, check=False) for p in POLICIES}
    programs = []
    for data, rules in _programs(ctx):
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
                figures=figures,  # type: ignore[arg-type]
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
