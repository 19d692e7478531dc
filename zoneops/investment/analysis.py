"""The dashboard's figures over the projects a user may see: the funnel, the rates of a
period's signed projects, breakdowns by chain, method and officer, and funds arrived.

Rates are over the projects signed in the period (the cohort), as of today:
履约率 (fulfilment)  signed projects being performed — started, or money arrived — ÷ signed;
落地率 (landing)     registered in the zone (an enterprise linked) or started ÷ signed;
开工率 (start)       started (开工 or later) ÷ signed;
投产率 (production)  producing ÷ signed;
资金到位率           funds arrived ÷ amount signed.
A project dropped after signing stays in the cohort: its contract was not performed.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from zoneops.core.models import User
from zoneops.core.scope import scope_of
from zoneops.enterprises.models import Chain
from zoneops.investment.models import (
    PIPELINE,
    RANK,
    FundArrival,
    Method,
    Origin,
    Project,
    Review,
    Stage,
    is_investment_officer,
)
from zoneops.investment.periods import Period
from zoneops.investment.queries import ZERO

STARTED = Q(started_on__isnull=False)
PRODUCING = Q(producing_on__isnull=False)


def _pct(part: int | Decimal, whole: int | Decimal) -> Decimal | None:
    return Decimal(part) / Decimal(whole) * 100 if whole else None


@dataclass
class Rates:
    signed: int
    amount: Decimal
    arrived: Decimal
    fulfilled: int
    landed: int
    started: int
    producing: int

    @property
    def fulfilment(self) -> Decimal | None:
        return _pct(self.fulfilled, self.signed)

    @property
    def landing(self) -> Decimal | None:
        return _pct(self.landed, self.signed)

    @property
    def start(self) -> Decimal | None:
        return _pct(self.started, self.signed)

    @property
    def production(self) -> Decimal | None:
        return _pct(self.producing, self.signed)

    @property
    def funds(self) -> Decimal | None:
        return _pct(self.arrived, self.amount)


@dataclass
class Group:
    key: Any
    label: str
    pipeline: int  # leads and negotiations open now
    rates: Rates


def cohort(*, user: User, period: Period) -> QuerySet[Project]:
    return Project.objects.visible_to(user).signed_between(period.start, period.end)


def _rate_sums(qs: QuerySet[Project], group_by: str | None = None) -> list[dict[str, Any]]:
    has_money = Exists(FundArrival.objects.filter(project=OuterRef("pk"), amount__gt=0))
    annotated = qs.annotate(has_money=has_money)
    fields = {
        "signed": Count("pk"),
        "amount": Sum("signed_amount"),
        "fulfilled": Count("pk", filter=STARTED | Q(has_money=True)),
        "landed": Count("pk", filter=STARTED | Q(enterprise__isnull=False)),
        "started": Count("pk", filter=STARTED),
        "producing": Count("pk", filter=PRODUCING),
    }
    if group_by is None:
        return [annotated.aggregate(**fields)]
    return list(annotated.values(group_by).annotate(**fields).order_by(group_by))


def _arrived(qs: QuerySet[Project], group_by: str | None = None) -> dict[Any, Decimal]:
    arrivals = FundArrival.objects.filter(project__in=qs.values("pk"))
    if group_by is None:
        return {None: arrivals.aggregate(s=Sum("amount"))["s"] or ZERO}
    rows = arrivals.values(f"project__{group_by}").annotate(s=Sum("amount"))
    return {row[f"project__{group_by}"]: row["s"] or ZERO for row in rows}


def _rates(row: dict[str, Any], arrived: Decimal) -> Rates:
    return Rates(
        signed=row["signed"] or 0,
        amount=row["amount"] or ZERO,
        arrived=arrived,
        fulfilled=row["fulfilled"] or 0,
        landed=row["landed"] or 0,
        started=row["started"] or 0,
        producing=row["producing"] or 0,
    )


def rates(*, user: User, period: Period) -> Rates:
    qs = cohort(user=user, period=period)
    return _rates(_rate_sums(qs)[0], _arrived(qs)[None])


def funnel(*, user: User) -> list[tuple[Stage, int]]:
    """How many live projects have reached each stage (a project signed has also been a lead
    and a negotiation); dropped ones are counted apart."""
    counts = dict(Project.objects.visible_to(user).values_list("stage").annotate(n=Count("pk")))
    return [
        (stage, sum(n for s, n in counts.items() if s != Stage.DROPPED and RANK[s] >= RANK[stage]))
        for stage in PIPELINE
    ]


def dropped_count(*, user: User) -> int:
    return Project.objects.visible_to(user).filter(stage=Stage.DROPPED).count()


BREAKDOWNS = {
    "chain": ("chain", "chain__name"),
    "method": ("method", None),
    "officer": ("follow_up", "follow_up__full_name"),
}


def breakdown(*, user: User, period: Period, by: str) -> list[Group]:
    """The period's signed projects and their rates per chain, method or follow-up officer,
    with each group's open pipeline (leads and negotiations) beside them."""
    key, label_field = BREAKDOWNS[by]
    visible = Project.objects.visible_to(user)
    sums = {row[key]: row for row in _rate_sums(cohort(user=user, period=period), key)}
    arrived = _arrived(cohort(user=user, period=period), key)
    open_rows = (
        visible.filter(stage__in=(Stage.LEAD, Stage.NEGOTIATING))
        .values(key)
        .annotate(n=Count("pk"))
    )
    pipeline = {row[key]: row["n"] for row in open_rows}
    labels: dict[Any, str] = {}
    if label_field:
        for k, label in visible.values_list(key, label_field).distinct():
            labels[k] = label or ""
    else:
        labels = {value: str(label) for value, label in Method.choices}
    empty = {"signed": 0, "amount": None, "fulfilled": 0, "landed": 0, "started": 0, "producing": 0}
    groups = [
        Group(
            key=k,
            label=labels.get(k) or _("未指定"),
            pipeline=pipeline.get(k, 0),
            rates=_rates(sums.get(k, empty), arrived.get(k, ZERO)),
        )
        for k in set(sums) | set(pipeline)
    ]
    return sorted(groups, key=lambda g: (-g.rates.amount, -g.rates.signed, -g.pipeline, g.label))


