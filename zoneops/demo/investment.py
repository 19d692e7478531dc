"""The demo's investment pipeline (招商引资) as it stands on the demo's today, in today's quarter.

The story is written for a first quarter (the dates below, 2023 to 31 March 2024) and moved
onto the demo's calendar by :class:`Story`: the quarter becomes today's quarter, its days up to
31 March are spread over the days of that quarter up to today, and every date before it (or
after, a planned start) moves by whole quarters. So whatever day the demo is built, the
quarter's story stands as it did on the quarter's last day.

The projects the zone named for the quarter are here — electronic-grade polysilicon and
industrial silicon (signed in 2023, building now), salt-lake lithium extraction equipment
(signed in January, started in March), new displays and new energy storage (signed at the
February signing ceremony), PV glass and its deep processing, and the ultrasonic battery-testing
equipment base (in negotiation) — among some fifty others across the chains, with the trips,
events and arriving funds that go with them.

The quarter's target is 10 newly signed industrial projects worth 500亿元. On today nine are
signed (381亿元); the 10GW cell project in negotiation would complete both: sign it (with a
date in this quarter) and the gauges move. Every write goes through the investment services.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from zoneops.core.models import Role, User
from zoneops.core.services import user_save
from zoneops.demo.clock import QUARTER_WORDS, add_months, quarter_of, quarter_start
from zoneops.demo.context import DEMO_PASSWORD, DemoContext
from zoneops.enterprises.models import ChainNode, Industry
from zoneops.investment import services
from zoneops.investment.models import (
    ActivityKind,
    EventKind,
    EventRole,
    Method,
    Origin,
    Project,
    Stage,
    TargetScope,
)

YI = Decimal(100_000_000)
WAN = Decimal(10_000)
D = dt.date

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


@dataclass(frozen=True)
class Spec:
    """One project of the demo and the path it took. Dates are those of each stage."""

    name: str
    investor: str
    region: str
    origin: str
    chain: str | None
    node: str | None
    industry: str  # GB/T 4754 code (the 大类 is used where the 小类 is not loaded)
    investment: int  # 亿元 ×100 (so 1250 = 12.5亿元)
    method: str
    lead_on: dt.date
    negotiating: dt.date | None = None
    signed: dt.date | None = None
    started: dt.date | None = None
    producing: dt.date | None = None
    dropped: tuple[dt.date, str] | None = None
    content: str = ""
    assigned_by: str = ""
    company: str = ""
    planned_start: dt.date | None = None
    land: int | None = None  # 亩
    output: int | None = None  # expected yearly output, 亿元
    tax: int | None = None  # expected yearly tax, 万元
    park: str | None = None


P, C, L = Origin.OUTSIDE_PROVINCE, Origin.OUTSIDE_CITY, Origin.LOCAL
NAMED = (
    Spec(
        "年产2万吨电子级多晶硅项目",
        "江苏中能硅业科技发展有限公司",
        "江苏省徐州市",
        P,
        "pv",
        "多晶硅",
        "3985",
        4500,
        Method.CHAIN,
        D(2023, 3, 2),
        D(2023, 4, 10),
        D(2023, 6, 18),
        D(2023, 10, 12),
        content="建设电子级多晶硅生产线及配套还原、精馏装置",
        assigned_by="市委主要领导交办",
        company="青海中能电子硅材料有限公司",
        planned_start=D(2023, 9, 30),
        land=820,
        output=60,
        tax=28000,
    ),
    Spec(
        "年产10万吨工业硅项目",
        "新疆协鑫硅业有限公司",
        "新疆维吾尔自治区昌吉州",
        P,
        "pv",
        "工业硅",
        "3140",
        3000,
        Method.CHAIN,
        D(2023, 5, 8),
        D(2023, 6, 1),
        D(2023, 8, 22),
        D(2024, 1, 9),
        content="建设12台33000kVA矿热炉及配套余热发电",
        land=600,
        output=25,
        tax=12000,
        planned_start=D(2023, 12, 31),
        company="青海协鑫工业硅有限公司",
    ),
    Spec(
        "盐湖提锂装备制造项目",
        "蓝晓科技装备（西安）有限公司",
        "陕西省西安市",
        P,
        "equipment",
        "化工及盐湖专用装备",
        "3529",
        1200,
        Method.PRECISION,
        D(2023, 10, 16),
        D(2023, 11, 20),
        D(2024, 1, 16),
        D(2024, 3, 20),
        content="吸附法提锂成套装备及膜分离设备生产基地",
        planned_start=D(2024, 3, 31),
        land=150,
        output=18,
        tax=6500,
        company="青海蓝晓盐湖装备有限公司",
    ),
    Spec(
        "新型显示模组及触控产业园项目",
        "合肥鑫晟光电科技有限公司",
        "安徽省合肥市",
        P,
        None,
        None,
        "3974",
        10000,
        Method.TARGETED,
        D(2023, 9, 5),
        D(2023, 11, 2),
        D(2024, 2, 28),
        content="车载及工控新型显示模组、触控面板生产线",
        assigned_by="市政府主要领导交办",
        planned_start=D(2024, 6, 30),
        land=900,
        output=120,
        tax=35000,
        park="nc",
    ),
    Spec(
        "新型储能研发及智能制造基地项目",
        "深圳储能时代新能源科技有限公司",
        "广东省深圳市",
        P,
        "lithium",
        "电池系统及储能",
        "3841",
        6000,
        Method.CHAIN,
        D(2023, 10, 9),
        D(2023, 12, 6),
        D(2024, 2, 28),
        content="储能电芯、储能系统集成及研发中心",
        planned_start=D(2024, 5, 31),
        land=700,
        output=90,
        tax=26000,
    ),
    Spec(
        "光伏玻璃及深加工项目",
        "福莱特玻璃集团股份有限公司",
        "浙江省嘉兴市",
        P,
        "pv",
        "光伏玻璃",
        "3042",
        5500,
        Method.VIA_INVESTOR,
        D(2023, 11, 3),
        D(2024, 1, 8),
        D(2024, 3, 15),
        content="日熔量2×1200吨光伏压延玻璃窑炉及镀膜、钢化深加工线",
        planned_start=D(2024, 7, 31),
        land=1100,
        output=45,
        tax=15000,
    ),
    Spec(
        "超声波电池检测设备组装基地项目",
        "无锡声科智能检测设备有限公司",
        "江苏省无锡市",
        P,
        "equipment",
        "新能源专用装备",
        "3599",
        800,
        Method.RESIDENT,
        D(2024, 1, 22),
        D(2024, 3, 6),
        content="锂电池超声波无损检测设备组装及服务中心",
        land=60,
        output=6,
        tax=1800,
    ),
)
# Others of the quarter and before: signed ones make up the quarter's nine; the 10GW cell project
# in negotiation is the tenth.
OTHERS = (
    Spec(
        "高纯石英砂及石英坩埚项目",
        "江苏太平洋石英股份有限公司",
        "江苏省连云港市",
        P,
        "pv",
        "单晶硅棒及硅片",
        "3099",
        1800,
        Method.CHAIN,
        D(2023, 9, 12),
        D(2023, 10, 30),
        D(2024, 1, 25),
        land=260,
        output=15,
        tax=4200,
    ),
    Spec(
        "年产10万吨锂电正极材料前驱体项目",
        "湖南中伟新能源科技有限公司",
        "湖南省长沙市",
        P,
        "lithium",
        "正极材料",
        "2613",
        6500,
        Method.VIA_INVESTOR,
        D(2023, 8, 14),
        D(2023, 10, 11),
        D(2024, 2, 28),
        land=780,
        output=80,
        tax=21000,
    ),
    Spec(
        "高性能铝合金轻量化部件项目",
        "广东鸿图科技股份有限公司",
        "广东省肇庆市",
        P,
        "alloys",
        "轻量化部件",
        "3252",
        2500,
        Method.CHAIN,
        D(2023, 10, 20),
        D(2024, 1, 5),
        D(2024, 3, 8),
        land=320,
        output=22,
        tax=5200,
    ),
    Spec(
        "钾肥深加工及精细化工项目",
        "青海盐湖工业股份有限公司",
        "青海省格尔木市",
        C,
        "salt",
        "精细化工产品",
        "2622",
        4000,
        Method.TARGETED,
        D(2023, 11, 1),
        D(2024, 1, 15),
        D(2024, 3, 20),
        land=500,
        output=30,
        tax=8800,
    ),
    Spec(
        "藏药现代化生产基地项目",
        "西藏奇正藏药股份有限公司",
        "西藏自治区林芝市",
        P,
        "biomed",
        "藏药及中成药",
        "2740",
        600,
        Method.VIA_INVESTOR,
        D(2023, 12, 4),
        D(2024, 2, 20),
        D(2024, 3, 26),
        land=80,
        output=5,
        tax=1500,
    ),
    Spec(
        "新能源物流及供应链服务中心项目",
        "顺丰供应链有限公司",
        "广东省深圳市",
        P,
        None,
        None,
        "5990",
        1000,
        Method.TARGETED,
        D(2023, 12, 18),
        D(2024, 2, 1),
        D(2024, 3, 12),
        park="nc",
        land=200,
    ),
    Spec(
        "10GW高效N型TOPCon电池片项目",
        "天合光能股份有限公司",
        "江苏省常州市",
        P,
        "pv",
        "电池片",
        "3825",
        12000,
        Method.CHAIN,
        D(2023, 12, 11),
        D(2024, 2, 26),
        assigned_by="省领导交办",
        land=650,
        output=150,
        tax=30000,
    ),
    Spec(
        "锂电铜箔项目",
        "诺德新材料股份有限公司",
        "广东省惠州市",
        P,
        "lithium",
        "锂电铜箔",
        "3251",
        3500,
        Method.CHAIN,
        D(2023, 12, 20),
        D(2024, 3, 1),
        land=400,
        output=40,
    ),
    Spec(
        "电解液及六氟磷酸锂项目",
        "多氟多新材料股份有限公司",
        "河南省焦作市",
        P,
        "lithium",
        "电解液",
        "2669",
        2000,
        Method.PRECISION,
        D(2024, 1, 10),
        D(2024, 3, 18),
        land=260,
    ),
    Spec(
        "动力电池回收利用项目",
        "格林美股份有限公司",
        "广东省深圳市",
        P,
        "lithium",
        "电池回收利用",
        "4210",
        1500,
        Method.CHAIN,
        D(2024, 2, 22),
    ),
    Spec(
        "钙钛矿叠层电池中试线项目",
        "杭州纤纳光电科技有限公司",
        "浙江省杭州市",
        P,
        "pv",
        "电池片",
        "3825",
        900,
        Method.FAIR,
        D(2024, 3, 12),
    ),
    Spec(
        "光伏组件边框及支架项目",
        "江苏爱康科技股份有限公司",
        "江苏省苏州市",
        P,
        "pv",
        "铝边框及支架",
        "3311",
        800,
        Method.RESIDENT,
        D(2024, 1, 18),
        D(2024, 3, 21),
    ),
    Spec(
        "光伏胶膜及背板项目",
        "杭州福斯特应用材料股份有限公司",
        "浙江省杭州市",
        P,
        "pv",
        "胶膜及背板",
        "2929",
        1200,
        Method.CHAIN,
        D(2024, 3, 5),
    ),
    Spec(
        "逆变器及储能变流器项目",
        "阳光电源股份有限公司",
        "安徽省合肥市",
        P,
        "pv",
        "逆变器及电气设备",
        "3824",
        2000,
        Method.FAIR,
        D(2024, 3, 15),
    ),
    Spec(
        "镁基储氢材料项目",
        "上海镁源动力科技有限公司",
        "上海市",
        P,
        "alloys",
        "镁合金",
        "3240",
        600,
        Method.PRECISION,
        D(2024, 1, 30),
        D(2024, 3, 25),
    ),
    Spec(
        "再生铝保级利用项目",
        "立中四通轻合金集团股份有限公司",
        "河北省保定市",
        P,
        "alloys",
        "再生金属",
        "4210",
        1500,
        Method.CHAIN,
        D(2024, 2, 26),
    ),
    Spec(
        "高纯金属镓铟项目",
        "湖南稀有金属材料有限公司",
        "湖南省株洲市",
        P,
        "alloys",
        "稀有金属材料",
        "3239",
        700,
        Method.TARGETED,
        D(2023, 7, 3),
        D(2023, 9, 6),
        dropped=(D(2024, 1, 12), "投资方资金链紧张，项目暂缓并终止洽谈"),
    ),
    Spec(
        "硼酸及硼化物深加工项目",
        "大连金玛硼业科技集团有限公司",
        "辽宁省大连市",
        P,
        "salt",
        "硼锂盐",
        "2613",
        900,
        Method.TARGETED,
        D(2024, 1, 8),
        D(2024, 3, 11),
    ),
    Spec(
        "氯碱化工副产氢综合利用项目",
        "青海西部镁业有限公司",
        "青海省海西州",
        C,
        "salt",
        "氯碱化工",
        "2612",
        1100,
        Method.VIA_INVESTOR,
        D(2024, 3, 4),
    ),
    Spec(
        "高原特色保健食品项目",
        "青海春天药用资源科技股份有限公司",
        "青海省西宁市",
        L,
        "biomed",
        "保健及特医食品",
        "1491",
        300,
        Method.OTHER,
        D(2024, 2, 28),
    ),
    Spec(
        "生物制品CDMO平台项目",
        "苏州药明生物技术有限公司",
        "江苏省苏州市",
        P,
        "biomed",
        "医药研发外包",
        "7340",
        1500,
        Method.FAIR,
        D(2024, 3, 14),
    ),
    Spec(
        "兽用疫苗生产基地项目",
        "金宇生物技术股份有限公司",
        "内蒙古自治区呼和浩特市",
        P,
        "biomed",
        "兽药",
        "2750",
        800,
        Method.TARGETED,
        D(2023, 8, 15),
        D(2023, 10, 24),
        dropped=(D(2024, 2, 2), "用地规划调整未能满足，企业改选他地"),
    ),
    Spec(
        "工业机器人及智能产线项目",
        "埃斯顿自动化股份有限公司",
        "江苏省南京市",
        P,
        "equipment",
        "工业机器人及智能产线",
        "3491",
        1500,
        Method.RESIDENT,
        D(2024, 1, 26),
        D(2024, 3, 19),
    ),
    Spec(
        "特高压输配电设备项目",
        "特变电工股份有限公司",
        "新疆维吾尔自治区昌吉州",
        P,
        "equipment",
        "输配电及控制设备",
        "3821",
        2200,
        Method.CHAIN,
        D(2024, 3, 7),
    ),
    Spec(
        "大型铸锻件项目",
        "中国一重集团有限公司",
        "黑龙江省齐齐哈尔市",
        P,
        "equipment",
        "铸锻件及基础零部件",
        "3391",
        1800,
        Method.TARGETED,
        D(2024, 2, 27),
    ),
    # Signed in 2023 and working now: the earlier years' cohort.
    Spec(
        "年产5万吨碳酸锂项目",
        "青海盐湖蓝科锂业股份有限公司",
        "青海省格尔木市",
        C,
        "lithium",
        "锂盐（碳酸锂/氢氧化锂）",
        "2613",
        7000,
        Method.VIA_INVESTOR,
        D(2022, 11, 8),
        D(2023, 1, 10),
        D(2023, 3, 18),
        D(2023, 7, 6),
        D(2024, 3, 1),
        land=900,
        output=75,
        tax=32000,
    ),
    Spec(
        "锂电池隔膜项目",
        "上海恩捷新材料科技有限公司",
        "云南省玉溪市",
        P,
        "lithium",
        "隔膜",
        "2922",
        2800,
        Method.CHAIN,
        D(2023, 2, 6),
        D(2023, 3, 14),
        D(2023, 5, 26),
        D(2023, 9, 15),
        land=380,
        output=20,
    ),
    Spec(
        "负极材料一体化项目",
        "贝特瑞新材料集团股份有限公司",
        "广东省深圳市",
        P,
        "lithium",
        "负极材料",
        "3091",
        3500,
        Method.CHAIN,
        D(2023, 4, 3),
        D(2023, 5, 19),
        D(2023, 8, 30),
        D(2023, 12, 1),
        land=560,
        output=35,
    ),
    Spec(
        "光伏组件智能制造项目",
        "晶澳太阳能科技股份有限公司",
        "河北省邢台市",
        P,
        "pv",
        "光伏组件",
        "3825",
        4200,
        Method.VIA_INVESTOR,
        D(2022, 12, 5),
        D(2023, 2, 8),
        D(2023, 4, 20),
        D(2023, 7, 28),
        D(2024, 1, 26),
        land=600,
        output=110,
        tax=18000,
    ),
    Spec(
        "电解铝液就地转化铝板带箔项目",
        "河南明泰铝业股份有限公司",
        "河南省郑州市",
        P,
        "alloys",
        "铝合金及铝材",
        "3252",
        3200,
        Method.CHAIN,
        D(2023, 3, 20),
        D(2023, 5, 5),
        D(2023, 7, 12),
        D(2023, 11, 8),
        land=450,
        output=60,
    ),
    Spec(
        "藏毯产业升级项目",
        "青海圣源地毯集团有限公司",
        "青海省西宁市",
        L,
        None,
        None,
        "1712",
        500,
        Method.OTHER,
        D(2023, 5, 9),
        D(2023, 6, 20),
        D(2023, 9, 1),
        D(2023, 11, 20),
        park="nc",
    ),
    Spec(
        "镁合金压铸件项目",
        "重庆博奥镁铝金属制造有限公司",
        "重庆市",
        P,
        "alloys",
        "镁合金",
        "3392",
        900,
        Method.PRECISION,
        D(2023, 6, 12),
        D(2023, 8, 2),
        D(2023, 10, 19),
        land=120,
    ),
    Spec(
        "硫酸钾镁肥项目",
        "中化化肥有限公司",
        "北京市",
        P,
        "salt",
        "复合肥及专用肥",
        "2624",
        1500,
        Method.TARGETED,
        D(2023, 4, 17),
        D(2023, 6, 5),
        D(2023, 9, 21),
        D(2024, 2, 26),
    ),
    Spec(
        "冬虫夏草深加工项目",
        "青海三江源药业有限公司",
        "青海省玉树州",
        C,
        "biomed",
        "藏药材及中药材加工",
        "2730",
        400,
        Method.VIA_INVESTOR,
        D(2023, 7, 10),
        D(2023, 8, 28),
        D(2023, 11, 15),
    ),
    Spec(
        "矿山智能装备再制造项目",
        "徐工集团工程机械股份有限公司",
        "江苏省徐州市",
        P,
        "equipment",
        "运维及再制造服务",
        "4320",
        1000,
        Method.FAIR,
        D(2023, 6, 6),
        D(2023, 7, 25),
        D(2023, 10, 10),
        D(2024, 3, 5),
    ),
    Spec(
        "光伏制氢一体化示范项目",
        "隆基氢能科技有限公司",
        "陕西省西安市",
        P,
        "equipment",
        "新能源专用装备",
        "3499",
        2500,
        Method.TARGETED,
        D(2023, 3, 1),
        D(2023, 5, 16),
        D(2023, 8, 8),
        dropped=(D(2023, 12, 20), "绿电指标未落实，企业决定暂停投资"),
    ),
)
LEADS_ONLY = (
    # Fresh leads from the spring trips (few details yet).
    (
        "固态电池研发及中试项目",
        "北京卫蓝新能源科技有限公司",
        "北京市",
        "lithium",
        "电芯制造",
        "3841",
        3000,
        Method.FAIR,
        D(2024, 3, 22),
    ),
    (
        "光伏电站智能运维中心项目",
        "华为数字能源技术有限公司",
        "广东省深圳市",
        "pv",
        "光伏电站",
        "4416",
        500,
        Method.TARGETED,
        D(2024, 3, 27),
    ),
    (
        "医用同位素及放射性药物项目",
        "中国同辐股份有限公司",
        "北京市",
        "biomed",
        "化学原料药及制剂",
        "2710",
        1200,
        Method.PRECISION,
        D(2024, 3, 19),
    ),
    (
        "锂电设备及自动化产线项目",
        "无锡先导智能装备股份有限公司",
        "江苏省无锡市",
        "equipment",
        "新能源专用装备",
        "3562",
        1000,
        Method.RESIDENT,
        D(2024, 3, 8),
    ),
    (
        "电线电缆及新能源线束项目",
        "远东电缆有限公司",
        "江苏省无锡市",
        "equipment",
        "电线电缆",
        "3831",
        800,
        Method.VIA_INVESTOR,
        D(2024, 2, 29),
    ),
    (
        "高端铜箔及铜材项目",
        "江西铜业股份有限公司",
        "江西省南昌市",
        "alloys",
        "铜材",
        "3251",
        1600,
        Method.CHAIN,
        D(2024, 3, 13),
    ),
)

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


STORY_START, STORY_END = D(2024, 1, 1), D(2024, 3, 31)
SIGNING_DAY = D(2024, 2, 28)  # the signing ceremony


@dataclass(frozen=True)
class Story:
    """The story's dates on the demo's calendar: the story's quarter (2024 Q1) is ``today``'s
    quarter, its days spread over that quarter's days up to ``today`` (31 March is today);
    dates before or after it move by whole quarters, so they keep their place in the year's
    rhythm and stay before the quarter (or after today)."""

    today: dt.date

    @property
    def start(self) -> dt.date:
        return quarter_start(self.today)

    @property
    def year(self) -> int:
        return self.today.year

    @property
    def quarter(self) -> int:
        return quarter_of(self.today)

    @property
    def words(self) -> dict[str, str]:
        """What the story's texts name: the quarter, the ceremony's month, the quarter's end."""
        return {
            "q": QUARTER_WORDS[self.quarter],
            "signing": str(self.on(SIGNING_DAY).month),
            "end": str(self.start.month + 2),
        }

    def on(self, day: dt.date) -> dt.date:
        if STORY_START <= day <= STORY_END:
            elapsed = (self.today - self.start).days
            return self.start + dt.timedelta(
                days=(day - STORY_START).days * elapsed // (STORY_END - STORY_START).days
            )
        months = (self.start.year - STORY_START.year) * 12 + self.start.month - 1
        return add_months(day, months)

    def maybe(self, day: dt.date | None) -> dt.date | None:
        return None if day is None else self.on(day)


