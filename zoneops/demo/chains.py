"""The zone's industrial chains, their chain leaders (链长), nodes and member enterprises.

Nodes no demo enterprise fills are left empty on purpose: they are the gaps (补链) that
chain-based investment attraction goes after.
"""

from __future__ import annotations

from dataclasses import dataclass

from zoneops.demo.context import DemoContext
from zoneops.enterprises.models import Segment
from zoneops.enterprises.services import chain_membership_set, chain_save


@dataclass(frozen=True)
class ChainSpec:
    key: str
    name: str
    leader_name: str  # fictional
    leader_title: str
    description: str
    nodes: tuple[tuple[str, str], ...]  # (segment, name), in order
    owners: tuple[tuple[str, str], ...]  # (node, preferred park) of each chain owner (链主)
    leader_user: str | None = None  # a demo account that is this chain's leader


def _nodes(*, up: str, mid: str, down: str) -> tuple[tuple[str, str], ...]:
    """Nodes from space-separated names per segment, upstream first."""
    segments = ((Segment.UPSTREAM, up), (Segment.MIDSTREAM, mid), (Segment.DOWNSTREAM, down))
    return tuple((segment.value, name) for segment, names in segments for name in names.split())


CHAINS = (
    ChainSpec(
        key="lithium",
        name="锂电产业链",
        leader_name="马建华",
        leader_title="市委常委、常务副市长",
        description="依托盐湖锂资源，打造从盐湖提锂、锂盐到电池材料、电芯、储能系统和回收利用的"
        "完整链条。",
        nodes=_nodes(
            up="盐湖提锂 锂盐（碳酸锂/氢氧化锂）",
            mid="正极材料 负极材料 电解液 隔膜 锂电铜箔",
            down="电芯制造 电池系统及储能 电池回收利用",
        ),
        owners=(("电芯制造", "nc"), ("正极材料", "nc")),
    ),
    ChainSpec(
        key="pv",
        name="光伏制造产业链",
        leader_name="杨永红",
        leader_title="市委常委、开发区党工委书记",
        description="从工业硅、多晶硅、单晶硅片到电池片、组件及光伏玻璃等辅材，建设千亿级光伏"
        "制造产业集群。",
        nodes=_nodes(
            up="工业硅 多晶硅 单晶硅棒及硅片",
            mid="电池片 光伏组件 光伏玻璃 铝边框及支架 胶膜及背板",
            down="逆变器及电气设备 光伏电站",
        ),
        owners=(("多晶硅", "dc"), ("光伏组件", "dc")),
    ),
    ChainSpec(
        key="alloys",
        name="有色合金新材料产业链",
        leader_name="朱宏伟",
        leader_title="副市长",
        description="以电解铝、镁、铅锌冶炼为基础，延伸发展高性能铝合金、镁合金、铜材和稀有金属"
        "材料。",
        nodes=_nodes(
            up="电解铝 镁冶炼 铅锌冶炼 铁合金",
            mid="铝合金及铝材 镁合金 铜材 稀有金属材料",
            down="轻量化部件 再生金属",
        ),
        owners=(("电解铝", "gh"), ("铝合金及铝材", "dc")),
    ),
    ChainSpec(
        key="salt",
        name="盐湖化工产业链",
        leader_name="索南才让",
        leader_title="副市长",
        description="推动钾、镁、硼、锂等盐湖资源综合利用，发展钾肥深加工、镁化合物和精细化工。",
        nodes=_nodes(
            up="钾盐开采 卤水综合利用",
            mid="钾肥 镁盐及镁化合物 硼锂盐 氯碱化工",
            down="复合肥及专用肥 精细化工产品",
        ),
        owners=(("钾肥", "gh"),),
    ),
    ChainSpec(
        key="biomed",
        name="高原生物医药产业链",
        leader_name="何静",
        leader_title="副市长",
        description="发挥藏药和高原动植物资源优势，发展藏药、中成药、生物制品和保健食品。",
        nodes=_nodes(
            up="藏药材及中药材加工 动植物提取物",
            mid="藏药及中成药 生物制品 化学原料药及制剂 兽药 保健及特医食品",
            down="医药研发外包 医药流通",
        ),
        owners=(("藏药及中成药", "sw"), ("生物制品", "sw")),
    ),
    ChainSpec(
        key="equipment",
        name="装备制造产业链",
        leader_name="贺志远",  # the demo zone leader, whose account leads this chain
        leader_title="开发区管委会常务副主任",
        description="服务新能源、新材料和盐湖产业，发展专用设备、输配电设备和基础零部件。",
        nodes=_nodes(
            up="铸锻件及基础零部件 金属结构件",
            mid="矿山及冶金专用设备 化工及盐湖专用装备 新能源专用装备 输配电及控制设备 电线电缆",
            down="工业机器人及智能产线 运维及再制造服务",
        ),
        owners=(("输配电及控制设备", "dc"),),
        leader_user="leader",
    ),
)
CHAIN_BY_KEY = {spec.key: spec for spec in CHAINS}


def build_chains(ctx: DemoContext) -> None:
    """Create the chains and place each profiled member at its node (链主 or 配套)."""
    for order, spec in enumerate(CHAINS, start=1):
        ctx.chains[spec.key] = chain_save(
            actor=ctx.admin,
            data={
                "name": spec.name,
                "description": spec.description,
                "leader_name": spec.leader_name,
                "leader_title": spec.leader_title,
                "leader_user": ctx.users.get(spec.leader_user) if spec.leader_user else None,
                "order": order,
            },
            nodes=list(spec.nodes),
        )
    nodes = {
        (key, node.name): node for key, chain in ctx.chains.items() for node in chain.nodes.all()
    }
    members = 0
    for profile in ctx.profiles:
        if profile.chain is None or profile.node is None:
            continue
        chain_membership_set(
            actor=ctx.admin,
            enterprise=ctx.enterprises[profile.credit_code],
            chain=ctx.chains[profile.chain],
            node=nodes[(profile.chain, profile.node)],
            role=profile.chain_role,
            check=False,
        )
        members += 1
    ctx.counts["chains"] = len(CHAINS)
    ctx.counts["chain_nodes"] = len(nodes)
    ctx.counts["chain_members"] = members
