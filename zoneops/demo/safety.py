"""The demo's work safety: a grid for each 片区 with its 网格长 and 网格员 (``grid1`` in 东川,
``grid2`` in 南川 among them), every enterprise's safety profile, the check-item libraries, a
quarter of inspections by all four sources, hazards in every state of the loop — two 重大 with
their plans, one of them overdue — and the daily deadline run on the demo's today.

The check items are written here from the situations of the regulations they cite (应急管理部令
第10号 and the others); no other platform's text is copied.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from zoneops.core.models import Area, Role, User
from zoneops.core.services import user_save
from zoneops.demo.clock import spring_festival_holiday
from zoneops.demo.context import DEMO_PASSWORD, DemoContext
from zoneops.demo.monitoring.figures import survey_year
from zoneops.enterprises.models import Enterprise
from zoneops.monitoring import public as monitoring
from zoneops.safety import services
from zoneops.safety.models import (
    ChecklistItem,
    Grid,
    Hazard,
    HazardKind,
    HazardLevel,
    HazardStatus,
    HighRiskWork,
    InspectionPlan,
    InspectionPlanKind,
    KeyLevel,
    Outcome,
    RiskColour,
    Source,
    next_round_dates,
)
from zoneops.safety.services import ResultInput

DUST = "应急管理部令第10号 专项类（粉尘防爆）"
CONFINED = "应急管理部令第10号 专项类（有限空间）"
AMMONIA = "应急管理部令第10号 专项类（液氨制冷）"
MANAGEMENT = "应急管理部令第10号 管理类"

# (name, theme, [(category, content, basis, major rule)])
CHECKLISTS: tuple[tuple[str, str, tuple[tuple[str, str, str, str], ...]], ...] = (
    (
        "工贸企业通用检查表",
        "general",
        (
            ("基础管理", "建立全员安全生产责任制并落实到岗位", "《安全生产法》第二十二条", ""),
            (
                "基础管理",
                "从业人员超过一百人的设置安全生产管理机构或配备专职安全生产管理人员",
                "《安全生产法》第二十四条",
                "",
            ),
            (
                "基础管理",
                "主要负责人和安全生产管理人员具备相应的安全生产知识和管理能力",
                "《安全生产法》第二十七条",
                "",
            ),
            (
                "基础管理",
                "特种作业人员经专门培训、取得相应资格后上岗",
                "《安全生产法》第三十条",
                f"{MANAGEMENT}：特种作业人员未取得相应资格上岗作业",
            ),
            (
                "基础管理",
                "与承包、承租单位签订安全管理协议，统一协调管理并定期检查",
                "《安全生产法》第四十九条",
                f"{MANAGEMENT}：未对承包、承租单位统一协调管理或定期检查",
            ),
            ("现场管理", "安全出口、疏散通道畅通，未锁闭、占用或堵塞", "《消防法》第二十八条", ""),
            ("现场管理", "电气线路敷设规范，无私拉乱接、超负荷用电", "GB 50054-2011", ""),
            (
                "现场管理",
                "有较大危险因素的场所和设备设置明显的安全警示标志",
                "《安全生产法》第三十五条",
                "",
            ),
            ("现场管理", "设备转动部位的防护罩、防护栏完好", "GB/T 8196-2018", ""),
        ),
    ),
    (
        "粉尘涉爆企业专项检查表",
        "dust",
        (
            (
                "现场管理",
                "粉尘爆炸危险场所不设在非框架结构的多层建筑内，与人员密集场所保持安全距离",
                "GB 15577-2018",
                f"{DUST}：粉尘爆炸危险场所设置不符合要求",
            ),
            (
                "现场管理",
                "可燃性粉尘不与可燃气体等介质共用除尘系统，不同防火分区的除尘系统不互联互通",
                "GB 15577-2018",
                f"{DUST}：除尘系统共用或互联互通",
            ),
            (
                "现场管理",
                "干式除尘系统采取泄爆、隔爆、惰化或抑爆等控制爆炸的措施",
                "GB 15577-2018",
                f"{DUST}：干式除尘系统未采取控爆措施",
            ),
            (
                "基础管理",
                "建立粉尘清扫制度并按规定及时清理作业场所积尘",
                "GB 15577-2018",
                f"{DUST}：未建立或未落实粉尘清扫制度",
            ),
            ("现场管理", "粉尘作业区域使用防爆电气设备", "GB 12476.1-2013", ""),
        ),
    ),
    (
        "有限空间作业专项检查表",
        "confined",
        (
            (
                "基础管理",
                "辨识有限空间并建立管理台账，在入口设置明显的安全警示标志",
                "应急管理部令第13号",
                "",
            ),
            (
                "现场管理",
                "作业前通风并进行气体检测，检测合格后方可进入",
                "应急管理部令第13号",
                f"{CONFINED}：存在硫化氢、一氧化碳等中毒风险的作业未检测即进入",
            ),
            ("现场管理", "作业时安排专人监护，监护人员不离岗", "应急管理部令第13号", ""),
            ("基础管理", "配备气体检测报警仪、正压式呼吸器等应急救援装备", "GB 30871-2022", ""),
        ),
    ),
    (
        "液氨制冷企业专项检查表",
        "ammonia",
        (
            (
                "现场管理",
                "人员较多的包装、分割、产品整理场所的空调系统不采用氨直接蒸发制冷",
                "GB 50072-2021",
                f"{AMMONIA}：人员密集场所采用氨直接蒸发制冷空调",
            ),
            (
                "现场管理",
                "快速冻结装置设在单独的作业间内，作业间内人员不超过规定数量",
                "GB 50072-2021",
                f"{AMMONIA}：快速冻结装置未单独设置或作业人员超限",
            ),
            (
                "现场管理",
                "氨压缩机房设置氨气浓度报警装置并与事故排风机联锁",
                "GB 50072-2021",
                "",
            ),
        ),
    ),
    (
        "节后复工复产检查表",
        "restart",
        (
            (
                "基础管理",
                "复工前对全体从业人员开展安全教育和岗位培训",
                "《安全生产法》第二十八条",
                "",
            ),
            (
                "现场管理",
                "停用设备设施复工前经检查、检修并试运行合格",
                "《安全生产法》第三十六条",
                "",
            ),
            (
                "现场管理",
                "停工期间的管道、容器和有限空间复工前完成置换和气体检测",
                "GB 30871-2022",
                "",
            ),
            ("基础管理", "编制开停车方案并经审批，明确各环节安全措施", "AQ 3026-2008", ""),
            ("现场管理", "消防设施、器材完好有效", "《消防法》第十六条", ""),
        ),
    ),
)

# Grid members (网格员): username, name, phone. grid1 works the first 片区 of 东川, grid2 the
# first of 南川 (different parks), the others the remaining 片区 in park order.
MEMBERS = (
    ("grid1", "马国庆", "13997001101"),
    ("grid2", "韩玉兰", "13997001102"),
    ("grid3", "李永红", "13997001103"),
    ("grid4", "祁生福", "13997001104"),
    ("grid5", "张德明", "13997001105"),
    ("grid6", "赵春梅", "13997001106"),
    ("grid7", "冶建华", "13997001107"),
    ("grid8", "星晓东", "13997001108"),
    ("grid9", "陈海青", "13997001109"),
    ("grid10", "吴立新", "13997001110"),
    ("grid11", "鲍秀英", "13997001111"),
)
LOGINS = ("grid1", "grid2")
HEADS = {"dc": "park-dc", "nc": "park-nc", "sw": "park-sw-1", "gh": "park-gh-1"}
# Sectors whose enterprises carry high-risk work, for their profiles.
SECTOR_WORKS = {
    "nonferrous": (HighRiskWork.MOLTEN, HighRiskWork.GAS, HighRiskWork.CONFINED),
    "chemicals": (HighRiskWork.CHEMICALS, HighRiskWork.CONFINED),
    "lithium": (HighRiskWork.CHEMICALS, HighRiskWork.DUST),
    "pv": (HighRiskWork.DUST, HighRiskWork.CHEMICALS),
    "food": (HighRiskWork.AMMONIA,),
    "textile": (HighRiskWork.DUST,),
}
SURNAMES = "王李张刘陈杨赵马韩祁"
GIVEN = ("建国", "海燕", "志强", "玉梅", "德胜", "晓东", "春花", "永福", "立新", "秀兰")


def _areas(ctx: DemoContext) -> list[Area]:
    """The 片区 in the order the grid members take them: each park's first, then the rest."""
    by_park = [list(Area.objects.filter(park=park).order_by("pk")) for park in ctx.parks.values()]
    first = [areas[0] for areas in by_park if areas]
    rest = [area for areas in by_park for area in areas[1:]]
    return first + rest


