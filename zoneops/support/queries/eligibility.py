"""Which enterprises a funding program fits: the enterprises' profiles, the programs' rules in
words, the matches both ways."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from zoneops.core.models import Park, User
from zoneops.enterprises.models import Chain, ChainMembership, Enterprise, EnterpriseStatus, Tag
from zoneops.support import matching
from zoneops.support.figures import each_latest_figure
from zoneops.support.models import (
    Application,
    EligibilityRule,
    FundingProgram,
    RuleField,
    RuleOperator,
)
from zoneops.support.queries.programs import application_list, window_state


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
    *, user: User, program: FundingProgram, eligible_only: bool = False
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
    user: User,
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


def full_rematch(*, user: User, today: dt.date | None = None) -> dict[int, set[int]]:
    """Every program's eligible enterprises among those the user may see."""
    programs = FundingProgram.objects.visible_to(user).prefetch_related("rules")
    names = unit_names()
    rules = {p.pk: program_rules(p, names) for p in programs}
    return matching.rematch(rules, profiles(Enterprise.objects.visible_to(user), today=today))


def rules_problem(rows: Sequence[dict[str, str]]) -> str:
    """Why a list of rules (``{"field", "operator", "value"}``, as another app stores them)
    cannot be used, naming the rule; '' when every rule can. The same checks as a program's
    rules."""
    for number, row in enumerate(rows, start=1):
        field_name, operator, value = (str(row.get(k, "")) for k in ("field", "operator", "value"))
        if field_name not in RULE_FIELDS:
            return _("第%(n)s条条件：未知的条件项") % {"n": number}
        problem = matching.rule_problem(field_name, operator, value)
        if problem:
            return _("第%(n)s条条件（%(field)s）：%(problem)s") % {
                "n": number,
                "field": RULE_FIELDS[field_name],
                "problem": problem,
            }
    return ""


def rule_labels(
    rows: Sequence[dict[str, str]], names: dict[str, dict[str, str]] | None = None
) -> list[str]:
    """Rules stored by another app, in words (as :func:`rule_label` says a program's)."""
    names = names if names is not None else unit_names()
    return [
        rule_label(
            EligibilityRule(field=r["field"], operator=r["operator"], value=r["value"]), names
        )
        for r in rows
    ]


def match_rules(
    rows: Sequence[dict[str, str]],
    enterprises: QuerySet[Enterprise],
    *,
    today: dt.date | None = None,
) -> dict[int, tuple[bool, list[matching.Reason]]]:
    """Other apps' conditions over enterprise data (a bank product's 准入条件), judged by the
    funding programs' engine: for each (operating) enterprise of ``enterprises`` (the caller
    scopes them), whether it passes every rule and each rule's reason (the rule in words, passed
    or not, the enterprise's own value)."""
    names = unit_names()
    rules = [
        matching.parse(r["field"], r["operator"], r["value"], label=label)
        for r, label in zip(rows, rule_labels(rows, names), strict=True)
    ]
    out = {}
    for p in profiles(enterprises, today=today):
        reasons = matching.explain(rules, p, names)
        out[p.id] = (all(r.passed for r in reasons), reasons)
    return out