def arrivals_by_month(*, user: User, period: Period) -> dict[str, list[Decimal]]:
    """Funds arrived in each month of the period, by origin (元)."""
    months = period.months()
    rows = (
        FundArrival.objects.filter(
            project__in=Project.objects.visible_to(user),
            month__gte=period.start,
            month__lte=period.end,
        )
        .values("month", "origin")
        .annotate(s=Sum("amount"))
    )
    series = {origin: [ZERO] * len(months) for origin in Origin.values}
    index = {m: i for i, m in enumerate(months)}
    for row in rows:
        series[row["origin"]][index[row["month"]]] += row["s"] or ZERO
    return series


@dataclass(frozen=True)
class LeadTally:
    """全员招商: the leads one officer (or one unit) brought in, and how far they got."""

    label: str
    unit: str
    registered: int
    pending: int
    accepted: int
    declined: int
    advanced: int  # 在谈 or further, not dropped
    signed: int
    amount: Decimal


def _unit_of(user: User) -> str:
    if user.department is not None:
        return str(user.department.name)
    parks = "、".join(p.name for p in user.parks.all())
    return parks or str(user.get_role_display())


def lead_tallies(*, period: Period) -> tuple[list[LeadTally], list[LeadTally]]:
    """The leads officers registered in the period (by 获取线索日期), by person and by unit, as
    they stand today. Like the targets these are published figures: they count every lead in
    the zone, whoever reads them (no project is named)."""
    live = ~Q(stage=Stage.DROPPED)
    rows = (
        Project.objects.filter(
            source__isnull=False, lead_on__gte=period.start, lead_on__lte=period.end
        )
        .values("source")
        .annotate(
            registered=Count("pk"),
            pending=Count("pk", filter=Q(review=Review.PENDING)),
            accepted=Count("pk", filter=Q(review=Review.ACCEPTED)),
            declined=Count("pk", filter=Q(review=Review.DECLINED)),
            advanced=Count("pk", filter=live & Q(stage__in=PIPELINE[1:])),
            signed=Count("pk", filter=live & Q(signed_on__isnull=False)),
            amount=Sum("signed_amount", filter=live & Q(signed_on__isnull=False)),
        )
    )
    by_source = {row["source"]: row for row in rows}
    people = User.objects.filter(pk__in=by_source).select_related("department")
    fields = ("registered", "pending", "accepted", "declined", "advanced", "signed")
    persons: list[LeadTally] = []
    units: dict[str, dict[str, Any]] = {}
    for person in people.prefetch_related("parks"):
        row = by_source[person.pk]
        unit = _unit_of(person)
        persons.append(
            LeadTally(
                label=str(person),
                unit=unit,
                amount=row["amount"] or ZERO,
                **{f: row[f] for f in fields},
            )
        )
        total = units.setdefault(unit, dict.fromkeys(fields, 0) | {"amount": ZERO})
        for f in fields:
            total[f] += row[f]
        total["amount"] += row["amount"] or ZERO
    order = lambda t: (-t.signed, -t.amount, -t.advanced, -t.registered, t.label)  # noqa: E731
    by_unit = [LeadTally(label=u, unit=u, **v) for u, v in units.items()]
    return sorted(persons, key=order), sorted(by_unit, key=order)


def scope_label(user: User) -> str:
    """Which projects the user's own figures count, in words: every figure on the dashboard
    says whether it is the zone's or the reader's."""
    scope = scope_of(user)
    if scope.zone:
        return _("全区项目")
    parts: list[str] = []
    if is_investment_officer(user):
        parts.append(_("您登记、首谈或跟进的项目"))
        chains = Chain.objects.filter(investment_officers__officer=user)
        if chains:
            names = "、".join(c.name for c in chains)
            parts.append(_("%(chains)s的项目") % {"chains": names})
    led = Chain.objects.filter(leader_user=user)
    if led:
        parts.append(_("您牵头的%(chains)s的项目") % {"chains": "、".join(c.name for c in led)})
    if scope.parks:
        parks = "、".join(p.name for p in user.parks.all())
        parts.append(_("位于%(parks)s的项目") % {"parks": parks})
    if Project.objects.filter(source=user).exists():
        parts.append(_("您登记的线索"))
    return "；".join(parts) or _("您登记的线索")
