"""The demo's monthly figures as a pure function of the registry profiles and the seed.

Every above-size industrial enterprise gets a series over the demo's :class:`Span`: the 36
months up to the month before the demo's today (the live month, still being reported), from
January of the year before the first of them (the back-cast the first reports' 上年同期 columns
need). The shapes are the ones the economy office knows: the Spring Festival dip in January or
February (whichever month the holiday falls in), winter stops of seasonal producers, a few
steady decliners, the new growth points ramping up since last year, the price slide of lithium
and PV products after their boom three years ago, and electricity tracking volume, a little
ahead of it (electricity is the leading indicator).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import math
import random
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from zoneops.demo.clock import last_month, spring_festival
from zoneops.demo.context import stream
from zoneops.demo.enterprises import EnterpriseProfile
from zoneops.demo.industries import SECTOR_BY_KEY
from zoneops.enterprises.models import EnterpriseStatus
from zoneops.monitoring import services

REPORTED_MONTHS = 36

OUTPUT_FORM = ("output_value", "sales_value", "export_value", "electricity")
FINANCE_FLOWS = (
    "revenue",
    "main_revenue",
    "operating_cost",
    "total_profit",
    "vat_payable",
    "taxes_surcharges",
)
STOCKS = ("employees_avg", "employees_end", "total_assets", "total_liabilities")
CENT = Decimal("0.01")
ZERO = Decimal("0.00")

# A plain month profile before the holiday and the year-end push.
MONTH_PROFILE = (0.96, 0.96, 1.0, 1.0, 1.02, 1.04, 0.98, 0.99, 1.03, 1.0, 1.03, 1.10)
# Depth of the holiday dip: continuous processes run through it, assembly lines stop.
DIP_BY_SECTOR = {
    "alloys": (0.84, 0.94),
    "power": (0.88, 0.96),
    "salt": (0.82, 0.92),
    "pv": (0.74, 0.86),
    "lithium": (0.74, 0.86),
}
DIP_DEFAULT = (0.62, 0.78)
# Current-price index of the sector's products for the three years before the demo's year and
# that year (last year = 1), interpolated by month: lithium salts and PV products boomed two
# years ago and have slid since.
PRICES = {
    "lithium": (0.85, 1.15, 1.0, 0.90),
    "pv": (0.90, 1.10, 1.0, 0.90),
    "salt": (0.85, 1.12, 1.0, 0.95),
    "alloys": (0.95, 1.05, 1.0, 1.03),
}
PRICES_DEFAULT = (0.97, 0.99, 1.0, 1.01)
# Electricity intensity (kWh per 元 of output at last year's prices) by 小类, else by sector.
INTENSITY_BY_CODE = {
    "3216": 0.75,  # electrolytic aluminium
    "3217": 0.85,  # magnesium
    "3140": 0.90,  # ferroalloys
    "3218": 0.90,  # industrial silicon
    "3212": 0.35,  # lead and zinc
    "3091": 0.40,  # carbon
    "2612": 0.50,  # chlor-alkali
    "4620": 0.35,  # water
}
INTENSITY_BY_SECTOR = {
    "lithium": 0.06,
    "pv": 0.10,
    "alloys": 0.15,
    "salt": 0.12,
    "biomed": 0.025,
    "equipment": 0.03,
    "food": 0.04,
    "building": 0.08,
    "textiles": 0.05,
    "power": 0.06,
    "other": 0.04,
}
HEAVY_ASSETS = frozenset({"lithium", "pv", "alloys", "salt", "power"})
EXPORT_CHANCE = {"textiles": 0.6, "pv": 0.2, "lithium": 0.15, "biomed": 0.12, "food": 0.08}


@dataclass(frozen=True)
class Span:
    """The demo's months for its ``today``: index 0 is January of ``base_year``, the last index
    (``live``) the month before ``today``'s, whose reports are coming in. The reports run over
    the 36 months ``first`` … ``live``; the months before ``first`` are the back-cast.

    ``year`` is the demo's year, the live month's (today's but in January), the registry's:
    its hidden sizes are the year before's."""

    today: dt.date
    base_year: int
    months: int  # the series' length, January of base_year … the live month

    @classmethod
    def of(cls, today: dt.date) -> Span:
        live_year, live_month = last_month(today)
        first = live_year * 12 + live_month - REPORTED_MONTHS  # months since year 0, from 0
        base_year = first // 12 - 1
        return cls(today, base_year, (live_year - base_year) * 12 + live_month)

    @property
    def live(self) -> int:
        return self.months - 1

    @property
    def first(self) -> int:
        return self.months - REPORTED_MONTHS

    @property
    def year(self) -> int:
        return self.month_of(self.live)[0]

    def index_of(self, year: int, month: int) -> int:
        return (year - self.base_year) * 12 + month - 1

    def month_of(self, t: int) -> tuple[int, int]:
        return self.base_year + t // 12, t % 12 + 1

    def year_range(self, year: int) -> range:
        """The indexes of ``year``'s months."""
        return range(self.index_of(year, 1), self.index_of(year + 1, 1))


@dataclass(frozen=True)
class Series:
    """One enterprise's figures, month by month over the demo's :class:`Span` (index 0 is
    January of its base year, the last index the live month).

    ``flows`` hold month values; ``stocks`` end-of-month values (``employees_avg`` the average
    headcount since January, as the financial form asks).
    """

    credit_code: str
    story: str  # steady | decliner | growth_point | seasonal | stopped
    first: int  # index of the first reported month
    stop_from: int | None  # stopped enterprises: index of the first month without production
    flows: dict[str, tuple[Decimal, ...]]
    stocks: dict[str, tuple[Decimal, ...]]

    def figures(self, t: int) -> services.Figures:
        """The report for month ``t`` as the services take it (stored units)."""
        start = t - t % 12
        out: services.Figures = {}
        for code, months in self.flows.items():
            out[code] = {
                "month_value": months[t],
                "ytd_value": sum(months[start : t + 1], Decimal(0)),
                "last_ytd_value": sum(months[start - 12 : t - 11], Decimal(0)),
                # 上年同期本月 is a column of the output form only.
                "last_month_value": months[t - 12] if code in OUTPUT_FORM else None,
            }
        # The form asks every row of every reporter: one that exports nothing writes 0.
        for code in (*OUTPUT_FORM, *FINANCE_FLOWS):
            if code not in out:
                out[code] = {
                    "month_value": ZERO,
                    "ytd_value": ZERO,
                    "last_ytd_value": ZERO,
                    "last_month_value": ZERO if code in OUTPUT_FORM else None,
                }
        for code, values in self.stocks.items():
            out[code] = {
                "month_value": None,
                "ytd_value": values[t],
                "last_ytd_value": values[t - 12],
                "last_month_value": None,
            }
        return out


def reporters(profiles: Iterable[EnterpriseProfile]) -> list[EnterpriseProfile]:
    """The enterprises that fill in the monthly industrial forms: above size, in 门类 B–D."""
    return [p for p in profiles if p.is_above_scale and SECTOR_BY_KEY[p.sector].industrial]


def monitoring_plan(profiles: list[EnterpriseProfile], seed: int, span: Span) -> list[Series]:
    """Every reporter's series for ``seed`` over ``span``: the same list every time, in profile
    order."""
    chosen = reporters(profiles)
    stories = _stories(stream(seed, "monitoring"), chosen)
    return [
        _series(stream(seed, f"monitoring:{p.credit_code}"), span, p, stories[p.credit_code])
        for p in chosen
    ]


def plan_digest(plan: list[Series]) -> str:
    rows = [dataclasses.astuple(s) for s in plan]
    return hashlib.sha256(json.dumps(rows, default=str).encode()).hexdigest()


def _stories(rng: random.Random, chosen: list[EnterpriseProfile]) -> dict[str, str]:
    stories = {}
    for p in chosen:
        if p.status == EnterpriseStatus.STOPPED:
            stories[p.credit_code] = "stopped"
        elif "growth_point" in p.tags:
            stories[p.credit_code] = "growth_point"
        elif "seasonal" in p.tags:
            stories[p.credit_code] = "seasonal"
        else:
            stories[p.credit_code] = "steady"
    # Steady decliners: mid-size enterprises, so the zone's total is not what they move.
    pool = [
        p
        for p in chosen
        if stories[p.credit_code] == "steady"
        and p.chain_role != "owner"
        and 3e7 <= p.revenue <= 1e9
    ]
    for p in rng.sample(pool, 5):
        stories[p.credit_code] = "decliner"
    return stories


def _yearly_growth(rng: random.Random, span: Span, story: str) -> list[float]:
    """Volume growth during each year of the span, from its base year to the demo's year (and
    the start of the next). Growth points ramp up last year, when they were first counted
    above size, and keep growing this year."""
    years = span.year - span.base_year + 2
    ramp = span.year - 1 - span.base_year
    if story == "growth_point":
        growth = [0.3] * years
        growth[ramp], growth[ramp + 1] = rng.uniform(1.0, 1.6), rng.uniform(0.4, 0.8)
        return growth
    if story == "decliner":
        base = rng.uniform(-0.20, -0.12)
        return [base + rng.gauss(0, 0.02) - 0.03 * (y >= years - 2) for y in range(years)]
    base = min(0.30, max(-0.10, rng.triangular(-0.10, 0.30, 0.08)))
    return [min(0.40, max(-0.15, base + rng.gauss(0, 0.04))) for _ in range(years)]


def _season(rng: random.Random, span: Span, p: EnterpriseProfile, story: str) -> list[float]:
    low, high = DIP_BY_SECTOR.get(p.sector, DIP_DEFAULT)
    dip = rng.uniform(low, high)
    factors = []
    for t in range(span.months + 1):
        year, month = span.month_of(t)
        f = MONTH_PROFILE[month - 1]
        if month in (1, 2):
            festival = spring_festival(year).month
            f *= dip if month == festival else 1 - (1 - dip) * 0.35
        if story == "seasonal":
            # Winter stop (December to February), restart in March, slowing in November.
            f = {12: 0.06, 1: 0.04, 2: 0.05, 3: 0.7, 11: 0.85}.get(month, 1.2)
        factors.append(f)
    return factors


def price_index(span: Span, sector: str, t: int) -> float:
    points = PRICES.get(sector, PRICES_DEFAULT)
    # Each year's index holds at mid-year; months between are interpolated (flat beyond).
    x = (t - span.index_of(span.year - len(points) + 1, 1) - 5.5) / 12
    lo = max(0, min(len(points) - 1, math.floor(x)))
    hi = min(len(points) - 1, lo + 1)
    w = min(1.0, max(0.0, x - lo))
    return points[lo] * (1 - w) + points[hi] * w


def _money(x: float) -> Decimal:
    """Whole 千元, as the forms are filled in, stored in 元."""
    return Decimal(round(x / 1000) * 1000).quantize(CENT)


def _kwh(x: float) -> Decimal:
    """Whole 百千瓦时 (the form's 万千瓦时 to two decimals), stored in kWh."""
    return Decimal(round(x / 100) * 100).quantize(CENT)


def _series(rng: random.Random, span: Span, p: EnterpriseProfile, story: str) -> Series:
    since = p.above_scale_since or dt.date(*span.month_of(span.first), 1)
    first = max(span.first, span.index_of(since.year, since.month))
    # Stopped enterprises stopped six to nine months ago.
    stop_from = span.live - rng.randint(6, 9) if story == "stopped" else None
    growth = _yearly_growth(rng, span, story)
    season = _season(rng, span, p, story)
    noise = 0.05 if p.revenue >= 1e8 else 0.09
    months = span.months
    # Volume at last year's prices, before scaling: a monthly compounding trend, season, noise.
    level, trend = 1.0, []
    for t in range(months + 1):
        level *= (1 + growth[t // 12]) ** (1 / 12)
        trend.append(level)
    volume = [trend[t] * season[t] * rng.lognormvariate(0, noise) for t in range(months + 1)]
    if stop_from is not None:
        volume = [v * (0.0 if t >= stop_from else 0.85) for t, v in enumerate(volume)]
    prices = [price_index(span, p.sector, t) for t in range(months + 1)]
    # Scale so that last year's main-business revenue is the profile's hidden size.
    last_year = span.year_range(span.year - 1)
    scale = p.revenue * rng.uniform(0.98, 1.06) / sum(volume[t] * prices[t] for t in last_year)
    output = [volume[t] * prices[t] * scale for t in range(months + 1)]
    monthly = sum(output[t] for t in last_year) / 12
    flows = _output_form(rng, span, p, output, [v * scale for v in volume], monthly)
    flows.update(_finance(rng, span, p, story, flows, prices, monthly))
    stocks = _stocks(rng, span, p, story, trend, season, monthly, stop_from)
    return Series(p.credit_code, story, first, stop_from, flows, stocks)


def _output_form(
    rng: random.Random,
    span: Span,
    p: EnterpriseProfile,
    output: list[float],
    volume: list[float],
    monthly: float,
) -> dict[str, tuple[Decimal, ...]]:
    code_intensity = INTENSITY_BY_CODE.get(p.industry_code)
    if p.sector == "pv" and p.industry_code == "3985":
        code_intensity = 0.35  # polysilicon
    intensity = (code_intensity or INTENSITY_BY_SECTOR.get(p.sector, 0.04)) * (
        rng.lognormvariate(0, 0.2)
    )
    # Lighting, heating and idle furnaces: the load that remains when production stops.
    base_load = intensity * monthly * (0.15 if "seasonal" in p.tags else 0.06)
    sales, exports, power = [], [], []
    exporter = rng.random() < EXPORT_CHANCE.get(p.sector, 0.0)
    share = rng.uniform(0.05, 0.35)
    for t in range(span.months):
        sold = output[t] * rng.uniform(0.95, 1.0)
        sales.append(sold)
        exports.append(sold * share * min(1.0, rng.lognormvariate(0, 0.12)))
        # Electricity leads: part of this month's power goes into next month's production.
        drawn = 0.7 * volume[t] + 0.3 * volume[t + 1]
        power.append(intensity * drawn * rng.lognormvariate(0, 0.03) + base_load)
    flows = {
        "output_value": tuple(_money(x) for x in output[: span.months]),
        "sales_value": tuple(_money(x) for x in sales),
        "electricity": tuple(_kwh(x) for x in power),
    }
    if exporter:
        flows["export_value"] = tuple(_money(x) for x in exports)
    return flows


def _finance(
    rng: random.Random,
    span: Span,
    p: EnterpriseProfile,
    story: str,
    flows: dict[str, tuple[Decimal, ...]],
    prices: list[float],
    monthly: float,
) -> dict[str, tuple[Decimal, ...]]:
    other_income = rng.uniform(0.0, 0.06)
    cost_ratio = rng.uniform(0.90, 0.96) if story == "decliner" else rng.uniform(0.74, 0.88)
    expense_ratio = rng.uniform(0.03, 0.07)
    fixed_expenses = monthly * rng.uniform(0.02, 0.04)
    tax_ratio = rng.uniform(0.004, 0.009)
    vat_ratio = rng.uniform(0.02, 0.045)
    rows: dict[str, list[Decimal]] = {code: [] for code in FINANCE_FLOWS}
    for t in range(span.months):
        main = float(flows["sales_value"][t]) * rng.uniform(0.97, 1.03)
        revenue = main * (1 + other_income)
        # Costs follow volume more than price: when prices slide, margins shrink.
        cost = revenue * cost_ratio * (0.6 + 0.4 / prices[t]) * rng.lognormvariate(0, 0.015)
        taxes = revenue * tax_ratio
        expenses = revenue * expense_ratio + fixed_expenses
        vat = revenue * vat_ratio * rng.lognormvariate(0, 0.2)
        if rng.random() < 0.03:
            vat = -revenue * 0.01  # a month of large input-tax credits
        for code, value in (
            ("revenue", revenue),
            ("main_revenue", main),
            ("operating_cost", cost),
            ("total_profit", revenue - cost - taxes - expenses),
            ("vat_payable", vat),
            ("taxes_surcharges", taxes),
        ):
            rows[code].append(_money(value))
    return {code: tuple(values) for code, values in rows.items()}


def _stocks(
    rng: random.Random,
    span: Span,
    p: EnterpriseProfile,
    story: str,
    trend: list[float],
    season: list[float],
    monthly: float,
    stop_from: int | None,
) -> dict[str, tuple[Decimal, ...]]:
    last_year = span.year_range(span.year - 1)
    reference = sum(trend[last_year.start : last_year.stop]) / 12
    heads: list[int] = []
    for t in range(span.months):
        size = (trend[t] / reference) ** 0.35
        if "seasonal" in p.tags and season[t] < 0.5:
            size *= 0.75  # seasonal workers go home for the winter
        if stop_from is not None and t >= stop_from:
            size *= 0.3
        heads.append(max(5, round(p.employees * size * rng.lognormvariate(0, 0.01))))
    average = [round(sum(heads[t - t % 12 : t + 1]) / (t % 12 + 1)) for t in range(span.months)]
    heavy = p.sector in HEAVY_ASSETS
    assets_last_year = monthly * 12 * (rng.uniform(1.2, 2.4) if heavy else rng.uniform(0.7, 1.4))
    debt = rng.uniform(0.72, 0.82) if story == "decliner" else rng.uniform(0.35, 0.68)
    assets, liabilities = [], []
    for t in range(span.months):
        value = assets_last_year * (trend[t] / reference) ** 0.3 * rng.lognormvariate(0, 0.005)
        assets.append(_money(value))
        # Decliners' debt ratio has risen over the last year and a half.
        drift = 0.003 * (t - (span.months - 18)) if story == "decliner" else 0.0
        liabilities.append(_money(value * min(0.98, debt + drift) * rng.lognormvariate(0, 0.01)))
    return {
        "employees_avg": tuple(Decimal(n) for n in average),
        "employees_end": tuple(Decimal(n) for n in heads),
        "total_assets": tuple(assets),
        "total_liabilities": tuple(liabilities),
    }
