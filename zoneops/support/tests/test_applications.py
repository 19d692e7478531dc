"""Applications from preparing to approved, the amounts, the totals; difficulties; pools."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from zoneops.core.models import ChangeRecord
from zoneops.enterprises.services import chain_membership_set
from zoneops.enterprises.tests.factories import ChainFactory
from zoneops.support import queries, services
from zoneops.support.models import ApplicationStatus, MembershipStatus
from zoneops.support.tests.factories import application, difficulty, membership, program

pytestmark = pytest.mark.django_db


def test_application_flow_with_amounts_and_history(world, login):
    prog = program()
    ent = login(world.ent_x_user)
    response = ent.post(
        reverse("support:application_create", args=[prog.pk, world.enterprise_x.pk]),
        {"amount_requested": "80", "note": "新建产线"},
    )
    assert response.status_code == 302
    app = queries.application_list(user=world.ent_x_user).get()
    assert app.amount_requested == Decimal("800000")
    ent.post(reverse("support:application_action", args=[app.pk]), {"status": "submitted"})
    app.refresh_from_db()
    assert app.status == ApplicationStatus.SUBMITTED and app.submitted_on is not None
    # The enterprise may not approve itself.
    with pytest.raises(PermissionDenied):
        services.application_transition(
            actor=world.ent_x_user, application=app, status="approved", amount_approved=Decimal(1)
        )
    officer = login(world.econ)
    officer.post(
        reverse("support:application_action", args=[app.pk]),
        {"status": "approved", "amount_approved": "60"},
    )
    officer.post(reverse("support:application_action", args=[app.pk]), {"amount_disbursed": "30"})
    app.refresh_from_db()
    assert app.status == ApplicationStatus.APPROVED
    assert (app.amount_approved, app.amount_disbursed) == (Decimal("600000"), Decimal("300000"))
    assert ChangeRecord.objects.filter(model="support.application").count() == 4
    # Paying out more than approved is refused.
    with pytest.raises(ValidationError):
        services.application_disburse(
            actor=world.econ, application=app, amount_disbursed=Decimal("700000")
        )


def test_an_approved_application_cannot_go_back(world):
    app = application(world.enterprise_x, program())
    services.application_transition(actor=None, application=app, status="submitted", check=False)
    services.application_transition(actor=None, application=app, status="rejected", check=False)
    with pytest.raises(ValidationError):
        services.application_transition(
            actor=None, application=app, status="submitted", check=False
        )


def test_totals_by_program_park_and_chain(world):
    chain = ChainFactory(name="锂电产业链")
    chain_membership_set(
        actor=None, enterprise=world.enterprise_x, chain=chain, node=None, check=False
    )
    prog = program()
    for enterprise, amount in ((world.enterprise_x, "500000"), (world.enterprise_y, "200000")):
        app = application(enterprise, prog)
        services.application_transition(
            actor=None, application=app, status="submitted", check=False
        )
        services.application_transition(
            actor=None,
            application=app,
            status="approved",
            amount_approved=Decimal(amount),
            check=False,
        )
    by_program = queries.application_totals(user=world.leader, by="program")
    assert [(r["label"], r["approved"]) for r in by_program] == [(prog.name, Decimal("700000"))]
    by_park = {
        r["label"]: r["approved"] for r in queries.application_totals(user=world.leader, by="park")
    }
    assert by_park == {"东川工业园": Decimal("500000"), "南川工业园": Decimal("200000")}
    by_chain = {
        r["label"]: r["approved"] for r in queries.application_totals(user=world.leader, by="chain")
    }
    assert by_chain == {"锂电产业链": Decimal("500000"), "—": Decimal("200000")}
    assert [r["approved"] for r in queries.application_totals(user=world.park_b_officer)] == [
        Decimal("200000")
    ]


def test_difficulty_resolution_is_recorded_by_the_serving_officer(world, login):
    item = difficulty(world.enterprise_x)
    with pytest.raises(ValidationError):
        services.difficulty_save(
            actor=world.park_a_officer,
            enterprise=world.enterprise_x,
            data={"status": "resolved", "resolution": ""},
            difficulty=item,
        )
    item.refresh_from_db()
    services.difficulty_save(
        actor=world.park_a_officer,
        enterprise=world.enterprise_x,
        data={"status": "resolved", "resolution": "协调自然资源局调整用地指标"},
        difficulty=item,
    )
    item.refresh_from_db()
    assert item.status == "resolved" and item.resolved_on is not None
    with pytest.raises(PermissionDenied):
        services.difficulty_save(
            actor=world.park_b_officer, enterprise=world.enterprise_x, data={}, difficulty=item
        )
    # An enterprise reports its own difficulty from the page.
    response = login(world.ent_x_user).post(
        reverse("support:difficulty_create"),
        {"title": "电力增容审批慢", "stage": "production", "description": "需增容2000千伏安"},
    )
    assert response.status_code == 302
    assert queries.difficulty_list(user=world.ent_x_user, q="电力增容").get().status == "open"


def test_pool_membership_achieved_with_reward(world, login):
    member = membership(world.enterprise_x, officer=world.park_a_officer)
    with pytest.raises(ValidationError):
        membership(world.enterprise_x)  # already cultivating in this pool
    with pytest.raises(ValidationError):
        services.membership_save(
            actor=world.park_a_officer,
            pool=member.pool,
            enterprise=world.enterprise_x,
            data={"status": "achieved"},
            membership=member,
        )
    member.refresh_from_db()
    services.membership_save(
        actor=world.park_a_officer,
        pool=member.pool,
        enterprise=world.enterprise_x,
        data={
            "status": "achieved",
            "ended_on": member.joined_on,
            "reward": "升规奖励",
            "reward_amount": Decimal("100000"),
        },
        membership=member,
    )
    member.refresh_from_db()
    assert member.status == MembershipStatus.ACHIEVED
    page = login(world.leader).get(reverse("support:enterprise", args=[world.enterprise_x.pk]))
    assert "升规奖励" in page.content.decode()
    pool_page = login(world.park_a_officer).get(
        reverse("support:pool", args=[member.pool_id]) + "?status="
    )
    assert world.enterprise_x.name in pool_page.content.decode()