def _grids(ctx: DemoContext) -> list[Grid]:
    park_keys = {park.pk: key for key, park in ctx.parks.items()}
    grids = []
    for number, (area, (username, name, phone)) in enumerate(
        zip(_areas(ctx), MEMBERS, strict=False), start=1
    ):
        member = user_save(
            actor=None,
            data={
                "username": username,
                "full_name": name,
                "title": "安全生产网格员",
                "phone": phone,
                "role": Role.GRID_MEMBER,
            },
            password=DEMO_PASSWORD if username in LOGINS else None,
            check=False,
        )
        ctx.users[username] = member
        park_key = park_keys[area.park_id]
        grid = services.grid_save(
            actor=None,
            data={
                "area": area,
                "code": f"WG-{area.park.division_code[-6:-3]}-{number:02d}",
                "name": area.name.removesuffix("片区") + "网格",
                "head": ctx.users.get(HEADS[park_key]),
                "frequency_days": 30,
            },
            members=[member],
            check=False,
        )
        grids.append(grid)
    return grids


def _profiles(ctx: DemoContext, grids: list[Grid], rng: Any) -> list[Enterprise]:
    sectors = {p.credit_code: p.sector for p in ctx.profiles}
    firms = []
    for park in ctx.parks.values():
        park_grids = [g for g in grids if g.area.park_id == park.pk]
        if not park_grids:
            continue
        for index, firm in enumerate(Enterprise.objects.filter(park=park).order_by("credit_code")):
            works = SECTOR_WORKS.get(sectors.get(firm.credit_code, ""), ())
            chosen = [w for w in works if rng.random() < 0.6]
            key = KeyLevel.NONE
            if firm.is_above_scale:
                key = rng.choice((KeyLevel.ZONE, KeyLevel.ZONE, KeyLevel.CITY, KeyLevel.NONE))
            if chosen and firm.is_above_scale and rng.random() < 0.2:
                key = KeyLevel.PROVINCE
            risk = RiskColour.BLUE
            if chosen:
                risk = rng.choice((RiskColour.ORANGE, RiskColour.YELLOW, RiskColour.YELLOW))
                if HighRiskWork.CHEMICALS in chosen and rng.random() < 0.3:
                    risk = RiskColour.RED
            name = rng.choice(SURNAMES) + rng.choice(GIVEN)
            services.profile_save(
                actor=None,
                enterprise=firm,
                data={
                    "grid": park_grids[index % len(park_grids)],
                    "key_level": key,
                    "major_hazard_source": risk == RiskColour.RED,
                    "high_risk_works": ",".join(chosen),
                    "risk_level": risk,
                    "principal": firm.legal_representative or name,
                    "principal_phone": f"139{rng.randrange(10**7, 10**8)}",
                    "safety_manager": rng.choice(SURNAMES) + rng.choice(GIVEN),
                    "safety_manager_phone": f"138{rng.randrange(10**7, 10**8)}",
                },
                check=False,
            )
            firms.append(firm)
    return firms