def _industry(code: str) -> Industry:
    found = Industry.objects.filter(code=code).first()
    return found or Industry.objects.get(code=code[:2])


def _officers(ctx: DemoContext) -> None:
    for username, name, title in OFFICERS:
        ctx.users[username] = user_save(
            actor=None,
            data={
                "username": username,
                "full_name": name,
                "title": title,
                "role": Role.DEPARTMENT_OFFICER,
                "department": ctx.departments["investment"],
            },
            password=DEMO_PASSWORD,
            check=False,
        )


def _project(ctx: DemoContext, story: Story, spec: Spec, officer: User) -> Project:
    chain = ctx.chains[spec.chain] if spec.chain else None
    node = ChainNode.objects.get(chain=chain, name=spec.node) if chain and spec.node else None
    park_key = spec.park or (PARK_OF_CHAIN[spec.chain] if spec.chain else None)
    investment = Decimal(spec.investment) * YI / 100
    project = services.project_create(
        actor=officer,
        data={
            "name": spec.name,
            "investor": spec.investor,
            "investor_region": spec.region,
            "origin": spec.origin,
            "chain": chain,
            "chain_node": node,
            "industry": _industry(spec.industry),
            "park": ctx.parks[park_key] if park_key else None,
            "content": spec.content,
            "total_investment": investment,
            "expected_output": Decimal(spec.output) * YI if spec.output else None,
            "expected_tax": Decimal(spec.tax) * WAN if spec.tax else None,
            "land_area": Decimal(spec.land) if spec.land else None,
            "building_area": Decimal(spec.land * 220) if spec.land else None,
            "annual_power": investment / 10 if spec.industry[:2] in ("31", "32", "39") else None,
            "financing_need": (investment * Decimal("0.4")).quantize(YI) if spec.land else None,
            "method": spec.method,
            "first_contact": officer,
            "follow_up": officer,
            "assigned_by": spec.assigned_by,
            "lead_on": story.on(spec.lead_on),
            "planned_start": story.maybe(spec.planned_start),
            "company_name": spec.company,
        },
        check=False,
    )
    for stage, on in (
        (Stage.NEGOTIATING, spec.negotiating),
        (Stage.SIGNED, spec.signed),
        (Stage.STARTED, spec.started),
        (Stage.PRODUCING, spec.producing),
    ):
        if on is not None:
            services.project_move(
                actor=officer, project=project, to_stage=stage, on=story.on(on), check=False
            )
    if spec.dropped:
        on, reason = spec.dropped
        services.project_move(
            actor=officer,
            project=project,
            to_stage=Stage.DROPPED,
            on=story.on(on),
            note=reason,
            check=False,
        )
    project.refresh_from_db()
    return project


