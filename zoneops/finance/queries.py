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
from django.db.models import Count, Prefetch, QuerySet, Sum

from zoneops.core.models import Bank, User
from zoneops.core.navigation import module_allowed
from zoneops.core.scope import scope_of
from zoneops.finance import workdays
from zoneops.finance.models import (
    Breach,
    CaseStep,
    Disbursement,
    Grant,
    LoanCase,
    Need,
    Product,
    Session,
    Signing,
    Stage,
)

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
