"""Reads for enterprise services. Every list starts from ``visible_to(user)``."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Sum, Value, When
from django.utils import timezone

from zoneops.enterprises.models import ChainMembership, Enterprise, EnterpriseStatus, Tag
from zoneops.support import matching
from zoneops.support.figures import Figures, each_latest_figure, latest_figures
from zoneops.support.models import (
    Application,
    ApplicationStatus,
    CultivationPool,
    Difficulty,
    EligibilityRule,
    FundingProgram,
    MembershipStatus,
    Notice,
    Policy,
    PoolKind,
    PoolMembership,
    RuleField,
    RuleOperator,
)

# ---------------------------------------------------------------- policy search

_CJK = re.compile(r"[\u3400-\u9fff]+|[A-Za-z0-9]+")
WAN = Decimal(10_000)


def grams(text: str) -> list[str]:
    """Search tokens: character bigrams of each run of Chinese, lower-cased words otherwise.

    Chinese is written without spaces, so a word is not a token; bigrams of the stored text
    and of the query let "锂电池补贴" find "锂电池产业发展补贴" on any database.
    """
    out: list[str] = []
    for run in _CJK.findall(text or ""):
        if run.isascii():
            out.append(run.lower())
        elif len(run) == 1:
            out.append(run)
        else:
            out.extend(run[i : i + 2] for i in range(len(run) - 1))
    return list(dict.fromkeys(out))


def policy_grams(policy: Policy) -> str:
    parts = (policy.title, policy.issuer, policy.document_number, policy.categories)
    text = " ".join((*parts, policy.tags, policy.summary, policy.body))
    # Delimited so that "|锂电|" never matches across two tokens.
    return "|" + "|".join(grams(text)) + "|"


def policy_search(*, user: Any, q: str = "", level: str = "") -> QuerySet[Policy]:
    """Policies matching the query, best first. Short queries must match every token; from
    four tokens on, a third may be missing (the bigram that spans two words of "锂电池补贴"
    is not in "锂电池产业发展补贴"). Title hits rank first."""
    policies = Policy.objects.visible_to(user)
    if level:
        policies = policies.filter(level=level)
    tokens = grams(q)
    if not tokens:
        return policies
    hits = [Q(search_grams__contains=f"|{t}|") for t in tokens]
    score = sum(
        (Case(When(h, then=Value(1)), default=Value(0), output_field=IntegerField()) for h in hits),
        Value(0),
    )
    title = sum(
        (
            Case(
                When(title__icontains=t, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
            for t in tokens
        ),
        Value(0),
    )
    need = len(tokens) if len(tokens) < 4 else len(tokens) - len(tokens) // 3
    return (
        policies.annotate(score=score, title_score=title)
        .filter(score__gte=need)
        .order_by("-title_score", "-score", "-issued_on", "-pk")
    )


# ---------------------------------------------------------------- programs & windows


def program_list(
    *, user: Any, q: str = "", state: str = "", today: dt.date | None = None
) -> QuerySet[FundingProgram]:
    today = today or timezone.localdate()
    programs = FundingProgram.objects.visible_to(user).select_related("department", "policy")
    if q:
        programs = programs.filter(Q(name__icontains=q) | Q(issuer__icontains=q))
    if state == "open":
        programs = programs.filter(opens_on__lte=today, closes_on__gte=today)
    elif state == "upcoming":
        programs = programs.filter(opens_on__gt=today)
    elif state == "closed":
        programs = programs.filter(closes_on__lt=today)
    return programs.annotate(
        n_applications=Count("applications", filter=Q(applications__in=application_list(user=user)))
    )


def window_state(program: FundingProgram, today: dt.date | None = None) -> str:
    today = today or timezone.localdate()
    if today < program.opens_on:
        return "upcoming"
    if today > program.closes_on:
        return "closed"
    return "open"


# ---------------------------------------------------------------- profiles & matching


def profiles(
    enterprises: QuerySet[Enterprise], *, today: dt.date | None = None
) -> list[matching.Profile]:
    """The matching profiles of these enterprises (operating ones), in seven queries whatever
    their number: the related rows are filtered by a subquery, not a list of ids."""
    today = today or timezone.localdate()
    operating = enterprises.filter(status=EnterpriseStatus.OPERATING)
    rows = list(
        operating.values_list(
            "pk",
            "name",
            "park_id",
            "park__name",
            "industry__code",
            "is_above_scale",
            "established_on",
        )
    )
    ids = operating.values("pk")
    tags, chains = _tags_and_chains(ids)
    # Only the numbers the rules read, as plain tuples: no Figure outlives its row.
    numbers: dict[tuple[int, str], tuple[Decimal | None, Decimal | None, Decimal | None]] = {
        (eid, name): (figure.ttm, figure.ytd, figure.growth)
        for eid, name, figure in each_latest_figure(ids)
    }
    years: dict[dt.date | None, Decimal | None] = {}  # founding dates repeat across enterprises
    none = (None, None, None)
    # Enterprises with the same tags (or chains) share one frozenset: a few dozen, not one each.
    shared: dict[frozenset[Any], frozenset[Any]] = {}

    def share(values: tuple[Any, ...]) -> frozenset[Any]:
        found = frozenset(values)
        return shared.setdefault(found, found)

    out = []
    for pk, name, park_id, park_name, code, above, established in rows:
        revenue_ttm, revenue_ytd, revenue_growth = numbers.get((pk, "revenue"), none)
        output_ttm, _output_ytd, output_growth = numbers.get((pk, "output"), none)
        if established not in years:
            years[established] = matching.years_between(established, today)
        out.append(
            matching.Profile(
                id=pk,
                name=name,
                park_id=park_id,
                park_name=park_name,
                industry_code=code,
                above_scale=above,
                tags=share(tags.get(pk, ())),
                chains=share(chains.get(pk, ())),
                revenue_ttm=revenue_ttm,
                revenue_ytd=revenue_ytd,
                revenue_growth=revenue_growth,
                output_ttm=output_ttm,
                output_growth=output_growth,
                years=years[established],
            )
        )
    return out


def _tags_and_chains(
    ids: QuerySet[Any],
) -> tuple[dict[int, tuple[str, ...]], dict[int, tuple[int, ...]]]:
    """Each enterprise's tag codes and chain ids (tuples: the frozensets are shared later)."""
    # Tag ids, their codes from the few tags: joined to the tag table, SQLite probes every
    # (tag, enterprise) pair when its statistics predate the tagging.
    codes = dict(Tag.objects.values_list("pk", "code"))
    tags: dict[int, tuple[str, ...]] = {}
    for eid, tag_id in Enterprise.tags.through.objects.filter(enterprise_id__in=ids).values_list(
        "enterprise_id", "tag_id"
    ):
        tags[eid] = (*tags.get(eid, ()), codes[tag_id])
    chains: dict[int, tuple[int, ...]] = {}
    for eid, cid in ChainMembership.objects.filter(enterprise_id__in=ids).values_list(
        "enterprise_id", "chain_id"
    ):
        chains[eid] = (*chains.get(eid, ()), cid)
    return tags, chains