def _arrivals(ctx: DemoContext, project: Project) -> int:
    """Money arrives month by month once a project is signed, faster once it is building."""
    if project.signed_on is None or project.stage == Stage.DROPPED:
        return 0
    rng = ctx.stream(f"investment-arrivals:{project.name}")
    month = project.signed_on.replace(day=1)
    written = 0
    amount = project.signed_amount or Decimal(0)
    while month <= ctx.today:
        building = project.started_on and month >= project.started_on.replace(day=1)
        # Before construction money comes now and then (registration capital, land deposits).
        share = Decimal(
            str(round(rng.uniform(0.02, 0.06) if building else rng.uniform(0.005, 0.02), 4))
        )
        if building or rng.random() < 0.4:
            services.arrival_save(
                actor=None,
                project=project,
                month=month,
                origin=project.origin,
                amount=(amount * share).quantize(WAN),
                check=False,
            )
            written += 1
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return written


def _events(ctx: DemoContext, story: Story, by_name: dict[str, Project]) -> None:
    admin = ctx.users["invest"]
    quarter = f"{story.year}年{story.words['q']}季度"
    release = services.event_save(
        actor=admin,
        data={
            "kind": EventKind.RELEASE,
            "title": f"西宁经济技术开发区{quarter}拟招商项目发布会",
            "on": story.on(D(2024, 1, 20)),
            "place": "西宁市会展中心",
            "participants": "开发区管委会领导、各园区及招商局负责人、60余家投资企业代表",
            "note": "发布光伏制造、锂电、新型显示、装备制造等领域拟招商项目",
        },
        check=False,
    )
    for name in (
        "10GW高效N型TOPCon电池片项目",
        "锂电铜箔项目",
        "电解液及六氟磷酸锂项目",
        "超声波电池检测设备组装基地项目",
        "光伏组件边框及支架项目",
        "镁基储氢材料项目",
        "工业机器人及智能产线项目",
        "硼酸及硼化物深加工项目",
    ):
        project = by_name[name]
        services.event_project_save(
            actor=admin,
            event=release,
            project=project,
            role=EventRole.RELEASED,
            amount=project.total_investment,
            check=False,
        )
    signing = services.event_save(
        actor=admin,
        data={
            "kind": EventKind.SIGNING,
            "title": f"西宁经济技术开发区{quarter}重大项目集中签约仪式",
            "on": story.on(SIGNING_DAY),
            "place": "开发区管委会",
            "participants": "市委、市政府主要领导，开发区管委会领导，签约企业代表",
            "note": "集中签约新型显示、新型储能、正极材料前驱体等重大项目",
        },
        check=False,
    )
    for name in (
        "新型显示模组及触控产业园项目",
        "新型储能研发及智能制造基地项目",
        "年产10万吨锂电正极材料前驱体项目",
    ):
        project = by_name[name]
        services.event_project_save(
            actor=admin,
            event=signing,
            project=project,
            role=EventRole.SIGNED,
            amount=project.signed_amount,
            check=False,
        )
    promotion = services.event_save(
        actor=admin,
        data={
            "kind": EventKind.PROMOTION,
            "title": "西宁经开区光伏制造产业链招商推介会（苏州）",
            "on": story.on(D(2024, 3, 15)),
            "place": "江苏省苏州市",
            "participants": "招商局、东川工业园，长三角光伏企业40余家",
        },
        check=False,
    )
    for name in ("逆变器及储能变流器项目", "钙钛矿叠层电池中试线项目"):
        services.event_project_save(
            actor=admin,
            event=promotion,
            project=by_name[name],
            role=EventRole.RELEASED,
            check=False,
        )


