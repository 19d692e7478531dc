"""Reads of 金融服务: every list starts from ``visible_to(user)``. The statistics are computed
from the records (needs, cases, steps, disbursements), never typed in.

:func:`finance_overview` is the public function other apps (the leaders' briefing) read.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from zoneops.core.models import Bank, User
from zoneops.core.navigation import module_allowed
from zoneops.core.scope import scope_of
from zoneops.core.units import format_money
from zoneops.enterprises.models import Enterprise, EnterpriseStatus
from zoneops.finance import listing, workdays
from zoneops.finance.models import (
    CLOSED,
    Assignment,
    Breach,
    CaseStep,
    Disbursement,
    Entry,
    Grant,
    LoanCase,
    Measure,
    Need,
    Product,
    Session,
    Signing,
    Stage,
    Visit,
)
from zoneops.finance.models.listing import (
    STAGE_ORDER,
    ListingCompany,
    ListingStage,
    ListingTier,
    Milestone,
)
from zoneops.monitoring import public as monitoring
from zoneops.support import public as support

ZERO = Decimal(0)


def need_list(*, user: User, status: str = "") -> QuerySet[Need]:
    needs = Need.objects.visible_to(user).select_related("enterprise", "enterprise__park")
    if status:
        needs = needs.filter(status=status)
    return needs.annotate(n_cases=Count("cases", distinct=True))


def need_detail_queryset(*, user: User) -> QuerySet[Need]:
    return Need.objects.visible_to(user).select_related(
        "enterprise", "enterprise__park", "enterprise__industry"
    )


def grants_of(need: Need, *, user: User) -> QuerySet[Grant]:
    return Grant.objects.visible_to(user).filter(need=need).select_related("bank")


def cases_of(need: Need, *, user: User) -> QuerySet[LoanCase]:
    return LoanCase.objects.visible_to(user).filter(need=need).select_related("bank")


def case_list(*, user: User, stage: str = "") -> QuerySet[LoanCase]:
    cases = LoanCase.objects.visible_to(user).select_related(
        "enterprise", "enterprise__park", "bank", "need"
    )
    if stage:
        cases = cases.filter(stage=stage)
    return cases.annotate(disbursed=Sum("disbursements__amount"))


def open_case(*, enterprise: Enterprise, bank: Bank) -> LoanCase | None:
    """The newest case of this enterprise with this bank that is still going (not refused,
    withdrawn or fully disbursed): the one a signing at a session follows."""
    return (
        LoanCase.objects.filter(enterprise=enterprise, bank=bank)
        .exclude(stage__in=[*CLOSED, Stage.DISBURSED])
        .order_by("-pk")
        .first()
    )


def case_detail_queryset(*, user: User) -> QuerySet[LoanCase]:
    return LoanCase.objects.visible_to(user).select_related("enterprise", "bank", "need")


def steps_of(case: LoanCase) -> QuerySet[CaseStep]:
    return case.steps.select_related("actor")


def claimable(*, user: User) -> QuerySet[Need]:
    """Open needs a bank is authorised to see and does not yet work (抢单)."""
    bank_id = user.bank_id or 0
    return (
        Need.objects.visible_to(user)
        .filter(open_to_all=True, status__in=(Need.Status.PUBLISHED, Need.Status.MATCHING))
        .exclude(cases__bank_id=bank_id)
        .select_related("enterprise", "enterprise__park")
    )


def product_list(*, user: User) -> QuerySet[Product]:
    return Product.objects.visible_to(user).select_related("bank")


def open_breaches(*, user: User) -> QuerySet[Breach]:
    return (
        Breach.objects.visible_to(user)
        .exclude(case__stage__in=(Stage.REFUSED, Stage.WITHDRAWN))
        .select_related("case", "case__bank", "case__enterprise")
    )


def session_list(*, user: User) -> QuerySet[Session]:
    return Session.objects.visible_to(user).prefetch_related("banks")


def signings_of(session: Session, *, user: User) -> QuerySet[Signing]:
    signings = Signing.objects.filter(session=session)
    if not scope_of(user).zone and not _is_officer(user):
        signings = signings.filter(pk__in=Signing.objects.visible_to(user).values("pk"))
    return signings.select_related("enterprise", "bank", "case").prefetch_related(
        Prefetch("case__disbursements", queryset=Disbursement.objects.order_by("on"))
    )


def _is_officer(user: User) -> bool:
    scope = scope_of(user)
    return bool(scope.zone or scope.departments)


# --- sessions ---------------------------------------------------------------------------


@dataclass
class SigningProgress:
    signing: Signing
    credited: Decimal
    disbursed: Decimal
    stalled: bool


@dataclass
class Landing:
    """What became of a session's signings: 落地率 by amount and by count."""

    signed: Decimal = ZERO
    credited: Decimal = ZERO
    disbursed: Decimal = ZERO
    count: int = 0
    landed: int = 0
    by_kind: dict[str, Decimal] = field(default_factory=dict)
    rows: list[SigningProgress] = field(default_factory=list)

    @property
    def rate(self) -> Decimal | None:
        return _percent(self.disbursed, self.signed)

    @property
    def count_rate(self) -> Decimal | None:
        return _percent(Decimal(self.landed), Decimal(self.count))


