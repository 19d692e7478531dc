"""The zone's industries as the demo draws them: sectors, their GB/T 4754-2017 小类 and chain nodes.

The mix follows the Xining zone's real make-up: lithium batteries and materials, photovoltaics
and silicon, nonferrous alloys, salt-lake chemicals, Tibetan medicine and bio-products,
equipment, plateau food, and the producer services around them.
"""

from __future__ import annotations

from dataclasses import dataclass

# 元: the size thresholds of the statistics (规上工业 2000万; 限上批发 2000万; 规上服务业 by 门类).
INDUSTRY_THRESHOLD = 20_000_000
SERVICE_THRESHOLD = 10_000_000


@dataclass(frozen=True)
class Line:
    """One line of business: a 小类, its weight in the sector, the words a name uses, its nodes.

    ``chain`` overrides the sector's chain (a wholesaler of medicines belongs to the medicine
    chain's distribution node).
    """

    code: str
    weight: int
    trades: tuple[str, ...]
    nodes: tuple[str, ...] = ()
    chain: str | None = None


@dataclass(frozen=True)
class Sector:
    key: str
    name: str
    count: int
    parks: tuple[tuple[str, int], ...]  # (park key, weight)
    lines: tuple[Line, ...]
    chain: str | None = None
    industrial: bool = True
    median_revenue: int = 12_000_000  # 元 a year
    high_tech: float = 0.0  # chance of 高新技术企业 for a mid-size enterprise
    seasonal: float = 0.0  # chance of 季节性生产
    revenue_per_employee: int = 600_000  # 元

    @property
    def threshold(self) -> int:
        if self.industrial or self.key in ("trade", "logistics"):
            return INDUSTRY_THRESHOLD
        return SERVICE_THRESHOLD


def _line(code: str, weight: int, trades: str, nodes: str = "", chain: str | None = None) -> Line:
    return Line(code, weight, tuple(trades.split()), tuple(nodes.split()), chain)


