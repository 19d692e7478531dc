"""Matching funding programs to enterprises.

An enterprise is reduced to a :class:`Profile` (registry fields plus the figures of
zoneops/support/figures.py). A program's rules are compiled once; each rule answers two
questions: *does this profile pass?* (:func:`holds`, used for one enterprise's reasons) and
*which enterprises pass?* (:meth:`Index.passing`, set operations over prebuilt indexes, used
for a full re-match). Both read the same parsed rule, and the tests check they agree.
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from zoneops.core.units import format_money

LIST_FIELDS = frozenset({"park", "industry", "scale", "tag", "chain"})
MONEY_FIELDS = frozenset({"revenue_ttm", "output_ttm", "revenue_ytd"})
NUMBER_FIELDS = MONEY_FIELDS | {"revenue_growth", "output_growth", "years"}
WAN = Decimal(10_000)


@dataclass(slots=True)
class Profile:
    """What the rules can see of one enterprise. Money in 元."""

    id: int
    name: str
    park_id: int
    industry_code: str
    above_scale: bool
    tags: frozenset[str] = frozenset()
    chains: frozenset[int] = frozenset()
    revenue_ttm: Decimal | None = None
    output_ttm: Decimal | None = None
    revenue_ytd: Decimal | None = None
    revenue_growth: Decimal | None = None
    output_growth: Decimal | None = None
    years: Decimal | None = None
    park_name: str = ""


@dataclass(frozen=True, slots=True)
class Rule:
    """A parsed rule: ``items`` for list operators, ``number`` (元 for money) for comparisons."""

    field: str
    operator: str
    items: frozenset[str] = frozenset()
    number: Decimal | None = None
    label: str = ""


def rule_problem(field_name: str, operator: str, value: str) -> str:
    """Why a rule's value cannot be used, or '' when it can (the model's clean() shows it)."""
    if field_name in LIST_FIELDS:
        if operator not in ("in", "not_in"):
            return _("该条件项只能选择“属于”或“不属于”")
        if not split_values(value):
            return _("请填写至少一个取值，多个用逗号分隔")
        if field_name == "scale" and not set(split_values(value)) <= {"above", "below"}:
            return _("规模的取值为 above（规上）或 below（规下）")
        if field_name in ("park", "chain") and not all(v.isdigit() for v in split_values(value)):
            return _("请填写编号，多个用逗号分隔")
        return ""
    if field_name in NUMBER_FIELDS:
        if operator not in ("gte", "lte"):
            return _("数值条件只能选择“不低于”或“不高于”")
        if _number(value) is None:
            return _("请填写一个数字")
        return ""
    return _("未知的条件项")


def split_values(value: str) -> list[str]:
    return [v.strip() for v in value.replace("，", ",").replace("、", ",").split(",") if v.strip()]


def _number(value: str) -> Decimal | None:
    try:
        number = Decimal(value.strip())
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def parse(field_name: str, operator: str, value: str, label: str = "") -> Rule:
    if field_name in NUMBER_FIELDS:
        number = _number(value) or Decimal(0)
        if field_name in MONEY_FIELDS:
            number *= WAN
        return Rule(field_name, operator, number=number, label=label)
    return Rule(field_name, operator, items=frozenset(split_values(value)), label=label)


def _values_of(rule: Rule, p: Profile) -> frozenset[str]:
    if rule.field == "park":
        return frozenset({str(p.park_id)})
    if rule.field == "scale":
        return frozenset({"above" if p.above_scale else "below"})
    if rule.field == "tag":
        return p.tags
    if rule.field == "chain":
        return frozenset(str(c) for c in p.chains)
    return frozenset()


def holds(rule: Rule, p: Profile) -> bool:
    """Does one enterprise pass one rule? Missing figures never pass a comparison."""
    if rule.field == "industry":
        hit = any(p.industry_code.startswith(prefix) for prefix in rule.items)
    elif rule.field in LIST_FIELDS:
        hit = bool(_values_of(rule, p) & rule.items)
    else:
        actual = getattr(p, rule.field)
        if actual is None or rule.number is None:
            return False
        return actual >= rule.number if rule.operator == "gte" else actual <= rule.number
    return hit if rule.operator == "in" else not hit


def actual_text(rule: Rule, p: Profile) -> str:
    """The enterprise's own value for a rule, as a reason shows it."""
    if rule.field == "park":
        return p.park_name or str(p.park_id)
    if rule.field == "industry":
        return p.industry_code
    if rule.field == "scale":
        return _("规上") if p.above_scale else _("规下")
    if rule.field == "tag":
        return "、".join(sorted(p.tags)) or _("无")
    if rule.field == "chain":
        return "、".join(str(c) for c in sorted(p.chains)) or _("无")
    actual = getattr(p, rule.field)
    if actual is None:
        return _("无数据")
    if rule.field in MONEY_FIELDS:
        return format_money(actual, "万元")
    if rule.field == "years":
        return _("%(n)s年") % {"n": f"{actual:.1f}"}
    return f"{actual:.1f}%"