def _targets(ctx: DemoContext, story: Story) -> int:
    leader = ctx.users["leader"]
    rows: list[tuple[str, object, int, int, int | None]] = [
        (TargetScope.ZONE, None, 10, 500, 1),
        (TargetScope.ZONE, None, 35, 1500, None),
        (TargetScope.CHAIN, "lithium", 3, 150, 1),
        (TargetScope.CHAIN, "pv", 3, 200, 1),
        (TargetScope.CHAIN, "alloys", 1, 20, 1),
        (TargetScope.CHAIN, "salt", 1, 30, 1),
        (TargetScope.CHAIN, "biomed", 1, 5, 1),
        (TargetScope.CHAIN, "equipment", 2, 20, 1),
        (TargetScope.OFFICER, "invest", 4, 250, 1),
        (TargetScope.OFFICER, "invest-2", 2, 80, 1),
        (TargetScope.OFFICER, "invest-3", 2, 100, 1),
        (TargetScope.OFFICER, "invest-4", 2, 60, 1),
    ]
    for scope, who, count, yi, quarter in rows:
        services.target_save(
            actor=leader,
            year=story.year,
            quarter=story.quarter if quarter else None,
            scope=scope,
            chain=ctx.chains[who] if scope == TargetScope.CHAIN else None,  # type: ignore[index]
            officer=ctx.users[who] if scope == TargetScope.OFFICER else None,  # type: ignore[index]
            project_count=count,
            amount=Decimal(yi) * YI,
            check=False,
        )
    return len(rows)


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