SECTORS = (
    Sector(
        key="lithium",
        name="锂电池及材料",
        count=72,
        parks=(("nc", 60), ("dc", 25), ("gh", 10), ("sw", 5)),
        lines=(
            _line("2613", 12, "锂业 锂盐 锂资源科技", "盐湖提锂 锂盐（碳酸锂/氢氧化锂）"),
            _line("3985", 14, "锂电材料 新能源材料 正极材料", "正极材料"),
            _line("3091", 6, "碳素新材料 石墨科技 负极材料", "负极材料"),
            _line("2669", 5, "电解液 化学材料 新能源化学", "电解液"),
            _line("3251", 5, "铜箔 电子铜箔", "锂电铜箔"),
            _line("3841", 16, "锂电 新能源电池 动力电池 电池", "电芯制造 电池系统及储能"),
            _line("3849", 6, "储能 储能科技 电源科技", "电池系统及储能"),
            _line("4210", 6, "资源循环 再生资源 循环科技", "电池回收利用"),
        ),
        chain="lithium",
        median_revenue=19_000_000,
        high_tech=0.3,
        revenue_per_employee=1_800_000,
    ),
    Sector(
        key="pv",
        name="光伏及硅材料",
        count=60,
        parks=(("dc", 75), ("nc", 10), ("gh", 15)),
        lines=(
            _line("3218", 8, "硅业 工业硅", "工业硅"),
            _line("3985", 14, "硅材料 半导体材料 硅业 光电材料", "多晶硅 单晶硅棒及硅片"),
            _line("3825", 16, "光伏 光伏科技 太阳能科技 光电科技", "电池片 光伏组件"),
            _line("3042", 6, "光伏玻璃 玻璃科技 特种玻璃", "光伏玻璃"),
            _line("3252", 6, "铝型材 新能源铝材", "铝边框及支架"),
            _line("3311", 3, "光伏支架 钢结构", "铝边框及支架"),
            _line("4416", 7, "光伏发电 新能源发电 太阳能发电", "光伏电站"),
        ),
        chain="pv",
        median_revenue=21_000_000,
        high_tech=0.3,
        revenue_per_employee=2_500_000,
    ),
    Sector(
        key="alloys",
        name="有色金属及合金新材料",
        count=55,
        parks=(("gh", 55), ("dc", 40), ("nc", 5)),
        lines=(
            _line("3216", 6, "铝业 电解铝", "电解铝"),
            _line("3217", 4, "镁业 金属镁", "镁冶炼"),
            _line("3212", 4, "锌业 有色冶炼 冶金", "铅锌冶炼"),
            _line("3140", 7, "铁合金 硅铁 冶金", "铁合金"),
            _line("3252", 10, "铝业 铝材 轻合金", "铝合金及铝材"),
            _line("3240", 8, "合金 合金材料 新材料", "铝合金及铝材 镁合金"),
            _line("3251", 4, "铜业 铜材", "铜材"),
            _line("3254", 4, "稀有金属 钛业 钽铌材料", "稀有金属材料"),
            _line("3091", 4, "碳素 炭素"),
            _line("3130", 3, "钢材 特钢制品"),
            _line("4210", 3, "再生资源 金属回收", "再生金属"),
        ),
        chain="alloys",
        median_revenue=19_000_000,
        high_tech=0.12,
        revenue_per_employee=2_000_000,
    ),
    Sector(
        key="salt",
        name="盐湖化工",
        count=35,
        parks=(("gh", 70), ("dc", 10), ("nc", 20)),
        lines=(
            _line("2623", 6, "钾肥 钾业", "钾肥"),
            _line("2613", 10, "镁盐 化工 盐化 硼业", "镁盐及镁化合物 硼锂盐 卤水综合利用"),
            _line("2612", 4, "碱业 氯碱化工", "氯碱化工"),
            _line("2624", 6, "复合肥 肥业 农资", "复合肥及专用肥"),
            _line("2619", 6, "精细化工 化学 化工", "精细化工产品"),
            _line("2661", 3, "化学试剂 化工助剂", "精细化工产品"),
        ),
        chain="salt",
        median_revenue=14_000_000,
        high_tech=0.12,
        seasonal=0.35,
        revenue_per_employee=1_200_000,
    ),
    Sector(
        key="biomed",
        name="藏药及生物医药",
        count=55,
        parks=(("sw", 85), ("nc", 10), ("dc", 5)),
        lines=(
            _line("2730", 8, "中药饮片 藏药材 药材", "藏药材及中药材加工"),
            _line("2740", 16, "藏药 藏医药 中藏药 药业", "藏药及中成药"),
            _line("2761", 8, "生物制药 生物制品 生物科技", "生物制品 动植物提取物"),
            _line("2710", 4, "制药 药业", "化学原料药及制剂"),
            _line("2720", 4, "制药 药业", "化学原料药及制剂"),
            _line("2750", 3, "动物药业 兽药", "兽药"),
            _line("1492", 7, "健康科技 保健食品 生物科技", "保健及特医食品"),
            _line("1491", 4, "营养品 健康产业", "保健及特医食品"),
        ),
        chain="biomed",
        median_revenue=9_600_000,
        high_tech=0.3,
        revenue_per_employee=600_000,
    ),
    Sector(
        key="equipment",
        name="装备制造",
        count=50,
        parks=(("dc", 40), ("nc", 25), ("gh", 25), ("sw", 10)),
        lines=(
            _line("3484", 7, "机械 精密机械 机械加工", "铸锻件及基础零部件"),
            _line("3311", 8, "钢结构 钢构 金属结构", "金属结构件"),
            _line("3511", 5, "矿山机械 重工", "矿山及冶金专用设备"),
            _line("3516", 4, "冶金设备 机械设备", "矿山及冶金专用设备"),
            _line("3521", 4, "化工装备 装备制造", "化工及盐湖专用装备"),
            _line("3562", 5, "智能装备 光电设备 半导体装备", "新能源专用装备"),
            _line("3829", 7, "电气 电力设备 电气设备", "输配电及控制设备"),
            _line("3821", 3, "变压器 电气", "输配电及控制设备"),
            _line("3831", 4, "电缆 线缆", "电线电缆"),
            _line("3411", 2, "锅炉 热能设备"),
        ),
        chain="equipment",
        median_revenue=9_600_000,
        high_tech=0.2,
        revenue_per_employee=600_000,
    ),
    Sector(
        key="food",
        name="高原特色食品",
        count=45,
        parks=(("sw", 50), ("nc", 35), ("dc", 15)),
        lines=(
            _line("1351", 6, "牦牛肉业 清真食品 畜产品"),
            _line("1353", 6, "牛羊肉食品 清真食品 肉制品"),
            _line("1373", 5, "枸杞 沙棘 高原果业"),
            _line("1399", 6, "青稞食品 农产品 高原特色食品"),
            _line("1441", 4, "乳业 牦牛乳业"),
            _line("1512", 4, "青稞酒业 酒业"),
            _line("1513", 2, "啤酒"),
            _line("1522", 4, "饮品 冰川水 矿泉水"),
            _line("1529", 3, "沙棘饮品 饮品"),
            _line("1495", 3, "生物科技 食品添加剂"),
        ),
        median_revenue=7_200_000,
        high_tech=0.04,
        seasonal=0.3,
        revenue_per_employee=500_000,
    ),
    Sector(
        key="building",
        name="建材",
        count=30,
        parks=(("gh", 50), ("nc", 30), ("dc", 20)),
        lines=(
            _line("3021", 6, "水泥制品 建材"),
            _line("3022", 5, "构件 建筑构件"),
            _line("3031", 6, "新型墙材 建材"),
            _line("3024", 5, "新型建材 节能建材"),
            _line("3089", 4, "耐火材料"),
            _line("3062", 3, "复合材料 玻璃钢"),
        ),
        median_revenue=8_400_000,
        high_tech=0.03,
        seasonal=0.6,
        revenue_per_employee=400_000,
    ),
    Sector(
        key="textiles",
        name="藏毯及毛纺",
        count=15,
        parks=(("nc", 85), ("dc", 15)),
        lines=(_line("2437", 10, "地毯 藏毯 毯业"), _line("1721", 5, "毛纺 绒业 牦牛绒")),
        median_revenue=6_000_000,
        high_tech=0.04,
        revenue_per_employee=250_000,
    ),
    Sector(
        key="power",
        name="电力热力及水",
        count=10,
        parks=(("gh", 50), ("dc", 30), ("nc", 20)),
        lines=(
            _line("4411", 2, "发电 火电"),
            _line("4412", 3, "热电"),
            _line("4430", 3, "热力 供热"),
            _line("4620", 3, "水务 污水处理 环境科技"),
        ),
        median_revenue=18_000_000,
        revenue_per_employee=3_000_000,
    ),
    Sector(
        key="other",
        name="其他制造",
        count=20,
        parks=(("nc", 40), ("dc", 30), ("gh", 20), ("sw", 10)),
        lines=(
            _line("2929", 6, "塑业 塑料制品 包装材料"),
            _line("2319", 4, "印务 彩印包装"),
            _line("3399", 5, "金属制品 五金"),
            _line("2231", 3, "纸品包装"),
        ),
        median_revenue=6_000_000,
        high_tech=0.04,
        revenue_per_employee=400_000,
    ),
    Sector(
        key="trade",
        name="批发",
        count=45,
        parks=(("nc", 35), ("dc", 30), ("gh", 20), ("sw", 15)),
        lines=(
            _line("5164", 8, "金属材料 有色金属贸易 物资"),
            _line("5169", 7, "化工贸易 化工物资"),
            _line("5175", 5, "电气设备 机电设备"),
            _line("5165", 5, "建材贸易 建材"),
            _line("5191", 4, "再生资源"),
            _line("5152", 4, "医药 中藏药材", "医药流通", chain="biomed"),
        ),
        industrial=False,
        median_revenue=9_000_000,
        revenue_per_employee=5_000_000,
    ),
    Sector(
        key="logistics",
        name="交通运输和仓储",
        count=28,
        parks=(("nc", 35), ("dc", 30), ("gh", 20), ("sw", 15)),
        lines=(
            _line("5439", 8, "物流 运输"),
            _line("5435", 4, "危险货物运输 危货运输"),
            _line("5942", 3, "危化品仓储"),
            _line("5920", 4, "仓储 物流园"),
            _line("5821", 4, "国际货运代理 供应链"),
            _line("5930", 3, "冷链物流"),
        ),
        industrial=False,
        median_revenue=4_800_000,
        revenue_per_employee=600_000,
    ),
    Sector(
        key="software",
        name="信息技术服务",
        count=20,
        parks=(("sw", 35), ("nc", 30), ("dc", 25), ("gh", 10)),
        lines=(
            _line("6513", 6, "软件 信息技术 数字科技"),
            _line("6531", 5, "信息系统 智能科技"),
            _line("6532", 4, "物联网科技"),
            _line("6540", 3, "信息技术服务"),
        ),
        industrial=False,
        median_revenue=3_000_000,
        high_tech=0.35,
        revenue_per_employee=400_000,
    ),
    Sector(
        key="business",
        name="商务服务",
        count=25,
        parks=(("sw", 35), ("nc", 30), ("dc", 25), ("gh", 10)),
        lines=(
            _line("7221", 3, "园区运营管理 园区服务"),
            _line("7224", 5, "供应链管理"),
            _line("7212", 4, "产业投资 投资管理"),
            _line("7263", 4, "人力资源 劳务服务"),
            _line("7241", 3, "财税咨询"),
            _line("7281", 2, "会展服务"),
        ),
        industrial=False,
        median_revenue=3_600_000,
        high_tech=0.02,
        revenue_per_employee=600_000,
    ),
    Sector(
        key="research",
        name="科学研究和技术服务",
        count=35,
        parks=(("sw", 35), ("nc", 30), ("dc", 25), ("gh", 10)),
        lines=(
            _line("7320", 5, "工程技术 新能源技术研究"),
            _line("7452", 6, "检测 检验检测 质量检测"),
            _line("7484", 5, "工程设计 建筑设计"),
            _line("7513", 4, "新材料科技 新材料技术"),
            _line("7515", 4, "新能源科技 新能源技术"),
            _line("7340", 3, "医学研究 生物医药研究"),
        ),
        industrial=False,
        median_revenue=3_000_000,
        high_tech=0.3,
        revenue_per_employee=350_000,
    ),
)
SECTOR_BY_KEY = {sector.key: sector for sector in SECTORS}


def industry_codes() -> list[str]:
    """Every 小类 the demo uses, sorted."""
    return sorted({line.code for sector in SECTORS for line in sector.lines})
