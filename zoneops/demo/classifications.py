"""Derived classifications in the demo zone: the zone's directions and the seed's groups as
data (through the registry's services), and a small classification imported from a file
generated here in the official tables' layout, clearly a demo example (示例), not an official
table: the platform ships no official table content (docs/classifications.md)."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import openpyxl

from zoneops.core.imports import run
from zoneops.demo.context import DemoContext
from zoneops.enterprises import queries as registry
from zoneops.enterprises.importers import ClassificationSpec
from zoneops.enterprises.models import ClassificationKind, ClassificationLevel, Decision, Industry
from zoneops.enterprises.services import Target, classification_save, membership_decide, node_save
from zoneops.monitoring.models import ReportingPeriod, ReportStatus
from zoneops.monitoring.structure.services import value_added_share_save

# The zone's directions (seed §1, §11), each onto the demo's chains and/or codes.
DIRECTIONS: tuple[NodeSpec, ...] = (
    ("1", "新能源", ("lithium", "pv"), ()),
    ("2", "新材料", ("alloys", "salt"), ()),
    ("3", "生物经济", ("biomed",), ()),
)
FUTURE: tuple[NodeSpec, ...] = (
    ("1", "先进材料", (), ("3985", "3252", "3240")),
    ("2", "未来能源", (), ("3841", "3825", "4416")),
    ("3", "生命健康", (), ("2761", "2710", "2720", "2730")),
)
GROUPS: tuple[NodeSpec, ...] = (
    (
        "1",
        "传统产业改造提升",
        (),
        (
            "2612",
            "2613",
            "2619",
            "2623",
            "2624",
            "3021",
            "3022",
            "3031",
            "3024",
            "3212",
            "3216",
            "3217",
            "1351",
            "1353",
            "2437",
            "1721",
        ),
    ),
    ("2", "新兴产业培育壮大", ("lithium", "pv", "biomed"), ()),
    ("3", "未来产业前瞻布局", (), ("3985", "3849", "3252")),
    ("4", "生产性服务业", (), ("5439", "5435", "5942", "6513", "6531", "7221", "7320", "7452")),
)

# The demo example (示例): our own invented tree in the official layout, codes of GB/T 4754.
# (序号, 名称, codes with * for partial, 重点产品和服务); a code the platform's industry table does
# not hold (a demo built without the full GB/T 4754 table keeps only its 大类) is left out.
EXAMPLE_ROWS: list[tuple[str | None, str | None, tuple[str, ...], str | None]] = [
    ("1", "新材料产业（示例）", (), None),
    ("1.1", "先进有色金属材料（示例）", (), None),
    ("1.1.1", "锂镁合金材料（示例）", ("3216", "3217", "3252*"), "镁合金压铸件、锂镁合金板带"),
    ("1.2", "先进无机非金属材料（示例）", ("3985*",), "电子陶瓷、锂电隔膜涂覆材料"),
    ("2", "新能源产业（示例）", (), None),
    ("2.1", "锂离子电池（示例）", ("3841",), None),
    ("2.2", "光伏（示例）", ("3825*",), "光伏逆变器"),
    (None, None, ("3311*",), "光伏支架"),
    ("3", "生物产业（示例）", (), None),
    ("3.1", "生物药品制造（示例）", ("2761", "2730*"), "藏药中的生物制剂"),
]


def example_table() -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "示例分类表"
    sheet.append(["战略性新兴产业分类（演示示例，非官方文件，不得用于统计）"])
    sheet.append(["序号", "名称", "国民经济行业代码", "重点产品和服务"])
    known = set(Industry.objects.values_list("code", flat=True))
    for code, name, codes, note in EXAMPLE_ROWS:
        kept = [c for c in codes if c.rstrip("*") in known]
        if code is None and not kept:
            continue
        # Several codes in one cell, as the official tables write them.
        sheet.append([code, name, "\n".join(kept) or None, note])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


NodeSpec = tuple[str, str, tuple[str, ...], tuple[str, ...]]


def _tree(ctx: DemoContext, data: dict[str, Any], nodes: tuple[NodeSpec, ...]) -> object:
    item = classification_save(actor=ctx.admin, data=data)
    industries = Industry.objects.in_bulk(
        [code for *_rest, codes in nodes for code in codes], field_name="code"
    )
    for order, (code, name, chains, codes) in enumerate(nodes, start=1):
        targets = [Target(chain=ctx.chains[key]) for key in chains if key in ctx.chains]
        targets += [Target(industry=industries[c]) for c in codes if c in industries]
        node_save(
            actor=ctx.admin, classification=item, code=code, name=name, order=order, targets=targets
        )
    return item


def build_classifications(ctx: DemoContext) -> None:
    zone = ClassificationLevel.ZONE
    direction = ClassificationKind.DIRECTION
    _tree(
        ctx,
        {
            "name": "园区主导产业方向",
            "edition": "2024",
            "issuer": "开发区管委会",
            "level": zone,
            "kind": direction,
            "order": 1,
            "note": "新能源、新材料、生物经济三大方向，按产业链归属。",
        },
        DIRECTIONS,
    )
    _tree(
        ctx,
        {
            "name": "未来产业方向",
            "edition": "2024",
            "issuer": "开发区管委会",
            "level": zone,
            "kind": direction,
            "order": 2,
            "note": "先进材料、未来能源、生命健康，按行业代码归属。",
        },
        FUTURE,
    )
    _tree(
        ctx,
        {
            "name": "产业发展分组",
            "edition": "2024",
            "issuer": "开发区管委会",
            "level": zone,
            "kind": direction,
            "order": 3,
            "note": "传统产业改造提升、新兴产业培育壮大、未来产业前瞻布局、生产性服务业。",
        },
        GROUPS,
    )
    example = classification_save(
        actor=ctx.admin,
        data={
            "name": "战略性新兴产业分类（示例）",
            "edition": "演示",
            "issuer": "演示数据（非官方）",
            "level": ClassificationLevel.NATIONAL,
            "kind": ClassificationKind.OFFICIAL,
            "order": 10,
            "note": "演示用的示例表，由演示程序按官方分类表的版式生成，内容是虚构的，不是"
            "国家统计局发布的分类。正式使用时由经济发展局导入所持有的官方文件。",
        },
    )
    result = run(
        ClassificationSpec(classification=str(example.pk)),
        example_table(),
        actor=ctx.admin,
        dry_run=False,
        filename="战略性新兴产业分类（示例）.xlsx",
    )
    assert result.ok, result.problems
    # Officers work part of the review queue: confirm two, reject one; the rest wait.
    queue = registry.review_queue(user=ctx.admin, classification=example)
    for index, row in enumerate(queue[:3]):
        membership_decide(
            actor=ctx.users.get("econ", ctx.admin),
            enterprise=row.enterprise,
            node=row.path[-1],
            decision=Decision.REJECTED if index == 2 else Decision.CONFIRMED,
            product="" if index == 2 else (row.note.split("、")[0] or "主导产品"),
            reason="主营产品不在重点产品目录内" if index == 2 else "",
            check=False,
        )
    _value_added(ctx, example)
    ctx.counts["classifications"] = 4
    ctx.say(f"  classifications: 4 (1 imported demo example, {len(queue)} partial candidates)")


def _value_added(ctx: DemoContext, example: object) -> None:
    """One fed-back share (marked as demo), to show the bureau's figure beside the estimate."""
    period = (
        ReportingPeriod.objects.filter(reports__status=ReportStatus.APPROVED)
        .distinct()
        .order_by("-year", "-month")
        .first()
    )
    node = example.nodes.filter(parent__isnull=True).order_by("order").first()  # type: ignore[attr-defined]
    if period is None or node is None:
        return
    value_added_share_save(
        actor=ctx.admin,
        period=period,
        node=node,
        share=Decimal("18.40"),
        source="统计局反馈（演示数据）",
        check=False,
    )