def unit_names() -> dict[str, dict[str, str]]:
    from zoneops.core.models import Park
    from zoneops.enterprises.models import Chain, Tag

    return {
        "park": {str(pk): name for pk, name in Park.objects.values_list("pk", "name")},
        "chain": {str(pk): name for pk, name in Chain.objects.values_list("pk", "name")},
        "tag": dict(Tag.objects.values_list("code", "name")),
    }


# The choices' lazy labels by value. get_FOO_display() hashes every choice to look one up, and
# hashing a lazy label translates it: a hundred programs' labels cost more than their matching.
RULE_FIELDS = dict(RuleField.choices)
RULE_OPERATORS = dict(RuleOperator.choices)


def rule_label(rule: EligibilityRule, names: dict[str, dict[str, str]] | None = None) -> str:
    """A rule as an officer reads it: 所在园区 属于 东川工业园、南川工业园."""
    from django.utils.translation import gettext as _

    names = names if names is not None else unit_names()
    value = rule.value
    if rule.field in names:
        table = names[rule.field]
        value = "、".join(table.get(v, v) for v in matching.split_values(rule.value))
    elif rule.field == "scale":
        labels = {"above": _("规上"), "below": _("规下")}
        value = "、".join(labels.get(v, v) for v in matching.split_values(rule.value))
    field_label = RULE_FIELDS.get(rule.field, rule.field)
    return f"{field_label} {RULE_OPERATORS.get(rule.operator, rule.operator)} {value}"


def program_rules(
    program: FundingProgram, names: dict[str, dict[str, str]] | None = None
) -> list[matching.Rule]:
    rows = list(program.rules.all())
    if not rows:
        return []
    names = names if names is not None else unit_names()
    return [matching.parse(r.field, r.operator, r.value, label=rule_label(r, names)) for r in rows]