def _checklists() -> dict[str, list[ChecklistItem]]:
    found: dict[str, list[ChecklistItem]] = {}
    for name, theme, items in CHECKLISTS:
        for number, (category, content, basis, rule) in enumerate(items, start=1):
            item = services.checklist_item_save(
                actor=None,
                name=name,
                theme=theme,
                version=1,
                number=number,
                data={"category": category, "content": content, "basis": basis, "major_rule": rule},
                check=False,
            )
            found.setdefault(theme, []).append(item)
    return found


def _inspector(
    ctx: DemoContext, source: str, firm: Enterprise, grid_member: User
) -> tuple[User | None, str]:
    """Who checks, and the names the record carries: an enterprise's own safety manager for
    a self-check (entered by its user where it has one), the bureau, an expert, the grid."""
    if source == Source.SELF:
        return next(iter(firm.users.all()), None), firm.safety_profile.safety_manager
    if source == Source.ENFORCEMENT:
        officer = ctx.users["safety"]
        return officer, f"{officer.full_name}、王海军"
    if source == Source.THIRD_PARTY:
        return grid_member, "青海安评技术服务有限公司 刘工"
    return grid_member, grid_member.full_name


FAILURES = (
    "现场检查发现该项不符合要求",
    "部分岗位未落实，已当场指出",
    "台账记录不全，需补充完善",
)


