"""History-table rows: the registry's derived classifications and the bureau's value-added
shares beside the structure analysis."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from tests.history.table import CREATE, Service, Wrote, case, wrote
from zoneops.enterprises import services
from zoneops.enterprises.models import Classification, ClassNode
from zoneops.enterprises.tests.factories import industry
from zoneops.monitoring.periods import period_get_or_create


def _classification() -> Classification:
    return services.classification_save(
        actor=None, data={"name": "测试分类", "edition": "1"}, check=False
    )


def _node(item: Classification) -> ClassNode:
    node, _changed = services.node_save(
        actor=None, classification=item, code="1", name="新能源", check=False
    )
    return node


@case("enterprises", "classification_save")
def _classification_save(w: Any, fn: Service) -> Wrote:
    item = fn(actor=w.econ, data={"name": "战略性新兴产业分类", "edition": "2018"})
    return wrote(item, CREATE, w.econ)


@case("enterprises", "node_save")
def _node_save(w: Any, fn: Service) -> Wrote:
    node, _changed = fn(
        actor=w.econ,
        classification=_classification(),
        code="1.1",
        name="锂电池",
        targets=[services.Target(industry=industry("3841"))],
    )
    return wrote(node, CREATE, w.econ)


@case("enterprises", "membership_decide")
def _membership_decide(w: Any, fn: Service) -> Wrote:
    decision = fn(
        actor=w.econ,
        enterprise=w.enterprise_x,
        node=_node(_classification()),
        decision="added",
        reason="经认定",
    )
    return wrote(decision, CREATE, w.econ)


@case("monitoring", "value_added_share_save")
def _value_added_share_save(w: Any, fn: Service) -> Wrote:
    share = fn(
        actor=w.econ,
        period=period_get_or_create(2024, 3),
        node=_node(_classification()),
        share=Decimal("20.5"),
    )
    return wrote(share, CREATE, w.econ)
