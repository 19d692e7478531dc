"""Who sees a need and its cases (a bank only while the enterprise's grant to it is in force),
the order of a case's steps, bounds at the edge, and the banks' time limits."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from zoneops.core.models import ChangeRecord
from zoneops.finance import services
from zoneops.finance.models import BankView, Breach, Disbursement, LoanCase, Need, Stage
from zoneops.finance.tests.factories import WAN, bank_b_user, credited_case, finance_officer, need

pytestmark = pytest.mark.django_db


def _api(client, method: str, url: str, body: object | None = None):
    call = getattr(client, method)
    if body is None:
        return call(url)
    return call(url, data=json.dumps(body), content_type="application/json")


def test_bank_b_gets_404_for_a_need_shared_only_with_bank_a_and_a_gets_404_after_revocation(
    world, login
):
    bank_a = world.bank_user.bank
    bank_b = bank_b_user()
    made = need(world.enterprise_x, banks=(bank_a,), open_to_all=True)
    case = services.case_claim(actor=world.bank_user, need=made, bank=bank_a)
    a, b = login(world.bank_user), login(bank_b)
    need_page = reverse("finance:need", args=[made.pk])
    case_page = reverse("finance:case", args=[case.pk])
    assert a.get(need_page).status_code == 200
    assert a.get(case_page).status_code == 200
    assert a.get(f"/api/finance/needs/{made.pk}").status_code == 200
    assert BankView.objects.filter(need=made, bank=bank_a).exists()  # the enterprise sees it
    for url in (
        need_page,
        case_page,
        f"/api/finance/needs/{made.pk}",
        f"/api/finance/cases/{case.pk}",
    ):
        assert b.get(url).status_code == 404, url
    assert b.post(reverse("finance:claim", args=[made.pk])).status_code == 404
    assert (
        _api(b, "post", f"/api/finance/cases/{case.pk}/steps", {"stage": "accepted"}).status_code
        == 404
    )
    assert b.get("/api/finance/needs").json()["count"] == 0

    grant = made.grants.get()
    owner = login(world.ent_x_user)
    assert owner.post(reverse("finance:grant_revoke", args=[grant.pk])).status_code == 302
    for url in (
        need_page,
        case_page,
        f"/api/finance/needs/{made.pk}",
        f"/api/finance/cases/{case.pk}",
    ):
        assert a.get(url).status_code == 404, url
    assert a.get("/api/finance/cases").json()["count"] == 0
    # The revocation is in the history, with who did it.
    assert ChangeRecord.objects.filter(
        model="finance.grant", object_id=str(grant.pk), actor=world.ent_x_user
    ).exists()


def test_an_expired_grant_hides_the_need_from_the_bank(world, login):
    made = need(world.enterprise_x, banks=(world.bank_user.bank,))
    grant = made.grants.get()
    grant.valid_until = timezone.localdate() - dt.timedelta(days=1)
    grant.valid_from = grant.valid_until - dt.timedelta(days=30)
    grant.save()
    assert login(world.bank_user).get(reverse("finance:need", args=[made.pk])).status_code == 404


def test_other_enterprises_and_other_parks_get_404(world, login):
    made = need(world.enterprise_x, banks=(world.bank_user.bank,))
    url = reverse("finance:need", args=[made.pk])
    assert login(world.ent_x_user).get(url).status_code == 200
    assert login(world.park_a_officer).get(url).status_code == 200
    for outsider in (world.ent_y_user, world.park_b_officer):
        client = login(outsider)
        assert client.get(url).status_code == 404
        assert client.get(f"/api/finance/needs/{made.pk}").status_code == 404
        grant = made.grants.get()
        assert client.post(reverse("finance:grant_revoke", args=[grant.pk])).status_code == 404
    assert made.grants.get().revoked_at is None


def test_a_push_needs_the_enterprises_grant_to_that_bank(world):
    officer = finance_officer()
    made = need(world.enterprise_x)
    with pytest.raises(ValidationError, match="尚未授权"):
        services.case_push(actor=officer, need=made, bank=world.bank_user.bank)
    services.grant_add(
        actor=world.ent_x_user,
        need=made,
        bank=world.bank_user.bank,
        valid_until=timezone.localdate() + dt.timedelta(days=30),
    )
    case = services.case_push(actor=officer, need=made, bank=world.bank_user.bank)
    assert case.contact_due is not None and case.contact_due > case.pushed_on


def test_a_step_out_of_order_is_refused_and_changes_nothing(world, login):
    bank = world.bank_user.bank
    made = need(world.enterprise_x, banks=(bank,))
    case = services.case_push(actor=None, need=made, bank=bank, check=False)
    with pytest.raises(ValidationError, match="环节顺序"):
        services.case_advance(actor=world.bank_user, case=case, stage="first_review")
    services.case_advance(actor=world.bank_user, case=case, stage="accepted")
    services.case_advance(actor=world.bank_user, case=case, stage="first_review")
    # 授信 before 上报: refused; skipping 现场调查 and 资料收集 but not 上报 is still out of order.
    with pytest.raises(ValidationError, match="环节顺序"):
        services.case_advance(
            actor=world.bank_user,
            case=case,
            stage="credited",
            skip=("site_visit", "materials"),
            credit_amount=100 * WAN,
            credit_rate=Decimal("3.5"),
            credit_term=12,
        )
    # 放款 before 授信: refused.
    with pytest.raises(ValidationError, match="授信之后"):
        services.disbursement_add(
            actor=world.bank_user, case=case, amount=100 * WAN, on=timezone.localdate()
        )
    # The API answers 422 for the same, and the case stays where it was.
    response = _api(
        login(world.bank_user), "post", f"/api/finance/cases/{case.pk}/steps", {"stage": "credited"}
    )
    assert response.status_code == 422
    case.refresh_from_db()
    assert case.stage == Stage.FIRST_REVIEW
    # An online loan skips the site visit and the materials, recorded as skips.
    services.case_advance(
        actor=world.bank_user, case=case, stage="submitted", skip=("site_visit", "materials")
    )
    assert list(case.steps.values_list("stage", "skipped")) == [
        ("accepted", False),
        ("first_review", False),
        ("site_visit", True),
        ("materials", True),
        ("submitted", False),
    ]


def test_only_the_cases_bank_works_it(world, login):
    bank = world.bank_user.bank
    made = need(world.enterprise_x, banks=(bank,))
    case = services.case_push(actor=None, need=made, bank=bank, check=False)
    # The enterprise sees its case, but a step is the bank's: 403.
    owner = login(world.ent_x_user)
    assert owner.get(reverse("finance:case", args=[case.pk])).status_code == 200
    assert (
        owner.post(reverse("finance:case_step", args=[case.pk]), {"stage": "accepted"}).status_code
        == 403
    )
    assert LoanCase.objects.get(pk=case.pk).stage == Stage.PUSHED


def test_refusal_needs_a_reason_and_keeps_the_step_it_stopped_at(world):
    bank = world.bank_user.bank
    made = need(world.enterprise_x, banks=(bank,))
    case = services.case_push(actor=None, need=made, bank=bank, check=False)
    services.case_advance(actor=world.bank_user, case=case, stage="accepted")
    with pytest.raises(ValidationError):
        services.case_refuse(actor=world.bank_user, case=case, reason=" ")
    services.case_refuse(actor=world.bank_user, case=case, reason="近两年连续亏损，不符合准入")
    case.refresh_from_db()
    assert (case.stage, case.refused_from) == (Stage.REFUSED, Stage.ACCEPTED)
    assert not case.passed_first_review()


@pytest.mark.parametrize("amount", ["1e300", "-5", "12345678901234567890"])
def test_an_unbounded_amount_is_422_and_nothing_is_stored(world, login, amount):
    client = login(world.ent_x_user)
    body = {"amount": amount, "term_months": 12, "purpose": "working_capital"}
    assert _api(client, "post", "/api/finance/needs", body).status_code == 422
    assert not Need.objects.exists()


def test_an_unbounded_disbursement_is_422_and_nothing_is_stored(world, login):
    made = need(world.enterprise_x, banks=(world.bank_user.bank,))
    case = credited_case(made, world.bank_user.bank)
    client = login(world.bank_user)
    url = f"/api/finance/cases/{case.pk}/disbursements"
    body = {"amount": 1e300, "on": timezone.localdate().isoformat()}
    assert _api(client, "post", url, body).status_code == 422
    assert _api(client, "post", url, {**body, "amount": 100, "rate": 1e300}).status_code == 422
    assert not Disbursement.objects.exists()
    assert _api(client, "post", url, {**body, "amount": "2000000"}).status_code == 201
    assert Disbursement.objects.get().amount == Decimal("2000000")


def test_the_need_form_refuses_1e300_and_stores_nothing(world, login):
    client = login(world.ent_x_user)
    response = client.post(
        reverse("finance:need_create"),
        {
            "amount": "1e300",
            "term_months": "12",
            "purpose": "working_capital",
            "nature": "new",
            "grant_days": "90",
            "figures_confirmed": "on",
        },
    )
    assert response.status_code == 200
    assert not Need.objects.exists()
    response = client.post(
        reverse("finance:need_create"),
        {
            "amount": "300",
            "term_months": "12",
            "purpose": "working_capital",
            "nature": "new",
            "grant_days": "90",
            "figures_confirmed": "on",
            "banks": [world.bank_user.bank.pk],
        },
    )
    assert response.status_code == 302
    stored = Need.objects.get()
    assert stored.amount == 300 * WAN
    assert stored.grants.get().bank == world.bank_user.bank


def test_breaches_are_raised_once_when_a_bank_misses_its_limits(world):
    bank = world.bank_user.bank
    pushed_on = timezone.localdate() - dt.timedelta(days=60)
    made = need(world.enterprise_x, banks=(bank,), published_on=pushed_on)
    case = services.case_push(actor=None, need=made, bank=bank, on=pushed_on, check=False)
    counts = services.deadlines_run()
    assert counts == {"contact": 1, "decision": 1}
    assert services.deadlines_run() == {"contact": 0, "decision": 0}
    assert set(Breach.objects.filter(case=case).values_list("kind", flat=True)) == {
        "contact",
        "decision",
    }