def _inspections(
    ctx: DemoContext, firms: list[Enterprise], lists: dict[str, list[ChecklistItem]], rng: Any
) -> list[Hazard]:
    """About three months of rounds: each enterprise checked once or twice, by its grid member
    mostly, by the bureau's enforcement, third-party experts, and by itself."""
    found: list[Hazard] = []
    sources = (
        [Source.SUPERVISION] * 5
        + [Source.SELF] * 3
        + [Source.ENFORCEMENT] * 2
        + [Source.THIRD_PARTY]
    )
    for firm in firms:
        profile = firm.safety_profile
        member = profile.grid.members.first()
        assert member is not None
        # This month's round by the grid (most firms), an older visit of any source, and
        # the enterprise's own self-check for some.
        visits: list[tuple[str, int]] = []
        if rng.random() < 0.78:
            visits.append((Source.SUPERVISION, rng.randrange(1, 28)))
        if rng.random() < 0.5:
            visits.append((rng.choice(sources), rng.randrange(30, 95)))
        if rng.random() < 0.3:
            visits.append((Source.SELF, rng.randrange(1, 60)))
        for source, days_ago in visits:
            theme = "general"
            works = profile.works()
            if works and rng.random() < 0.5:
                theme = {"dust": "dust", "confined": "confined", "ammonia": "ammonia"}.get(
                    works[0], "general"
                )
            items = lists[theme]
            day = ctx.today - dt.timedelta(days=days_ago)
            actor, inspectors = _inspector(ctx, source, firm, member)
            results = []
            for item in items:
                outcome = Outcome.PASS
                roll = rng.random()
                if roll < 0.07:
                    outcome = Outcome.FAIL
                elif roll < 0.12:
                    outcome = Outcome.NA
                hazard: dict[str, Any] = {}
                if outcome == Outcome.FAIL:
                    # Judged 一般 by the inspector, the rule notwithstanding (the two 重大 are
                    # written below, with their plans).
                    hazard = {
                        "level": HazardLevel.GENERAL,
                        "kind": rng.choice(HazardKind.values),
                        "deadline_days": rng.choice((5, 10, 10, 15, 20)),
                        "responsible": profile.safety_manager,
                    }
                results.append(
                    ResultInput(
                        item=item,
                        outcome=outcome,
                        note=rng.choice(FAILURES) if outcome == Outcome.FAIL else "",
                        hazard=hazard,
                    )
                )
            inspection = services.inspection_record(
                actor=actor,
                enterprise=firm,
                data={
                    "source": source,
                    "checklist": items[0].checklist,
                    "inspected_on": day,
                    "inspectors": inspectors,
                    "place": "生产车间、仓库",
                },
                results=results,
                check=False,
            )
            found.extend(inspection.hazards.all())
    return found