def _percent(part: Decimal, whole: Decimal) -> Decimal | None:
    if not whole:
        return None
    return (part * 100 / whole).quantize(Decimal("0.1"))


def _months_after(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)


def session_landing(session: Session, *, user: User, today: dt.date) -> Landing:
    """Signed, credited and disbursed on the session's signings: disbursements from the
    session's day to the end of the landing window (``FINANCE_LANDING_MONTHS`` after) count.
    A signing stalls when its case is refused, or when it has nothing disbursed two months
    after the session."""
    window_end = _months_after(session.held_on, settings.FINANCE_LANDING_MONTHS)
    stall_after = _months_after(session.held_on, 2)
    landing = Landing()
    for signing in signings_of(session, user=user):
        case = signing.case
        paid = ZERO
        credited = ZERO
        if case is not None:
            paid = sum(
                (
                    d.amount
                    for d in case.disbursements.all()
                    if session.held_on <= d.on <= window_end
                ),
                ZERO,
            )
            if case.stage in (Stage.CREDITED, Stage.DISBURSED):
                credited = case.credit_amount or ZERO
        refused = case is not None and case.stage in (Stage.REFUSED, Stage.WITHDRAWN)
        stalled = refused or case is None or (not paid and today > stall_after)
        landing.signed += signing.amount
        landing.credited += credited
        landing.disbursed += paid
        landing.count += 1
        landing.landed += 1 if paid else 0
        landing.by_kind[signing.kind] = landing.by_kind.get(signing.kind, ZERO) + signing.amount
        landing.rows.append(SigningProgress(signing, credited, paid, stalled))
    return landing


# --- statistics ---------------------------------------------------------------------------


@dataclass
class Tally:
    """One row of the statistics (the zone, a bank or a park)."""

    label: str = ""
    needs: int = 0
    need_amount: Decimal = ZERO
    cases: int = 0
    contacted_in_time: int = 0
    pushed: int = 0
    past_first_review: int = 0
    credited_cases: int = 0
    credited: Decimal = ZERO
    disbursed: Decimal = ZERO
    new_money: Decimal = ZERO
    rollover: Decimal = ZERO
    first_loan_firms: set[int] = field(default_factory=set)
    first_loan_amount: Decimal = ZERO
    days_to_money: list[int] = field(default_factory=list)

    @property
    def response_rate(self) -> Decimal | None:
        """接单率: cases contacted (受理) within the contact limit among those pushed or claimed."""
        return _percent(Decimal(self.contacted_in_time), Decimal(self.pushed))

    @property
    def success_rate(self) -> Decimal | None:
        """获得率 (strict): cases reaching 授信 or 放款 among those past 初审."""
        return _percent(Decimal(self.credited_cases), Decimal(self.past_first_review))

    @property
    def first_loans(self) -> int:
        return len(self.first_loan_firms)

    @property
    def average_days(self) -> Decimal | None:
        """Mean working days from a need's publication to its first disbursement."""
        if not self.days_to_money:
            return None
        return (Decimal(sum(self.days_to_money)) / len(self.days_to_money)).quantize(Decimal("0.1"))


@dataclass
class Statistics:
    start: dt.date
    end: dt.date
    zone: Tally
    banks: list[Tally]
    parks: list[Tally]
    funnel: list[tuple[str, int, Decimal]]