@dataclass
class MatchRow:
    profile: matching.Profile
    eligible: bool
    reasons: list[matching.Reason]
    application: Application | None = None


def program_matches(
    *, user: Any, program: FundingProgram, eligible_only: bool = False
) -> list[MatchRow]:
    """For one program: every visible enterprise, eligible first, each with its reasons."""
    names = unit_names()
    rules = program_rules(program, names)
    applied = {a.enterprise_id: a for a in application_list(user=user).filter(program=program)}
    rows = []
    for p in profiles(Enterprise.objects.visible_to(user)):
        reasons = matching.explain(rules, p, names)
        ok = all(r.passed for r in reasons)
        if eligible_only and not ok:
            continue
        rows.append(MatchRow(p, ok, reasons, applied.get(p.id)))
    rows.sort(key=lambda r: (not r.eligible, -sum(x.passed for x in r.reasons), r.profile.name))
    return rows


@dataclass
class EnterpriseMatch:
    program: FundingProgram
    eligible: bool
    reasons: list[matching.Reason]
    application: Application | None
    state: str

    @property
    def without_application(self) -> bool:
        """免申即享 candidate: qualifies and has not applied."""
        return self.eligible and self.application is None


def enterprise_matches(
    *,
    user: Any,
    enterprise: Enterprise,
    programs: Sequence[FundingProgram] | None = None,
    today: dt.date | None = None,
) -> list[EnterpriseMatch]:
    """For one (visible) enterprise: every program with whether it qualifies and why."""
    today = today or timezone.localdate()
    found = profiles(Enterprise.objects.visible_to(user).filter(pk=enterprise.pk), today=today)
    if not found:
        return []
    profile = found[0]
    if programs is None:
        programs = list(FundingProgram.objects.visible_to(user).prefetch_related("rules"))
    applied = {a.program_id: a for a in application_list(user=user).filter(enterprise=enterprise)}
    names = unit_names()
    out = []
    for program in programs:
        reasons = matching.explain(program_rules(program, names), profile, names)
        out.append(
            EnterpriseMatch(
                program=program,
                eligible=all(r.passed for r in reasons),
                reasons=reasons,
                application=applied.get(program.pk),
                state=window_state(program, today),
            )
        )
    order = {"open": 0, "upcoming": 1, "closed": 2}
    out.sort(key=lambda m: (not m.eligible, order[m.state], m.program.closes_on))
    return out


def full_rematch(*, user: Any, today: dt.date | None = None) -> dict[int, set[int]]:
    """Every program's eligible enterprises among those the user may see."""
    programs = FundingProgram.objects.visible_to(user).prefetch_related("rules")
    names = unit_names()
    rules = {p.pk: program_rules(p, names) for p in programs}
    return matching.rematch(rules, profiles(Enterprise.objects.visible_to(user), today=today))


# ---------------------------------------------------------------- applications


@dataclass
class ApplicationFilter:
    program: int | None = None
    status: str = ""
    park: int | None = None
    q: str = ""


def application_list(
    *, user: Any, filters: ApplicationFilter | None = None
) -> QuerySet[Application]:
    apps = Application.objects.visible_to(user).select_related(
        "enterprise", "enterprise__park", "program"
    )
    f = filters or ApplicationFilter()
    if f.program:
        apps = apps.filter(program_id=f.program)
    if f.status:
        apps = apps.filter(status=f.status)
    if f.park:
        apps = apps.filter(enterprise__park_id=f.park)
    if f.q:
        apps = apps.filter(Q(enterprise__name__icontains=f.q) | Q(program__name__icontains=f.q))
    return apps


TOTALS_BY = {
    "program": ("program_id", "program__name"),
    "park": ("enterprise__park_id", "enterprise__park__name"),
    "chain": (
        "enterprise__chain_memberships__chain_id",
        "enterprise__chain_memberships__chain__name",
    ),
}


def application_totals(*, user: Any, by: str = "program") -> list[dict[str, Any]]:
    """Requested, approved and disbursed amounts per program, park or chain (an enterprise in
    two chains counts in both)."""
    key, label = TOTALS_BY[by]
    rows = (
        application_list(user=user)
        .order_by()
        .values(key, label)
        .annotate(
            n=Count("pk"),
            n_approved=Count("pk", filter=Q(status=ApplicationStatus.APPROVED)),
            requested=Sum("amount_requested"),
            approved=Sum("amount_approved"),
            disbursed=Sum("amount_disbursed"),
        )
        .order_by("-approved", label)
    )
    return [
        {
            "key": r[key],
            "label": r[label] or "—",
            "n": r["n"],
            "n_approved": r["n_approved"],
            "requested": r["requested"] or Decimal(0),
            "approved": r["approved"] or Decimal(0),
            "disbursed": r["disbursed"] or Decimal(0),
        }
        for r in rows
    ]