def _advance(ctx: DemoContext, hazard: Hazard, rng: Any) -> None:
    """Move a hazard along its loop as far as its age makes likely."""
    age = (ctx.today - hazard.found_on).days
    officer = ctx.users["safety"]
    firm_user = next(iter(hazard.enterprise.users.all()), None)
    worker = firm_user or officer

    def on(days: int) -> dt.date:
        return min(ctx.today, hazard.found_on + dt.timedelta(days=days))

    def act(action: str, user: User, days: int, **kwargs: Any) -> None:
        services.hazard_act(
            actor=user, hazard=hazard, action=action, today=on(days), check=False, **kwargs
        )

    roll = rng.random()
    if age <= 7 and roll < 0.5:
        return  # as found: reported, or ordered on the spot
    if hazard.status == HazardStatus.REPORTED:
        act("order", officer, 1)
    if age <= 14 and roll < 0.6:
        return
    act("start", worker, 2)
    if age <= 30 and roll < 0.35 and (hazard.deadline >= ctx.today or roll < 0.1):
        return  # rectifying (a few of them past their deadline)
    act("rectified", worker, max(2, min(age - 1, 8)), note="已按要求完成整改，附整改前后照片")
    if age <= 30 and roll < 0.6:
        return  # awaiting the re-check
    if rng.random() < 0.2:
        act("fail", officer, 10, note="整改不彻底，需进一步完善", deadline_days=5)
        if age <= 40:
            return
        act("rectified", worker, 16, note="已重新整改完毕")
    act("pass", officer, min(age, 20), note="复查合格，同意销号")


def _majors(ctx: DemoContext, firms: list[Enterprise]) -> list[Hazard]:
    """Two 重大 hazards with their plans: one in 南川 long overdue, one in 东川 on time."""
    by_park = {key: [f for f in firms if f.park_id == park.pk] for key, park in ctx.parks.items()}
    officer = ctx.users["safety"]
    made = []
    for login, park, days_ago, limit, description, supervision in (
        ("ent1", "nc", 70, 30, "电解液车间除尘系统与相邻车间互联互通，未采取控爆措施", "park"),
        ("ent2", "dc", 12, 40, "多晶硅还原车间尾气回收装置区有限空间作业未检测即进入", "zone"),
    ):
        user = ctx.users.get(login)
        firm = user.enterprise if user and user.enterprise else by_park[park][0]
        hazard = services.hazard_report(
            actor=officer,
            enterprise=firm,
            source=Source.ENFORCEMENT,
            found_on=ctx.today - dt.timedelta(days=days_ago),
            data={
                "description": description,
                "place": "生产车间",
                "level": HazardLevel.MAJOR,
                "kind": HazardKind.THING,
                "deadline_days": limit,
                "funds": Decimal("850000"),
                "responsible": firm.legal_representative or "企业主要负责人",
                "plan_goal": "彻底消除事故隐患，恢复系统本质安全",
                "plan_measures": "拆分除尘系统，加装泄爆、隔爆装置，委托设计单位出具改造方案",
                "plan_people": "企业主要负责人牵头，设备部、安全环保部组成治理专班",
                "plan_safety": "相关工段停产，设置警戒区域，专人值守，配备应急物资",
                "supervision": supervision,
            },
            check=False,
        )
        if park == "nc":
            services.hazard_act(
                actor=officer,
                hazard=hazard,
                action="start",
                today=hazard.found_on + dt.timedelta(days=3),
                check=False,
            )
        made.append(hazard)
    return made


