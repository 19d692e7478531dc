"""The demo's enterprise-services data: its policies, funding programs (dated on the demo's
day) with their eligibility rules, and its difficulties with the answers they got."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from zoneops.demo.context import DemoContext

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


def programs_of(ctx: DemoContext) -> list[tuple[dict[str, Any], list[tuple[str, str, str]]]]:
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