# ---------------------------------------------------------------- difficulties


def difficulty_list(
    *, user: Any, status: str = "", stage: str = "", department: int | None = None, q: str = ""
) -> QuerySet[Difficulty]:
    items = Difficulty.objects.visible_to(user).select_related(
        "enterprise", "enterprise__park", "department"
    )
    if status:
        items = items.filter(status=status)
    if stage:
        items = items.filter(stage=stage)
    if department:
        items = items.filter(department_id=department)
    if q:
        items = items.filter(Q(title__icontains=q) | Q(enterprise__name__icontains=q))
    return items


# ---------------------------------------------------------------- cultivation


def pool_list(*, user: Any) -> QuerySet[CultivationPool]:
    members = membership_list(user=user)
    return CultivationPool.objects.visible_to(user).annotate(
        n_cultivating=Count(
            "members",
            filter=Q(members__in=members, members__status=MembershipStatus.CULTIVATING),
        ),
        n_achieved=Count(
            "members", filter=Q(members__in=members, members__status=MembershipStatus.ACHIEVED)
        ),
    )


def membership_list(
    *,
    user: Any,
    pool: CultivationPool | None = None,
    status: str = "",
    enterprise: Enterprise | None = None,
) -> QuerySet[PoolMembership]:
    items = PoolMembership.objects.visible_to(user).select_related(
        "pool", "enterprise", "enterprise__park", "officer"
    )
    if pool is not None:
        items = items.filter(pool=pool)
    if status:
        items = items.filter(status=status)
    if enterprise is not None:
        items = items.filter(enterprise=enterprise)
    return items


@dataclass
class MemberProgress:
    membership: PoolMembership
    figures: Figures
    threshold: Decimal | None

    @property
    def value(self) -> Decimal | None:
        f = self.figures.revenue or self.figures.output
        return f.ytd if f else None

    @property
    def projection(self) -> Decimal | None:
        f = self.figures.revenue or self.figures.output
        return f.projection if f else None

    @property
    def progress(self) -> Decimal | None:
        """This year's projection as a percentage of the pool's threshold."""
        if self.projection is None or not self.threshold:
            return None
        return (self.projection / self.threshold * 100).quantize(Decimal("0.1"))


def pool_progress(*, user: Any, pool: CultivationPool, status: str = "") -> list[MemberProgress]:
    members = list(membership_list(user=user, pool=pool, status=status))
    figures = latest_figures([m.enterprise_id for m in members])
    return [
        MemberProgress(m, figures.get(m.enterprise_id, Figures()), pool.threshold) for m in members
    ]


ABOVE_SCALE_LINE = Decimal(20_000_000)  # 2000万元: main-business revenue of an above-size unit
TIERS = (
    (PoolKind.TIER_1B, Decimal(1_000_000_000)),
    (PoolKind.TIER_5B, Decimal(5_000_000_000)),
    (PoolKind.TIER_10B, Decimal(10_000_000_000)),
)


@dataclass
class Candidate:
    enterprise: Enterprise
    pool_kind: str
    threshold: Decimal
    basis: str  # "revenue" or "output"
    period: str
    ytd: Decimal | None
    last_ytd: Decimal | None
    last_full_year: Decimal | None
    ttm: Decimal | None
    projection: Decimal | None
    why: list[str] = field(default_factory=list)

    @property
    def gap(self) -> Decimal | None:
        return None if self.ttm is None else self.threshold - self.ttm