def statistics(*, user: User, start: dt.date, end: dt.date) -> Statistics:
    """Needs published in [start, end] and what followed them, by bank and by park: needs and
    amounts, 接单率, 获得率, 首贷户, credited and disbursed (disbursements dated in the period),
    new money and rollovers, average working days to the first disbursement."""
    calendar = workdays.calendar()
    zone = Tally(label="")
    banks: dict[int, Tally] = {}
    parks: dict[int, Tally] = {}
    needs = list(
        Need.objects.visible_to(user)
        .filter(published_on__range=(start, end))
        .select_related("enterprise__park")
    )
    for need in needs:
        for tally in (zone, _tally(parks, need.enterprise.park_id, need.enterprise.park.name)):
            tally.needs += 1
            tally.need_amount += need.amount
    cases = list(
        LoanCase.objects.visible_to(user)
        .filter(pushed_on__range=(start, end))
        .select_related("bank", "enterprise__park", "need")
        .prefetch_related("steps")
    )
    for case in cases:
        park = case.enterprise.park
        rows = (
            zone,
            _tally(banks, case.bank_id, case.bank.name),
            _tally(parks, park.pk, park.name),
        )
        for tally in rows:
            _add_case(tally, case)
    payments = list(
        Disbursement.objects.visible_to(user)
        .filter(on__range=(start, end))
        .select_related("case__bank", "case__enterprise__park", "case__need")
    )
    first_paid: dict[int, dt.date] = {}
    for payment in payments:
        case = payment.case
        park = case.enterprise.park
        rows = (
            zone,
            _tally(banks, case.bank_id, case.bank.name),
            _tally(parks, park.pk, park.name),
        )
        for tally in rows:
            _add_payment(tally, payment)
        if case.need_id is not None:
            seen = first_paid.get(case.need_id)
            if seen is None or payment.on < seen:
                first_paid[case.need_id] = payment.on
    by_need = {need.pk: need for need in needs}
    for need_id, paid_on in first_paid.items():
        found = by_need.get(need_id)
        if found is None:
            continue
        need = found
        days = calendar.working_days_between(need.published_on, paid_on)
        zone.days_to_money.append(days)
        _tally(parks, need.enterprise.park_id, need.enterprise.park.name).days_to_money.append(days)
    return Statistics(
        start=start,
        end=end,
        zone=zone,
        banks=sorted(banks.values(), key=lambda t: (-t.disbursed, t.label)),
        parks=sorted(parks.values(), key=lambda t: (-t.disbursed, t.label)),
        funnel=_funnel(needs, cases),
    )


def _tally(rows: dict[int, Tally], key: int, label: str) -> Tally:
    if key not in rows:
        rows[key] = Tally(label=label)
    return rows[key]


def _add_case(tally: Tally, case: LoanCase) -> None:
    tally.cases += 1
    if case.route != LoanCase.Route.REPORTED:
        tally.pushed += 1
        accepted = next((s for s in case.steps.all() if s.stage == Stage.ACCEPTED), None)
        if accepted is not None and case.contact_due and accepted.on <= case.contact_due:
            tally.contacted_in_time += 1
    if case.passed_first_review():
        tally.past_first_review += 1
    if case.stage in (Stage.CREDITED, Stage.DISBURSED) and case.route != LoanCase.Route.REPORTED:
        tally.credited_cases += 1
        tally.credited += case.credit_amount or ZERO


def _add_payment(tally: Tally, payment: Disbursement) -> None:
    tally.disbursed += payment.amount
    need = payment.case.need
    if need is None or need.nature == "new":
        tally.new_money += payment.amount
    else:
        tally.rollover += payment.amount
    if payment.first_loan:
        tally.first_loan_firms.add(payment.case.enterprise_id)
        tally.first_loan_amount += payment.amount


def _funnel(needs: Iterable[Need], cases: Iterable[LoanCase]) -> list[tuple[str, int, Decimal]]:
    """需求 → 已联系 → 已授信 → 已放款, as (stage, needs, amount asked) for the period's needs."""
    ids = {need.pk: need for need in needs}
    reached: dict[str, set[int]] = defaultdict(set)
    for case in cases:
        if case.need_id not in ids:
            continue
        index = case.reached()
        if index != Stage.PUSHED:
            reached["contacted"].add(case.need_id)
        if case.stage in (Stage.CREDITED, Stage.DISBURSED):
            reached["credited"].add(case.need_id)
        if case.stage == Stage.DISBURSED:
            reached["disbursed"].add(case.need_id)

    def amount(keys: Iterable[int]) -> Decimal:
        return sum((ids[k].amount for k in keys), ZERO)

    return [
        ("needs", len(ids), amount(ids)),
        ("contacted", len(reached["contacted"]), amount(reached["contacted"])),
        ("credited", len(reached["credited"]), amount(reached["credited"])),
        ("disbursed", len(reached["disbursed"]), amount(reached["disbursed"])),
    ]


