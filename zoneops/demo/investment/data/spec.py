"""The shape of the demo's investment data: one :class:`Spec` per project, and the units its
figures are written in."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from zoneops.investment.models import Origin

YI = Decimal(100_000_000)
WAN = Decimal(10_000)
D = dt.date


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


# Where an investor comes from, in the specs' fourth column.
P, C, L = Origin.OUTSIDE_PROVINCE, Origin.OUTSIDE_CITY, Origin.LOCAL
