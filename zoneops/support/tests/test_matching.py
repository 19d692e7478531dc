"""The matching engine: rules, reasons, and the indexed re-match agreeing with the naive one."""

from __future__ import annotations

import random
from decimal import Decimal

import pytest

from zoneops.support import matching
from zoneops.support.matching import Profile, parse


def _profile(i: int, **kw: object) -> Profile:
    base: dict[str, object] = {
        "id": i,
        "name": f"企业{i}",
        "park_id": 1,
        "industry_code": "3841",
        "above_scale": True,
    }
    base.update(kw)
    return Profile(**base)  # type: ignore[arg-type]


def test_money_rules_are_typed_in_wan_and_compared_in_yuan():
    rule = parse("revenue_ttm", "gte", "2000")
    assert rule.number == Decimal("20000000")
    assert matching.holds(rule, _profile(1, revenue_ttm=Decimal("20000000")))
    assert not matching.holds(rule, _profile(2, revenue_ttm=Decimal("19999999")))
    assert not matching.holds(rule, _profile(3, revenue_ttm=None)), "no data never passes"


def test_industry_rule_matches_code_prefixes():
    rule = parse("industry", "in", "38, 26")
    assert matching.holds(rule, _profile(1, industry_code="3841"))
    assert matching.holds(rule, _profile(2, industry_code="2614"))
    assert not matching.holds(rule, _profile(3, industry_code="1311"))
    assert matching.holds(parse("industry", "not_in", "38"), _profile(4, industry_code="1311"))


def test_reasons_name_each_rule_and_the_enterprises_value():
    rules = [parse("scale", "in", "above", label="规模 属于 above"), parse("years", "gte", "3")]
    reasons = matching.explain(rules, _profile(1, above_scale=False, years=Decimal("5.2")))
    assert [r.passed for r in reasons] == [False, True]
    assert reasons[0].actual == "规下"
    assert reasons[1].actual == "5.2年"


@pytest.mark.parametrize(
    ("field", "operator", "value", "ok"),
    [
        ("park", "in", "1,2", True),
        ("park", "gte", "1", False),
        ("park", "in", "东川", False),
        ("scale", "in", "big", False),
        ("revenue_ttm", "gte", "abc", False),
        ("revenue_ttm", "in", "10", False),
        ("revenue_growth", "gte", "-5", True),
        ("tag", "in", "", False),
    ],
)
def test_rule_values_are_checked(field, operator, value, ok):
    assert (matching.rule_problem(field, operator, value) == "") is ok


def test_indexed_rematch_agrees_with_the_naive_loop():
    rng = random.Random(7)
    profiles = [
        _profile(
            i,
            park_id=rng.choice([1, 2, 3]),
            industry_code=rng.choice(["3841", "2614", "1311", "3985"]),
            above_scale=rng.random() < 0.5,
            tags=frozenset(
                rng.sample(["high-tech", "specialised", "chain-owner"], rng.randint(0, 2))
            ),
            chains=frozenset(rng.sample([1, 2], rng.randint(0, 1))),
            revenue_ttm=None if rng.random() < 0.2 else Decimal(rng.randint(0, 10**9)),
            revenue_growth=None if rng.random() < 0.2 else Decimal(rng.randint(-30, 60)),
            years=Decimal(rng.randint(0, 30)),
        )
        for i in range(400)
    ]
    fields = [
        ("park", "in", "1,3"),
        ("park", "not_in", "2"),
        ("industry", "in", "38,26"),
        ("scale", "in", "above"),
        ("tag", "in", "high-tech"),
        ("tag", "not_in", "chain-owner"),
        ("chain", "in", "2"),
        ("revenue_ttm", "gte", "20000"),
        ("revenue_ttm", "lte", "50000"),
        ("revenue_growth", "gte", "10"),
        ("years", "gte", "3"),
    ]
    programs = {
        pid: [parse(*rng.choice(fields)) for _ in range(rng.randint(0, 4))] for pid in range(60)
    }
    fast = matching.rematch(programs, profiles)
    slow = matching.rematch_naive(programs, profiles)
    assert fast == slow
    # Not a vacuous agreement: the programs select very different sets.
    assert len({len(ids) for ids in fast.values()}) > 20


def test_index_compares_amounts_to_the_cent_like_the_rule():
    values = ["19999999.99", "20000000.00", "20000000.01", "19999999.995"]
    profiles = [_profile(i, revenue_ttm=Decimal(v)) for i, v in enumerate(values)]
    for rule in (parse("revenue_ttm", "gte", "2000"), parse("revenue_ttm", "lte", "2000")):
        fast = matching.Index.build(profiles).passing(rule)
        assert fast == {p.id for p in profiles if matching.holds(rule, p)}
    assert matching.Index.build(profiles).passing(parse("revenue_ttm", "gte", "2000")) == {1, 2}
