"""A session's 落地率 and the dashboard follow the disbursements at once; the statistics count
what docs/domain.md#finance-measures defines."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from zoneops.core.tests.factories import BankFactory
from zoneops.finance import queries, services
from zoneops.finance.models import Session
from zoneops.finance.tests.factories import WAN, bank_b_user, credited_case, finance_officer, need

pytestmark = pytest.mark.django_db


def _session(world, officer, day: dt.date):
    bank = world.bank_user.bank
    session = services.session_create(
        actor=officer,
        data={"name": "专精特新企业银企对接会", "theme": "specialised", "held_on": day},
        banks=[bank],
    )
    need_x = need(world.enterprise_x, banks=(bank,), published_on=day, amount_wan=800)
    case_x = credited_case(need_x, bank, amount_wan=600, on=day)
    signing_x = services.signing_add(
        actor=officer,
        session=session,
        enterprise=world.enterprise_x,
        bank=bank,
        kind="pre_credit",
        amount=600 * WAN,
        case=case_x,
    )
    services.signing_add(
        actor=officer,
        session=session,
        enterprise=world.enterprise_y,
        bank=bank,
        kind="intent",
        amount=400 * WAN,
    )
    return session, case_x, signing_x


def test_a_disbursement_raises_the_sessions_landing_rate_and_the_dashboard_at_once(world, login):
    officer = finance_officer()
    day = timezone.localdate() - dt.timedelta(days=20)
    session, case_x, _signing = _session(world, officer, day)
    client = login(officer)
    landing = queries.session_landing(session, user=officer, today=timezone.localdate())
    assert (landing.signed, landing.credited, landing.disbursed) == (1000 * WAN, 600 * WAN, 0)
    assert landing.rate == Decimal("0.0")
    before = client.get(reverse("finance:dashboard"), {"from": day.isoformat()})
    assert before.context["stats"].zone.disbursed == 0

    services.disbursement_add(
        actor=world.bank_user, case=case_x, amount=250 * WAN, on=timezone.localdate()
    )
    landing = queries.session_landing(session, user=officer, today=timezone.localdate())
    assert landing.disbursed == 250 * WAN
    assert landing.rate == Decimal("25.0")  # 250 of 1000 signed
    assert (landing.landed, landing.count, landing.count_rate) == (1, 2, Decimal("50.0"))
    page = client.get(reverse("finance:session", args=[session.pk]))
    assert page.status_code == 200 and "25%" in page.content.decode()
    after = client.get(reverse("finance:dashboard"), {"from": day.isoformat()})
    assert after.context["stats"].zone.disbursed == 250 * WAN
    api = client.get(f"/api/finance/sessions/{session.pk}").json()
    assert Decimal(api["landing_rate"]) == Decimal("25.0")


def test_a_bank_sees_only_its_own_signings_of_a_session(world, login):
    officer = finance_officer()
    session, _case, _signing = _session(world, officer, timezone.localdate())
    other = bank_b_user()
    assert login(other).get(reverse("finance:session", args=[session.pk])).status_code == 404
    page = login(world.bank_user).get(reverse("finance:session", args=[session.pk]))
    assert len(page.context["landing"].rows) == 2  # both signings are with this bank


def test_statistics_count_response_success_first_loans_and_new_money(world):
    officer = finance_officer()
    bank = world.bank_user.bank
    start = timezone.localdate() - dt.timedelta(days=40)
    # X: new money, contacted the day it was pushed, credited and disbursed as a first loan.
    need_x = need(world.enterprise_x, banks=(bank,), published_on=start, amount_wan=500)
    case_x = credited_case(need_x, bank, on=start)
    services.disbursement_add(
        actor=None, case=case_x, amount=300 * WAN, on=start, first_loan=True, check=False
    )
    # Y: a rollover (借新还旧), never contacted, then refused after 初审.
    need_y = need(
        world.enterprise_y,
        banks=(bank,),
        published_on=start,
        amount_wan=200,
        nature="borrow_to_repay",
    )
    case_y = services.case_push(actor=None, need=need_y, bank=bank, on=start, check=False)
    late = start + dt.timedelta(days=20)
    services.case_advance(actor=None, case=case_y, stage="accepted", on=late, check=False)
    services.case_advance(actor=None, case=case_y, stage="first_review", on=late, check=False)
    services.case_refuse(actor=None, case=case_y, reason="抵押物不足", on=late, check=False)
    stats = queries.statistics(user=officer, start=start, end=timezone.localdate())
    zone = stats.zone
    assert (zone.needs, zone.need_amount) == (2, 700 * WAN)
    assert (zone.pushed, zone.contacted_in_time, zone.response_rate) == (2, 1, Decimal("50.0"))
    assert (zone.past_first_review, zone.credited_cases, zone.success_rate) == (
        2,
        1,
        Decimal("50.0"),
    )
    assert (zone.disbursed, zone.new_money, zone.rollover) == (300 * WAN, 300 * WAN, 0)
    assert (zone.first_loans, zone.first_loan_amount) == (1, 300 * WAN)
    assert zone.average_days == Decimal("0.0")
    assert [(key, n) for key, n, _a in stats.funnel] == [
        ("needs", 2),
        ("contacted", 2),
        ("credited", 1),
        ("disbursed", 1),
    ]
    overview = queries.finance_overview(user=officer, start=start, end=timezone.localdate())
    assert (overview.disbursed, overview.first_loans) == (300 * WAN, 1)


def test_the_statistics_export_has_the_zone_banks_and_parks(world, login):
    officer = finance_officer()
    need(world.enterprise_x, banks=(world.bank_user.bank,))
    response = login(officer).get(reverse("finance:stats_export"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_pages_answer_every_role(world, login):
    officer = finance_officer()
    day = timezone.localdate()
    _session_made, case_x, _signing = _session(world, officer, day)
    for user, urls in (
        (officer, ["finance:dashboard", "finance:needs", "finance:sessions", "finance:products"]),
        (world.bank_user, ["finance:worklist", "finance:needs", "finance:sessions"]),
        (world.ent_x_user, ["finance:needs", "finance:need_create", "finance:products"]),
        (world.leader, ["finance:dashboard", "finance:needs"]),
    ):
        client = login(user)
        assert client.get(reverse("finance:home")).status_code == 302
        for name in urls:
            assert client.get(reverse(name)).status_code == 200, (user, name)
        assert client.get(reverse("finance:case", args=[case_x.pk])).status_code == 200, user
    assert login(world.task_force).get(reverse("finance:home")).status_code == 404
    assert login(world.bank_user).get(reverse("finance:dashboard")).status_code == 404


def test_the_home_page_shows_the_banks_open_cases(world, login):
    made = need(world.enterprise_x, banks=(world.bank_user.bank,))
    services.case_push(actor=None, need=made, bank=world.bank_user.bank, check=False)
    page = login(world.bank_user).get(reverse("home"))
    assert page.status_code == 200
    panel = page.content.decode()
    assert 'id="home-finance"' in panel and "<strong>1</strong>" in panel


def test_a_session_and_its_signing_are_entered_on_the_pages(world):
    officer = finance_officer()
    bank = world.bank_user.bank
    made = need(world.enterprise_x, banks=(bank,))
    case = services.case_push(actor=None, need=made, bank=bank, check=False)
    client = Client()
    client.force_login(officer)
    response = client.post(
        reverse("finance:session_create"),
        {
            "name": "专精特新专场",
            "theme": "specialised",
            "held_on": "2026-03-18",
            "banks": [bank.pk],
        },
    )
    session = Session.objects.get(name="专精特新专场")
    assert response.status_code == 302 and list(session.banks.all()) == [bank]
    signing = reverse("finance:signing_add", args=[session.pk])
    # An unknown code is named and changes nothing; a bank not at the session is refused.
    bad = {"credit_code": "91630100000000000X", "bank": bank.pk, "kind": "intent", "amount": "300"}
    client.post(signing, bad)
    assert not session.signings.exists()
    good = {**bad, "credit_code": world.enterprise_x.credit_code}
    client.post(signing, {**good, "bank": BankFactory(name="未参会银行").pk})
    assert not session.signings.exists()
    client.post(signing, good)
    made_signing = session.signings.get()
    assert made_signing.amount == 300 * WAN and made_signing.case == case
    # The leader reads the session and may not sign anything on it.
    leader = Client()
    leader.force_login(world.leader)
    assert leader.post(signing, good).status_code == 403
