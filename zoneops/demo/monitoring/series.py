"""The demo's monthly figures as a pure function of the registry profiles and the seed.

Every above-size industrial enterprise gets a series from 2021-01 to 2024-12 (2021 only as the
back-cast the 2022 reports' 上年同期 columns need). The shapes are the ones the economy office
knows: the Spring Festival dip in January or February (whichever month the holiday falls in),
winter stops of seasonal producers, a few steady decliners, the new growth points ramping up
from 2023, the 2023–2024 price slide of lithium and PV products, and electricity tracking
volume, a little ahead of it (electricity is the leading indicator).
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

from zoneops.demo.context import stream
from zoneops.demo.enterprises import EnterpriseProfile
from zoneops.demo.industries import SECTOR_BY_KEY
from zoneops.enterprises.models import EnterpriseStatus
from zoneops.monitoring import services

# The monitoring "today" (a Wednesday): 2024-12 reports were due on 10 January, the Spring
# Festival survey closes on the 20th. The registry's REFERENCE_DATE (2024-03-31) only bounds
# founding and above-size dates, which this module does not move.
MONITORING_TODAY = dt.date(2025, 1, 15)
FIRST_YEAR, LAST_YEAR = 2022, 2024  # the reported years; 2021 is the back-cast
BASE_YEAR = FIRST_YEAR - 1
MONTHS = (LAST_YEAR - BASE_YEAR + 1) * 12  # 2021-01 … 2024-12
LIVE = MONTHS - 1  # 2024-12: the month still being reported

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

# The month the Spring Festival holiday falls in, per year (2022-02-01, 2023-01-22, 2024-02-10,
# 2025-01-29; 2021-02-12).
SPRING_FESTIVAL_MONTH = {2021: 2, 2022: 2, 2023: 1, 2024: 2, 2025: 1}
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
# Current-price index of the sector's products, per year (2023 = 1), interpolated by month:
# lithium salts and PV products boomed in 2022 and slid through 2023–2024.
PRICES = {
    "lithium": (0.85, 1.15, 1.0, 0.90),
    "pv": (0.90, 1.10, 1.0, 0.90),
    "salt": (0.85, 1.12, 1.0, 0.95),
    "alloys": (0.95, 1.05, 1.0, 1.03),
}
PRICES_DEFAULT = (0.97, 0.99, 1.0, 1.01)
# Electricity intensity (kWh per 元 of output at 2023 prices) by 小类, else by sector.
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
class Series:
    """One enterprise's figures, month by month from 2021-01 (index 0) to 2024-12 (index 47).

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


def index_of(year: int, month: int) -> int:
    return (year - BASE_YEAR) * 12 + month - 1


def month_of(t: int) -> tuple[int, int]:
    return BASE_YEAR + t // 12, t % 12 + 1


def reporters(profiles: Iterable[EnterpriseProfile]) -> list[EnterpriseProfile]:
    """The enterprises that fill in the monthly industrial forms: above size, in 门类 B–D."""
    return [p for p in profiles if p.is_above_scale and SECTOR_BY_KEY[p.sector].industrial]