@dataclass(frozen=True)
class Overview:
    """The figures the leaders' briefing reads: signed at sessions against credited and
    disbursed on those signings, and the year's needs and money."""

    needs: int
    need_amount: Decimal
    credited: Decimal
    disbursed: Decimal
    new_money: Decimal
    first_loans: int
    signed: Decimal
    signed_disbursed: Decimal
    landing_rate: Decimal | None
    response_rate: Decimal | None
    success_rate: Decimal | None


def finance_overview(*, user: User, start: dt.date, end: dt.date) -> Overview:
    """Public: the period's finance figures as the user may see them (the briefing, issue 17)."""
    stats = statistics(user=user, start=start, end=end)
    signed = ZERO
    landed = ZERO
    for session in Session.objects.visible_to(user).filter(held_on__range=(start, end)):
        landing = session_landing(session, user=user, today=end)
        signed += landing.signed
        landed += landing.disbursed
    zone = stats.zone
    return Overview(
        needs=zone.needs,
        need_amount=zone.need_amount,
        credited=zone.credited,
        disbursed=zone.disbursed,
        new_money=zone.new_money,
        first_loans=zone.first_loans,
        signed=signed,
        signed_disbursed=landed,
        landing_rate=_percent(landed, signed),
        response_rate=zone.response_rate,
        success_rate=zone.success_rate,
    )


def bank_choices(*, user: User) -> QuerySet[Bank]:
    return Bank.objects.order_by("name")


def home_panel(*, user: User) -> dict[str, Any] | None:
    """The home page's panel: a bank's open cases, an enterprise's needs, an officer's alerts."""
    if not module_allowed(user, "finance"):
        return None
    cases = LoanCase.objects.visible_to(user).exclude(
        stage__in=(Stage.DISBURSED, Stage.REFUSED, Stage.WITHDRAWN)
    )
    return {
        "open_cases": cases.count(),
        "needs": Need.objects.visible_to(user)
        .filter(status__in=(Need.Status.PUBLISHED, Need.Status.MATCHING))
        .count(),
        "alerts": open_breaches(user=user).count(),
    }


# ---- 企业上市: the reserve pool, the board and the candidates --------------------------------


def listing_tiers() -> list[ListingTier]:
    return list(ListingTier.objects.prefetch_related("tests"))


def listing_company_list(*, user: User) -> QuerySet[ListingCompany]:
    return (
        ListingCompany.objects.visible_to(user)
        .select_related("enterprise", "enterprise__park", "tier", "officer")
        .prefetch_related("milestones", "issues__appeal")
    )


@dataclass(frozen=True)
class Road:
    """Where a company stands on its road: the last stage reached, the next one, and whether
    the next one is past its planned date."""

    company: ListingCompany
    reached: Milestone | None
    next: Milestone | None
    next_stage: str  # the next stage's label ("" once listed)
    overdue: bool

    @property
    def column(self) -> str:
        return self.reached.stage if self.reached else ""


def road_of(company: ListingCompany, *, today: dt.date) -> Road:
    by_stage = {m.stage: m for m in company.milestones.all()}
    reached = None
    for stage in STAGE_ORDER:
        milestone = by_stage.get(stage)
        if milestone is not None and milestone.reached_on is not None:
            reached = milestone
    after = STAGE_ORDER.index(reached.stage) + 1 if reached else 0
    upcoming = STAGE_ORDER[after] if after < len(STAGE_ORDER) else ""
    following = by_stage.get(upcoming) if upcoming else None
    overdue = bool(following and following.planned_on and following.planned_on < today)
    return Road(
        company=company,
        reached=reached,
        next=following,
        next_stage=str(ListingStage(upcoming).label) if upcoming else "",
        overdue=overdue,
    )


def listing_board(*, user: User, today: dt.date) -> list[tuple[str, str, list[Road]]]:
    """The pipeline board: one column per stage (and one for those not yet 股改), each with
    its companies, late ones first."""
    roads = [road_of(c, today=today) for c in listing_company_list(user=user)]
    columns: list[tuple[str, str, list[Road]]] = [("", _("待股改"), [])]
    columns += [(stage.value, str(stage.label), []) for stage in ListingStage]
    index = {key: cells for key, _label, cells in columns}
    for road in roads:
        index[road.column].append(road)
    for _key, _label, cells in columns:
        cells.sort(key=lambda r: (not r.overdue, r.company.enterprise.name))
    return columns


