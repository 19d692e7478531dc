"""The bureau's people and what they did: its officers and chain teams, the work log of trips,
visits and meetings, and the leads officers outside the bureau brought in (全员招商)."""

from __future__ import annotations

from decimal import Decimal

from zoneops.demo.investment.data.spec import D
from zoneops.investment.models import ActivityKind

# Investment officers besides the demo login "invest" (李海燕): (username, name, title).
OFFICERS = (
    ("invest-2", "王立新", "招商二科科长"),
    ("invest-3", "马秀兰", "招商三科副科长"),
    ("invest-4", "韩国庆", "驻长三角招商小分队队长"),
)
# Chain teams: chain key -> (officers, the first is the head).
TEAMS = {
    "lithium": ("invest", "invest-2"),
    "pv": ("invest", "invest-3"),
    "alloys": ("invest-2",),
    "salt": ("invest-4",),
    "biomed": ("invest-3",),
    "equipment": ("invest-4", "invest"),
}
PARK_OF_CHAIN = {
    "lithium": "nc",
    "pv": "dc",
    "alloys": "gh",
    "salt": "gh",
    "biomed": "sw",
    "equipment": "dc",
}

WORK_LOG = (
    (
        ActivityKind.TRIP,
        D(2024, 1, 8),
        D(2024, 1, 11),
        "江苏省苏州市、无锡市、常州市",
        ("leader", "invest", "invest-4"),
        "天合光能、无锡声科、爱康科技等企业负责人",
        "赴长三角开展光伏、检测装备产业链招商，天合光能10GW电池片项目达成初步意向",
        ("10GW高效N型TOPCon电池片项目", "超声波电池检测设备组装基地项目", "光伏组件边框及支架项目"),
    ),
    (
        ActivityKind.TRIP,
        D(2024, 1, 15),
        D(2024, 1, 17),
        "广东省深圳市、惠州市",
        ("invest", "invest-2"),
        "深圳储能时代、诺德新材料、格林美",
        "推介锂电产业链配套政策，储能基地项目确定于{signing}月集中签约",
        ("新型储能研发及智能制造基地项目", "锂电铜箔项目", "动力电池回收利用项目"),
    ),
    (
        ActivityKind.VISIT,
        D(2024, 1, 19),
        None,
        "开发区管委会",
        ("leader", "invest"),
        "福莱特玻璃集团副总裁一行",
        "实地考察东川工业园光伏玻璃项目选址，对接用地、用电要素",
        ("光伏玻璃及深加工项目",),
    ),
    (
        ActivityKind.MEETING,
        D(2024, 1, 24),
        None,
        "开发区管委会三楼会议室",
        ("leader", "invest", "invest-2", "invest-3", "invest-4"),
        "各产业链招商专员",
        "{q}季度招商工作推进会：明确10个工业项目、500亿元签约目标，分解到各产业链和个人",
        (),
    ),
    (
        ActivityKind.TRIP,
        D(2024, 1, 29),
        D(2024, 1, 31),
        "安徽省合肥市",
        ("leader", "invest-3"),
        "合肥鑫晟光电、阳光电源",
        "新型显示项目投资协议文本基本达成一致",
        ("新型显示模组及触控产业园项目", "逆变器及储能变流器项目"),
    ),
    (
        ActivityKind.VISIT,
        D(2024, 2, 1),
        None,
        "南川工业园",
        ("invest-2",),
        "湖南中伟新能源考察团",
        "考察前驱体项目用地，对接园区污水处理能力",
        ("年产10万吨锂电正极材料前驱体项目",),
    ),
    (
        ActivityKind.TRIP,
        D(2024, 2, 19),
        D(2024, 2, 21),
        "上海市、浙江省杭州市",
        ("invest-3", "invest-4"),
        "上海镁源动力、杭州纤纳光电、福斯特",
        "本季度第二轮赴长三角招商，镁基储氢项目进入实质洽谈",
        ("镁基储氢材料项目", "钙钛矿叠层电池中试线项目", "光伏胶膜及背板项目"),
    ),
    (
        ActivityKind.MEETING,
        D(2024, 2, 26),
        None,
        "开发区管委会",
        ("leader", "invest"),
        "天合光能投资发展部",
        "电池片项目商务谈判，就电价和用地指标形成会议纪要",
        ("10GW高效N型TOPCon电池片项目",),
    ),
    (
        ActivityKind.VISIT,
        D(2024, 3, 6),
        None,
        "东川工业园",
        ("invest-4",),
        "无锡声科总经理",
        "确定组装基地租用标准厂房方案，进入合同谈判",
        ("超声波电池检测设备组装基地项目",),
    ),
    (
        ActivityKind.TRIP,
        D(2024, 3, 11),
        D(2024, 3, 14),
        "北京市、河北省保定市",
        ("invest-2", "invest-4"),
        "中化化肥、立中四通、中国一重",
        "再生铝项目获取线索，铸锻件项目约定回访",
        ("再生铝保级利用项目", "大型铸锻件项目"),
    ),
    (
        ActivityKind.TRIP,
        D(2024, 3, 14),
        D(2024, 3, 16),
        "江苏省苏州市",
        ("invest", "invest-3"),
        "光伏产业链推介会参会企业",
        "推介会收集线索6条，阳光电源逆变器项目跟进",
        ("逆变器及储能变流器项目", "生物制品CDMO平台项目"),
    ),
    (
        ActivityKind.MEETING,
        D(2024, 3, 25),
        None,
        "开发区管委会",
        ("leader", "invest"),
        "招商局全体",
        "{q}季度目标冲刺调度：已签约9个，天合电池片项目力争{end}月底前签约",
        ("10GW高效N型TOPCon电池片项目",),
    ),
)


