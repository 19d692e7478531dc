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
from operator import attrgetter

from django.utils.translation import gettext as _

from zoneops.core.units import format_money

LIST_FIELDS = frozenset({"park", "industry", "scale", "tag", "chain"})
# The list fields whose values an officer picks from named items (the rest are typed).
CHOICE_FIELDS = LIST_FIELDS - {"industry"}
MONEY_FIELDS = frozenset({"revenue_ttm", "output_ttm", "revenue_ytd"})
NUMBER_FIELDS = MONEY_FIELDS | {"revenue_growth", "output_growth", "years"}
WAN = Decimal(10_000)
# The names of the items a rule lists, by field and value (queries.unit_names()).
Names = Mapping[str, Mapping[str, str]]


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
            return (
                _("请至少选择一项")
                if field_name in CHOICE_FIELDS
                else _("请填写至少一个行业代码，多个用逗号分隔")
            )
        if field_name == "scale" and not set(split_values(value)) <= {"above", "below"}:
            return _("规模只能选择规上或规下")
        if field_name in ("park", "chain") and not all(v.isdigit() for v in split_values(value)):
            return _("请从列表中选择")
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
        return bool(actual >= rule.number if rule.operator == "gte" else actual <= rule.number)
    return hit if rule.operator == "in" else not hit


def actual_text(rule: Rule, p: Profile, names: Names | None = None) -> str:
    """The enterprise's own value for a rule, as a reason shows it: tags and chains by name
    (``names``: {"tag": {code: name}, "chain": {id: name}}), never by code."""
    names = names or {}
    if rule.field == "park":
        return p.park_name or names.get("park", {}).get(str(p.park_id), "")
    if rule.field == "industry":
        return p.industry_code
    if rule.field == "scale":
        return _("规上") if p.above_scale else _("规下")
    if rule.field == "tag":
        tags = names.get("tag", {})
        return "、".join(tags[t] for t in sorted(p.tags) if t in tags) or _("无")
    if rule.field == "chain":
        chains = names.get("chain", {})
        return "、".join(chains[str(c)] for c in sorted(p.chains) if str(c) in chains) or _("无")
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


def explain(rules: Sequence[Rule], p: Profile, names: Names | None = None) -> list[Reason]:
    """Every rule with whether the enterprise passed it and its own value."""
    return [Reason(rule, holds(rule, p), actual_text(rule, p, names)) for rule in rules]


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
    # Per number field: the values in whole cents, ascending, and the ids in the same order;
    # and each id's value, to narrow a few survivors without slicing the whole column.
    sorted_values: dict[str, tuple[list[int], list[int]]] = field(default_factory=dict)
    cents: dict[str, dict[int, int]] = field(default_factory=dict)

    @classmethod
    def build(cls, profiles: Sequence[Profile]) -> Index:
        index = cls(profiles=profiles, all_ids=frozenset([p.id for p in profiles]))
        parks: dict[int, set[int]] = defaultdict(set)
        scale: dict[str, set[int]] = {"above": set(), "below": set()}
        tags: dict[str, set[int]] = defaultdict(set)
        chains: dict[int, set[int]] = defaultdict(set)
        industry: dict[str, set[int]] = defaultdict(set)
        for p in profiles:
            i = p.id
            parks[p.park_id].add(i)
            scale["above" if p.above_scale else "below"].add(i)
            for tag in p.tags:
                tags[tag].add(i)
            for chain in p.chains:
                chains[chain].add(i)
            industry[p.industry_code].add(i)
        index.by_value = {
            "park": {str(k): ids for k, ids in parks.items()},
            "scale": scale,
            "tag": dict(tags),
            "chain": {str(k): ids for k, ids in chains.items()},
        }
        index.by_industry = dict(industry)
        for name in NUMBER_FIELDS:
            value_of = attrgetter(name)
            # Whole cents as int: exact for stored amounts, and sorting and bisecting ints is
            # several times faster than Decimals.
            column = {p.id: int(v * 100) for p in profiles if (v := value_of(p)) is not None}
            ids = sorted(column, key=column.__getitem__)
            index.sorted_values[name] = ([column[i] for i in ids], ids)
            index.cents[name] = column
        return index

    def _span(self, rule: Rule) -> tuple[int, int]:
        """Where the values passing a number rule lie in its sorted column."""
        values = self.sorted_values[rule.field][0]
        least, most = _cents_range(rule)
        return bisect.bisect_left(values, least), bisect.bisect_right(values, most)

    def _hits(self, rule: Rule) -> list[set[int]]:
        """For a list rule: the id sets of the values it names (before 不属于 negates them)."""
        if rule.field == "industry":
            prefixes = tuple(rule.items)
            return [ids for code, ids in self.by_industry.items() if code.startswith(prefixes)]
        table = self.by_value[rule.field]
        return [table[item] for item in rule.items if item in table]

    def _size(self, rule: Rule) -> int:
        """How many pass ``rule``, or about (overlapping tags count twice)."""
        if rule.field in NUMBER_FIELDS:
            low, high = self._span(rule)
            return max(high - low, 0)
        named = sum(len(ids) for ids in self._hits(rule))
        return named if rule.operator == "in" else max(len(self.all_ids) - named, 0)

    def passing(self, rule: Rule) -> set[int]:
        """The ids of the profiles that pass ``rule``."""
        if rule.field in NUMBER_FIELDS:
            low, high = self._span(rule)
            return set(self.sorted_values[rule.field][1][low:high])
        hits = self._hits(rule)
        return set().union(*hits) if rule.operator == "in" else set(self.all_ids).difference(*hits)

    def _narrow(self, ids: set[int], rule: Rule) -> set[int]:
        """Those of ``ids`` that also pass ``rule``: work in proportion to the survivors."""
        if rule.field in NUMBER_FIELDS:
            low, high = self._span(rule)
            if high - low <= 4 * len(ids):
                return ids.intersection(self.sorted_values[rule.field][1][low:high])
            column, (least, most) = self.cents[rule.field], _cents_range(rule)
            return {i for i in ids if i in column and least <= column[i] <= most}
        hits = self._hits(rule)
        if rule.operator == "in":
            return ids.intersection(*hits) if len(hits) == 1 else ids & set().union(*hits)
        return ids.difference(*hits)

    def eligible(self, rules: Iterable[Rule]) -> set[int]:
        """Ids passing every rule (a program without rules is open to every enterprise).

        The rule that lets the fewest through goes first; each further one only narrows what
        is left."""
        ordered = sorted(rules, key=self._size)
        if not ordered:
            return set(self.all_ids)
        result = self.passing(ordered[0])
        for rule in ordered[1:]:
            if not result:
                break
            result = self._narrow(result, rule)
        return result


def _cents_range(rule: Rule) -> tuple[float, float]:
    """The values in whole cents that pass a number rule, least and most (inclusive)."""
    if rule.number is None:
        return math.inf, -math.inf  # nothing passes
    cents = rule.number * 100
    if rule.operator == "gte":
        return math.ceil(cents), math.inf
    return -math.inf, math.floor(cents)


def rematch(
    programs: Mapping[int, Sequence[Rule]], profiles: Sequence[Profile]
) -> dict[int, set[int]]:
    """A full re-match: for each program id, the ids of the eligible enterprises."""
    index = Index.build(profiles)
    return {pid: index.eligible(rules) for pid, rules in programs.items()}


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
