"""Derived classifications: the table imported in the official layout (and refused when it
names a code GB/T 4754-2017 does not have), membership automatic / in review / decided, and
the pages. The files are built here in the official layout; nothing is read from elsewhere."""

from __future__ import annotations

import io
from typing import Any

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from zoneops.core.imports import run
from zoneops.core.models import ChangeRecord
from zoneops.enterprises import queries, services
from zoneops.enterprises.importers import ClassificationSpec
from zoneops.enterprises.models import (
    Classification,
    ClassMapping,
    ClassNode,
    Decision,
    Enterprise,
    MembershipDecision,
)
from zoneops.enterprises.tests.factories import EnterpriseFactory, industry

pytestmark = pytest.mark.django_db

HEADER = ["序号", "名称", "国民经济行业代码", "国民经济行业名称"]


def _table(rows: list[list[Any]], *, title: str = "示例分类（测试）") -> bytes:
    """A workbook in the official tables' layout: a title row, the header, the rows."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "分类表"
    sheet.append([title])
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


ROWS: list[list[Any]] = [
    ["1", "新材料产业", None, None],
    ["1.1", "先进有色金属材料", None, None],
    # several codes in one cell, one of them partial, each with its name
    ["1.1.1", "锂电材料制造", "3841 锂离子电池制造\n3985*", None],
    # a node's further code on a row of its own
    [None, None, "2613*", "无机盐制造"],
    ["2", "生物产业", None, None],
    ["2.1", "生物医药", "2710、2720", None],
    # one code under several nodes
    ["2.2", "生物医学工程", "3841", None],
]


@pytest.fixture
def codes(db: object) -> None:
    for code in ("3841", "3985", "2613", "2710", "2720", "3911"):
        industry(code)


@pytest.fixture
def item(world: Any) -> Classification:
    return services.classification_save(
        actor=world.econ,
        data={"name": "示例分类", "edition": "测试", "issuer": "测试", "level": "national"},
    )


def _import(item: Classification, content: bytes, actor: Any, dry_run: bool = False) -> Any:
    return run(
        ClassificationSpec(classification=str(item.pk)),
        content,
        actor=actor,
        dry_run=dry_run,
        filename="分类表.xlsx",
    )


def test_a_table_in_the_official_layout_imports(world: Any, codes: None, item: Any) -> None:
    result = _import(item, _table(ROWS), world.econ)
    assert result.ok, result.problems
    nodes = {n.code: n for n in ClassNode.objects.filter(classification=item)}
    assert set(nodes) == {"1", "1.1", "1.1.1", "2", "2.1", "2.2"}
    assert nodes["1.1.1"].parent == nodes["1.1"] and nodes["1.1"].parent == nodes["1"]
    assert nodes["2.2"].parent == nodes["2"]
    leaf = {(m.industry.code, m.partial) for m in nodes["1.1.1"].mappings.all()}
    assert leaf == {("3841", False), ("3985", True), ("2613", True)}
    assert ClassMapping.objects.filter(industry__code="3841").count() == 2
    # The same file again changes nothing and records nothing.
    records = ChangeRecord.objects.count()
    again = _import(item, _table(ROWS), world.econ)
    assert again.ok and again.created == 0 and again.updated == 0 and again.unchanged == 6
    assert ChangeRecord.objects.count() == records


def test_a_code_not_in_gbt4754_is_refused_and_named(world: Any, codes: None, item: Any) -> None:
    rows = [*ROWS, ["2.3", "其他", "2710 9999*", None]]
    result = _import(item, _table(rows), world.econ)
    assert not result.ok
    (problem,) = result.problems
    assert problem.sheet == "分类表" and problem.row == 10
    assert problem.column.startswith("C列") and "9999" in problem.message
    assert not ClassNode.objects.filter(classification=item).exists()  # all or nothing


@pytest.mark.parametrize(
    ("row", "column", "words"),
    [
        (["3", "", "2710", None], "B列", "缺少名称"),
        (["3", "x", "271", None], "C列", "四位"),
        ([None, "无代码的名称", None, None], "A列", "没有分类代码"),
        (["1", "重复", None, None], "A列", "重复"),
    ],
)
def test_what_a_table_must_not_do_is_named(
    world: Any, codes: None, item: Any, row: list[Any], column: str, words: str
) -> None:
    result = _import(item, _table([*ROWS, row]), world.econ)
    assert not result.ok
    assert any(p.column.startswith(column) and words in p.message for p in result.problems), [
        (p.column, p.message) for p in result.problems
    ]


def test_the_import_needs_its_classification(world: Any, codes: None) -> None:
    result = run(
        ClassificationSpec(), _table(ROWS), actor=world.econ, dry_run=True, filename="t.xlsx"
    )
    assert not result.ok and "产业分类" in result.problems[0].message


def test_membership_whole_partial_and_decisions(world: Any, codes: None, item: Any) -> None:
    assert _import(item, _table(ROWS), world.econ).ok
    whole = EnterpriseFactory(park=world.park_a, industry=industry("3841"))
    partial = EnterpriseFactory(park=world.park_a, industry=industry("3985"))
    other = EnterpriseFactory(park=world.park_b, industry=industry("3911"))
    found = queries.membership(user=world.econ, classification=item)
    groups = dict(
        (node.code, ids) for node, ids in queries.top_groups(user=world.econ, classification=item)
    )
    assert whole.pk in groups["1"] and whole.pk in groups["2"]  # one code, two nodes
    assert partial.pk not in groups["1"]
    assert [(p.enterprise_id, p.basis) for p in found.pending] == [(partial.pk, "3985*")]
    queue = queries.review_queue(user=world.park_a_officer)
    assert [r.enterprise for r in queue] == [partial]
    assert queries.review_queue(user=world.park_b_officer) == []
    leaf = ClassNode.objects.get(classification=item, code="1.1.1")
    # A park officer of another park may not decide; the enterprise's own park officer may.
    with pytest.raises(PermissionDenied):
        services.membership_decide(
            actor=world.park_b_officer,
            enterprise=partial,
            node=leaf,
            decision=Decision.CONFIRMED,
            product="x",
        )
    with pytest.raises(PermissionDenied):  # overrides are the economy office's
        services.membership_decide(
            actor=world.park_a_officer,
            enterprise=other,
            node=leaf,
            decision=Decision.ADDED,
            reason="x",
        )
    services.membership_decide(
        actor=world.park_a_officer,
        enterprise=partial,
        node=leaf,
        decision=Decision.CONFIRMED,
        product="锂电池隔膜",
    )
    groups = dict(
        (n.code, ids) for n, ids in queries.top_groups(user=world.econ, classification=item)
    )
    assert partial.pk in groups["1"]
    assert queries.review_queue(user=world.econ) == []
    # Overrides, with their reason: one out of the whole top node, one in.
    top = ClassNode.objects.get(classification=item, code="2")
    services.membership_decide(
        actor=world.econ,
        enterprise=whole,
        node=top,
        decision=Decision.REMOVED,
        reason="主营为储能系统集成",
    )
    services.membership_decide(
        actor=world.econ,
        enterprise=other,
        node=top,
        decision=Decision.ADDED,
        reason="经认定的生物医药企业",
    )
    groups = dict(
        (n.code, ids) for n, ids in queries.top_groups(user=world.econ, classification=item)
    )
    by_code = set(Enterprise.objects.filter(industry__code="3841").values_list("pk", flat=True))
    assert groups["2"] == by_code - {whole.pk} | {other.pk} and whole.pk in groups["1"]
    mine = queries.for_enterprise(user=world.econ, enterprise=other)
    assert [(c.member.how, c.member.reason) for c in mine if c.member] == [
        ("added", "经认定的生物医药企业")
    ]
    assert ChangeRecord.objects.filter(model="enterprises.membershipdecision").count() == 3
    # Confirming needs the product; an override its reason.
    with pytest.raises(Exception, match="产品"):
        services.membership_decide(
            actor=world.econ, enterprise=partial, node=leaf, decision=Decision.CONFIRMED
        )
    # An enterprise whose industry changes follows at once (nothing stored to recompute).
    services.enterprise_update(
        actor=world.econ, enterprise=whole, data={"industry": industry("3911")}
    )
    groups = dict(
        (n.code, ids) for n, ids in queries.top_groups(user=world.econ, classification=item)
    )
    assert whole.pk not in groups.get("1", set())


def test_a_direction_maps_chains(world: Any, codes: None) -> None:
    from zoneops.enterprises.tests.factories import ChainFactory

    chain = ChainFactory(name="锂电")
    services.chain_membership_set(
        actor=world.econ, enterprise=world.enterprise_x, chain=chain, node=None
    )
    direction = services.classification_save(
        actor=world.econ,
        data={"name": "园区产业方向", "edition": "2024", "kind": "direction", "level": "zone"},
    )
    services.node_save(
        actor=world.econ,
        classification=direction,
        code="1",
        name="新能源",
        targets=[services.Target(chain=chain)],
    )
    ((node, ids),) = queries.top_groups(user=world.econ, classification=direction)
    assert node.name == "新能源" and ids == {world.enterprise_x.pk}
    (why,) = queries.for_enterprise(user=world.econ, enterprise=world.enterprise_x)
    assert why.member is not None and why.member.by_chain and why.member.basis == "锂电"


def test_pages(world: Any, codes: None, item: Any, client: Client) -> None:
    assert _import(item, _table(ROWS), world.econ).ok
    partial = EnterpriseFactory(park=world.park_a, industry=industry("3985"))
    client.force_login(world.park_a_officer)
    assert "示例分类" in client.get(reverse("enterprises:classifications")).content.decode()
    page = client.get(reverse("enterprises:classification", args=[item.pk])).content.decode()
    assert "3985" in page and "锂电材料制造" in page
    queue = client.get(reverse("enterprises:classification_queue")).content.decode()
    assert partial.name in queue
    leaf = ClassNode.objects.get(classification=item, code="1.1.1")
    url = reverse("enterprises:classification_decide", args=[partial.pk])
    response = client.post(
        url, {"node": leaf.pk, "decision": "confirmed", "product": "正极材料", "back": "queue"}
    )
    assert response.status_code == 302
    assert MembershipDecision.objects.get(enterprise=partial).product == "正极材料"
    detail = client.get(reverse("enterprises:detail", args=[partial.pk])).content.decode()
    assert "正极材料" in detail
    # Not the park officer's to create or import.
    assert client.get(reverse("enterprises:classification_create")).status_code == 403
    client.force_login(world.ent_x_user)
    assert client.get(reverse("enterprises:classifications")).status_code == 404
    client.force_login(world.econ)
    upload = io.BytesIO(_table(ROWS))
    upload.name = "表.xlsx"
    response = client.post(
        reverse("enterprises:classification_import", args=[item.pk]), {"file": upload}
    )
    assert response.status_code == 302 and "/imports/" in response["Location"]