def cultivation_candidates(
    *, user: Any, distance: Decimal = Decimal(5_000_000), kind: str = ""
) -> list[Candidate]:
    """Enterprises the data says are close to a threshold, with the figures behind it.

    入统培育: not above-size, and trailing-twelve-month revenue within ``distance`` below
    2000万元 or this year's projection reaching it. Tiers: trailing figure below the next
    tier and the projection reaching it. Enterprises already cultivated in that pool are left
    out."""
    from django.utils.translation import gettext as _

    operating = Enterprise.objects.visible_to(user).filter(status=EnterpriseStatus.OPERATING)
    enterprises = {e.pk: e for e in operating.select_related("park", "industry")}
    in_pool = set(
        PoolMembership.objects.filter(status=MembershipStatus.CULTIVATING).values_list(
            "pool__kind", "enterprise_id"
        )
    )
    out: list[Candidate] = []
    for eid, figs in latest_figures(operating.values("pk")).items():
        enterprise = enterprises[eid]
        basis, fig = ("revenue", figs.revenue) if figs.revenue else ("output", figs.output)
        if fig is None or fig.ytd is None:
            continue
        ttm, projection = fig.ttm, fig.projection
        kinds: list[tuple[str, Decimal, list[str]]] = []
        if not enterprise.is_above_scale:
            why = []
            if ttm is not None and ABOVE_SCALE_LINE - distance <= ttm < ABOVE_SCALE_LINE:
                why.append(_("近12个月距2000万元不足%(d)s万元") % {"d": distance / WAN})
            if ttm is not None and ttm >= ABOVE_SCALE_LINE:
                why.append(_("近12个月已达2000万元"))
            if projection is not None and projection >= ABOVE_SCALE_LINE:
                why.append(_("预计本年达到2000万元"))
            if why:
                kinds.append((PoolKind.ABOVE_SCALE, ABOVE_SCALE_LINE, why))
        else:
            current = ttm if ttm is not None else fig.ytd
            for tier, line in TIERS:
                if current < line:
                    if projection is not None and projection >= line:
                        kinds.append((tier, line, [_("预计本年跨过下一档")]))
                    break
        for pool_kind, line, why in kinds:
            if (kind and pool_kind != kind) or (pool_kind, eid) in in_pool:
                continue
            out.append(
                Candidate(
                    enterprise=enterprise,
                    pool_kind=pool_kind,
                    threshold=line,
                    basis=basis,
                    period=fig.period,
                    ytd=fig.ytd,
                    last_ytd=fig.last_ytd,
                    last_full_year=fig.last_full_year,
                    ttm=ttm,
                    projection=projection,
                    why=why,
                )
            )
    out.sort(
        key=lambda c: (c.pool_kind, c.gap if c.gap is not None else Decimal(0), c.enterprise.name)
    )
    return out


# ---------------------------------------------------------------- notices & dashboard


def notices_for(*, user: Any) -> QuerySet[Notice]:
    return Notice.objects.visible_to(user)


def support_summary(*, user: Any, today: dt.date | None = None) -> dict[str, Any]:
    today = today or timezone.localdate()
    programs = FundingProgram.objects.visible_to(user)
    apps = application_list(user=user)
    money = apps.aggregate(
        approved=Sum("amount_approved"),
        disbursed=Sum("amount_disbursed"),
        requested=Sum("amount_requested"),
    )
    return {
        "open_programs": programs.filter(opens_on__lte=today, closes_on__gte=today).count(),
        "closing_soon": programs.filter(
            closes_on__gte=today, closes_on__lte=today + dt.timedelta(days=7), opens_on__lte=today
        ).count(),
        "applications": apps.count(),
        "approved": money["approved"] or Decimal(0),
        "disbursed": money["disbursed"] or Decimal(0),
        "requested": money["requested"] or Decimal(0),
        "open_difficulties": difficulty_list(user=user).exclude(status="resolved").count(),
        "cultivating": membership_list(user=user, status=MembershipStatus.CULTIVATING).count(),
        "achieved_this_year": membership_list(user=user, status=MembershipStatus.ACHIEVED)
        .filter(ended_on__year=today.year)
        .count(),
    }


def home_panel(*, user: Any, today: dt.date | None = None) -> dict[str, Any]:
    """What the home page shows of enterprise services: unread notices for everyone; for an
    enterprise user, the open windows it qualifies for (applied or not) and other open ones."""
    today = today or timezone.localdate()
    panel: dict[str, Any] = {
        "notices": list(notices_for(user=user).filter(read_at__isnull=True)[:5])
    }
    enterprise_id = getattr(user, "enterprise_id", None)
    if enterprise_id and getattr(user, "role", "") == "enterprise":
        enterprise = Enterprise.objects.visible_to(user).filter(pk=enterprise_id).first()
        if enterprise is not None:
            matches = enterprise_matches(user=user, enterprise=enterprise, today=today)
            panel["enterprise_id"] = enterprise.pk
            panel["matches"] = [m for m in matches if m.eligible and m.state != "closed"]
            panel["open_other"] = [m for m in matches if not m.eligible and m.state == "open"][:5]
    return panel
