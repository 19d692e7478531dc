"""The 2024 coordination mechanism: visit → 申报清单 (five criteria) → review → 推荐清单 pushed
through the ordinary loan cases; the ranking agrees with a count made directly over the
records; scope (park, bank, outsider)."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone

from zoneops.core.models import ChangeRecord
from zoneops.core.tests.factories import BankFactory
from zoneops.enterprises.tests.factories import EnterpriseFactory
from zoneops.finance import queries, services
from zoneops.finance.models import Criterion, Disbursement, Entry, LoanCase, Visit
from zoneops.finance.tests.factories import WAN, bank_b_user, finance_officer

pytestmark = pytest.mark.django_db

ALL_MET = {c.value: (True, f"核实：{c.label}") for c in Criterion}


def _visit(enterprise, officer, *, amount_wan=300, consent=True, day=None, need_found=True):
    return services.visit_record(
        actor=officer,
        enterprise=enterprise,
        officer=officer,
        data={
            "visited_on": day or timezone.localdate() - dt.timedelta(days=10),
            "findings": "订单增长，流动资金紧张",
            "need_found": need_found,
            "amount": Decimal(amount_wan) * WAN if need_found else None,
            "term_months": 12 if need_found else None,
            "purpose": "working_capital" if need_found else "",
            "consent": consent,
        },
    )


def _recommended(enterprise, officer, reviewer, **kwargs):
    entry = _visit(enterprise, officer, **kwargs).entry
    services.entry_check(actor=officer, entry=entry, checks=ALL_MET)
    return services.entry_review(actor=reviewer, entry=entry, approve=True, opinion="同意推荐")


def _credit(case, amount_wan, day):
    for stage in ("accepted", "first_review", "site_visit", "materials", "submitted"):
        services.case_advance(actor=None, case=case, stage=stage, on=day, check=False)
    return services.case_advance(
        actor=None,
        case=case,
        stage="credited",
        on=day,
        credit_amount=Decimal(amount_wan) * WAN,
        credit_rate=Decimal("3.6"),
        credit_term=12,
        check=False,
    )


def test_a_visit_with_a_need_goes_on_the_list_and_one_without_does_not(world):
    officer = world.park_a_officer
    with_need = _visit(world.enterprise_x, officer)
    assert with_need.entry.status == Entry.Status.LISTED
    assert with_need.entry.unmet() == list(Criterion)
    without = _visit(world.enterprise_x, officer, need_found=False)
    assert not Entry.objects.filter(visit=without).exists()
    with pytest.raises(ValidationError) as refused:
        services.visit_record(
            actor=officer,
            enterprise=world.enterprise_x,
            officer=officer,
            data={"visited_on": timezone.localdate(), "findings": "x", "need_found": True},
        )
    assert "amount" in refused.value.message_dict
    assert Visit.objects.count() == 2


def test_an_entry_failing_a_criterion_cannot_be_recommended(world, login):
    officer, reviewer = world.park_a_officer, finance_officer()
    entry = _visit(world.enterprise_x, officer).entry
    checks = dict(ALL_MET)
    checks["credit"] = (False, "征信有逾期记录")
    services.entry_check(actor=officer, entry=entry, checks=checks)
    with pytest.raises(ValidationError) as refused:
        services.entry_review(actor=reviewer, entry=entry, approve=True, opinion="同意")
    assert "信用记录良好" in refused.value.messages[0]
    entry.refresh_from_db()
    assert entry.status == Entry.Status.LISTED
    with pytest.raises(ValidationError):
        services.entry_push(actor=reviewer, entry=entry, banks=[world.bank_user.bank])
    assert not LoanCase.objects.exists()
    # A tick needs its evidence.
    with pytest.raises(ValidationError):
        services.entry_check(actor=officer, entry=entry, checks={"credit": (True, " ")})
    # The page says the same and writes nothing.
    response = login(reviewer).post(
        reverse("finance:coord_entry_decide", args=[entry.pk]),
        {"approve": "1", "opinion": "同意"},
        follow=True,
    )
    assert "信用记录良好" in response.content.decode()
    entry.refresh_from_db()
    assert entry.status == Entry.Status.LISTED


def test_a_recommended_entry_is_pushed_through_the_needs_cases(world):
    officer, reviewer = world.park_a_officer, finance_officer()
    bank = world.bank_user.bank
    entry = _recommended(world.enterprise_x, officer, reviewer)
    changes = ChangeRecord.objects.count()
    cases = services.entry_push(actor=reviewer, entry=entry, banks=[bank])
    entry.refresh_from_db()
    need = entry.need
    assert need is not None and need.source == "visit" and need.amount == 300 * WAN
    assert [c.need_id for c in cases] == [need.pk]
    assert cases[0].route == LoanCase.Route.PUSHED and cases[0].contact_due is not None
    assert ChangeRecord.objects.count() > changes
    # Without the enterprise's consent, only banks it authorised itself.
    other = _recommended(world.enterprise_x, officer, reviewer, consent=False)
    with pytest.raises(ValidationError):
        services.entry_push(actor=reviewer, entry=other, banks=[bank])
    assert not LoanCase.objects.filter(need__coordination_entries=other).exists()


def test_scope_park_bank_and_outsiders(world, login):
    reviewer = finance_officer()
    bank_b = bank_b_user()
    entry_x = _recommended(world.enterprise_x, world.park_a_officer, reviewer)
    services.entry_push(actor=reviewer, entry=entry_x, banks=[world.bank_user.bank])
    entry_y = _recommended(world.enterprise_y, world.park_b_officer, reviewer)
    services.entry_push(actor=reviewer, entry=entry_y, banks=[bank_b.bank])
    url_x = reverse("finance:coord_entry", args=[entry_x.pk])
    api_x = f"/api/finance/coordination/entries/{entry_x.pk}"
    assert login(world.park_a_officer).get(url_x).status_code == 200
    assert login(world.park_b_officer).get(url_x).status_code == 404
    assert login(world.bank_user).get(url_x).status_code == 200
    assert login(world.bank_user).get(api_x).status_code == 200
    assert login(bank_b).get(url_x).status_code == 404
    assert login(bank_b).get(api_x).status_code == 404
    assert login(world.ent_x_user).get(url_x).status_code == 404
    listed = login(world.bank_user).get(reverse("finance:coordination")).context["entries"]
    assert [e.pk for e in listed] == [entry_x.pk]
    # The park officer's ranking counts their park only.
    ranking = queries.coordination_ranking(
        user=world.park_a_officer, start=dt.date(2000, 1, 1), end=timezone.localdate()
    )
    assert [r.label for r in ranking.parks] == [world.park_a.name]
    # A bank may not write the checklist of an entry pushed to it.
    assert (
        login(world.bank_user)
        .post(reverse("finance:coord_entry_check", args=[entry_x.pk]), {})
        .status_code
        == 403
    )


def test_the_ranking_agrees_with_an_independent_count(world, login):
    reviewer = finance_officer()
    bank_a, bank_b = world.bank_user.bank, BankFactory(name="测试建设银行")
    day = timezone.localdate() - dt.timedelta(days=30)
    third = EnterpriseFactory(name="青海丙材料有限公司", park=world.park_a)
    # Park A: three firms visited, two listed, one recommended to both banks, credited by A
    # and disbursed twice; one entry refused on review. Park B: one recommended, pushed to B.
    rec_x = _recommended(world.enterprise_x, world.park_a_officer, reviewer, day=day)
    cases_x = services.entry_push(actor=reviewer, entry=rec_x, banks=[bank_a, bank_b], on=day)
    _credit(cases_x[0], 250, day + dt.timedelta(days=3))
    for amount in (100, 80):
        services.disbursement_add(
            actor=None,
            case=cases_x[0],
            amount=Decimal(amount) * WAN,
            on=day + dt.timedelta(days=5),
            check=False,
        )
    services.case_advance(
        actor=None, case=cases_x[1], stage="accepted", on=day + dt.timedelta(days=1), check=False
    )
    refused = _visit(third, world.econ, day=day).entry
    services.entry_review(actor=reviewer, entry=refused, approve=False, opinion="经营不持续")
    _visit(third, world.park_a_officer, day=day, need_found=False)
    rec_y = _recommended(world.enterprise_y, world.park_b_officer, reviewer, day=day)
    services.entry_push(actor=reviewer, entry=rec_y, banks=[bank_b], on=day)

    start, end = day - dt.timedelta(days=1), timezone.localdate()
    ranking = queries.coordination_ranking(user=reviewer, start=start, end=end)

    visits = Visit.objects.filter(visited_on__range=(start, end))
    entries = Entry.objects.filter(visit__in=visits)
    cases = LoanCase.objects.filter(need__coordination_entries__in=entries)
    paid = Disbursement.objects.filter(case__in=cases).aggregate(s=Sum("amount"))["s"]
    t = ranking.total
    assert t.visited == visits.values("enterprise").distinct().count() == 3
    assert t.listed == entries.count() == 3
    assert t.recommended == entries.filter(status="recommended").count() == 2
    assert t.contacted == entries.filter(need__cases__steps__stage="accepted").distinct().count()
    assert t.contacted == 1
    assert t.credited == cases.aggregate(s=Sum("credit_amount"))["s"] == 250 * WAN
    assert t.disbursed == paid == 180 * WAN
    by_park = {r.label: r for r in ranking.parks}
    park_a = by_park[world.park_a.name]
    assert (park_a.visited, park_a.listed, park_a.recommended, park_a.disbursed) == (
        visits.filter(enterprise__park=world.park_a).values("enterprise").distinct().count(),
        entries.filter(enterprise__park=world.park_a).count(),
        1,
        180 * WAN,
    )
    assert ranking.parks[0].label == world.park_a.name and ranking.parks[0].rank == 1
    by_bank = {r.label: r for r in ranking.banks}
    for bank in (bank_a, bank_b):
        row = by_bank[bank.name]
        assert row.recommended == cases.filter(bank=bank).count()
        assert row.contacted == cases.filter(bank=bank).exclude(stage="pushed").count()
        assert row.visited is None
    assert by_bank[bank_a.name].disbursed == 180 * WAN
    by_officer = {r.label: r for r in ranking.officers}
    assert by_officer[world.econ.full_name].listed == 1
    assert by_officer[world.econ.full_name].recommended == 0

    # The export (the daily 通报) carries the same figures.
    response = login(reviewer).get(
        reverse("finance:coord_ranking_export"),
        {"from": start.isoformat(), "to": end.isoformat()},
    )
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    lines = [[c.value for c in row] for row in sheet.iter_rows()]
    park_line = next(row for row in lines if str(row[1]).endswith(world.park_a.name))
    assert park_line[0] == 1 and park_line[2] == 2 and Decimal(str(park_line[7])) == 180
    page = login(reviewer).get(
        reverse("finance:coord_ranking"), {"from": start.isoformat(), "to": end.isoformat()}
    )
    assert page.status_code == 200 and page.context["ranking"].total.disbursed == 180 * WAN
