from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from zoneops.enterprises.models import Enterprise
from zoneops.support import services
from zoneops.support.models import (
    Application,
    CultivationPool,
    Difficulty,
    FundingProgram,
    PoolMembership,
)


def program(rules: list[tuple[str, str, str]] | None = None, **fields: Any) -> FundingProgram:
    """A program with rules given as (field, operator, value), written through the service."""
    today = timezone.localdate()
    data = {
        "name": fields.pop("name", "先进制造业发展专项"),
        "issuer": "西宁市工业和信息化局",
        "level": "city",
        "category": "advanced_manufacturing",
        "opens_on": today - dt.timedelta(days=10),
        "closes_on": today + dt.timedelta(days=5),
        "amount_min": Decimal("100000"),
        "amount_max": Decimal("2000000"),
        **fields,
    }
    return services.program_save(
        actor=None,
        data=data,
        rules=[{"field": f, "operator": o, "value": v} for f, o, v in rules or []],
        check=False,
    )


def application(enterprise: Enterprise, prog: FundingProgram, **data: Any) -> Application:
    return services.application_save(
        actor=None,
        enterprise=enterprise,
        program=prog,
        data={"amount_requested": Decimal("500000"), **data},
        check=False,
    )


def difficulty(enterprise: Enterprise, **data: Any) -> Difficulty:
    return services.difficulty_save(
        actor=None,
        enterprise=enterprise,
        data={
            "title": "用地指标不足",
            "stage": "construction",
            "reported_on": timezone.localdate(),
            **data,
        },
        check=False,
    )


def membership(enterprise: Enterprise, kind: str = "above_scale", **data: Any) -> PoolMembership:
    return services.membership_save(
        actor=None,
        pool=CultivationPool.objects.get(kind=kind),
        enterprise=enterprise,
        data={"joined_on": timezone.localdate(), "plan": "一企一策", **data},
        check=False,
    )
