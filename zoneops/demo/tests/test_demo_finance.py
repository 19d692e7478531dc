"""The demo's finance year: two bank logins of different banks, products, needs of enterprises
of every size, cases in every state (refusals with reasons), two sessions partly disbursed; and
the statistics agree with a count made here, independently, over the same records."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import override_settings

from zoneops.core.models import User
from zoneops.demo.builder import REGISTRY_STEPS, DemoContext
from zoneops.demo.finance import build_finance
from zoneops.demo.tests.building import FAST_HASHER
from zoneops.finance import queries
from zoneops.finance.models import (
    Breach,
    Disbursement,
    LoanCase,
    Need,
    Product,
    Session,
    Stage,
)

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 12, 6)


@pytest.fixture
def demo() -> DemoContext:
    with override_settings(PASSWORD_HASHERS=FAST_HASHER):
        ctx = DemoContext(seed=2024, today=TODAY)
        for step in REGISTRY_STEPS:
            step(ctx)
        build_finance(ctx)
    return ctx


def test_the_demo_has_a_realistic_finance_year(demo):
    bank, bank2 = User.objects.get(username="bank"), User.objects.get(username="bank2")
    assert bank.bank_id != bank2.bank_id
    assert Product.objects.values("bank").distinct().count() >= 2
    assert Product.objects.filter(review="pending").exists()
    needs = Need.objects.all()
    assert needs.filter(enterprise__is_above_scale=True).exists()
    assert needs.filter(enterprise__is_above_scale=False).exists()
    assert not needs.filter(published_on__gt=TODAY).exists()
    stages = set(LoanCase.objects.values_list("stage", flat=True))
    assert {Stage.PUSHED, Stage.ACCEPTED, Stage.CREDITED, Stage.DISBURSED, Stage.REFUSED} <= stages
    assert not LoanCase.objects.filter(stage=Stage.REFUSED, refusal_reason="").exists()
    assert LoanCase.objects.filter(steps__skipped=True).exists()  # online loans
    assert Disbursement.objects.values("case").distinct().count() < Disbursement.objects.count()
    assert Breach.objects.exists()
    officer = User.objects.get(username="finance")
    sessions = list(Session.objects.all())
    assert len(sessions) == 2
    for session in sessions:
        landing = queries.session_landing(session, user=officer, today=TODAY)
        assert landing.count > 0
        assert 0 < landing.disbursed < landing.signed, (
            session.name,
            landing.disbursed,
            landing.signed,
        )
    # Each demo bank has work, and sees only its own.
    for user in (bank, bank2):
        cases = queries.case_list(user=user)
        assert cases.exists()
        assert set(cases.values_list("bank_id", flat=True)) == {user.bank_id}


def test_the_statistics_agree_with_an_independent_count(demo):
    officer = User.objects.get(username="finance")
    start, end = TODAY - dt.timedelta(days=365), TODAY
    stats = queries.statistics(user=officer, start=start, end=end)
    needs = [n for n in Need.objects.all() if start <= n.published_on <= end]
    cases = [c for c in LoanCase.objects.all() if start <= c.pushed_on <= end]
    payments = [d for d in Disbursement.objects.all() if start <= d.on <= end]
    assert stats.zone.needs == len(needs)
    assert stats.zone.need_amount == sum(n.amount for n in needs)
    in_time = 0
    pushed = 0
    for case in cases:
        if case.route == "reported":
            continue
        pushed += 1
        accepted = [s.on for s in case.steps.all() if s.stage == "accepted"]
        if accepted and accepted[0] <= case.contact_due:
            in_time += 1
    assert (stats.zone.pushed, stats.zone.contacted_in_time) == (pushed, in_time)
    order = [
        "pushed",
        "accepted",
        "first_review",
        "site_visit",
        "materials",
        "submitted",
        "credited",
        "disbursed",
    ]
    past = [
        c for c in cases if order.index(c.refused_from if c.stage == "refused" else c.stage) >= 2
    ]
    won = [c for c in past if c.stage in ("credited", "disbursed")]
    assert stats.zone.success_rate == (Decimal(len(won)) * 100 / len(past)).quantize(Decimal("0.1"))
    assert stats.zone.disbursed == sum(d.amount for d in payments)
    assert stats.zone.new_money + stats.zone.rollover == stats.zone.disbursed
    assert stats.zone.new_money == sum(
        d.amount for d in payments if d.case.need is None or d.case.need.nature == "new"
    )
    assert stats.zone.first_loans == len({d.case.enterprise_id for d in payments if d.first_loan})
    by_bank = {t.label: t.disbursed for t in stats.banks}
    for name, amount in by_bank.items():
        assert amount == sum(d.amount for d in payments if d.case.bank.name == name)


def test_the_demo_runs_the_coordination_mechanism(demo: DemoContext) -> None:
    from zoneops.finance.models import Entry, Visit

    officer = User.objects.get(username="finance")
    assert Visit.objects.count() == demo.counts["coordination_visits"] > 10
    statuses = set(Entry.objects.values_list("status", flat=True))
    assert statuses == {"listed", "recommended", "rejected"}
    # Every recommended entry met all five criteria; every refused one names what failed.
    assert all(not e.unmet() for e in Entry.objects.filter(status="recommended"))
    assert all(e.unmet() for e in Entry.objects.filter(status="rejected"))
    pushed = LoanCase.objects.filter(need__coordination_entries__isnull=False)
    assert pushed.exists() and pushed.filter(stage__in=("credited", "disbursed")).exists()
    assert Visit.objects.filter(visited_on__gt=TODAY).count() == 0
    ranking = queries.coordination_ranking(user=officer, start=dt.date(TODAY.year, 1, 1), end=TODAY)
    assert ranking.total.listed == Entry.objects.count()
    assert ranking.total.recommended == Entry.objects.filter(status="recommended").count()
    assert ranking.total.disbursed == sum(
        (d.amount for d in Disbursement.objects.filter(case__in=pushed)), Decimal(0)
    )