def _listing_years(enterprise_ids: list[int]) -> tuple[int | None, dict[int, listing.Years]]:
    last_year = monitoring.latest_full_year()
    if last_year is None or not enterprise_ids:
        return last_year, {}
    totals = monitoring.year_totals(
        (listing.REVENUE, listing.PROFIT), range(last_year - 2, last_year + 1), enterprise_ids
    )
    revenue: dict[int, dict[int, Decimal]] = defaultdict(dict)
    profit: dict[int, dict[int, Decimal]] = defaultdict(dict)
    for (enterprise_id, code, year), value in totals.items():
        (revenue if code == listing.REVENUE else profit)[enterprise_id][year] = value
    ids = set(revenue) | set(profit)
    return last_year, {
        e: listing.Years(revenue=revenue.get(e, {}), profit=profit.get(e, {})) for e in ids
    }


@dataclass(frozen=True)
class Candidate:
    enterprise: Enterprise
    judgement: listing.Judgement
    company: ListingCompany | None  # in the pool already (in a lower tier), or None
    revenue: Decimal | None  # the last whole year's 营业收入 (元): the list's order


@dataclass(frozen=True)
class Candidates:
    last_year: int | None
    tiers: list[tuple[ListingTier, list[Candidate]]]
    members: dict[int, listing.Judgement]  # company id -> its own tier's judgement


def listing_candidates(*, user: User) -> Candidates:
    """For each tier, the enterprises the user sees whose figures pass one of its tests and
    that are not in that tier or a higher one yet, with the reason, the largest last year's
    revenue first; and, for every company in
    the pool, how it stands against its own tier's tests today. Computed on each read, so a
    candidate whose figures stop passing is gone."""
    tiers = listing_tiers()
    enterprises = {
        e.pk: e
        for e in Enterprise.objects.visible_to(user)
        .filter(status=EnterpriseStatus.OPERATING)
        .select_related("park")
    }
    last_year, years = _listing_years(list(enterprises))
    companies = {c.enterprise_id: c for c in listing_company_list(user=user)}
    order = {t.pk: t.order for t in tiers}
    result: list[tuple[ListingTier, list[Candidate]]] = []
    members: dict[int, listing.Judgement] = {}
    if last_year is None:
        return Candidates(last_year=None, tiers=[(t, []) for t in tiers], members={})
    for tier in tiers:
        tests = list(tier.tests.all())
        found: list[Candidate] = []
        for enterprise_id, figures in years.items():
            enterprise = enterprises[enterprise_id]
            company = companies.get(enterprise_id)
            if company is not None and order[company.tier_id] >= tier.order:
                continue
            judgement = listing.judge(tier, tests, figures, last_year, enterprise.established_on)
            if judgement.passed:
                found.append(
                    Candidate(
                        enterprise=enterprise,
                        judgement=judgement,
                        company=company,
                        revenue=figures.revenue.get(last_year),
                    )
                )
        found.sort(key=lambda c: (-(c.revenue or ZERO), c.enterprise.name))
        result.append((tier, found))
        for company in companies.values():
            if company.tier_id == tier.pk:
                figures = years.get(company.enterprise_id, listing.Years())
                members[company.pk] = listing.judge(
                    tier, tests, figures, last_year, company.enterprise.established_on
                )
    return Candidates(last_year=last_year, tiers=result, members=members)


def listing_standing(company: ListingCompany) -> tuple[int | None, listing.Judgement | None]:
    """How one company stands against its own tier's tests today."""
    last_year, years = _listing_years([company.enterprise_id])
    if last_year is None:
        return None, None
    tier = company.tier
    return last_year, listing.judge(
        tier,
        list(tier.tests.all()),
        years.get(company.enterprise_id, listing.Years()),
        last_year,
        company.enterprise.established_on,
    )


# ---- 金融顾问 and 一企一策 ----------------------------------------------------------------


