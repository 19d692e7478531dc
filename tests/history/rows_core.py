"""History-table rows: core."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from tests.history.table import (
    CREATE,
    UPDATE,
    D,
    Service,
    Wrote,
    case,
    gone,
    wrote,
)
from zoneops.core.models import Role
from zoneops.enterprises.codes import credit_code
from zoneops.enterprises.tests.factories import ChainFactory, ChainNodeFactory, industry

# --- core and the registry -------------------------------------------------------------


@case("core", "user_save")
def _user_save(w: Any, fn: Service) -> Wrote:
    user = fn(
        actor=w.admin,
        data={
            "username": "t-new",
            "name": "新用户",
            "role": Role.PARK_OFFICER,
            "parks": [w.park_a],
        },
    )
    return wrote(user, CREATE, w.admin)


def _enterprise_data(w: Any, n: int = 777) -> dict[str, Any]:
    return {
        "credit_code": credit_code(n),
        "name": "青海丁化工有限公司",
        "park": w.park_a,
        "industry": industry("2619"),
        "status": "operating",
    }


@case("enterprises", "enterprise_create")
def _enterprise_create(w: Any, fn: Service) -> Wrote:
    e = fn(actor=w.econ, data=_enterprise_data(w))
    return wrote(e, CREATE, w.econ)


@case("enterprises", "enterprise_update")
def _enterprise_update(w: Any, fn: Service) -> Wrote:
    fn(actor=w.park_a_officer, enterprise=w.enterprise_x, data={"address": "东川路1号"})
    return wrote(w.enterprise_x, UPDATE, w.park_a_officer)


def _contact(w: Any) -> Any:
    from zoneops.enterprises import services

    return services.contact_save(
        actor=None,
        enterprise=w.enterprise_x,
        data={"name": "张三", "phone": "13800000000"},
        check=False,
    )


@case("enterprises", "contact_save")
def _contact_save(w: Any, fn: Service) -> Wrote:
    c = fn(actor=w.econ, enterprise=w.enterprise_x, data={"name": "李四", "title": "财务"})
    return wrote(c, CREATE, w.econ)


@case("enterprises", "contact_delete")
def _contact_delete(w: Any, fn: Service) -> Wrote:
    contact = _contact(w)
    expected = gone(contact)
    fn(actor=w.econ, contact=contact)
    return expected(w.econ)


def _chain() -> tuple[Any, Any]:
    chain = ChainFactory(name="锂电产业链")
    return chain, ChainNodeFactory(chain=chain, name="正极材料")


@case("enterprises", "chain_membership_set")
def _chain_membership_set(w: Any, fn: Service) -> Wrote:
    chain, node = _chain()
    m = fn(actor=w.econ, enterprise=w.enterprise_x, chain=chain, node=node)
    return wrote(m, CREATE, w.econ)


@case("enterprises", "chain_membership_remove")
def _chain_membership_remove(w: Any, fn: Service) -> Wrote:
    from zoneops.enterprises import services

    chain, node = _chain()
    m = services.chain_membership_set(
        actor=None, enterprise=w.enterprise_x, chain=chain, node=node, check=False
    )
    expected = gone(m)
    fn(actor=w.econ, membership=m)
    return expected(w.econ)


@case("enterprises", "chain_save")
def _chain_save(w: Any, fn: Service) -> Wrote:
    chain = fn(
        actor=w.admin,
        data={"name": "光伏制造产业链", "leader_name": "王五"},
        nodes=[("upstream", "多晶硅"), ("downstream", "组件")],
    )
    return wrote(chain, CREATE, w.admin)


@case("enterprises", "growth_point_set")
def _growth_point_set(w: Any, fn: Service) -> Wrote:
    point = fn(
        actor=w.econ,
        enterprise=w.enterprise_x,
        designed_output=Decimal(500_000_000),
        producing_on=D(2024, 3, 1),
    )
    return wrote(point, CREATE, w.econ)


@case("enterprises", "output_target_set")
def _output_target_set(w: Any, fn: Service) -> Wrote:
    from zoneops.enterprises.models import Tag

    w.enterprise_x.tags.add(Tag.objects.get(code="leading"))
    target = fn(actor=w.econ, enterprise=w.enterprise_x, year=2024, value=Decimal(10**9))
    return wrote(target, CREATE, w.econ)