# Risk points by high-risk work: (place, unit, factors, accident type, controls, level, LEC).
Risk = tuple[str, str, str, str, str, str, tuple[str, str, str] | None]
RISKS: dict[str, tuple[Risk, ...]] = {
    HighRiskWork.CHEMICALS: (
        (
            "危化品仓库",
            "甲类仓库",
            "易燃液体泄漏遇点火源",
            "fire",
            "防爆电气、可燃气体报警联锁、专人值守",
            "red",
            ("3", "10", "15"),
        ),
        (
            "装卸区",
            "槽车鹤管",
            "装卸过程静电积聚、软管破裂",
            "explosion",
            "静电接地报警、装卸全程监护",
            "",
            ("3", "6", "15"),
        ),
    ),
    HighRiskWork.DUST: (
        (
            "抛光车间",
            "干式除尘器",
            "粉尘云遇点火源爆炸",
            "explosion",
            "泄爆隔爆、每班清扫、火花探测",
            "",
            ("1", "6", "40"),
        ),
    ),
    HighRiskWork.MOLTEN: (
        (
            "熔铸车间",
            "熔炼炉",
            "高温熔融金属遇水爆炸、喷溅",
            "burn",
            "炉前地面干燥、应急储存设施",
            "orange",
            None,
        ),
    ),
    HighRiskWork.GAS: (
        (
            "煤气站",
            "煤气管网",
            "煤气泄漏中毒",
            "poisoning",
            "固定式CO报警、进入前检测、双人作业",
            "",
            ("1", "6", "40"),
        ),
    ),
    HighRiskWork.CONFINED: (
        (
            "污水处理站",
            "调节池",
            "有限空间缺氧、硫化氢中毒",
            "poisoning",
            "先通风、再检测、后作业，设专人监护",
            "",
            ("1", "3", "40"),
        ),
    ),
    HighRiskWork.AMMONIA: (
        (
            "冷库",
            "液氨制冷机房",
            "液氨泄漏中毒",
            "poisoning",
            "氨气浓度报警联锁、喷淋装置",
            "orange",
            None,
        ),
    ),
}
COMMON_RISKS = (
    (
        "生产车间",
        "机加工设备",
        "转动部位无防护、违章操作",
        "machine",
        "防护罩完好、岗前培训",
        "",
        ("1", "10", "7"),
    ),
    ("厂区道路", "叉车", "叉车超速、人车混行", "vehicle", "限速标志、人车分流", "blue", None),
    (
        "配电室",
        "低压配电柜",
        "带电作业触电",
        "electric",
        "持证上岗、停送电挂牌",
        "",
        ("0.5", "6", "15"),
    ),
)


def _register(ctx: DemoContext, firms: list[Enterprise], rng: Any) -> int:
    """Risk points for the enterprises with high-risk work (and a few common ones): their
    colours decide the profile's colour from now on."""
    made = 0
    logins = {u.enterprise_id for u in ctx.users.values() if u.enterprise_id}
    for firm in firms:
        profile = firm.safety_profile
        rows = [row for work in profile.works() for row in RISKS.get(work, ())]
        if not rows and rng.random() > 0.4 and firm.pk not in logins:
            continue
        rows += [row for row in COMMON_RISKS if rng.random() < 0.6] or [COMMON_RISKS[1]]
        for number, (place, unit, factors, kind, controls, level, lec) in enumerate(rows, 1):
            data: dict[str, Any] = {
                "code": f"FX-{number:02d}",
                "place": place,
                "unit": unit,
                "factors": factors,
                "accident_type": kind,
                "controls": controls,
                "control_level": ("company", "workshop", "team", "post")[min(number, 4) - 1],
                "responsible": profile.safety_manager or "安全管理人员",
            }
            if lec is not None:
                data.update(method="lec", lec_l=Decimal(lec[0]), lec_e=Decimal(lec[1]),
                            lec_c=Decimal(lec[2]))  # fmt: skip
            else:
                data["level"] = level
            services.risk_point_save(actor=None, enterprise=firm, data=data, check=False)
            made += 1
    return made