# 全员大招商: leads officers outside the investment bureau brought in from their own contacts
# (以商招商), days before the demo's today, and what the bureau's 研判 made of them:
# (source, name, investor, region, chain, park, 亿元, days ago, what they know, decision)
# where decision is None (待研判), ("accept", follower) or ("decline", reason).
OFFICER_LEADS = [
    (
        "econ",
        "锂电池隔膜涂覆材料扩产项目",
        "江苏恒隔新材料科技有限公司",
        "江苏省常州市",
        "lithium",
        "nc",
        Decimal("6.5"),
        40,
        "对方董事长在省工信厅调研会上介绍拟在西北布局涂覆产线，看重本区电价和锂电配套。",
        ("accept", "invest-2"),
    ),
    (
        "park-dc",
        "光伏边框铝型材加工项目",
        "浙江铝友新能源科技有限公司",
        "浙江省湖州市",
        "pv",
        "dc",
        Decimal("3.2"),
        25,
        "园区入驻企业推荐的上游供应商，有意就近配套组件企业，已索要园区厂房资料。",
        ("accept", "invest-3"),
    ),
    (
        "service",
        "生物发酵饲料添加剂项目",
        "山东禾润生物工程有限公司",
        "山东省潍坊市",
        "biomed",
        "sw",
        Decimal("1.8"),
        18,
        "企业服务走访中由本区一家合作企业介绍，对方希望利用本地农牧业原料。",
        (
            "decline",
            "产品属高耗水工艺，与生物科技产业园的用水指标不符，建议对方考虑节水工艺后再洽谈。",
        ),
    ),
    (
        "projects",
        "储能电站集成服务中心项目",
        "北京储联能源科技有限公司",
        "北京市海淀区",
        "lithium",
        "gh",
        Decimal("2.4"),
        6,
        "重点项目专班对接设备供应商时获悉，对方拟设西北区域服务中心，提出需要临时办公场地。",
        None,
    ),
    (
        "safety",
        "工业气体充装站项目",
        "青海瑞气工业气体有限公司",
        "青海省西宁市",
        None,
        "gh",
        Decimal("0.6"),
        3,
        "安全检查中企业负责人提到其关联公司拟新建充装站，尚未选址。",
        None,
    ),
]