def monitoring_plan(profiles: list[EnterpriseProfile], seed: int) -> list[Series]:
    """Every reporter's series for ``seed``: the same list every time, in profile order."""
    chosen = reporters(profiles)
    stories = _stories(stream(seed, "monitoring"), chosen)
    return [
        _series(stream(seed, f"monitoring:{p.credit_code}"), p, stories[p.credit_code])
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


def _yearly_growth(rng: random.Random, story: str) -> list[float]:
    """Volume growth during each year 2021 … 2024 (and the start of 2025)."""
    if story == "growth_point":
        return [0.3, 0.3, rng.uniform(1.0, 1.6), rng.uniform(0.4, 0.8), 0.3]
    if story == "decliner":
        base = rng.uniform(-0.20, -0.12)
        return [base + rng.gauss(0, 0.02) - 0.03 * (y >= 3) for y in range(5)]
    base = min(0.30, max(-0.10, rng.triangular(-0.10, 0.30, 0.08)))
    return [min(0.40, max(-0.15, base + rng.gauss(0, 0.04))) for _ in range(5)]


def _season(rng: random.Random, p: EnterpriseProfile, story: str) -> list[float]:
    low, high = DIP_BY_SECTOR.get(p.sector, DIP_DEFAULT)
    dip = rng.uniform(low, high)
    factors = []
    for t in range(MONTHS + 1):
        year, month = month_of(t)
        f = MONTH_PROFILE[month - 1]
        if month in (1, 2):
            festival = SPRING_FESTIVAL_MONTH[year]
            f *= dip if month == festival else 1 - (1 - dip) * 0.35
        if story == "seasonal":
            # Winter stop (December to February), restart in March, slowing in November.
            f = {12: 0.06, 1: 0.04, 2: 0.05, 3: 0.7, 11: 0.85}.get(month, 1.2)
        factors.append(f)
    return factors


def price_index(sector: str, t: int) -> float:
    points = PRICES.get(sector, PRICES_DEFAULT)
    # Each year's index holds at mid-year; months between are interpolated (flat beyond).
    x = (t - 5.5) / 12
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


def _series(rng: random.Random, p: EnterpriseProfile, story: str) -> Series:
    since = p.above_scale_since or dt.date(FIRST_YEAR, 1, 1)
    first = max(index_of(FIRST_YEAR, 1), index_of(since.year, since.month))
    stop_from = index_of(2024, rng.randint(3, 6)) if story == "stopped" else None
    growth = _yearly_growth(rng, story)
    season = _season(rng, p, story)
    noise = 0.05 if p.revenue >= 1e8 else 0.09
    # Volume at 2023 prices, before scaling: a monthly compounding trend, season and noise.
    level, trend = 1.0, []
    for t in range(MONTHS + 1):
        level *= (1 + growth[t // 12]) ** (1 / 12)
        trend.append(level)
    volume = [trend[t] * season[t] * rng.lognormvariate(0, noise) for t in range(MONTHS + 1)]
    if stop_from is not None:
        volume = [v * (0.0 if t >= stop_from else 0.85) for t, v in enumerate(volume)]
    prices = [price_index(p.sector, t) for t in range(MONTHS + 1)]
    # Scale so that 2023's main-business revenue is the profile's hidden size.
    year_2023 = range(index_of(2023, 1), index_of(2024, 1))
    scale = p.revenue * rng.uniform(0.98, 1.06) / sum(volume[t] * prices[t] for t in year_2023)
    output = [volume[t] * prices[t] * scale for t in range(MONTHS + 1)]
    monthly_2023 = sum(output[t] for t in year_2023) / 12
    flows = _output_form(rng, p, output, [v * scale for v in volume], monthly_2023)
    flows.update(_finance(rng, p, story, flows, prices, monthly_2023))
    stocks = _stocks(rng, p, story, trend, season, monthly_2023, stop_from)
    return Series(p.credit_code, story, first, stop_from, flows, stocks)


def _output_form(
    rng: random.Random,
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
    for t in range(MONTHS):
        sold = output[t] * rng.uniform(0.95, 1.0)
        sales.append(sold)
        exports.append(sold * share * min(1.0, rng.lognormvariate(0, 0.12)))
        # Electricity leads: part of this month's power goes into next month's production.
        drawn = 0.7 * volume[t] + 0.3 * volume[t + 1]
        power.append(intensity * drawn * rng.lognormvariate(0, 0.03) + base_load)
    flows = {
        "output_value": tuple(_money(x) for x in output[:MONTHS]),
        "sales_value": tuple(_money(x) for x in sales),
        "electricity": tuple(_kwh(x) for x in power),
    }
    if exporter:
        flows["export_value"] = tuple(_money(x) for x in exports)
    return flows


def _finance(
    rng: random.Random,
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
    for t in range(MONTHS):
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
    p: EnterpriseProfile,
    story: str,
    trend: list[float],
    season: list[float],
    monthly: float,
    stop_from: int | None,
) -> dict[str, tuple[Decimal, ...]]:
    reference = sum(trend[index_of(2023, 1) : index_of(2024, 1)]) / 12
    heads: list[int] = []
    for t in range(MONTHS):
        size = (trend[t] / reference) ** 0.35
        if "seasonal" in p.tags and season[t] < 0.5:
            size *= 0.75  # seasonal workers go home for the winter
        if stop_from is not None and t >= stop_from:
            size *= 0.3
        heads.append(max(5, round(p.employees * size * rng.lognormvariate(0, 0.01))))
    average = [round(sum(heads[t - t % 12 : t + 1]) / (t % 12 + 1)) for t in range(MONTHS)]
    heavy = p.sector in HEAVY_ASSETS
    assets_2023 = monthly * 12 * (rng.uniform(1.2, 2.4) if heavy else rng.uniform(0.7, 1.4))
    debt = rng.uniform(0.72, 0.82) if story == "decliner" else rng.uniform(0.35, 0.68)
    assets, liabilities = [], []
    for t in range(MONTHS):
        value = assets_2023 * (trend[t] / reference) ** 0.3 * rng.lognormvariate(0, 0.005)
        assets.append(_money(value))
        drift = 0.003 * (t - 30) if story == "decliner" else 0.0
        liabilities.append(_money(value * min(0.98, debt + drift) * rng.lognormvariate(0, 0.01)))
    return {
        "employees_avg": tuple(Decimal(n) for n in average),
        "employees_end": tuple(Decimal(n) for n in heads),
        "total_assets": tuple(assets),
        "total_liabilities": tuple(liabilities),
    }
