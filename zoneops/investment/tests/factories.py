from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from zoneops.enterprises.tests.factories import industry
from zoneops.investment import services
from zoneops.investment.models import Method, Project

YI = Decimal(100_000_000)


def project(
    *,
    name: str = "测试项目",
    officer: Any = None,
    chain: Any = None,
    node: Any = None,
    park: Any = None,
    investment: int | Decimal = 10,  # 亿元
    code: str = "3841",
    lead_on: dt.date = dt.date(2023, 12, 1),
    **extra: Any,
) -> Project:
    """A lead written through the service, as an officer would record it."""
    return services.project_create(
        actor=officer,
        data={
            "name": name,
            "investor": f"{name}投资方有限公司",
            "investor_region": "江苏省苏州市",
            "chain": chain,
            "chain_node": node,
            "park": park,
            "industry": industry(code),
            "total_investment": Decimal(investment) * YI,
            "method": Method.CHAIN,
            "follow_up": officer,
            "first_contact": officer,
            "lead_on": lead_on,
            **extra,
        },
        check=False,
    )


def signed(*, on: dt.date, amount: int | Decimal | None = None, **kwargs: Any) -> Project:
    """A project taken from lead to signed on ``on`` (amount in 亿元, default its investment)."""
    p = project(**kwargs)
    services.project_move(
        actor=None,
        project=p,
        to_stage="signed",
        on=on,
        amount=Decimal(amount) * YI if amount is not None else None,
        check=False,
    )
    p.refresh_from_db()
    return p
