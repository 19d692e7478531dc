"""The demo zone's enterprise registry: about 600 fictional enterprises, sized as real ones are.

:func:`enterprise_profiles` is a pure function of the seed and the demo's year: it decides every
enterprise
(name, credit code, park, industry, size, tags, chain place, people) without touching the
database. :func:`build_registry` then writes them through the registry's own services.

Each profile carries a hidden size, ``revenue`` (last year's main-business revenue in 元) and
``employees``, that the registry has no field for. Later demo modules (monthly figures,
cultivation pools …) read them from ``ctx.profiles``, or call ``enterprise_profiles(seed, today)``
again, which gives the same list for the same seed and year. The registry stands in the year of
the demo's last month (the latest month of data): founding dates lie before that year and
above-size dates in it at the latest, so the registry ages with the demo's calendar.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import math
import random
from collections.abc import Callable
from dataclasses import dataclass

from zoneops.demo import names
from zoneops.demo.chains import CHAINS
from zoneops.demo.clock import last_month
from zoneops.demo.context import DemoContext, stream
from zoneops.demo.industries import SECTORS, Sector, industry_codes
from zoneops.demo.zone import KEY_ENTERPRISE_OFFICERS, PARK_BY_KEY, PARK_SERVICE_OFFICERS
from zoneops.enterprises.codes import credit_code
from zoneops.enterprises.models import EnterpriseStatus, Industry, Tag
from zoneops.enterprises.services import contact_save, enterprise_create

OPERATING = EnterpriseStatus.OPERATING.value
STOPPED = EnterpriseStatus.STOPPED.value
CLOSED = EnterpriseStatus.CLOSED.value


@dataclass(frozen=True)
class EnterpriseProfile:
    """Everything the demo decides about one enterprise, before it is written."""

    credit_code: str
    name: str
    sector: str  # key in industries.SECTORS
    park: str  # park key: dc, nc, sw, gh
    industry_code: str  # the GB/T 4754 小类 (the registry may hold only its 大类)
    status: str
    established_on: dt.date
    is_above_scale: bool
    above_scale_since: dt.date | None
    tags: tuple[str, ...]  # Tag codes
    chain: str | None
    node: str | None
    chain_role: str  # owner (链主) or supporting (配套)
    address: str
    legal_representative: str
    contacts: tuple[tuple[str, str, str], ...]  # (name, title, phone); the first is primary
    service_officer: str | None  # username
    revenue: int  # hidden size: last year's main-business revenue, 元
    employees: int  # hidden size: average headcount


@dataclass(eq=False)  # compared and hashed by identity: drafts go in sets
class _Draft:
    sector: Sector
    park: str
    code: str
    chain: str | None
    node: str | None
    revenue: float
    status: str
    role: str = "supporting"
    established_on: dt.date = dt.date.min  # set by _date
    since: dt.date | None = None
    tags: set[str] = dataclasses.field(default_factory=set)

    @property
    def operating(self) -> bool:
        return self.status == OPERATING

    @property
    def above_scale(self) -> bool:
        return self.status != CLOSED and self.revenue >= self.sector.threshold


def enterprise_profiles(seed: int, today: dt.date) -> list[EnterpriseProfile]:
    """The demo's enterprises for ``seed`` on ``today`` (only the year of its last month
    matters): the same list every time, in creation order."""
    rng = stream(seed, "enterprises")
    year = last_month(today)[0]
    drafts = _drafts(rng)
    _place_chain_owners(rng, drafts)
    _date(rng, drafts, year)
    _tag(rng, drafts, year)
    return _finish(rng, drafts)


def digest(profiles: list[EnterpriseProfile]) -> str:
    """A fingerprint of the profiles, to show two runs produced the same zone."""
    rows = [dataclasses.astuple(p) for p in profiles]
    return hashlib.sha256(json.dumps(rows, default=str, ensure_ascii=False).encode()).hexdigest()


def _drafts(rng: random.Random) -> list[_Draft]:
    drafts = []
    for sector in SECTORS:
        for _ in range(sector.count):
            line = rng.choices(sector.lines, weights=[ln.weight for ln in sector.lines])[0]
            node = rng.choice(line.nodes) if line.nodes else None
            # Some firms of a chain's industries are not (yet) on the chain's list.
            if node is not None and rng.random() < 0.1:
                node = None
            # Sizes are log-normal: many small enterprises, a long tail of large ones.
            revenue = rng.lognormvariate(math.log(sector.median_revenue), 1.5)
            roll = rng.random()
            status = STOPPED if roll < 0.04 else CLOSED if roll < 0.06 else OPERATING
            if status == CLOSED:
                node = None
            drafts.append(
                _Draft(
                    sector=sector,
                    park=names.weighted_choice(rng, sector.parks),
                    code=line.code,
                    chain=(line.chain or sector.chain) if node else None,
                    node=node,
                    revenue=revenue,
                    status=status,
                )
            )
    rng.shuffle(drafts)
    return drafts


def _place_chain_owners(rng: random.Random, drafts: list[_Draft]) -> None:
    """Each chain's owners (链主): large, long-established enterprises at the chain's core."""
    for spec in CHAINS:
        for node, park in spec.owners:
            candidates = [
                d
                for d in drafts
                if d.chain == spec.key and d.node == node and d.operating and d.role != "owner"
            ]
            preferred = [d for d in candidates if d.park == park]
            if preferred or candidates:
                owner = rng.choice(preferred or candidates)
            else:
                owner = _recruit(rng, drafts, spec.key, node, park)
            owner.role = "owner"
            owner.revenue = rng.lognormvariate(math.log(4e9), 0.6)  # 10亿 to 150亿 元
        members = [d for d in drafts if d.chain == spec.key]
        largest = max((d.revenue for d in members if d.role != "owner"), default=0.0)
        for owner in (d for d in members if d.role == "owner"):
            owner.revenue = max(owner.revenue, largest * (1.3 + rng.random()))


def _recruit(rng: random.Random, drafts: list[_Draft], chain: str, node: str, park: str) -> _Draft:
    """When no enterprise sits at an owner's node, turn one of the chain's sector into it."""
    sector = next(s for s in SECTORS if s.chain == chain)
    line = next(ln for ln in sector.lines if node in ln.nodes)
    pool = [d for d in drafts if d.sector is sector and d.operating and d.role != "owner"]
    draft = rng.choice([d for d in pool if d.park == park] or pool)
    draft.code, draft.chain, draft.node = line.code, chain, node
    return draft


def _date(rng: random.Random, drafts: list[_Draft], this_year: int) -> None:
    """Founding dates (older for larger enterprises) and when each was counted above size,
    all before ``this_year``."""
    for d in drafts:
        if d.role == "owner" or d.revenue >= 5e8:
            year = rng.randint(this_year - 21, this_year - 8)
        else:
            years = range(this_year - 26, this_year)
            year = rng.choices(years, weights=[1 + (y - years[0]) // 4 for y in years])[0]
        d.established_on = dt.date(year, rng.randint(1, 12), rng.randint(1, 28))
        # Young enterprises are still ramping up production.
        age = this_year - year
        if age <= 3 and d.role != "owner":
            d.revenue *= (0.4, 0.5, 0.65, 0.8)[age]
        if d.above_scale:
            d.since = _counted_since(rng, year, this_year)


def _counted_since(rng: random.Random, founded: int, this_year: int) -> dt.date:
    """When an enterprise was first counted above size: a few years after founding, mostly in
    January (the yearly revision of the statistical directory). The set was rebuilt when the
    threshold rose in 2011, so nothing is dated before 2012."""
    year = founded + 1 + int(rng.expovariate(1 / 3))
    if year < 2012:
        year = 2012 + int(rng.expovariate(1 / 2))
    if year > this_year:
        year = rng.randint(max(2012, min(founded + 1, this_year)), this_year)
    late = year < this_year and rng.random() < 0.3
    return dt.date(year, rng.randint(2, 12) if late else 1, 1)


def _pick(
    rng: random.Random, pool: list[_Draft], k: int, weight: Callable[[_Draft], float] | None = None
) -> list[_Draft]:
    """k drafts from pool without replacement, by weight (Efraimidis–Spirakis keys)."""
    return sorted(
        pool, key=lambda d: rng.random() ** (1.0 / (weight(d) if weight else 1.0)), reverse=True
    )[:k]


def _tag(rng: random.Random, drafts: list[_Draft], this_year: int) -> None:
    live = [d for d in drafts if d.status != CLOSED]
    industrial = [d for d in live if d.sector.industrial]
    for d in live:
        factor = 1.6 if d.revenue >= 1e8 else 1.1 if d.revenue >= 1e7 else 0.7
        if rng.random() < d.sector.high_tech * factor:
            d.tags.add("high_tech")
        if d.operating and rng.random() < d.sector.seasonal:
            d.tags.add("seasonal")
    for d in drafts:
        if d.role == "owner":
            d.tags.add("chain_owner")
    # The largest enterprise of each industrial sector is its leading enterprise (龙头).
    for sector in SECTORS:
        own = [d for d in industrial if d.sector is sector and d.operating]
        if own:
            max(own, key=lambda d: d.revenue).tags.add("leading")
    # 专精特新: mid-size industrial enterprises, high-tech ones first; the largest few of them
    # are also national 小巨人.
    mid = [d for d in industrial if 1.5e7 <= d.revenue <= 1e9 and d.role != "owner"]
    srdi = _pick(rng, mid, 36, lambda d: 3.0 if "high_tech" in d.tags else 1.0)
    for d in srdi:
        d.tags.add("srdi_province")
    for d in _pick(rng, srdi, 5, lambda d: math.log10(d.revenue) ** 4):
        d.tags.add("little_giant")
    largest = sorted(live, key=lambda d: d.revenue, reverse=True)
    for d in _pick(rng, largest[:20], 3):
        d.tags.add("listed")
    reserve = [d for d in live if 1e8 <= d.revenue < 3e9 and "listed" not in d.tags]
    promising = {"high_tech", "srdi_province"}
    for d in _pick(rng, reserve, 8, lambda d: 3.0 if promising & d.tags else 1.0):
        d.tags.add("listing_reserve")
    # New growth points (新增长点): young industrial enterprises ramping up; the ones above
    # size were counted only last year or this year.
    young = [d for d in industrial if d.operating and d.established_on.year >= this_year - 4]
    for d in sorted(young, key=lambda d: d.revenue, reverse=True)[:10]:
        d.tags.add("growth_point")
        if d.since is not None:
            d.since = dt.date(max(d.established_on.year + 1, this_year - 1), 1, 1)


def _finish(rng: random.Random, drafts: list[_Draft]) -> list[EnterpriseProfile]:
    brands: set[str] = set()
    numbers: set[int] = set()
    ranked = sorted(drafts, key=lambda d: d.revenue, reverse=True)
    key_enterprises = {d for d in ranked[:12] if d.operating}
    profiles = []
    for d in drafts:
        park = PARK_BY_KEY[d.park]
        number = rng.randrange(10**7, 10**8)
        while number in numbers:
            number = rng.randrange(10**7, 10**8)
        numbers.add(number)
        # Many of the zone's enterprises are registered by the city, the rest by their district.
        division = "630100" if rng.random() < 0.3 else park.district_division
        if d.status == CLOSED:
            officer = None
        elif d in key_enterprises:
            officer = rng.choice(KEY_ENTERPRISE_OFFICERS)
        else:
            officer = rng.choice(PARK_SERVICE_OFFICERS[d.park]) if rng.random() < 0.92 else None
        contacts = [(names.person_name(rng), rng.choice(_PRIMARY_TITLES), names.mobile(rng))]
        if rng.random() < 0.55:
            phone = names.mobile(rng) if rng.random() < 0.7 else names.landline(rng)
            contacts.append((names.person_name(rng), rng.choice(_SECOND_TITLES), phone))
        profiles.append(
            EnterpriseProfile(
                credit_code=credit_code(number, division=division),
                name=_company_name(rng, d, brands),
                sector=d.sector.key,
                park=d.park,
                industry_code=d.code,
                status=d.status,
                established_on=d.established_on,
                is_above_scale=d.above_scale,
                above_scale_since=d.since if d.above_scale else None,
                tags=tuple(sorted(d.tags)),
                chain=d.chain,
                node=d.node,
                chain_role=d.role,
                address=f"{park.address_prefix}{rng.choice(park.roads)}{rng.randint(1, 299)}号",
                legal_representative=names.person_name(rng),
                contacts=tuple(contacts),
                service_officer=officer,
                revenue=round(d.revenue),
                employees=max(
                    5, round(d.revenue / d.sector.revenue_per_employee * rng.lognormvariate(0, 0.3))
                ),
            )
        )
    return profiles


_PRIMARY_TITLES = ("统计员", "综合办主任", "财务负责人", "办公室主任", "行政主管")
_SECOND_TITLES = ("总经理", "副总经理", "安全环保部部长", "生产部经理", "财务总监")
_INVESTED_SECTORS = frozenset({"lithium", "pv", "alloys", "equipment"})


def _company_name(rng: random.Random, d: _Draft, brands: set[str]) -> str:
    """E.g. 青海泓源锂业有限公司, 西宁瑞晟新材料科技有限公司, 嘉泰光伏（青海）有限公司."""
    line = next(ln for ln in d.sector.lines if ln.code == d.code)
    trade = rng.choice(line.trades)
    brand = names.brand(rng, brands)
    if d.revenue >= 5e8 and rng.random() < 0.5:
        form = "股份有限公司"
    elif rng.random() < 0.12:
        form = "有限责任公司"
    else:
        form = "有限公司"
    high_tech_line = d.sector.industrial and d.sector.high_tech >= 0.2
    if high_tech_line and rng.random() < 0.3 and not trade.endswith("科技"):
        trade += "科技"
    # Investors from outside the province name their Qinghai subsidiaries “X（青海）…”.
    chance = 0.25 if d.revenue >= 1e8 else 0.08
    if d.sector.key in _INVESTED_SECTORS and rng.random() < chance:
        return f"{brand}{trade}（青海）{form}"
    region = "青海" if rng.random() < 0.7 else "西宁"
    return f"{region}{brand}{trade}{form}"


def build_registry(ctx: DemoContext) -> None:
    """Write the profiled enterprises and their contacts through the registry's services."""
    ctx.profiles = enterprise_profiles(ctx.seed, ctx.today)
    industries = _industries(ctx)
    tags = {tag.code: tag for tag in Tag.objects.all()}
    above = contacts = 0
    for p in ctx.profiles:
        data = {
            "credit_code": p.credit_code,
            "name": p.name,
            "park": ctx.parks[p.park],
            "industry": industries[p.industry_code],
            "is_above_scale": p.is_above_scale,
            "above_scale_since": p.above_scale_since,
            "status": p.status,
            "address": p.address,
            "legal_representative": p.legal_representative,
            "established_on": p.established_on,
            "service_officer": ctx.users[p.service_officer] if p.service_officer else None,
        }
        # The demo writes as the system (no actor), like an import job would.
        enterprise = enterprise_create(
            actor=None, data=data, tags=[tags[t] for t in p.tags], check=False
        )
        ctx.enterprises[p.credit_code] = enterprise
        above += p.is_above_scale
        for index, (name, title, phone) in enumerate(p.contacts):
            contact_save(
                actor=None,
                enterprise=enterprise,
                data={"name": name, "title": title, "phone": phone, "is_primary": index == 0},
                check=False,
            )
            contacts += 1
    ctx.counts["enterprises"] = len(ctx.profiles)
    ctx.counts["above_scale"] = above
    ctx.counts["contacts"] = contacts


def _industries(ctx: DemoContext) -> dict[str, Industry]:
    """Each demo 小类 as the registry holds it: itself if imported, else its 大类."""
    codes = industry_codes()
    wanted = set(codes) | {code[:2] for code in codes}
    held = {industry.code: industry for industry in Industry.objects.filter(code__in=wanted)}
    resolved = {code: held.get(code) or held[code[:2]] for code in codes}
    missing = [code for code in codes if code not in held]
    if missing:
        affected = sum(1 for p in ctx.profiles if p.industry_code in missing)
        ctx.say(
            f"Industry classes (小类) not imported: {affected} enterprises registered under their "
            f"大类 ({len(missing)} of the demo's {len(codes)} 小类 missing); run "
            "`manage.py import_industries FILE` before demo_zone for 4-digit codes."
        )
    return resolved