def assignment_list(*, user: User, current: bool = True) -> QuerySet[Assignment]:
    items = (
        Assignment.objects.visible_to(user)
        .select_related("advisor", "advisor__bank", "enterprise", "enterprise__park")
        .annotate(
            n_overdue=Count(
                "measures",
                filter=Q(measures__done_on__isnull=True, measures__due_on__lt=timezone.localdate()),
                distinct=True,
            ),
            n_open_problems=Count(
                "problems", filter=Q(problems__solved_on__isnull=True), distinct=True
            ),
        )
    )
    return items.filter(ended_on__isnull=True) if current else items


def overdue_measures(assignment: Assignment, *, today: dt.date) -> list[Measure]:
    return [m for m in assignment.measures.all() if m.done_on is None and m.due_on < today]


# --- 融资协调工作机制 --------------------------------------------------------------------


def visit_list(*, user: User) -> QuerySet[Visit]:
    return Visit.objects.visible_to(user).select_related(
        "enterprise", "enterprise__park", "officer"
    )


def entry_list(*, user: User, status: str = "") -> QuerySet[Entry]:
    entries = Entry.objects.visible_to(user).select_related(
        "enterprise", "enterprise__park", "visit", "visit__officer", "need"
    )
    if status:
        entries = entries.filter(status=status)
    return entries


@dataclass
class RankRow:
    """One line of the daily 通报: a park, an officer or a bank. A bank has no visits or
    entries of its own (``None``); its "recommended" are the entries pushed to it."""

    label: str
    visited: int | None = 0
    listed: int | None = 0
    recommended: int = 0
    contacted: int = 0
    credited: Decimal = ZERO
    disbursed: Decimal = ZERO
    rank: int = 0
    firms: set[int] = field(default_factory=set, repr=False)


@dataclass
class Ranking:
    start: dt.date
    end: dt.date
    total: RankRow
    parks: list[RankRow]
    officers: list[RankRow]
    banks: list[RankRow]


def _ranked(rows: Iterable[RankRow]) -> list[RankRow]:
    """Most disbursed first, then credited, then recommended; ties share a rank."""
    ordered = sorted(rows, key=lambda r: (-r.disbursed, -r.credited, -r.recommended, r.label))
    previous: tuple[Decimal, Decimal, int] | None = None
    for place, row in enumerate(ordered, start=1):
        key = (row.disbursed, row.credited, row.recommended)
        row.rank = ordered[place - 2].rank if key == previous else place
        previous = key
    return ordered


def _credited(case: LoanCase) -> Decimal:
    if case.stage in (Stage.CREDITED, Stage.DISBURSED):
        return case.credit_amount or ZERO
    return ZERO


def coordination_ranking(*, user: User, start: dt.date, end: dt.date) -> Ranking:
    """The mechanism's progress for the visits made in [start, end] and what followed them:
    firms visited, entries on the 申报清单, entries on the 推荐清单, entries a bank contacted
    (受理 recorded), credited and disbursed amounts on their cases; by park, by the visiting
    officer and by bank, ranked."""
    visits = list(
        Visit.objects.visible_to(user)
        .filter(visited_on__range=(start, end))
        .select_related("enterprise__park", "officer")
    )
    entries = {
        e.visit_id: e
        for e in Entry.objects.visible_to(user).filter(visit__in=[v.pk for v in visits])
    }
    cases: dict[int, list[LoanCase]] = defaultdict(list)
    needs = [e.need_id for e in entries.values() if e.need_id is not None]
    for case in (
        LoanCase.objects.visible_to(user)
        .filter(need_id__in=needs)
        .select_related("bank")
        .annotate(paid=Sum("disbursements__amount"))
    ):
        cases[case.need_id or 0].append(case)
    total = RankRow(label=_("合计"))
    parks: dict[int, RankRow] = {}
    officers: dict[int, RankRow] = {}
    banks: dict[int, RankRow] = {}
    for visit in visits:
        park = visit.enterprise.park
        park_row = parks.setdefault(park.pk, RankRow(label=park.name))
        officer_row = officers.setdefault(visit.officer_id, RankRow(label=str(visit.officer)))
        entry = entries.get(visit.pk)
        its_cases = cases.get(entry.need_id or 0, []) if entry is not None else []
        for row in (total, park_row, officer_row):
            row.firms.add(visit.enterprise_id)
            if entry is None:
                continue
            row.listed = (row.listed or 0) + 1
            row.recommended += entry.status == Entry.Status.RECOMMENDED
            row.contacted += any(c.reached() != Stage.PUSHED for c in its_cases)
            row.credited += sum((_credited(c) for c in its_cases), ZERO)
            row.disbursed += sum((c.paid or ZERO for c in its_cases), ZERO)  # type: ignore[attr-defined]
        for case in its_cases:
            bank_row = banks.setdefault(
                case.bank_id, RankRow(label=case.bank.name, visited=None, listed=None)
            )
            bank_row.recommended += 1
            bank_row.contacted += case.reached() != Stage.PUSHED
            bank_row.credited += _credited(case)
            bank_row.disbursed += case.paid or ZERO  # type: ignore[attr-defined]
    for row in (total, *parks.values(), *officers.values()):
        row.visited = len(row.firms)
    return Ranking(
        start=start,
        end=end,
        total=total,
        parks=_ranked(parks.values()),
        officers=_ranked(officers.values()),
        banks=_ranked(banks.values()),
    )