@dataclass
class Reason:
    rule: Rule
    passed: bool
    actual: str


def explain(rules: Sequence[Rule], p: Profile) -> list[Reason]:
    """Every rule with whether the enterprise passed it and its own value."""
    return [Reason(rule, holds(rule, p), actual_text(rule, p)) for rule in rules]


def first_failure(rules: Sequence[Rule], p: Profile) -> Rule | None:
    for rule in rules:
        if not holds(rule, p):
            return rule
    return None


@dataclass
class Index:
    """Lookups over many profiles, built once per re-match: a rule becomes set operations."""

    profiles: Sequence[Profile]
    all_ids: frozenset[int] = frozenset()
    by_value: dict[str, dict[str, set[int]]] = field(default_factory=dict)
    by_industry: dict[str, set[int]] = field(default_factory=dict)
    sorted_values: dict[str, tuple[list[int], list[int]]] = field(default_factory=dict)

    @classmethod
    def build(cls, profiles: Sequence[Profile]) -> Index:
        index = cls(profiles=profiles, all_ids=frozenset(p.id for p in profiles))
        lists: dict[str, dict[str, set[int]]] = {
            name: defaultdict(set) for name in ("park", "scale", "tag", "chain")
        }
        industry: dict[str, set[int]] = defaultdict(set)
        numbers: dict[str, list[tuple[int, int]]] = {name: [] for name in NUMBER_FIELDS}
        for p in profiles:
            lists["park"][str(p.park_id)].add(p.id)
            lists["scale"]["above" if p.above_scale else "below"].add(p.id)
            for tag in p.tags:
                lists["tag"][tag].add(p.id)
            for chain in p.chains:
                lists["chain"][str(chain)].add(p.id)
            industry[p.industry_code].add(p.id)
            for name in NUMBER_FIELDS:
                value = getattr(p, name)
                if value is not None:
                    # Whole cents as int: exact for stored amounts, and sorting and bisecting
                    # ints is several times faster than Decimals.
                    numbers[name].append((int(value * 100), p.id))
        index.by_value = lists
        index.by_industry = industry
        for name, pairs in numbers.items():
            pairs.sort()
            index.sorted_values[name] = ([v for v, _ in pairs], [i for _, i in pairs])
        return index

    def passing(self, rule: Rule) -> set[int] | frozenset[int]:
        """The ids of the profiles that pass ``rule``."""
        if rule.field in NUMBER_FIELDS:
            values, ids = self.sorted_values[rule.field]
            if rule.number is None:
                return set()
            cents = rule.number * 100
            if rule.operator == "gte":
                return set(ids[bisect.bisect_left(values, math.ceil(cents)) :])
            return set(ids[: bisect.bisect_right(values, math.floor(cents))])
        hit: set[int] = set()
        if rule.field == "industry":
            for code, ids_ in self.by_industry.items():
                if any(code.startswith(prefix) for prefix in rule.items):
                    hit |= ids_
        else:
            table = self.by_value[rule.field]
            for item in rule.items:
                hit |= table.get(item, set())
        return hit if rule.operator == "in" else self.all_ids - hit

    def eligible(self, rules: Iterable[Rule]) -> set[int] | frozenset[int]:
        """Ids passing every rule (a program without rules is open to every enterprise)."""
        result: set[int] | frozenset[int] = self.all_ids
        for rule in sorted(rules, key=lambda r: r.field in LIST_FIELDS):
            result = result & self.passing(rule)
            if not result:
                break
        return result


def rematch(
    programs: Mapping[int, Sequence[Rule]], profiles: Sequence[Profile]
) -> dict[int, set[int]]:
    """A full re-match: for each program id, the ids of the eligible enterprises."""
    index = Index.build(profiles)
    return {pid: set(index.eligible(rules)) for pid, rules in programs.items()}


def rematch_naive(
    programs: Mapping[int, Sequence[Rule]], profiles: Sequence[Profile]
) -> dict[int, set[int]]:
    """The obvious loop (program × enterprise × rule): the benchmark's peer and the tests'
    oracle for :func:`rematch`."""
    return {
        pid: {p.id for p in profiles if first_failure(rules, p) is None}
        for pid, rules in programs.items()
    }


def years_between(start: dt.date | None, today: dt.date) -> Decimal | None:
    if start is None:
        return None
    return (Decimal((today - start).days) / Decimal("365.25")).quantize(Decimal("0.01"))