def _officer_leads(ctx: DemoContext) -> int:
    """Officers' leads go through the same services an officer's form calls."""
    for (
        source,
        name,
        investor,
        region,
        chain,
        park,
        amount,
        days,
        content,
        decision,
    ) in OFFICER_LEADS:
        lead_on = ctx.today - dt.timedelta(days=days)
        lead = services.lead_register(
            actor=ctx.users[source],
            data={
                "name": name,
                "investor": investor,
                "investor_region": region,
                "chain": ctx.chains[chain] if chain else None,
                "park": ctx.parks[park],
                "total_investment": amount * YI,
                "method": Method.VIA_INVESTOR,
                "lead_on": lead_on,
                "content": content,
            },
            check=False,
        )
        if decision is None:
            continue
        verdict, detail = decision
        services.lead_review(
            actor=ctx.users["invest"],
            project=lead,
            accept=verdict == "accept",
            follow_up=ctx.users[detail] if verdict == "accept" else None,
            note="" if verdict == "accept" else detail,
            today=min(ctx.today, lead_on + dt.timedelta(days=3)),
            check=False,
        )
    return len(OFFICER_LEADS)


def build_investment(ctx: DemoContext) -> None:
    """Officers and chain teams, some fifty projects along their stages, funds arrived,
    the work log, three events and this year's and this quarter's targets."""
    story = Story(ctx.today)
    _officers(ctx)
    for key, team in TEAMS.items():
        for index, username in enumerate(team):
            services.chain_officer_set(
                actor=ctx.users["leader"],
                chain=ctx.chains[key],
                officer=ctx.users[username],
                is_head=index == 0,
                check=False,
            )
    head = {key: ctx.users[team[0]] for key, team in TEAMS.items()}
    specs = [*NAMED, *OTHERS] + [
        Spec(name, investor, region, P, chain, node, code, amount, method, lead_on)
        for name, investor, region, chain, node, code, amount, method, lead_on in LEADS_ONLY
    ]
    by_name: dict[str, Project] = {}
    for spec in specs:
        officer = head[spec.chain] if spec.chain else ctx.users["invest"]
        by_name[spec.name] = _project(ctx, story, spec, officer)
    arrivals = sum(_arrivals(ctx, p) for p in by_name.values())
    users = ctx.users
    for kind, on, until, place, people, counterpart, outcome, names in WORK_LOG:
        services.worklog_save(
            actor=users[people[0]],
            data={
                "kind": kind,
                "on": story.on(on),
                "until": story.maybe(until),
                "place": place,
                "counterpart": counterpart,
                "outcome": outcome.format(**story.words),
            },
            participants=[users[p] for p in people],
            projects=[by_name[n] for n in names],
            check=False,
        )
    _events(ctx, story, by_name)
    targets = _targets(ctx, story)
    leads = _officer_leads(ctx)
    ctx.counts["investment_projects"] = len(by_name) + leads
    ctx.say(
        f"  {len(by_name)} investment projects, {arrivals} monthly arrivals of funds, "
        f"{len(WORK_LOG)} work-log entries, 3 events, {targets} targets, "
        f"{leads} leads brought in by other officers"
    )