# --- products matched to enterprises (the funding programs' rules engine) ----------------------


@dataclass(frozen=True)
class Fit:
    """Whether a need's amount or term lies in a product's range, said as a reason is."""

    label: str
    passed: bool
    actual: str


@dataclass
class ProductMatch:
    """A product against one enterprise's need: whether the enterprise passes the product's
    准入条件 (``reasons``) and the need lies in its amount and term ranges (``fits``), and why."""

    product: Product
    enterprise_id: int
    eligible: bool
    reasons: list[Any]  # support's matching.Reason: rule.label, passed, actual
    fits: list[Fit]


def _fits(product: Product, need: Need) -> list[Fit]:
    """The need against the product's amount and term ranges, where the product sets them."""
    fits = []
    low, high = product.amount_min, product.amount_max
    if low is not None or high is not None:
        fits.append(
            Fit(
                _("额度 %(range)s") % {"range": _range(low, high, format_money)},
                (low is None or need.amount >= low) and (high is None or need.amount <= high),
                format_money(need.amount),
            )
        )
    low_t, high_t = product.term_min, product.term_max
    if low_t is not None or high_t is not None:
        fits.append(
            Fit(
                _("期限 %(range)s") % {"range": _range(low_t, high_t, _months)},
                (low_t is None or need.term_months >= low_t)
                and (high_t is None or need.term_months <= high_t),
                _months(need.term_months),
            )
        )
    return fits


def _months(value: Any) -> str:
    return _("%(n)s个月") % {"n": value}


def _range(low: Any, high: Any, text: Any) -> str:
    if low is None:
        return _("不超过%(high)s") % {"high": text(high)}
    if high is None:
        return _("不低于%(low)s") % {"low": text(low)}
    return f"{text(low)}—{text(high)}"


def products_for_need(need: Need, *, user: User) -> list[ProductMatch]:
    """The products the user sees that carry 准入条件 (a bank: its own; others: those listed),
    judged against the need's enterprise; matching ones first."""
    products = list(product_list(user=user).exclude(target_rules=[]))
    if scope_of(user).banks:
        products = [p for p in products if p.listed]
    enterprise = Enterprise.objects.filter(pk=need.enterprise_id)
    out = []
    for product in products:
        eligible, reasons = support.match_rules(product.target_rules, enterprise).get(
            need.enterprise_id, (False, [])
        )
        fits = _fits(product, need)
        eligible = eligible and all(fit.passed for fit in fits)
        out.append(ProductMatch(product, need.enterprise_id, eligible, reasons, fits))
    out.sort(key=lambda m: (not m.eligible, m.product.bank.name, m.product.name))
    return out


def product_matches(product: Product, *, user: User) -> list[tuple[Need, ProductMatch]]:
    """The open needs the user sees (a bank: those granted to it), each judged against the
    product's 准入条件, matching ones first."""
    needs = list(
        need_detail_queryset(user=user).filter(
            status__in=(Need.Status.PUBLISHED, Need.Status.MATCHING)
        )[:200]
    )
    judged = support.match_rules(
        product.target_rules, Enterprise.objects.filter(pk__in=[n.enterprise_id for n in needs])
    )
    rows = []
    for need in needs:
        eligible, reasons = judged.get(need.enterprise_id, (False, []))
        fits = _fits(product, need)
        eligible = eligible and all(fit.passed for fit in fits)
        rows.append((need, ProductMatch(product, need.enterprise_id, eligible, reasons, fits)))
    rows.sort(key=lambda r: (not r[1].eligible, r[0].enterprise.name))
    return rows