def _emergency(ctx: DemoContext, firms: list[Enterprise], rng: Any) -> tuple[int, int]:
    """Plans and a year of drills: most on time, some late (a 现场处置 drill more than half a
    year ago, or none), one plan about to expire."""
    plans = drills = 0
    today = ctx.today
    for index, firm in enumerate(firms):
        filed = today - dt.timedelta(days=rng.randrange(120, 900))
        valid = filed + dt.timedelta(days=3 * 365)
        if index == 0:
            valid = today + dt.timedelta(days=18)  # about to expire
        main = services.emergency_plan_save(
            actor=None,
            enterprise=firm,
            data={"name": f"{firm.name}生产安全事故综合应急预案", "kind": "comprehensive",
                  "issued_on": filed - dt.timedelta(days=20), "filed_on": filed,
                  "filing_number": f"备案{filed:%Y}-{index + 1:04d}", "valid_until": valid},
            check=False,
        )  # fmt: skip
        onsite = services.emergency_plan_save(
            actor=None,
            enterprise=firm,
            data={"name": "火灾事故现场处置方案", "kind": "onsite", "filed_on": filed,
                  "valid_until": filed + dt.timedelta(days=3 * 365)},
            check=False,
        )  # fmt: skip
        plans += 2
        late = rng.random() < 0.25
        held = [(main, "comprehensive", rng.randrange(30, 300), "live")]
        if not late:
            held.append((onsite, "onsite", rng.randrange(10, 170), "live"))
            held.append((onsite, "onsite", rng.randrange(190, 350), "tabletop"))
        elif rng.random() < 0.5:
            held.append((onsite, "onsite", rng.randrange(200, 330), "tabletop"))
        for plan, kind, days_ago, form in held:
            problems = "疏散集合点清点人数用时过长" if rng.random() < 0.3 else ""
            services.drill_save(
                actor=None,
                enterprise=firm,
                data={"plan": plan, "kind": kind, "form": form,
                      "held_on": today - dt.timedelta(days=days_ago),
                      "scenario": "仓库火灾" if kind == "onsite" else "危险化学品泄漏",
                      "participants": rng.randrange(12, 120),
                      "evaluation": "预案可行，响应及时，处置基本得当", "problems": problems},
                check=False,
            )  # fmt: skip
            drills += 1
    return plans, drills


def _accident(ctx: DemoContext, firms: list[Enterprise]) -> None:
    """One 一般 accident this year: a fall from a height, one seriously injured."""
    firm = firms[len(firms) // 2]
    services.accident_save(
        actor=None,
        enterprise=firm,
        data={"occurred_on": ctx.today - dt.timedelta(days=40), "occurred_time": dt.time(10, 20),
              "place": "成品库房货架区", "kind": "fall", "injured": 1,
              "loss": Decimal("186000"),
              "account": "作业人员登高取货时未系安全带，从约3米高处坠落，右腿骨折。"},
        check=False,
    )  # fmt: skip


def _plan_checks(
    ctx: DemoContext,
    plan: InspectionPlan,
    items: list[ChecklistItem],
    rng: Any,
    share: float,
    windows: dict[int, tuple[dt.date, dt.date]] | None = None,
) -> int:
    """Record the plan's own checks (all items passed) for about ``share`` of its targets,
    each on a day of its window (by default the plan's period) up to yesterday."""
    done = 0
    for target in plan.targets.select_related("enterprise__safety_profile__grid"):
        first, last = (windows or {}).get(target.pk, (plan.start_on, plan.end_on))
        last = min(last, ctx.today - dt.timedelta(days=1))
        if last < first or rng.random() >= share:
            continue
        member = target.enterprise.safety_profile.grid.members.first()
        day = first + dt.timedelta(days=rng.randrange((last - first).days + 1))
        services.inspection_record(
            actor=member,
            enterprise=target.enterprise,
            data={
                "source": Source.SUPERVISION,
                "checklist": items[0].checklist,
                "plan": plan,
                "inspected_on": day,
                "inspectors": member.full_name if member else "安全生产监督管理局",
                "place": "生产车间、仓库、配电室",
            },
            results=[ResultInput(item=item, outcome=Outcome.PASS) for item in items],
            check=False,
        )
        done += 1
    return done


def _plans(ctx: DemoContext, lists: dict[str, list[ChecklistItem]]) -> int:
    """The Spring Festival's two plans — 元旦春节节前 checks of the key firms from 1 December,
    and the 复工复产 checks of the firms the production survey says stop, each due three
    working days before its restart — and the grids' monthly 督导检查 since three months back
    (the daily job made the later rounds). Some targets checked, some not."""
    rng = ctx.stream("safety-plans")
    year = survey_year(ctx.today)
    holiday_start, _end = spring_festival_holiday(year)
    festival = services.plan_save(
        actor=None,
        data={
            "name": f"{year}年元旦春节节前安全生产检查",
            "kind": InspectionPlanKind.HOLIDAY,
            "checklist": lists["general"][0].checklist,
            "start_on": dt.date(year - 1, 12, 1),
            "end_on": holiday_start - dt.timedelta(days=1),
            "key_only": True,
            "note": "重点检查节日期间值班值守、动火作业、消防设施和危化品储存。",
        },
        check=False,
    )
    checks = _plan_checks(ctx, festival, lists["general"], rng, 0.55)
    if monitoring.surveys():  # the survey is monitoring's (absent from a registry-only build)
        restart = services.restart_plan_create(
            actor=None, checklist=lists["restart"][0].checklist, check=False
        )
        windows = {
            t.pk: (t.stop_from or restart.start_on, t.restart_on or restart.end_on)
            for t in restart.targets.all()
        }
        checks += _plan_checks(ctx, restart, lists["restart"], rng, 0.6, windows)
    first = (ctx.today.replace(day=1) - dt.timedelta(days=62)).replace(day=1)
    services.plan_save(
        actor=None,
        data={
            "name": "网格月度督导检查",
            "kind": InspectionPlanKind.SUPERVISION,
            "checklist": lists["general"][0].checklist,
            "start_on": first,
            "end_on": next_round_dates(first, first - dt.timedelta(days=1), "monthly")[1],
            "cycle": "monthly",
        },
        check=False,
    )
    services.plan_rounds_run(today=ctx.today)
    return checks


def _shutdowns(ctx: DemoContext, firms: list[Enterprise]) -> int:
    """开停车和大检修 of four firms with hazardous works: an overhaul five months ago, and for
    two of them a stop and start-up last month."""
    found = 0
    hazardous = [f for f in firms if f.safety_profile.works()][:4]
    for index, firm in enumerate(hazardous):
        overhaul = ctx.today - dt.timedelta(days=150 + 9 * index)
        records: list[tuple[str, dt.date, dt.date | None, str]] = [
            (
                "overhaul",
                overhaul,
                overhaul + dt.timedelta(days=12),
                "年度停车大检修，更换反应釜密封件",
            ),
        ]
        if index % 2 == 0:
            stop = ctx.today - dt.timedelta(days=40 + index)
            records.append(("stop", stop, None, "原料供应中断，计划停车"))
            records.append(("start", stop + dt.timedelta(days=9), None, "开车前完成安全条件确认"))
        for kind, start, end, note in records:
            services.shutdown_save(
                actor=None,
                enterprise=firm,
                data={"kind": kind, "start_on": start, "end_on": end, "note": note},
                check=False,
            )
            found += 1
    return found


def build_safety(ctx: DemoContext) -> None:
    """Grids and their members, profiles, libraries, inspections, hazards, risk points, plans
    and drills, an accident, the daily runs."""
    rng = ctx.stream("safety")
    grids = _grids(ctx)
    firms = _profiles(ctx, grids, rng)
    lists = _checklists()
    hazards = _inspections(ctx, firms, lists, rng)
    for hazard in hazards:
        _advance(ctx, hazard, rng)
    majors = _majors(ctx, firms)
    run = services.deadlines_run(today=ctx.today)
    points = _register(ctx, firms, rng)
    plans, drills = _emergency(ctx, firms, rng)
    _accident(ctx, firms)
    plan_checks = _plans(ctx, lists)
    shutdowns = _shutdowns(ctx, firms)
    services.drills_run(today=ctx.today)
    ctx.counts.update(
        safety_risk_points=points,
        safety_drills=drills,
        safety_plans=plans,
        safety_grids=len(grids),
        safety_hazards=len(hazards) + len(majors),
        safety_escalated=run["escalated"],
        safety_plan_checks=plan_checks,
        safety_shutdowns=shutdowns,
    )
    ctx.say(f"safety: {len(grids)} grids, {len(hazards) + len(majors)} hazards")
